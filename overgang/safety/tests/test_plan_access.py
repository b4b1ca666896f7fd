"""Who may see a safety plan: the course's CTI worker and the programme's coordinators, nobody else.
Forbidden looks exactly like missing (404), and every look is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services

pytestmark = pytest.mark.django_db

PAGES = ["safety:plan", "safety:history"]
AUDIT = {"safety:plan": "safety.plan_viewed", "safety:history": "safety.plan_history_viewed"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("person", ["alice", "carol"])
def test_the_worker_and_the_coordinator_see_the_plan_and_the_look_is_logged(
    request: Any, client_for: Any, shelter_course: Any, page: str, person: str, frozen_today: Any
) -> None:
    user = request.getfixturevalue(person)

    response = client_for(user).get(reverse(page, args=[shelter_course.pk]))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AUDIT[page])
    assert entry.actor == user
    assert entry.citizen_id == shelter_course.citizen_id


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("person", ["bob", "manny", "dave", "mallory", "administrator", "erin"])
def test_everyone_else_gets_not_found_and_no_view_is_logged(
    request: Any, client_for: Any, shelter_course: Any, page: str, person: str, frozen_today: Any
) -> None:
    user = request.getfixturevalue(person)

    response = client_for(user).get(reverse(page, args=[shelter_course.pk]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AUDIT[page]).exists()


def test_the_manager_can_read_the_course_but_not_its_safety_plan(
    client_for: Any, manny: Any, shelter_course: Any, frozen_today: Any
) -> None:
    client = client_for(manny)

    assert client.get(reverse("courses:detail", args=[shelter_course.pk])).status_code == 200
    assert client.get(reverse("safety:plan", args=[shelter_course.pk])).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_log_in(client: Any, shelter_course: Any, page: str) -> None:
    response = client.get(reverse(page, args=[shelter_course.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_courses_outside_the_shelter_programme_have_no_safety_plan(
    client_for: Any, alice: Any, carol: Any, homelessness: Any, make_course: Any, page: str, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today)

    assert client_for(alice).get(reverse(page, args=[course.pk])).status_code == 404
    assert client_for(carol).get(reverse(page, args=[course.pk])).status_code == 404


def test_a_colleague_who_had_the_citizen_before_cannot_see_the_new_course_plan(
    client_for: Any, alice: Any, bob: Any, shelter: Any, make_course: Any, today: dt.date, frozen_today: Any
) -> None:
    """Bob had the woman's earlier course and can still read it; the course she has with alice now,
    and its safety plan, are not his."""
    earlier = make_course(bob, shelter, phase_1=today - dt.timedelta(days=200))
    course_services.course_end(
        course=earlier, on=today - dt.timedelta(days=20), reason="refuses", actor=bob, today=today
    )
    now = course_services.course_restart(
        course=earlier, referral_date=today - dt.timedelta(days=10), actor=alice, worker=alice, today=today
    )
    bob_client = client_for(bob)

    assert bob_client.get(reverse("courses:detail", args=[earlier.pk])).status_code == 200
    assert bob_client.get(reverse("safety:plan", args=[now.pk])).status_code == 404
    assert bob_client.get(reverse("safety:history", args=[now.pk])).status_code == 404
    assert client_for(alice).get(reverse("safety:plan", args=[now.pk])).status_code == 200


def test_a_reassigned_worker_loses_the_plan(
    client_for: Any, alice: Any, bob: Any, carol: Any, shelter_course: Any, today: dt.date, frozen_today: Any
) -> None:
    course_services.course_reassign_worker(
        course=shelter_course, worker=bob, on=today, actor=carol, today=today
    )

    assert client_for(alice).get(reverse("safety:plan", args=[shelter_course.pk])).status_code == 404
    assert client_for(bob).get(reverse("safety:plan", args=[shelter_course.pk])).status_code == 200


def test_the_course_page_links_to_the_plan_only_for_those_who_may_see_it(
    client_for: Any, alice: Any, carol: Any, manny: Any, shelter_course: Any, frozen_today: Any
) -> None:
    url = reverse("courses:detail", args=[shelter_course.pk])

    for user in (alice, carol):
        assert 'data-testid="safety-link"' in client_for(user).get(url).content.decode()
    assert 'data-testid="safety-link"' not in client_for(manny).get(url).content.decode()


def test_no_link_on_a_course_outside_the_shelter_programme(
    client_for: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date, frozen_today: Any
) -> None:
    course = make_course(alice, homelessness, phase_1=today)

    page = client_for(alice).get(reverse("courses:detail", args=[course.pk])).content.decode()

    assert 'data-testid="safety-link"' not in page
    assert 'data-testid="plan-link"' in page


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_pages_only_answer_get(client_for: Any, alice: Any, shelter_course: Any, method: str) -> None:
    response = getattr(client_for(alice), method)(reverse("safety:plan", args=[shelter_course.pk]))

    assert response.status_code == 405
