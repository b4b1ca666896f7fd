"""Run a scheduled job once for its current period, however many app servers run it at once.

The systemd timers in deploy/systemd/ call this (`manage.py run_job digest`); a second server whose
timer fires too finds the period claimed or done and exits 0 without doing anything. A failed run
exits 1 and is taken over by the next run of the same period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overgang.scheduler.jobs import JOBS, scheduled_job_run
from overgang.scheduler.services import JobIncomplete


def parse_moment(value: str) -> dt.datetime:
    """A date (taken as noon) or a date and time, in local time unless it says otherwise."""
    try:
        if len(value) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(12, 0))
        else:
            moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError("--at must be YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def describe(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())


class Command(BaseCommand):
    help = "Run a scheduled job (" + ", ".join(JOBS) + ") once for its current period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "job", choices=list(JOBS), help="; ".join(f"{j.name}: {j.help}" for j in JOBS.values())
        )
        parser.add_argument(
            "--at", help="Run as if it were this moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run again even if the period is done (never over a live run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_moment(options["at"]) if options["at"] else timezone.now()
        name: str = options["job"]
        try:
            result = scheduled_job_run(name, now=now, force=options["force"])
        except JobIncomplete as incomplete:
            raise CommandError(
                f"{name}: {incomplete} ({describe(incomplete.counts)}); the next run retries"
            ) from None
        except Exception as error:
            raise CommandError(f"{name}: failed: {type(error).__name__}: {error}") from error
        run = result.run
        period = run.period if run is not None else JOBS[name].period(now)
        if result.ran:
            self.stdout.write(f"{name} {period}: {result.outcome}; {describe(result.counts)}")
        elif run is not None:
            self.stdout.write(
                f"{name} {period}: {result.outcome} ({run.host}, pid {run.pid}, "
                f"started {timezone.localtime(run.started_at):%Y-%m-%d %H:%M}); nothing to do"
            )
        else:
            self.stdout.write(f"{name} {period}: {result.outcome}; nothing to do")
