"""Writes of the privacy app: marking a citizen for preservation (retention never touches them)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.models import Citizen
from overgang.courses.services import CourseActionError
from overgang.privacy.models import PreservationMarker


def citizen_mark_preserved(*, citizen: Citizen, actor: Any, reason: str) -> PreservationMarker:
    reason = (reason or "").strip()
    if not reason:
        raise CourseActionError(_("Give the reason for preserving the citizen's data."), field="reason")
    with transaction.atomic():
        marker, created = PreservationMarker.objects.update_or_create(
            citizen=citizen, defaults={"reason": reason[:500], "marked_by": actor}
        )
        audit_record(
            actor=actor,
            action="citizen.preservation_marked",
            obj=citizen,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={"created": created},
        )
    return marker


def citizen_unmark_preserved(*, citizen: Citizen, actor: Any) -> None:
    with transaction.atomic():
        deleted, _ = PreservationMarker.objects.filter(citizen=citizen).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="citizen.preservation_unmarked",
                obj=citizen,
                municipality_id=citizen.municipality_id,
                citizen_id=citizen.pk,
            )
