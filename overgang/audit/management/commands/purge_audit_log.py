"""Remove audit rows older than AUDIT_LOG_RETENTION_DAYS (run it daily or weekly from cron).

On PostgreSQL after `audit_lockdown` it goes through the purge function, the only way the
application's role can remove rows. The purge writes one audit row with the count.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overgang.audit.retention import RetentionError, audit_log_purge


class Command(BaseCommand):
    help = "Delete audit-log rows older than AUDIT_LOG_RETENTION_DAYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; remove nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = audit_log_purge(now=timezone.now(), dry_run=options["dry_run"])
        except RetentionError as error:
            raise CommandError(str(error)) from None
        days = settings.AUDIT_LOG_RETENTION_DAYS
        if result.dry_run:
            self.stdout.write(f"would delete {result.count} audit rows older than {days} days")
        else:
            self.stdout.write(f"deleted {result.count} audit rows older than {days} days")
