"""Writing a fidelity review: validated, atomic and audited. Bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.checklists.models import Checklist
from overgang.checklists.selectors import checklist_for
from overgang.courses.access import user_can_manage_programme
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.fidelity.evidence import Evidence
from overgang.fidelity.models import FidelityAnswer, FidelityReview
from overgang.method.dates import add_months
from overgang.programmes.models import Programme

ANSWERS = ("yes", "no", "unknown")


def review_create(
    *,
    programme: Programme,
    checklist: Checklist,
    reviewed_on: dt.date | None,
    answers: Mapping[int, str],
    reasons: Mapping[int, str],
    evidence: Mapping[int, Evidence],
    actor: Any,
    course: Course | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> FidelityReview:
    """Save a review: every item answered Ja, Nej or Ved ikke; an answer other than the evidence's
    suggestion needs a reason (it is the reviewer's call, and it is documented)."""
    today = today or timezone.localdate()
    if reviewed_on is None:
        raise CourseActionError(_("Enter the date of the review."), field="reviewed_on")
    if reviewed_on > today:
        raise CourseActionError(_("The review cannot be dated in the future."), field="reviewed_on")
    if reviewed_on < add_months(today, -36):
        raise CourseActionError(
            _("The date is more than three years ago. Check the date."), field="reviewed_on"
        )
    if course is not None and course.programme_id != programme.pk:
        raise CourseActionError(_("The course is not in this programme."), field="course")
    if not user_can_manage_programme(actor, programme):
        raise CourseActionError(
            _("Only the programme's coordinators and administrators may review its fidelity.")
        )
    if checklist_for(programme, "fidelity") != checklist:
        raise CourseActionError(_("This is not the programme's fidelity checklist."))
    if len(note.strip()) > 4000:
        raise CourseActionError(_("Write at most 4000 characters."), field="note")
    if any(len((reason or "").strip()) > 500 for reason in reasons.values()):
        raise CourseActionError(_("Write a reason of at most 500 characters."), field="answers")
    items = list(checklist.items.all())
    missing = [item for item in items if answers.get(item.pk) not in ANSWERS]
    if missing:
        raise CourseActionError(
            _("Answer every item (Yes, No or Don't know): %(count)s not answered.") % {"count": len(missing)},
            field="answers",
        )
    for item in items:
        found = evidence.get(item.pk)
        if (
            found
            and found.suggested
            and answers[item.pk] != found.suggested
            and not reasons.get(item.pk, "").strip()
        ):
            raise CourseActionError(
                _("Give a reason where your answer differs from what the data shows: “%(item)s”.")
                % {"item": item.label},
                field="answers",
            )
    with transaction.atomic():
        review = FidelityReview.objects.create(
            municipality_id=programme.municipality_id,
            programme=programme,
            course=course,
            checklist=checklist,
            reviewed_on=reviewed_on,
            reviewer=actor,
            note=note.strip(),
        )
        FidelityAnswer.objects.bulk_create(
            FidelityAnswer(
                review=review,
                item=item,
                answer=answers[item.pk],
                suggested=(evidence[item.pk].suggested or "") if item.pk in evidence else "",
                evidence=evidence[item.pk].text if item.pk in evidence else "",
                reason=(reasons.get(item.pk) or "").strip(),
            )
            for item in items
        )
        score = review.score()
        audit_record(
            actor=actor,
            action="fidelity.reviewed",
            obj=review,
            municipality_id=programme.municipality_id,
            citizen_id=course.citizen_id if course else None,
            after={
                "programme": programme.pk,
                "course": course.pk if course else None,
                "reviewed_on": str(reviewed_on),
                "yes": score.yes,
                "no": score.no,
                "unknown": score.unknown,
            },
        )
    return review
