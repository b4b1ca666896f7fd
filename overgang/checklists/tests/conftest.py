"""Helpers for the checklist tests: the items of the shared transcriptions, and answering them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def item_of(db: Any) -> Any:
    """item_of("homelessness_phase_1", "p1_moved_in"): the item in the newest shared version."""
    from overgang.checklists.models import ChecklistItem

    def find(checklist_code: str, item_code: str) -> Any:
        return (
            ChecklistItem.objects.select_related("checklist")
            .filter(checklist__code=checklist_code, checklist__programme__isnull=True, code=item_code)
            .order_by("-checklist__version")
            .first()
        )

    return find


@pytest.fixture
def answer(today: dt.date) -> Any:
    """answer(course, item, "yes", by=alice): a first answer through the service."""
    from overgang.checklists.services import answer_save

    def give(course: Any, item: Any, value: str, *, by: Any, comment: str = "", version: Any = None) -> Any:
        return answer_save(
            course=course, item=item, answer=value, comment=comment, actor=by, expected_version=version
        )

    return give


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any) -> Any:
    """Alice's homelessness course in phase 1 since 1 October 2026 (no contact period)."""
    return make_course(alice, homelessness, phase_1=d("2026-10-01"))
