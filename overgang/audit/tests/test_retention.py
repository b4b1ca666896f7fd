"""Retention: `purge_audit_log` removes only rows older than AUDIT_LOG_RETENTION_DAYS and logs the
purge itself; `at` is stored in UTC."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from overgang.audit.models import AuditEntry
from overgang.audit.retention import PURGE_FLOOR_DAYS, RetentionError, audit_log_purge
from overgang.audit.services import audit_record

pytestmark = pytest.mark.django_db


def row_aged(days: float, action: str) -> AuditEntry:
    entry = audit_record(actor=None, action=action)
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - dt.timedelta(days=days))
    return entry


@pytest.fixture
def rows_around_the_boundary(settings: Any) -> dict[str, AuditEntry]:
    settings.AUDIT_LOG_RETENTION_DAYS = 400
    return {
        "well_past": row_aged(2000, "old.far"),
        "just_past": row_aged(401, "old.near"),
        "just_inside": row_aged(399, "kept.near"),
        "new": row_aged(0, "kept.new"),
    }


def test_the_default_retention_is_five_years() -> None:
    from django.conf import settings

    assert settings.AUDIT_LOG_RETENTION_DAYS == 5 * 365 + 1


def test_the_purge_removes_only_rows_older_than_the_retention(rows_around_the_boundary: Any) -> None:
    out = io.StringIO()

    call_command("purge_audit_log", stdout=out)

    remaining = set(AuditEntry.objects.values_list("action", flat=True))
    assert remaining == {"kept.near", "kept.new", "audit.purged"}
    assert "deleted 2 audit rows older than 400 days" in out.getvalue()


def test_the_purge_logs_itself_with_the_count(rows_around_the_boundary: Any) -> None:
    call_command("purge_audit_log", stdout=io.StringIO())

    entry = AuditEntry.objects.get(action="audit.purged")
    assert entry.actor is None
    assert entry.after is not None
    assert entry.after["deleted"] == 2
    assert entry.after["retention_days"] == 400


def test_a_dry_run_counts_and_removes_nothing(rows_around_the_boundary: Any) -> None:
    before = AuditEntry.objects.count()
    out = io.StringIO()

    call_command("purge_audit_log", "--dry-run", stdout=out)

    assert AuditEntry.objects.count() == before
    assert "would delete 2 audit rows" in out.getvalue()


def test_a_retention_below_the_floor_is_refused(rows_around_the_boundary: Any, settings: Any) -> None:
    settings.AUDIT_LOG_RETENTION_DAYS = PURGE_FLOOR_DAYS - 1
    before = AuditEntry.objects.count()

    with pytest.raises(CommandError, match="at least 180 days"):
        call_command("purge_audit_log", stdout=io.StringIO())

    assert AuditEntry.objects.count() == before


def test_the_service_refuses_a_period_below_the_floor() -> None:
    with pytest.raises(RetentionError):
        audit_log_purge(now=timezone.now(), days=30)


def test_the_time_is_stored_in_utc(settings: Any) -> None:
    assert settings.USE_TZ is True
    entry = audit_record(actor=None, action="test.utc")
    entry.refresh_from_db()

    assert entry.at.utcoffset() == dt.timedelta(0)
    assert abs(entry.at - timezone.now()) < dt.timedelta(minutes=5)
    if connection.vendor == "sqlite":
        # SQLite keeps the text Django wrote: a naive UTC time, whatever TIME_ZONE says.
        with connection.cursor() as cursor:
            cursor.execute("SELECT at FROM audit_auditentry WHERE id = %s", [entry.pk])
            raw = cursor.fetchone()[0]
        stored = raw if isinstance(raw, dt.datetime) else dt.datetime.fromisoformat(str(raw))
        assert stored.replace(tzinfo=dt.UTC) == entry.at
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute(
                "SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS') FROM audit_auditentry WHERE id = %s", [entry.pk]
            )
            assert cursor.fetchone()[0] == entry.at.strftime("%Y-%m-%d %H:%M:%S")
