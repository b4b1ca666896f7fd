"""Make the audit log append-only for the application's database role (PostgreSQL).

Run it as the role that owns the tables (the one `migrate` runs as), after every migration:

    DATABASE_URL=postgres://owner@host/overgang manage.py audit_lockdown --role overgang_app
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from overgang.audit.retention import RetentionError, append_only_sql, audit_lockdown


class Command(BaseCommand):
    help = "Grant the application's role only INSERT and SELECT on the audit log, plus the purge function."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--role", required=True, help="The database role the application connects as.")
        parser.add_argument("--print", action="store_true", help="Print the SQL instead of running it.")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        try:
            if options["print"]:
                self.stdout.write(append_only_sql(role=role))
                return
            audit_lockdown(role=role)
        except RetentionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"The audit log is append-only for {role}.")
