"""Send tomorrow's meeting reminders (run it every hour from cron or a systemd timer).

Each reminder is sent once; a failed one is retried on the next run and shown to the worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from overgang.journal.reminders import reminders_send


class Command(BaseCommand):
    help = "Send reminders the day before planned meetings (once each; failures are retried)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = reminders_send()
        self.stdout.write(f"sent {run.sent}, failed {run.failed}")
