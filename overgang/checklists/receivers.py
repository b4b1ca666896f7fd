"""The checklists attach to the course engine's transitions through its signal."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from overgang.checklists.services import transition_record
from overgang.courses.signals import course_transitioned


@receiver(course_transitioned, dispatch_uid="checklists.transition_record")
def record_transition(sender: Any, *, course: Any, to: str, on: Any, actor: Any, **kwargs: Any) -> None:
    transition_record(course=course, to=to, on=on, actor=actor)
