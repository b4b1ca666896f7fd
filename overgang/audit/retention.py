"""Keeping the audit log append-only and purging it after the retention period.

On PostgreSQL the application's role may only insert and read audit rows (sql/append_only.sql);
old rows go only through the SECURITY DEFINER function audit_purge_older_than(days), which refuses
a period shorter than PURGE_FLOOR_DAYS. On SQLite (development, tests) the purge is a plain delete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from overgang.audit.models import AuditEntry
from overgang.audit.services import audit_record

APPEND_ONLY_SQL = Path(__file__).resolve().parent / "sql" / "append_only.sql"
PURGE_FUNCTION = "audit_purge_older_than"
# The floor in append_only.sql: no one purges below six months, the minimum Datatilsynet has long
# asked logs of personal-data lookups to be kept.
PURGE_FLOOR_DAYS = 180


class RetentionError(Exception):
    pass


def append_only_sql(*, role: str) -> str:
    """The lock-down script for this database, with the role and schema quoted as identifiers."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    return APPEND_ONLY_SQL.read_text().format(role=quote(role), schema=quote(schema))


def audit_lockdown(*, role: str) -> None:
    """Apply the append-only grants for `role` (run as the tables' owner). PostgreSQL only."""
    if connection.vendor != "postgresql":
        raise RetentionError("The audit lock-down is for PostgreSQL; this database is " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise RetentionError(f"There is no database role named {role!r}.")
    sql = append_only_sql(role=role)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def purge_function_installed() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [f"{PURGE_FUNCTION}(integer)"])
        return bool(cursor.fetchone()[0])


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.datetime
    count: int
    dry_run: bool
    through_function: bool


def audit_log_purge(*, now: dt.datetime, days: int | None = None, dry_run: bool = False) -> PurgeResult:
    """Remove the audit rows older than `days` (AUDIT_LOG_RETENTION_DAYS by default); the purge
    itself is logged with the count. A dry run counts and changes nothing."""
    days = settings.AUDIT_LOG_RETENTION_DAYS if days is None else days
    if days < PURGE_FLOOR_DAYS:
        raise RetentionError(f"The audit retention must be at least {PURGE_FLOOR_DAYS} days, got {days}.")
    cutoff = now - dt.timedelta(days=days)
    old_rows = AuditEntry._base_manager.filter(at__lt=cutoff)  # every municipality: a system job
    through_function = purge_function_installed()
    if dry_run:
        return PurgeResult(
            cutoff=cutoff, count=old_rows.count(), dry_run=True, through_function=through_function
        )
    with transaction.atomic():
        if through_function:
            # The function reads the database's clock (now()), not ours.
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {PURGE_FUNCTION}(%s)", [days])
                count = int(cursor.fetchone()[0])
        else:
            count, _ = old_rows.delete()
        audit_record(
            actor=None,
            action="audit.purged",
            after={"deleted": count, "retention_days": days, "older_than": cutoff.isoformat()},
        )
    return PurgeResult(cutoff=cutoff, count=count, dry_run=False, through_function=through_function)
