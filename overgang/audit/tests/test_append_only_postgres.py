"""On PostgreSQL the application's role cannot change or delete audit rows: it may insert and read,
and purge old rows only through audit_purge_older_than(days), which refuses a short period.

The test makes a role with exactly the grants an application role has on the other tables, runs
`audit_lockdown --role` for it, and becomes that role with SET ROLE. Roles are cluster-wide but
CREATE ROLE is transactional: the test's rollback removes it again."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from overgang.audit.models import AuditEntry
from overgang.audit.retention import audit_log_purge, purge_function_installed
from overgang.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The append-only grants and the SECURITY DEFINER purge function exist only on PostgreSQL.",
    ),
]


def execute(sql: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


@pytest.fixture
def app_role() -> str:
    role = f"og_audit_app_{uuid.uuid4().hex[:10]}"
    quoted = connection.ops.quote_name(role)
    execute(f"CREATE ROLE {quoted} NOLOGIN")
    # What the application role has everywhere else: full use of the tables and sequences.
    execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO {quoted}")
    execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
    call_command("audit_lockdown", "--role", role, stdout=io.StringIO())
    return role


@pytest.fixture
def as_app_role(app_role: str) -> Iterator[str]:
    execute(f"SET ROLE {connection.ops.quote_name(app_role)}")
    try:
        yield app_role
    finally:
        execute("RESET ROLE")


def aged(days: int, action: str) -> AuditEntry:
    """A row as old as `days` (written by the owner, before the test becomes the app role)."""
    entry = audit_record(actor=None, action=action)
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - dt.timedelta(days=days))
    return entry


def refused(sql: str, params: list[Any] | None = None) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        execute(sql, params)
    return str(error.value)


def test_the_app_role_may_insert_and_read(as_app_role: str) -> None:
    entry = audit_record(actor=None, action="test.inserted")

    assert AuditEntry.objects.filter(pk=entry.pk, action="test.inserted").exists()
    assert execute("SELECT current_user")[0] == as_app_role


def test_the_app_role_may_not_update_delete_or_truncate(app_role: str) -> None:
    entry = audit_record(actor=None, action="test.original")
    execute(f"SET ROLE {connection.ops.quote_name(app_role)}")
    try:
        assert "permission denied" in refused(
            "UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk]
        )
        assert "permission denied" in refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
        assert "permission denied" in refused("TRUNCATE audit_auditentry")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(action="changed by the ORM")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
    finally:
        execute("RESET ROLE")
    entry.refresh_from_db()
    assert entry.action == "test.original"


def test_the_purge_function_deletes_only_rows_older_than_the_period(app_role: str) -> None:
    old = aged(400, "test.old")
    kept = aged(300, "test.kept")
    execute(f"SET ROLE {connection.ops.quote_name(app_role)}")
    try:
        deleted = execute("SELECT audit_purge_older_than(%s)", [365])[0]
    finally:
        execute("RESET ROLE")

    assert deleted == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()


def test_the_purge_function_refuses_a_period_below_the_floor(app_role: str) -> None:
    entry = aged(100, "test.recent")
    execute(f"SET ROLE {connection.ops.quote_name(app_role)}")
    try:
        message = refused("SELECT audit_purge_older_than(%s)", [179])
    finally:
        execute("RESET ROLE")

    assert "at least 180 days" in message
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_purge_command_goes_through_the_function_as_the_app_role(as_app_role: str, settings: Any) -> None:
    settings.AUDIT_LOG_RETENTION_DAYS = 365
    execute("RESET ROLE")
    old, kept = aged(400, "test.old"), aged(10, "test.kept")
    execute(f"SET ROLE {connection.ops.quote_name(as_app_role)}")
    assert purge_function_installed()

    result = audit_log_purge(now=timezone.now())

    assert result.through_function is True
    assert result.count == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    assert AuditEntry.objects.filter(action="audit.purged").exists()


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(CommandError, match="no database role"):
        call_command("audit_lockdown", "--role", "no_such_role_here", stdout=io.StringIO())
