"""Writes for the handover and the ending: validated, versioned, audited.

The texts are about the citizen and the network: the audit records which fields changed, never
their values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.handover.letters import unknown_placeholders
from overgang.handover.models import (
    SUPPORT_NEEDED,
    Celebration,
    ClosingLetter,
    ClosingLetterTemplate,
    ContinuedSupport,
    HandoverMeeting,
    HandoverPlan,
    MeetingKind,
)
from overgang.method.dates import add_months
from overgang.network.models import NetworkPerson
from overgang.programmes.models import Programme

PLAN_FIELDS = (
    "long_term_goals",
    "support_needs",
    "continued_support_plan",
    "responsible_id",
    "continued_support",
    "continued_support_text",
    "support_decided_on",
    "support_started_on",
    "crisis_support",
    "new_worker_id",
    "new_worker_text",
)
MEETING_FIELDS = ("kind", "held_on", "other_participants", "agreed", "citizen_attended", "worker_attended")
TEXT_LIMITS = {
    "long_term_goals": 4000,
    "support_needs": 4000,
    "continued_support_plan": 4000,
    "continued_support_text": 300,
    "crisis_support": 4000,
    "new_worker_text": 200,
    "other_participants": 500,
    "agreed": 4000,
    "note": 500,
    "text": 6000,
    "text_da": 6000,
    "text_en": 6000,
}


def _conflict(kind: str) -> CourseActionError:
    messages = {
        "plan": _(
            "Someone else changed the handover plan while you were working. "
            "Reload the page to see the change."
        ),
        "meeting": _(
            "Someone else changed this handover meeting while you were working. "
            "Reload the page to see the change."
        ),
        "celebration": _(
            "Someone else changed the marking of the ending while you were working. "
            "Reload the page to see the change."
        ),
        "letter": _(
            "Someone else changed the closing letter while you were working. "
            "Reload the page to see the change."
        ),
        "template": _(
            "Someone else changed the letter template while you were working. "
            "Reload the page to see the change."
        ),
    }
    return CourseActionError(messages[kind], conflict=True)


def _text(values: dict[str, Any], name: str) -> str:
    value = (values.get(name) or "").strip()
    limit = TEXT_LIMITS[name]
    if len(value) > limit:
        raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": limit}, field=name)
    return value


def _check_near(day: dt.date | None, *, today: dt.date, field: str) -> None:
    if day is not None and not add_months(today, -12) <= day <= add_months(today, 12):
        raise CourseActionError(_("Choose a date within a year of today."), field=field)


def _check_running(course: Course) -> None:
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended and can no longer be changed."))


def _network_person(course: Course, person_id: int | None, *, field: str) -> NetworkPerson | None:
    if person_id is None:
        return None
    person = NetworkPerson.objects.filter(citizen_id=course.citizen_id, pk=person_id).first()
    if person is None:
        raise CourseActionError(_("Choose a person from the citizen's network."), field=field)
    return person


# The handover plan -------------------------------------------------------------------------------


def _clean_plan(course: Course, values: dict[str, Any], *, today: dt.date) -> dict[str, Any]:
    cleaned: dict[str, Any] = {
        name: _text(values, name)
        for name in (
            "long_term_goals",
            "support_needs",
            "continued_support_plan",
            "continued_support_text",
            "crisis_support",
            "new_worker_text",
        )
    }
    support = values.get("continued_support") or ""
    if support not in ContinuedSupport.values:
        raise CourseActionError(_("Choose the continued support from the list."), field="continued_support")
    cleaned["continued_support"] = support
    if support == ContinuedSupport.OTHER and not cleaned["continued_support_text"]:
        raise CourseActionError(_("Say which support the citizen will get."), field="continued_support_text")
    responsible = _network_person(course, values.get("responsible_id"), field="responsible")
    cleaned["responsible_id"] = responsible.pk if responsible else None
    decided, started = values.get("support_decided_on"), values.get("support_started_on")
    if support not in SUPPORT_NEEDED and (decided or started):
        raise CourseActionError(
            _("Dates belong to continued support: choose which support, or remove the dates."),
            field="support_decided_on" if decided else "support_started_on",
        )
    _check_near(decided, today=today, field="support_decided_on")
    _check_near(started, today=today, field="support_started_on")
    if decided and started and started < decided:
        raise CourseActionError(
            _("The support cannot start before it is decided."), field="support_started_on"
        )
    cleaned["support_decided_on"] = decided
    cleaned["support_started_on"] = started
    new_worker = _network_person(course, values.get("new_worker_id"), field="new_worker")
    cleaned["new_worker_id"] = new_worker.pk if new_worker else None
    if support not in SUPPORT_NEEDED and (new_worker or cleaned["new_worker_text"]):
        raise CourseActionError(
            _("A new worker belongs to continued support: choose which support, or remove the new worker."),
            field="new_worker" if new_worker else "new_worker_text",
        )
    return cleaned


def handover_plan_save(
    *, course: Course, actor: Any, expected_version: int | None, today: dt.date, **values: Any
) -> HandoverPlan:
    """Make the course's handover plan, or change it. `expected_version` is None when the user saw
    no plan: if one has been made since, nothing is saved."""
    _check_running(course)
    cleaned = _clean_plan(course, values, today=today)
    with transaction.atomic():
        plan = HandoverPlan.objects.select_for_update().filter(course=course).first()
        if plan is None:
            if expected_version is not None:
                raise _conflict("plan")
            try:
                with transaction.atomic():
                    plan = HandoverPlan.objects.create(
                        course=course, municipality_id=course.municipality_id, created_by=actor, **cleaned
                    )
            except IntegrityError:  # made by someone else a moment ago
                raise _conflict("plan") from None
            changed = [name for name in PLAN_FIELDS if cleaned[name] not in ("", None)]
            action = "handover.plan_created"
            before: dict[str, Any] | None = None
        else:
            if expected_version is None or plan.version != expected_version:
                raise _conflict("plan")
            changed = [name for name in PLAN_FIELDS if getattr(plan, name) != cleaned[name]]
            if not changed:
                return plan
            before = {"fields": [name.removesuffix("_id") for name in changed], "version": plan.version}
            for name in PLAN_FIELDS:
                setattr(plan, name, cleaned[name])
            plan.version += 1
            plan.save(update_fields=[*PLAN_FIELDS, "version", "updated_at"])
            action = "handover.plan_changed"
        audit_record(
            actor=actor,
            action=action,
            obj=plan,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after={"fields": [name.removesuffix("_id") for name in changed]},
        )
    return plan


# Handover meetings ---------------------------------------------------------------------------------


def _clean_meeting(
    course: Course, values: dict[str, Any], *, today: dt.date
) -> tuple[dict[str, Any], list[NetworkPerson]]:
    kind = values.get("kind") or MeetingKind.HANDOVER
    if kind not in MeetingKind.values:
        raise CourseActionError(_("Choose the kind of meeting from the list."), field="kind")
    if kind == MeetingKind.CLOSING and course.programme.template.code != "job":
        raise CourseActionError(
            _("The closing meeting belongs to the job programme. Register a handover meeting."), field="kind"
        )
    held_on = values.get("held_on")
    if held_on is None:
        raise CourseActionError(_("Enter the date of the meeting."), field="held_on")
    _check_near(held_on, today=today, field="held_on")
    cleaned = {
        "kind": kind,
        "held_on": held_on,
        "other_participants": _text(values, "other_participants"),
        "agreed": _text(values, "agreed"),
        "citizen_attended": bool(values.get("citizen_attended")),
        "worker_attended": bool(values.get("worker_attended")),
    }
    wanted = sorted({int(pk) for pk in values.get("participant_ids") or ()})
    people = list(NetworkPerson.objects.filter(citizen_id=course.citizen_id, pk__in=wanted))
    if len(people) != len(wanted):
        raise CourseActionError(
            _("Choose the participants from the citizen's network."), field="participants"
        )
    wanted_consultants = sorted({int(pk) for pk in values.get("job_consultant_ids") or ()})
    consultants = list(course.job_consultants.filter(pk__in=wanted_consultants))
    if len(consultants) != len(wanted_consultants):
        raise CourseActionError(
            _("Choose the job consultants from those attached to the course."), field="job_consultants"
        )
    if not (
        people
        or consultants
        or cleaned["other_participants"]
        or cleaned["citizen_attended"]
        or cleaned["worker_attended"]
    ):
        raise CourseActionError(
            _("Say who took part: choose people from the network or write their names."), field="participants"
        )
    cleaned["_consultants"] = consultants
    return cleaned, people


def meeting_add(
    *, course: Course, actor: Any, today: dt.date, participant_ids: Iterable[int] = (), **values: Any
) -> HandoverMeeting:
    _check_running(course)
    cleaned, people = _clean_meeting(course, {**values, "participant_ids": participant_ids}, today=today)
    consultants = cleaned.pop("_consultants")
    with transaction.atomic():
        meeting = HandoverMeeting.objects.create(
            course=course, municipality_id=course.municipality_id, created_by=actor, **cleaned
        )
        meeting.participants.set(people)
        meeting.job_consultants.set(consultants)
        audit_record(
            actor=actor,
            action="handover.meeting_added",
            obj=meeting,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            after={"kind": meeting.kind, "fields": [*MEETING_FIELDS, "participants", "job_consultants"]},
        )
    return meeting


def _locked_meeting(meeting: HandoverMeeting, expected_version: int | None) -> HandoverMeeting:
    locked = HandoverMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if locked is None or expected_version is None or locked.version != expected_version:
        raise _conflict("meeting")
    return locked


def meeting_change(
    *,
    meeting: HandoverMeeting,
    actor: Any,
    expected_version: int | None,
    today: dt.date,
    participant_ids: Iterable[int] = (),
    **values: Any,
) -> HandoverMeeting:
    course = meeting.course
    _check_running(course)
    cleaned, people = _clean_meeting(course, {**values, "participant_ids": participant_ids}, today=today)
    consultants = cleaned.pop("_consultants")
    with transaction.atomic():
        locked = _locked_meeting(meeting, expected_version)
        changed = [name for name in MEETING_FIELDS if getattr(locked, name) != cleaned[name]]
        if {p.pk for p in locked.participants.all()} != {p.pk for p in people}:
            changed.append("participants")
        if {u.pk for u in locked.job_consultants.all()} != {u.pk for u in consultants}:
            changed.append("job_consultants")
        if not changed:
            return locked
        before = {"fields": changed, "version": locked.version}
        for name in MEETING_FIELDS:
            setattr(locked, name, cleaned[name])
        locked.version += 1
        locked.save(update_fields=[*MEETING_FIELDS, "version", "updated_at"])
        locked.participants.set(people)
        locked.job_consultants.set(consultants)
        audit_record(
            actor=actor,
            action="handover.meeting_changed",
            obj=locked,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after={"fields": changed},
        )
    return locked


def meeting_remove(*, meeting: HandoverMeeting, actor: Any, expected_version: int | None) -> None:
    course = meeting.course
    _check_running(course)
    with transaction.atomic():
        locked = _locked_meeting(meeting, expected_version)
        audit_record(
            actor=actor,
            action="handover.meeting_removed",
            obj=locked,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before={"held_on": locked.held_on.isoformat()},
        )
        locked.participants.clear()
        locked.job_consultants.clear()
        locked.delete()


# The ending ----------------------------------------------------------------------------------------


def celebration_save(
    *,
    course: Course,
    actor: Any,
    expected_version: int | None,
    today: dt.date,
    held_on: dt.date | None,
    note: str = "",
) -> Celebration:
    """Mark that the ending was celebrated (4.5.2; shelter 2.4.2), or change the marking."""
    if held_on is None:
        raise CourseActionError(_("Enter the date the ending was marked."), field="held_on")
    _check_near(held_on, today=today, field="held_on")
    cleaned = {"held_on": held_on, "note": _text({"note": note}, "note")}
    with transaction.atomic():
        celebration = Celebration.objects.select_for_update().filter(course=course).first()
        if celebration is None:
            if expected_version is not None:
                raise _conflict("celebration")
            try:
                with transaction.atomic():
                    celebration = Celebration.objects.create(
                        course=course, municipality_id=course.municipality_id, created_by=actor, **cleaned
                    )
            except IntegrityError:
                raise _conflict("celebration") from None
            changed = ["held_on", *(["note"] if cleaned["note"] else [])]
            action = "handover.celebration_marked"
            before: dict[str, Any] | None = None
        else:
            if expected_version is None or celebration.version != expected_version:
                raise _conflict("celebration")
            changed = [name for name in cleaned if getattr(celebration, name) != cleaned[name]]
            if not changed:
                return celebration
            before = {"fields": changed, "version": celebration.version}
            for name, value in cleaned.items():
                setattr(celebration, name, value)
            celebration.version += 1
            celebration.save(update_fields=["held_on", "note", "version", "updated_at"])
            action = "handover.celebration_changed"
        audit_record(
            actor=actor,
            action=action,
            obj=celebration,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after={"fields": changed},
        )
    return celebration


def closing_letter_save(
    *, course: Course, actor: Any, expected_version: int | None, text: str
) -> ClosingLetter:
    """Write or rewrite the closing letter to the citizen (shelter 2.4.2)."""
    cleaned = _text({"text": text}, "text")
    if not cleaned:
        raise CourseActionError(_("Write the letter."), field="text")
    with transaction.atomic():
        letter = ClosingLetter.objects.select_for_update().filter(course=course).first()
        if letter is None:
            if expected_version is not None:
                raise _conflict("letter")
            try:
                with transaction.atomic():
                    letter = ClosingLetter.objects.create(
                        course=course, municipality_id=course.municipality_id, created_by=actor, text=cleaned
                    )
            except IntegrityError:
                raise _conflict("letter") from None
            action = "handover.letter_written"
            before: dict[str, Any] | None = None
        else:
            if expected_version is None or letter.version != expected_version:
                raise _conflict("letter")
            if letter.text == cleaned:
                return letter
            before = {"fields": ["text"], "version": letter.version}
            letter.text = cleaned
            letter.version += 1
            letter.save(update_fields=["text", "version", "updated_at"])
            action = "handover.letter_changed"
        audit_record(
            actor=actor,
            action=action,
            obj=letter,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after={"fields": ["text"], "version": letter.version},
        )
    return letter


def letter_template_save(
    *, programme: Programme, actor: Any, expected_version: int | None, text_da: str, text_en: str
) -> ClosingLetterTemplate:
    """The programme's own wording of the closing letter. `expected_version` is None while the
    programme uses the default text."""
    cleaned = {
        "text_da": _text({"text_da": text_da}, "text_da"),
        "text_en": _text({"text_en": text_en}, "text_en"),
    }
    for name, value in cleaned.items():
        if not value:
            raise CourseActionError(_("Write the letter."), field=name)
        unknown = unknown_placeholders(value)
        if unknown:
            raise CourseActionError(
                _("Unknown placeholder: %(names)s. Use only the placeholders listed.")
                % {"names": ", ".join(unknown)},
                field=name,
            )
    with transaction.atomic():
        own = ClosingLetterTemplate.objects.select_for_update().filter(programme=programme).first()
        if own is None:
            if expected_version is not None:
                raise _conflict("template")
            try:
                with transaction.atomic():
                    own = ClosingLetterTemplate.objects.create(
                        programme=programme, updated_by=actor, **cleaned
                    )
            except IntegrityError:
                raise _conflict("template") from None
            changed = list(cleaned)
        else:
            if expected_version is None or own.version != expected_version:
                raise _conflict("template")
            changed = [name for name in cleaned if getattr(own, name) != cleaned[name]]
            if not changed:
                return own
            for name, value in cleaned.items():
                setattr(own, name, value)
            own.version += 1
            own.updated_by = actor
            own.save(update_fields=["text_da", "text_en", "version", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="handover.letter_template_changed",
            obj=own,
            municipality_id=programme.municipality_id,
            after={"fields": changed},
        )
    return own
