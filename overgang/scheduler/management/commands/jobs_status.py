"""Show the latest runs of each scheduled job; with --check, exit 1 if one failed or died."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overgang.scheduler.models import JobRun
from overgang.scheduler.selectors import jobs_status


def _when(run: JobRun) -> str:
    started = f"{timezone.localtime(run.started_at):%Y-%m-%d %H:%M}"
    finished = f"{timezone.localtime(run.finished_at):%H:%M}" if run.finished_at else "…"
    return f"{started}–{finished}"


class Command(BaseCommand):
    help = "Show the latest runs of each scheduled job (when, where, what it did, errors)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=1, help="Runs to show per job (default 1).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with an error if a job's latest run failed or holds a stale claim (for monitoring).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        statuses = jobs_status(now=timezone.now(), limit=max(1, options["limit"]))
        for status in statuses:
            if not status.runs:
                self.stdout.write(f"{status.job}: never run")
                continue
            for run in status.runs:
                state = (
                    "stale claim (the run probably died)"
                    if run is status.latest and status.stale
                    else run.state
                )
                line = (
                    f"{status.job} {run.period}: {state}, {_when(run)} on {run.host} (pid {run.pid}), "
                    f"attempt {run.attempts}"
                )
                if run.counts:
                    line += "; " + ", ".join(f"{key} {value}" for key, value in run.counts.items())
                if run.error:
                    line += f"; error: {run.error}"
                self.stdout.write(line)
        unhealthy = [status.job for status in statuses if not status.healthy]
        if options["check"] and unhealthy:
            raise CommandError(f"jobs needing attention: {', '.join(unhealthy)}")
