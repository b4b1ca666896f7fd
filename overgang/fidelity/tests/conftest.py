"""Helpers for the fidelity tests (besides the people of the root conftest).

- carol coordinates the homelessness programme (alice and bob work in it); she reviews fidelity.
- manny the manager reads; alice, a worker, may not review; mallory "should have no access".
- The homelessness programme answers appendix 4 (31 items; 4 have evidence: caseload, timeliness,
  plans, supervision). The job programme has no fidelity checklist.

Today is 22 November 2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def checklist(homelessness: Any) -> Any:
    """Appendix 4 as the homelessness programme answers it."""
    from overgang.checklists.selectors import checklist_for

    found = checklist_for(homelessness, "fidelity")
    assert found is not None
    return found


@pytest.fixture
def items(checklist: Any) -> list[Any]:
    return list(checklist.items.all())


@pytest.fixture
def item_with(items: list[Any]) -> Any:
    """item_with("plans"): the item the system has evidence for."""

    def find(evidence: str) -> Any:
        (found,) = [item for item in items if item.evidence == evidence]
        return found

    return find


def answers_for(items: list[Any], answer: str = "yes", **by_code: str) -> dict[int, str]:
    """Every item answered `answer`, except those named by their item code."""
    return {item.pk: by_code.get(item.code, answer) for item in items}


@pytest.fixture
def review(carol: Any, homelessness: Any, checklist: Any, items: list[Any], today: dt.date) -> Any:
    """Make a review through the service: review(on=date, yes=20, no=5) answers the first items Ja,
    the next Nej and the rest Ved ikke; no evidence, so no reasons are needed."""
    from overgang.fidelity.services import review_create

    def make(*, on: dt.date, yes: int, no: int, course: Any = None, actor: Any = None) -> Any:
        answers = {}
        for index, item in enumerate(items):
            answers[item.pk] = "yes" if index < yes else "no" if index < yes + no else "unknown"
        return review_create(
            programme=homelessness,
            checklist=checklist,
            reviewed_on=on,
            answers=answers,
            reasons={},
            evidence={},
            actor=actor or carol,
            course=course,
            today=today,
        )

    return make
