"""Send the weekly digest (run it from cron or a systemd timer, e.g. Mondays at 07:00).

Running it twice in a week sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overgang.desk.digest import digest_send_week


class Command(BaseCommand):
    help = "E-mail each worker and coordinator this week's phase plan and open alerts (once per ISO week)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument("--date", help="Send as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        run = digest_send_week(today=today, dry_run=options["dry_run"], stdout=self.stdout)
        self.stdout.write(f"sent {run.sent}, already sent {run.skipped}, failed {run.failed}")
        if run.failed:
            raise CommandError(f"{run.failed} digests failed; they will be retried on the next run")
