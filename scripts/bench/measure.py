"""One timed job of `make bench`, in its own process so its peak RSS is its own.

    measure.py xlsx|pdf --user PK --programme PK [--worker PK]
    measure.py digest [--municipality PK]

Prints one JSON line: seconds, peak RSS and the RSS before the work (after Django, the export
libraries and the database connection are loaded), the size, the output. Run by scripts/bench/run.py,
which sets the environment (DATABASE_URL, DJANGO_SETTINGS_MODULE=bench_settings, ...).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import resource
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]


def _status_mb(field: str) -> float | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    return None


def start_peak() -> float:
    """The RSS now, with the kernel's high-water mark reset to it: the job's peak is its own,
    not that of loading Django and the export libraries."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


class _RollBack(Exception):
    pass


def phase_plan_export(kind: str, *, user_pk: int, programme_pk: int, worker_pk: int | None) -> dict[str, Any]:
    from django.utils import timezone

    from overgang import tenancy
    from overgang.accounts.models import User
    from overgang.desk.exports import phase_plan_pdf, phase_plan_xlsx
    from overgang.desk.selectors import phase_plan_sections_for
    from overgang.programmes.models import Programme

    user = User.objects.get(pk=user_pk)
    worker = User.objects.get(pk=worker_pk) if worker_pk else None
    baseline = start_peak()
    started = time.perf_counter()
    # As the export view does it: the user's scope, their sections, then the file.
    with tenancy.scope(user.municipality_id):
        today = timezone.localdate()
        programme = Programme.objects.get(pk=programme_pk)
        sections = phase_plan_sections_for(user, programmes=[programme], worker=worker, today=today)
        content = (phase_plan_xlsx if kind == "xlsx" else phase_plan_pdf)(sections, today=today)
    seconds = time.perf_counter() - started
    rows = sum(len(r) for _p, r in sections)
    return {
        "seconds": seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
        "rows": rows,
        "output": f"{len(content) / 1024:,.0f} KB",
    }


def weekly_digest(*, municipality_pk: int | None) -> dict[str, Any]:
    from unittest import mock

    from django.db import transaction
    from django.utils import timezone

    from overgang.bench.mail import SerialiseAndDiscardBackend
    from overgang.desk import digest

    recipients = digest.digest_recipients
    if municipality_pk is not None:

        def recipients_of_one_municipality() -> list[Any]:
            return [u for u in recipients() if u.municipality_id == municipality_pk]

        patch: Any = mock.patch.object(digest, "digest_recipients", recipients_of_one_municipality)
    else:
        patch = mock.patch.object(digest, "digest_recipients", recipients)
    baseline = start_peak()
    started = time.perf_counter()
    run = None
    # The deliveries and audit rows it writes are rolled back, so the next run sends again.
    try:
        with patch, transaction.atomic():
            run = digest.digest_send_week(today=timezone.localdate())
            raise _RollBack
    except _RollBack:
        pass
    seconds = time.perf_counter() - started
    assert run is not None
    mail_mb = SerialiseAndDiscardBackend.bytes / 2**20
    return {
        "seconds": seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
        "rows": run.sent,
        "failed": run.failed,
        "output": f"{run.sent} mails, {mail_mb:,.1f} MB, {run.failed} failed",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("job", choices=["xlsx", "pdf", "digest"])
    parser.add_argument("--user", type=int)
    parser.add_argument("--programme", type=int)
    parser.add_argument("--worker", type=int)
    parser.add_argument("--municipality", type=int)
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("overgang").setLevel(logging.WARNING)
    from django.db import connection

    connection.ensure_connection()
    if args.job == "digest":
        result = weekly_digest(municipality_pk=args.municipality)
    else:
        # Loaded before the baseline: the view loads the same on first use.
        import overgang.desk.exports  # noqa: F401

        result = phase_plan_export(
            args.job, user_pk=args.user, programme_pk=args.programme, worker_pk=args.worker
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
