"""Keeps each course's stored next step (`Course.next_step_on`) true when its pauses change.

The services save the course after every pause they write, which stores the step already; these
receivers cover a pause saved or deleted any other way (the admin, a shell, a test's factory)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from overgang.courses.models import NEXT_STEP_FIELDS, Course, Pause


def store_next_steps(course_ids: Any) -> int:
    """Store the next step of these courses from their dates and pauses as the database has them
    (after a bulk write that went around `save()`); returns how many changed."""
    changed = 0
    for course in Course._base_manager.filter(pk__in=course_ids).prefetch_related("pauses"):
        before = (course.next_step_on, course.next_step_paused_from)
        course.set_next_step((p.start, p.resume) for p in course.pauses.all())
        if (course.next_step_on, course.next_step_paused_from) != before:
            Course._base_manager.filter(pk=course.pk).update(
                **{name: getattr(course, name) for name in NEXT_STEP_FIELDS}
            )
            changed += 1
    return changed


@receiver(post_save, sender=Pause, dispatch_uid="courses.pause_saved")
@receiver(post_delete, sender=Pause, dispatch_uid="courses.pause_deleted")
def pause_changed(sender: type[Pause], instance: Pause, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        store_next_steps([instance.course_id])
