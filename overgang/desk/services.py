"""Writes on the coordinator's desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.accounts.models import User
from overgang.audit.services import audit_record, snapshot
from overgang.courses.access import courses_visible_to
from overgang.courses.services import CourseActionError, course_reassign_worker
from overgang.desk.models import AlertAcknowledgement
from overgang.desk.selectors import alerts_for


def alert_acknowledge(
    *, user: Any, alert_key: str, comment: str, today: dt.date | None = None
) -> AlertAcknowledgement:
    """A worker (or coordinator) notes what they do about an alert they can see."""
    today = today or timezone.localdate()
    if not user.can_change_courses:
        raise PermissionDenied  # managers read; a comment is part of the course's documentation
    comment = (comment or "").strip()
    if not comment:
        raise CourseActionError(_("Write a short comment on what you do about the alert."), field="comment")
    if len(comment) > 2000:
        raise CourseActionError(_("The comment can be at most 2000 characters."), field="comment")
    item = next((i for i in alerts_for(user, today=today) if i.alert.key == alert_key), None)
    if item is None:
        raise CourseActionError(_("The alert is no longer active, or you cannot see it."), conflict=True)
    ack = AlertAcknowledgement.objects.create(
        course=item.course,
        municipality_id=user.municipality_id,
        alert_key=alert_key,
        user=user,
        comment=comment,
    )
    audit_record(
        actor=user,
        action="alert.acknowledged",
        obj=ack,
        citizen_id=item.course.citizen_id if item.course else None,
        after=snapshot(ack, ["alert_key", "comment"]),
    )
    return ack


def worker_caseload_move(
    *, from_worker: User, to_worker: User, on: dt.date, actor: Any, today: dt.date | None = None
) -> int:
    """Move every active course of a worker (who leaves, say) to another, keeping the history."""
    if from_worker.pk == to_worker.pk:
        raise CourseActionError(_("Choose another worker to take over."), field="worker")
    courses = list(courses_visible_to(actor).filter(worker=from_worker, end_date__isnull=True).order_by("pk"))
    if not courses:
        raise CourseActionError(_("The worker has no active courses you can move."), conflict=True)
    with transaction.atomic():
        for course in courses:
            course_reassign_worker(course=course, worker=to_worker, on=on, actor=actor, today=today)
    return len(courses)
