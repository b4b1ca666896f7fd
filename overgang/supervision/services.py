"""Writes to the supervision log: validated, atomic, versioned, audited.

Conclusions may mention citizens: the audit row records their length, never their text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.access import courses_visible_to, user_can_manage_programme
from overgang.courses.services import CourseActionError
from overgang.method.dates import add_months
from overgang.programmes.models import Programme
from overgang.supervision.models import CONCLUSIONS_MAX, SupervisionKind, SupervisionSession

SUPERVISOR_MAX = 200


def user_can_log_supervision(user: Any, programme: Programme) -> bool:
    """Who runs the programme logs its supervision (managers read)."""
    return getattr(user, "is_authenticated", False) and user_can_manage_programme(user, programme)


def _ids(values: Iterable[Any]) -> set[int]:
    """Users or courses, or their ids."""
    ids = set()
    for value in values:
        try:
            ids.add(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            raise CourseActionError(_("Choose from the list."), field=None) from None
    return ids


def _clean(
    *,
    programme: Programme,
    actor: Any,
    held_on: Any,
    kind: Any,
    supervisor: Any,
    participants: Iterable[Any],
    courses: Iterable[Any],
    conclusions: Any,
    today: dt.date,
    session: SupervisionSession | None = None,
) -> dict[str, Any]:
    """The values to save, or a CourseActionError naming the first field that is wrong."""
    if not user_can_log_supervision(actor, programme):
        raise CourseActionError(
            _("Only the programme's coordinators and the administrators can log supervision."), conflict=True
        )
    if not isinstance(held_on, dt.date) or isinstance(held_on, dt.datetime):
        raise CourseActionError(_("Enter the date of the session."), field="held_on")
    if held_on > today:
        raise CourseActionError(
            _("The session cannot be in the future: log it when it has been held."), field="held_on"
        )
    if held_on < add_months(today, -12):
        raise CourseActionError(
            _("The date %(date)s is more than a year ago. Check the date.")
            % {"date": held_on.strftime("%d-%m-%Y")},
            field="held_on",
        )
    if kind not in SupervisionKind.values:
        raise CourseActionError(_("Choose method supervision or case supervision."), field="kind")
    supervisor = str(supervisor or "").strip()
    if not supervisor:
        raise CourseActionError(_("Enter the supervisor's name."), field="supervisor")
    if len(supervisor) > SUPERVISOR_MAX:
        raise CourseActionError(
            _("The supervisor's name can be at most %(max)d characters.") % {"max": SUPERVISOR_MAX},
            field="supervisor",
        )
    conclusions = str(conclusions or "").strip()
    if not conclusions:
        raise CourseActionError(_("Write the session's conclusions, briefly."), field="conclusions")
    if len(conclusions) > CONCLUSIONS_MAX:
        raise CourseActionError(
            _("Keep the conclusions short: at most %(max)d characters.") % {"max": CONCLUSIONS_MAX},
            field="conclusions",
        )

    participant_ids = _ids(participants)
    if not participant_ids:
        raise CourseActionError(_("Choose the CTI workers who took part."), field="participants")
    allowed = set(programme.workers.values_list("pk", flat=True))
    if session is not None:
        # Someone who has since left the programme stays on the sessions she took part in.
        allowed |= set(session.participants.values_list("pk", flat=True))
    if not participant_ids <= allowed:
        raise CourseActionError(
            _("Only the programme's CTI workers can be participants."), field="participants"
        )

    course_ids = _ids(courses)
    allowed_courses = set(
        courses_visible_to(actor).filter(programme=programme, pk__in=course_ids).values_list("pk", flat=True)
    )
    if course_ids - allowed_courses:
        raise CourseActionError(
            _("Only courses in the programme that you can see can be discussed."), field="courses"
        )
    return {
        "held_on": held_on,
        "kind": kind,
        "supervisor": supervisor,
        "conclusions": conclusions,
        "participant_ids": sorted(participant_ids),
        "course_ids": sorted(course_ids),
    }


def _audit_values(
    session: SupervisionSession, participant_ids: list[int], course_ids: list[int]
) -> dict[str, Any]:
    return {
        "programme": session.programme_id,
        "held_on": str(session.held_on),
        "kind": session.kind,
        "supervisor": session.supervisor,
        "participants": participant_ids,
        "courses": course_ids,
        "conclusions_length": len(session.conclusions),
    }


def session_create(
    *,
    programme: Programme,
    actor: Any,
    held_on: dt.date,
    kind: str,
    supervisor: str,
    participants: Iterable[Any],
    courses: Iterable[Any] = (),
    conclusions: str,
    today: dt.date | None = None,
) -> SupervisionSession:
    """Log a supervision session held in the programme."""
    values = _clean(
        programme=programme,
        actor=actor,
        held_on=held_on,
        kind=kind,
        supervisor=supervisor,
        participants=participants,
        courses=courses,
        conclusions=conclusions,
        today=today or timezone.localdate(),
    )
    participant_ids, course_ids = values.pop("participant_ids"), values.pop("course_ids")
    with transaction.atomic():
        session = SupervisionSession.objects.create(
            municipality_id=programme.municipality_id, programme=programme, created_by=actor, **values
        )
        session.participants.set(participant_ids)
        session.courses.set(course_ids)
        audit_record(
            actor=actor,
            action="supervision.logged",
            obj=session,
            after=_audit_values(session, participant_ids, course_ids),
        )
    return session


def session_update(
    *,
    session: SupervisionSession,
    actor: Any,
    expected_version: int,
    held_on: dt.date,
    kind: str,
    supervisor: str,
    participants: Iterable[Any],
    courses: Iterable[Any] = (),
    conclusions: str,
    today: dt.date | None = None,
) -> SupervisionSession:
    """Change a logged session, if nobody changed it since the form was shown."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = SupervisionSession.objects.select_for_update().select_related("programme").get(pk=session.pk)
        if locked.version != expected_version:
            raise CourseActionError(
                _(
                    "Someone else changed this supervision session while you were working. "
                    "Nothing was saved: reload the page to see the change."
                ),
                conflict=True,
            )
        values = _clean(
            programme=locked.programme,
            actor=actor,
            held_on=held_on,
            kind=kind,
            supervisor=supervisor,
            participants=participants,
            courses=courses,
            conclusions=conclusions,
            today=today,
            session=locked,
        )
        participant_ids, course_ids = values.pop("participant_ids"), values.pop("course_ids")
        before = _audit_values(
            locked,
            sorted(locked.participants.values_list("pk", flat=True)),
            sorted(locked.courses.values_list("pk", flat=True)),
        )
        for field, value in values.items():
            setattr(locked, field, value)
        locked.version += 1
        locked.save(update_fields=[*values, "version", "updated_at"])
        locked.participants.set(participant_ids)
        locked.courses.set(course_ids)
        audit_record(
            actor=actor,
            action="supervision.changed",
            obj=locked,
            before=before,
            after=_audit_values(locked, participant_ids, course_ids),
        )
    return locked
