"""Writing the audit log. Every named write in the services calls `audit_record`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from overgang.audit.middleware import current_request_id
from overgang.audit.models import SEARCH_TERM_MAX_LENGTH, AuditEntry, Outcome


def snapshot(instance: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a model as JSON-ready values (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
        if isinstance(value, dt.date | Decimal):
            value = str(value)
        values[name] = value
    return values


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    municipality_id: int | None = None,
    citizen_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    search_term: str = "",
) -> AuditEntry:
    if obj is not None and municipality_id is None:
        municipality_id = getattr(obj, "municipality_id", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        municipality_id=municipality_id,
        citizen_id=citizen_id,
        before=before,
        after=after,
        request_id=current_request_id.get(),
        search_term=search_term[:SEARCH_TERM_MAX_LENGTH],
    )


def audit_denied(
    *, actor: Any, object_type: str, object_id: Any, citizen_id: int | None = None
) -> AuditEntry:
    """A refused attempt to open something that exists: who, what, in which of their municipality.

    The caller still answers exactly as for a missing object (404)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="access.denied",
        outcome=Outcome.DENIED,
        object_type=object_type,
        object_id=str(object_id),
        municipality_id=getattr(actor, "municipality_id", None),
        citizen_id=citizen_id,
        request_id=current_request_id.get(),
    )
