"""List (by default) or apply (--execute) retention to citizens whose every course ended more than
RETENTION_YEARS ago, as RETENTION_MODE says (overgang/privacy/retention.py).

Run it e.g. monthly from cron:
`0 3 1 * *  cd /srv/overgang && .venv/bin/python manage.py apply_retention --execute`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from overgang.privacy.retention import (
    Mode,
    citizen_apply_retention,
    planned_action,
    retention_candidates,
    retention_cutoff,
)


class Command(BaseCommand):
    help = (
        "List the citizens whose every course ended more than RETENTION_YEARS ago and what retention "
        "would do to them; with --execute, anonymise or delete them as RETENTION_MODE says."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--execute",
            action="store_true",
            help="Apply RETENTION_MODE (without it: a dry run that changes nothing).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        years: int = settings.RETENTION_YEARS
        mode: str = settings.RETENTION_MODE
        execute: bool = options["execute"]
        cutoff = retention_cutoff(today=today, years=years)
        candidates = retention_candidates(today=today, years=years)
        self.stdout.write(
            f"RETENTION_MODE={mode} RETENTION_YEARS={years}: citizens whose every course ended before "
            f"{cutoff.isoformat()} ({len(candidates)}){'' if execute else ' — dry run, nothing is changed'}"
        )
        done = 0
        for candidate in candidates:
            action = planned_action(candidate, mode=mode)
            courses = ",".join(str(pk) for pk in candidate.course_ids)
            line = f"{candidate.pseudonym}  courses {courses}  closed on {candidate.closed_on.isoformat()}  "
            if not execute:
                self.stdout.write(
                    line + f"would {action}" if not action.startswith("keep") else line + action
                )
                continue
            outcome = citizen_apply_retention(candidate=candidate, mode=mode, today=today, years=years)
            if outcome is None:
                self.stdout.write(line + (action if action.startswith("keep") else "skipped (no longer due)"))
            else:
                done += 1
                self.stdout.write(line + ("anonymised" if mode == Mode.ANONYMISE else "deleted"))
        if execute:
            verb = {"anonymise": "anonymised", "delete": "deleted"}.get(mode, "changed")
            self.stdout.write(f"{verb} {done} citizens")
            if mode == Mode.PRESERVE:
                self.stdout.write("RETENTION_MODE=preserve: nothing is anonymised or deleted.")
