"""Time the phase plan exports (xlsx and PDF) for 2,000 synthetic courses.

Run from the project root: `.venv/bin/python scripts/bench_exports.py [--courses N] [--runs N]`.
Uses a throw-away SQLite file in /tmp, removed afterwards; the data is made up here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_NAMES = ["Anna", "Bo", "Camilla", "Dennis", "Emil", "Freja", "Gustav", "Helle", "Ida", "Jonas"]
LAST_NAMES = ["Andersen", "Bach", "Christensen", "Dahl", "Eriksen", "Frost", "Holm", "Juhl", "Krogh", "Lund"]


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "overgang.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    import django

    django.setup()
    # WeasyPrint logs every page it lays out at INFO, and the project's root logger shows INFO.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data(*, courses: int, today: dt.date, seed: int = 2026) -> Any:
    """One municipality, one programme, 12 workers and `courses` courses spread over every period."""
    from django.contrib.auth.hashers import make_password

    from overgang.accounts.models import Municipality, Role, User
    from overgang.courses.models import Citizen, Course, EndReason, Pause, PauseReason
    from overgang.method.dates import add_months
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    rng = random.Random(seed)
    municipality = Municipality.objects.create(name="Benchkommune", code="B01")
    programme = programme_create(
        municipality=municipality,
        template=ProgrammeTemplate.objects.get(code="homelessness"),
        name="Hjemløshed",
    )
    password = make_password(None)  # unusable: nobody logs in to benchmark data
    workers = User.objects.bulk_create(
        User(
            username=f"worker{n}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"Medarbejder{n}",
            municipality=municipality,
            role=Role.WORKER,
            password=password,
        )
        for n in range(12)
    )
    programme.workers.add(*workers)
    citizens = Citizen.objects.bulk_create(
        Citizen(
            municipality=municipality,
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)} {n:04d}",
            cpr=f"{1 + n % 28:02d}{1 + n % 12:02d}90{n:04d}",
        )
        for n in range(courses)
    )
    months = programme.duration_months
    phase = months // 3
    legal_basis = programme.legal_bases[0]["code"]
    reasons = [r for r in EndReason.values if r not in (EndReason.COMPLETED, EndReason.OTHER)]
    course_objects = []
    for n, citizen in enumerate(citizens):
        kind = n % 6  # referred, contact, phase 1, phase 2, phase 3, ended
        referral = today - dt.timedelta(days=rng.randint(5, 30) + kind * 30 * phase)
        contact = referral + dt.timedelta(days=rng.randint(1, 10)) if kind >= 1 else None
        phase_1 = contact + dt.timedelta(days=rng.randint(20, 100)) if contact and kind >= 2 else None
        # Some transitions come late, some never come (overdue).
        phase_2 = (
            add_months(phase_1, phase) + dt.timedelta(days=rng.randint(-10, 20))
            if phase_1 and kind >= 3
            else None
        )
        phase_3 = (
            add_months(phase_1, 2 * phase) + dt.timedelta(days=rng.randint(-10, 20))
            if phase_2 and kind >= 4
            else None
        )
        if phase_3 and phase_3 > today:
            phase_3 = None
        if phase_2 and phase_2 > today:
            phase_2, phase_3 = None, None
        end = reason = None
        if kind == 5:
            end = max(d for d in (referral, contact, phase_1, phase_2, phase_3) if d) + dt.timedelta(days=3)
            end = min(end, today)
            reason = EndReason.COMPLETED if phase_3 else rng.choice(reasons)
        course_objects.append(
            Course(
                municipality=municipality,
                citizen=citizen,
                programme=programme,
                legal_basis=legal_basis,
                duration_months=months,
                worker=workers[n % len(workers)],
                referral_date=referral,
                contact_start=contact,
                phase_1_start=phase_1,
                phase_2_start=phase_2,
                phase_3_start=phase_3,
                end_date=end,
                end_reason=reason or "",
            )
        )
    created = Course.objects.bulk_create(course_objects)
    pauses = []
    for n, course in enumerate(created):
        # A closed pause after the latest phase start in every ninth running course.
        latest = course.phase_2_start or course.phase_1_start
        if n % 9 or latest is None or course.end_date or course.phase_3_start:
            continue
        start = latest + dt.timedelta(days=5)
        if start < today - dt.timedelta(days=15):
            pauses.append(
                Pause(
                    course=course,
                    start=start,
                    resume=start + dt.timedelta(days=rng.randint(3, 10)),
                    reason=PauseReason.HOSPITAL,
                )
            )
    Pause.objects.bulk_create(pauses)
    return programme


def median_seconds(build: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds of `runs` builds, and the size of the last file."""
    wall, cpu, size = [], [], 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        content = build()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        size = len(content)
    return statistics.median(wall), statistics.median(cpu), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the last xlsx and PDF into this folder")
    args = parser.parse_args()

    handle, name = tempfile.mkstemp(prefix="overgang-bench-", suffix=".sqlite3", dir="/tmp")
    os.close(handle)
    database = Path(name)
    try:
        setup_django(database)
        from django.utils import timezone
        from django.utils.translation import override

        from overgang.courses.models import Course
        from overgang.desk.exports import phase_plan_pdf, phase_plan_xlsx
        from overgang.desk.selectors import phase_plan_rows

        today = timezone.localdate()
        start = time.perf_counter()
        programme = make_data(courses=args.courses, today=today)
        print(f"data: {args.courses} courses in {time.perf_counter() - start:.2f} s")

        with override("da"):
            start = time.perf_counter()
            rows = phase_plan_rows(Course.objects.filter(programme=programme), today=today)
            select_seconds = time.perf_counter() - start
            sections = [(programme, rows)]
            overdue = sum(row.overdue for row in rows)
            print(f"rows: {len(rows)} ({overdue} overdue); selecting them took {select_seconds:.2f} s")
            for label, build in (
                ("xlsx", lambda: phase_plan_xlsx(sections, today=today)),
                ("pdf", lambda: phase_plan_pdf(sections, today=today)),
            ):
                seconds, cpu_seconds, size = median_seconds(build, args.runs)
                print(
                    f"{label}: {len(rows)} rows, median {seconds:.2f} s of {args.runs} runs "
                    f"(CPU {cpu_seconds:.2f} s), {size / 1024:.0f} KiB"
                )
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"faseplan-bench.{label}").write_bytes(build())
    finally:
        database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
