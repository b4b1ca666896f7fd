"""Writes: answering a checklist item on a course, and recording the transition checklist with a
transition. Validated, versioned and audited like every write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.checklists.models import ChecklistAnswer, ChecklistItem, TransitionRecord
from overgang.checklists.selectors import course_checklist, course_checklist_ids
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.method.clock import Period, compute_schedule, period_on


def _audit(answer: ChecklistAnswer) -> dict[str, Any]:
    return {
        "item": answer.item.code,
        "checklist": answer.item.checklist.code,
        "answer": answer.answer,
        "comment_length": len(answer.comment),
        "version": answer.version,
    }


def answer_save(
    *,
    course: Course,
    item: ChecklistItem,
    answer: str,
    comment: str = "",
    actor: Any,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ChecklistAnswer:
    """Answer one item (Ja / Nej / Irrelevant, or Ved ikke), or change the answer given.

    `expected_version` is the answer's version the user saw (None: they saw no answer).
    """
    now = now or timezone.now()
    if item.checklist.kind == "fidelity":
        raise CourseActionError(_("The fidelity checklist is answered for the programme, not a course."))
    if item.checklist_id not in course_checklist_ids(course):
        raise CourseActionError(_("This item is not on the course's checklists."))
    if answer not in [choice.value for choice in item.checklist.answer_choices]:
        raise CourseActionError(_("Choose one of the answers."), field="answer")
    comment = comment.strip()
    if len(comment) > 500:
        raise CourseActionError(_("Write at most 500 characters."), field="comment")
    conflict = CourseActionError(
        _("Someone else answered this item while you were working. Their answer is shown now."), conflict=True
    )
    with transaction.atomic():
        # The course as it is now, locked: an answer never lands on a course that has just ended.
        if Course.objects.select_for_update().filter(pk=course.pk, end_date__isnull=True).first() is None:
            raise CourseActionError(_("The course has ended and can no longer be changed."), conflict=True)
        existing = ChecklistAnswer.objects.select_for_update().filter(course=course, item=item).first()
        if (existing.version if existing else None) != expected_version:
            raise conflict
        if existing is None:
            try:
                with transaction.atomic():  # two first answers at once: the second is a conflict
                    saved = ChecklistAnswer.objects.create(
                        course=course,
                        item=item,
                        answer=answer,
                        comment=comment,
                        answered_by=actor,
                        answered_at=now,
                    )
            except IntegrityError:
                raise conflict from None
            before = None
        else:
            before = _audit(existing)
            existing.answer, existing.comment = answer, comment
            existing.answered_by, existing.answered_at = actor, now
            existing.version += 1
            existing.save(update_fields=["answer", "comment", "answered_by", "answered_at", "version"])
            saved = existing
        audit_record(
            actor=actor,
            action="checklist.answered",
            obj=saved,
            municipality_id=course.municipality_id,
            citizen_id=course.citizen_id,
            before=before,
            after=_audit(saved),
        )
    return saved


PREVIOUS = {"phase_1": "contact", "phase_2": "phase_1", "phase_3": "phase_2", "ended": "phase_3"}


def transition_record(*, course: Course, to: str, on: dt.date, actor: Any) -> TransitionRecord | None:
    """Keep the transition checklist as it stood, with the timeliness from the clock.

    Called inside the transaction that registers the transition, whose audit row covers it; an
    incomplete checklist is recorded as it is, never refused (time drives the phases).
    """
    period = PREVIOUS.get(to)
    if period is None:
        return None
    if to == "ended":
        # An early end leaves from the period the course was in, not necessarily phase 3.
        before_end = period_on(course.clock_dates(), on - dt.timedelta(days=1))
        period = (
            str(before_end) if before_end is not None and str(before_end) in PREVIOUS.values() else period
        )
    if to == "phase_1" and course.contact_start is None:
        return None  # no contact period: there is no list for the way into phase 1
    listed = course_checklist(course, period)
    rows = listed.transition_rows("end" if to == "ended" else to) if listed else []
    if to == "ended" and period != "phase_3":
        listed, rows = None, []  # ended before phase 3: the end-of-course list does not apply
    schedule = compute_schedule(course.clock_dates(), today=on)
    target = Period.ENDED if to == "ended" else Period(to)
    transition = next((t for t in schedule.transitions if t.to is target), None)
    timeliness = transition.timeliness if transition is not None else None
    record = TransitionRecord.objects.create(
        course=course,
        to_period=to,
        on=on,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        checklist=listed.checklist if listed else None,
        items=[
            {
                "code": row.item.code,
                "text": row.item.text,
                "answer": row.answer.answer if row.answer else None,
                "comment": row.answer.comment if row.answer else "",
            }
            for row in rows
        ],
        answered=sum(1 for row in rows if row.answer is not None),
        total=len(rows),
        timeliness=str(timeliness.status) if timeliness else "",
        timeliness_days=timeliness.days if timeliness else None,
    )
    return record
