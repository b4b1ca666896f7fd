"""System checks for the data-protection settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def audit_log_outlives_cases(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The audit log keeps values before and after a change, and it is append-only: anonymising a
    citizen cannot reach it. Its retention must not be longer than the cases' own."""
    case_days = settings.RETENTION_YEARS * 366
    log_days = settings.AUDIT_LOG_RETENTION_DAYS
    if log_days > case_days:
        return [
            Warning(
                f"AUDIT_LOG_RETENTION_DAYS ({settings.AUDIT_LOG_RETENTION_DAYS}) is longer than "
                f"RETENTION_YEARS ({settings.RETENTION_YEARS} years): the audit log's before/after values "
                "would outlive the anonymised cases they describe.",
                hint="Set AUDIT_LOG_RETENTION_DAYS to at most RETENTION_YEARS × 366 days.",
                id="overgang.W001",
            )
        ]
    return []
