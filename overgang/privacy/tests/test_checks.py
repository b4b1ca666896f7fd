"""The audit log may not be kept longer than the cases it describes."""

from __future__ import annotations

from typing import Any

from overgang.privacy.checks import audit_log_outlives_cases


def test_the_defaults_pass(settings: Any) -> None:
    assert settings.AUDIT_LOG_RETENTION_DAYS <= settings.RETENTION_YEARS * 366
    assert audit_log_outlives_cases() == []


def test_a_log_kept_longer_than_the_cases_is_warned_about(settings: Any) -> None:
    settings.RETENTION_YEARS = 2
    settings.AUDIT_LOG_RETENTION_DAYS = 3 * 365

    warnings = audit_log_outlives_cases()

    assert [w.id for w in warnings] == ["overgang.W001"]
