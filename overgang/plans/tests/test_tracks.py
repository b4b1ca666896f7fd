"""The job programme's CTI plan is structured by the three tracks: job, coping and network."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.plans import services
from overgang.plans.presentation import plan_view
from overgang.plans.tests.conftest import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_plan(alice: Any, job_programme: Any, make_course: Any, today: dt.date) -> Any:
    course = make_course(alice, job_programme, phase_1=dt.date(2026, 10, 1))
    return services.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=today,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
        dimensions=["job", "coping", "network"],
        today=today,
    )


def _add(plan: Any, actor: Any, goal: str, dimension: str) -> None:
    services.focus_area_save(
        plan=fresh(plan), actor=actor, expected_version=fresh(plan).version, goal=goal, dimension=dimension
    )


def test_focus_areas_are_grouped_by_track_in_the_templates_order(job_plan: Any, alice: Any) -> None:
    _add(job_plan, alice, "Flere venner", "network")
    _add(job_plan, alice, "Faste timer", "job")
    _add(job_plan, alice, "Uden track", "")

    tracks = plan_view(fresh(job_plan)).tracks

    assert [t.code for t in tracks] == ["job", "coping", "network", ""]
    assert [[v.area.goal for v in t.areas] for t in tracks] == [
        ["Faste timer"],
        [],
        ["Flere venner"],
        ["Uden track"],
    ]
    assert tracks[0].description


def test_other_programmes_plans_have_no_tracks(plan: Any) -> None:
    assert plan_view(fresh(plan)).tracks == []


def test_the_page_shows_every_track_and_offers_a_focus_area_in_an_empty_one(
    job_plan: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    _add(job_plan, alice, "Faste timer", "job")
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    html = client.get(f"/courses/{job_plan.course_id}/plan/").content.decode()

    assert html.count('data-testid="track-heading"') == 3
    assert html.count('data-testid="track-add"') == 2
    assert "Faste timer" in html
    form = client.get(f"/courses/{job_plan.course_id}/plan/{job_plan.pk}/focus/new/?dimension=coping")
    assert form.context["form"].initial["dimension"] == "coping"
    assert form.context["form"].fields["dimension"].label == "Track"
