"""Fixtures for the CTI plan: alice's citizen in phase 1, a plan made with the citizen, and a focus
area with two sub-goals. `plan_state` captures everything a write could touch, so a test can say
"nothing was saved" in one line.

The course: contact period from 1 September 2026, phase 1 from 1 October 2026 (homelessness, 9
months, so 3-month phases: planned phase 2 on 1 January 2027, phase 3 on 1 April 2027, end on
1 July 2027). Today is 22 November 2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.audit.models import AuditEntry
from overgang.plans import services
from overgang.plans.models import CtiPlan, FocusArea, PlanRevision, SubGoal

CONTACT_START = dt.date(2026, 9, 1)
PHASE_1_START = dt.date(2026, 10, 1)
PLAN_MADE_ON = dt.date(2026, 10, 5)

CITIZEN_WORDS = "Jeg vil have min egen lejlighed og se min datter igen."
GOAL = "Flytte ind i egen bolig inden jul."
SUB_GOALS = ("Ringe til boligselskabet", "Søge boligstøtte")


def fresh(plan: CtiPlan) -> CtiPlan:
    """The plan as the database holds it now."""
    return CtiPlan.objects.select_related("course__programme", "worker").get(pk=plan.pk)


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any) -> Any:
    return make_course(alice, homelessness, contact=CONTACT_START, phase_1=PHASE_1_START)


@pytest.fixture
def plan(course: Any, alice: Any, today: dt.date) -> CtiPlan:
    return services.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=PLAN_MADE_ON,
        starts_on=PHASE_1_START,
        ends_on=dt.date(2026, 12, 31),
        dimensions=["housing", "network"],
        citizen_words=CITIZEN_WORDS,
        today=today,
    )


@pytest.fixture
def area(plan: CtiPlan, alice: Any) -> FocusArea:
    """A focus area with two sub-goals, neither achieved yet (plan version 2 afterwards)."""
    return services.focus_area_save(
        plan=plan,
        actor=alice,
        expected_version=fresh(plan).version,
        dimension="housing",
        reason="Hun har boet på herberg i to år.",
        goal=GOAL,
        responsibility="both",
        activities="Besøg hos boligselskabet.",
        time_horizon="Inden udgangen af fase 1",
        contacts="Boligrådgiver Hanne, 12 34 56 78",
        sub_goals=[services.SubGoalInput(text=text) for text in SUB_GOALS],
    )


@pytest.fixture
def plan_state() -> Any:
    """Everything a write to the plan could touch, as plain values."""

    def capture(plan: CtiPlan) -> tuple[Any, ...]:
        current = CtiPlan.objects.get(pk=plan.pk)
        return (
            current.version,
            current.made_on,
            current.starts_on,
            current.ends_on,
            list(current.dimensions),
            current.citizen_words,
            list(
                FocusArea.objects.filter(plan=current)
                .order_by("pk")
                .values_list("pk", "goal", "dimension", "responsibility", "responsible_name")
            ),
            list(
                SubGoal.objects.filter(focus_area__plan=current)
                .order_by("pk")
                .values_list("pk", "text", "achieved_on")
            ),
            list(PlanRevision.objects.filter(plan=current).values_list("number", "kind", "note")),
            # A refused attempt is logged (access.denied) but changes nothing.
            AuditEntry.objects.exclude(action="access.denied").count(),
        )

    return capture
