"""The course's intensity and contact norm: on the journal page, and as the compact card
`{% intensity_summary course %}` for the course page.

Today is 2026-11-22 (frozen). The homelessness programme's norms are the template's: contact
period and phase 1 weekly, phase 2 every 14 days, phase 3 every 30 days.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from overgang.courses import services as course_services
from overgang.courses.access import get_course_for_user
from overgang.journal.services import contact_entry_create

pytestmark = pytest.mark.usefixtures("frozen_today")

CPH = ZoneInfo("Europe/Copenhagen")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def contact(course, on: str, minutes: int = 60, status: str = "happened"):
    return contact_entry_create(
        course=course,
        actor=course.worker,
        occurred_at=dt.datetime.fromisoformat(f"{on} 10:00").replace(tzinfo=CPH),
        duration_minutes=minutes,
        kind="home_visit",
        status=status,
        citizen_present=True,
    )


@pytest.fixture
def client_for(client_for):
    """The project's logged-in client, reading the pages in English (the msgids)."""

    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def in_phase_2(alice, homelessness, make_course, today):
    """Phase 1 from 2026-08-01, phase 2 from 2026-11-01."""
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    return course_services.course_start_phase(
        course=course, phase=2, on=d("2026-11-01"), actor=alice, today=today
    )


@pytest.fixture
def whole_course(alice, homelessness, make_course, today):
    """Contact period 2026-01-05 (4 weeks), phase 1 2026-02-02 (13 weeks), phase 2 2026-05-04
    (13 weeks), phase 3 2026-08-03: 112 days = 16 weeks up to and including today.

    26 h in phase 1, 13 h in phase 2 and 8 h in phase 3: 2, 1 and 0.5 hours per week, 4 : 2 : 1.
    The last contact is 2026-11-13, 9 days ago.
    """
    course = make_course(alice, homelessness, contact=d("2026-01-05"), phase_1=d("2026-02-02"))
    for phase, on in ((2, "2026-05-04"), (3, "2026-08-03")):
        course = course_services.course_start_phase(
            course=course, phase=phase, on=d(on), actor=alice, today=today
        )
    contact(course, "2026-02-10", 780)
    contact(course, "2026-04-10", 780)
    contact(course, "2026-06-10", 780)
    contact(course, "2026-09-10", 240)
    contact(course, "2026-11-13", 240)
    return course


def journal_url(course) -> str:
    return f"/courses/{course.pk}/journal/"


def card(user, course) -> str:
    """The inclusion tag rendered in English for a course fetched the way the course page does."""
    course = get_course_for_user(user, course.pk)
    with translation.override("en"):
        return Template("{% load journal_tags %}{% intensity_summary course %}").render(
            Context({"course": course})
        )


# --- the journal page -------------------------------------------------------------------------------


def test_the_journal_says_how_long_since_the_last_contact_against_the_norm(alice, in_phase_2, client_for):
    contact(in_phase_2, "2026-11-13")

    response = client_for(alice).get(journal_url(in_phase_2))

    assertContains(response, "Last contact 9 days ago; the norm in phase 2 is every 14 days.")
    assertContains(response, "Within the norm.")
    assert response.context["norm"].days_since == 9
    assert not response.context["norm"].behind


def test_the_journal_warns_when_the_course_is_behind_the_norm(alice, in_phase_2, client_for):
    contact(in_phase_2, "2026-11-02")

    response = client_for(alice).get(journal_url(in_phase_2))

    assertContains(response, "Last contact 20 days ago; the norm in phase 2 is every 14 days.")
    assertContains(response, "Behind the norm: 6 days over the norm.")


def test_without_any_contact_the_days_count_from_the_start_of_the_period(
    alice, homelessness, make_course, client_for
):
    course = make_course(alice, homelessness, phase_1=d("2026-11-01"))

    response = client_for(alice).get(journal_url(course))

    assertContains(
        response, "No contact registered yet: phase 1 started 21 days ago; the norm is every 7 days."
    )
    assertContains(response, "Behind the norm: 14 days over the norm.")


def test_only_contacts_that_took_place_count_as_the_last_contact(alice, in_phase_2, client_for):
    contact(in_phase_2, "2026-11-02")
    contact(in_phase_2, "2026-11-20", status="cancelled")
    contact(in_phase_2, "2026-11-21", status="no_show")

    response = client_for(alice).get(journal_url(in_phase_2))

    assert response.context["norm"].last_contact == d("2026-11-02")
    assertContains(response, "Last contact 20 days ago")


def test_the_journal_follows_the_programmes_own_norm(alice, homelessness, in_phase_2, client_for):
    homelessness.contact_norms = {"contact": 7, "phase_1": 7, "phase_2": 21, "phase_3": 30}
    homelessness.save(update_fields=["contact_norms"])
    contact(in_phase_2, "2026-11-02")

    response = client_for(alice).get(journal_url(in_phase_2))

    assertContains(response, "the norm in phase 2 is every 21 days.")
    assertNotContains(response, "Behind the norm")


def test_a_course_only_referred_has_no_norm_yet(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, referral=d("2026-11-10"))

    response = client_for(alice).get(journal_url(course))

    assert response.context["norm"] is None
    assertNotContains(response, 'data-testid="norm-status"')


def test_the_manager_reads_the_norm_status_too(manny, in_phase_2, client_for):
    contact(in_phase_2, "2026-11-13")

    response = client_for(manny).get(journal_url(in_phase_2))

    assertContains(response, "Last contact 9 days ago")


# --- the card for the course page ----------------------------------------------------------------------


def test_the_card_gives_hours_per_week_in_the_current_period(alice, whole_course):
    html = card(alice, whole_course)

    # 8 h over 16 weeks in phase 3.
    assert 'data-testid="hours-per-week">0.5 ' in html
    assert "Hours per week, Phase 3" in html
    assert "2 contacts" in html


def test_the_card_gives_the_ratio_against_4_2_1_once_it_is_known(alice, whole_course):
    html = card(alice, whole_course)

    assert 'data-testid="ratio">4 : 2 : 1 ' in html


def test_the_card_gives_the_norm_status_and_links_to_the_journal(alice, whole_course):
    html = card(alice, whole_course)

    assert "Last contact 9 days ago; the norm in phase 3 is every 30 days." in html
    assert "Within the norm." in html
    assert f'href="/courses/{whole_course.pk}/journal/"' in html


def test_the_card_has_no_ratio_before_phase_3(alice, in_phase_2):
    contact(in_phase_2, "2026-09-01", 120)
    contact(in_phase_2, "2026-11-02", 120)

    html = card(alice, in_phase_2)

    assert 'data-testid="ratio"' not in html
    # 2 h in the 22 days of phase 2 so far: 14/22 h per week, shown as 0.6.
    assert 'data-testid="hours-per-week">0.6 ' in html
    assert "Behind the norm: 6 days over the norm." in html


def test_the_card_for_a_course_only_referred(alice, homelessness, make_course):
    course = make_course(alice, homelessness, referral=d("2026-11-10"))

    html = card(alice, course)

    assert "Not yet in the contact period or a phase." in html
    assert 'data-testid="norm-status"' not in html


def test_the_card_costs_a_few_queries(alice, whole_course, django_assert_max_num_queries):
    course = get_course_for_user(alice, whole_course.pk)

    with django_assert_max_num_queries(2), translation.override("en"):
        Template("{% load journal_tags %}{% intensity_summary course %}").render(Context({"course": course}))
