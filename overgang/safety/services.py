"""Writes to the safety plan and the confidential-address marker: validated, atomic, versioned and
audited. What the plan says is as sensitive as anything the product holds: the audit records which
parts changed, never their text, and the marker's entries record only that it was set or cleared."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.models import Citizen, Course
from overgang.courses.services import CourseActionError
from overgang.safety.models import (
    PART_FIELDS,
    PART_MAX_LENGTH,
    SHELTER_TEMPLATE,
    SafetyPlan,
    SafetyPlanRevision,
)

PLAN_FIELDS = (*PART_FIELDS, "reviewed_on")


def course_has_safety_plan(course: Course) -> bool:
    """Only courses in a programme made from the shelter template have a safety plan."""
    return course.programme.template.code == SHELTER_TEMPLATE


def _clean(values: dict[str, Any], *, today: dt.date) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name in PART_FIELDS:
        value = values.get(name) or ""
        if not isinstance(value, str):
            raise CourseActionError(_("Write the part as text."), field=name)
        value = value.strip()
        if len(value) > PART_MAX_LENGTH:
            raise CourseActionError(
                _("Write at most %(limit)s characters.") % {"limit": PART_MAX_LENGTH}, field=name
            )
        cleaned[name] = value
    reviewed_on = values.get("reviewed_on")
    if reviewed_on is not None and not isinstance(reviewed_on, dt.date):
        raise CourseActionError(_("Enter the date as dd-mm-yyyy."), field="reviewed_on")
    if reviewed_on is not None and reviewed_on > today:
        raise CourseActionError(_("The plan cannot be reviewed in the future."), field="reviewed_on")
    cleaned["reviewed_on"] = reviewed_on
    return cleaned


class SafetyPlanConflict(CourseActionError):
    """The plan moved on since the user loaded it; `latest` is the revision that moved it."""

    def __init__(self, latest: SafetyPlanRevision | None) -> None:
        super().__init__(
            _(
                "Someone else changed the safety plan while you were working. Nothing was saved. "
                "Your text is kept below: see their change in the history, then save yours again."
            ),
            conflict=True,
        )
        self.latest = latest


def safety_plan_save(
    *,
    course: Course,
    actor: Any,
    expected_version: int | None,
    today: dt.date | None = None,
    **values: Any,
) -> SafetyPlan:
    """Create the course's safety plan (expected_version 0) or change it (the version the user saw).

    A stale version raises SafetyPlanConflict and saves nothing. Saving with nothing changed is a
    no-op: no new version, no audit entry.
    """
    today = today or timezone.localdate()
    if not course_has_safety_plan(course):
        raise CourseActionError(_("Only courses in the shelter programme have a safety plan."))
    cleaned = _clean(values, today=today)
    with transaction.atomic():
        # Lock the course row: two first saves must not both create a plan, nor a save slip past an end.
        locked_course = Course.objects.select_for_update().get(pk=course.pk)
        if locked_course.end_date is not None:
            raise CourseActionError(_("The course has ended: its safety plan can only be read."))
        plan = SafetyPlan.objects.select_for_update().filter(course_id=course.pk).first()
        current = plan.version if plan is not None else 0
        if expected_version is None or expected_version != current:
            latest = plan.revisions.select_related("saved_by").first() if plan is not None else None
            raise SafetyPlanConflict(latest)
        if plan is None:
            plan = SafetyPlan.objects.create(
                course=course, municipality_id=course.municipality_id, created_by=actor, **cleaned
            )
            changed = [name for name in PLAN_FIELDS if cleaned[name] not in ("", None)]
            action = "safety.plan_created"
        else:
            changed = [name for name in PLAN_FIELDS if getattr(plan, name) != cleaned[name]]
            if not changed:
                return plan
            for name in PLAN_FIELDS:
                setattr(plan, name, cleaned[name])
            plan.version += 1
            plan.save(update_fields=[*PLAN_FIELDS, "version", "updated_at"])
            action = "safety.plan_changed"
        SafetyPlanRevision.objects.create(
            plan=plan,
            number=plan.version,
            values={name: cleaned[name] for name in PART_FIELDS},
            reviewed_on=cleaned["reviewed_on"],
            saved_by=actor,
        )
        audit_record(
            actor=actor,
            action=action,
            obj=plan,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after={"version": plan.version, "fields": changed},
        )
    return plan


def citizen_mark_confidential_address(
    *, citizen: Citizen, actor: Any, confidential: bool, expected_version: int | None = None
) -> Citizen:
    """Set or clear the confidential-address marker. Setting it again is a no-op.

    `expected_version` is the citizen's version the user's page showed: a page older than the last
    change is refused, so nobody removes a marker someone has just set without seeing it. Only
    system jobs (the demo) leave it out.
    """
    if not isinstance(confidential, bool):
        raise CourseActionError(_("Choose whether the address is confidential."), field="confidential")
    with transaction.atomic():
        locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if expected_version is not None and locked.version != expected_version:
            raise CourseActionError(
                _(
                    "Someone else changed the confidential-address marker while you were working. "
                    "Nothing was changed: reload the page to see it as it is now."
                ),
                conflict=True,
            )
        if locked.confidential_address == confidential:
            return locked
        locked.confidential_address = confidential
        locked.version += 1
        locked.save(update_fields=["confidential_address", "version"])
        audit_record(
            actor=actor,
            action="citizen.confidential_address_set"
            if confidential
            else "citizen.confidential_address_cleared",
            obj=locked,
            municipality_id=locked.municipality_id,
            citizen_id=locked.pk,
            before={"confidential_address": not confidential},
            after={"confidential_address": confidential},
        )
    return locked
