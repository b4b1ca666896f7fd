"""A homelessness course on 2026-11-22: contact period from 1 July, phase 1 from 20 August.

Its contact round (due 31 July) is overdue, its phase 1 round (due 20 November) is due.
"""

from __future__ import annotations

import datetime as dt

import pytest

CONTACT = dt.date(2026, 7, 1)
PHASE_1 = dt.date(2026, 8, 20)
HOMELESSNESS_KEYS = [
    "housing",
    "mental_health",
    "physical_health",
    "finances",
    "daily_activities",
    "network",
    "substance_use",
    "education_employment",
]


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness, contact=CONTACT, phase_1=PHASE_1, first_name="Sanne")


@pytest.fixture
def rate(today):
    """rate(course, slot, respondent, {key: value}) through the service, as the course's worker."""
    from overgang.compass.models import CompassRound
    from overgang.compass.services import round_rate

    def enter(course, slot, respondent, values, *, notes=None, on=None, actor=None):
        existing = CompassRound.objects.filter(course=course, slot=slot).first()
        return round_rate(
            course=course,
            slot=slot,
            respondent=respondent,
            values={k: str(v) for k, v in values.items()},
            notes=notes,
            rated_on=on or today,
            actor=actor or course.worker,
            expected_version=existing.version if existing else 0,
            today=today,
        )

    return enter
