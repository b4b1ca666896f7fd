"""The checklists on the course page and the checklist page: groups and items per period, the
transitions documented, audited reads, and a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.audit.models import AuditEntry
from overgang.checklists.models import Checklist
from overgang.checklists.selectors import course_checklist
from overgang.checklists.services import answer_save
from overgang.courses import services

from .conftest import d

pytestmark = pytest.mark.usefixtures("frozen_today")


def page(course, period=None):
    return f"/courses/{course.pk}/checklist/" + (f"?period={period}" if period else "")


def between(html, start_marker, end_marker):
    """The part of the page from the element carrying `start_marker` to `end_marker`."""
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def count(html, testid):
    return html.count(f'data-testid="{testid}"')


# --- the course page --------------------------------------------------------------------------------


def test_the_course_page_shows_the_current_periods_checklist_card(alice, course, item_of, answer, client_for):
    answer(course, item_of("homelessness_phase_1", "p1_trusting_relation"), "no", by=alice)

    response = client_for(alice).get(f"/courses/{course.pk}/")

    assert response.status_code == 200
    assertTemplateUsed(response, "checklists/_card.html")
    card = between(response.content.decode(), 'data-testid="checklist-card"', "</section>")
    assert "Tjekliste til 1. fase i CTI-indsatsen" in card
    assert f"/courses/{course.pk}/checklist/?period=phase_1" in card
    assert "1/9" in card  # the first group: one of nine answered
    assert card.count("<li>") == 11


def test_the_card_follows_the_period(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, contact=d("2026-11-01"))

    response = client_for(alice).get(f"/courses/{course.pk}/")

    card = between(response.content.decode(), 'data-testid="checklist-card"', "</section>")
    assert "Tjekliste ved overgangen til 1. CTI-fase" in card
    assert "?period=contact" in card


def test_a_referred_course_has_no_checklist_card(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    response = client_for(alice).get(f"/courses/{course.pk}/")

    assert response.status_code == 200
    assertNotContains(response, 'data-testid="checklist-card"')


def test_the_phase_form_shows_the_transition_items(alice, course, item_of, answer, client_for):
    answer(course, item_of("homelessness_phase_1", "p1_moved_in"), "yes", by=alice)
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.get(f"/courses/{course.pk}/")

    html = response.content.decode()
    form = between(html, 'data-testid="form-phase"', "</form>")
    assert 'data-testid="transition-checklist"' in form
    listing = between(form, 'data-testid="transition-checklist"', "</details>")
    assert "Checklist for the transition: 1 of 6 answered" in listing
    assert listing.count("<li>") == 6
    transition = Checklist.objects.get(code="homelessness_phase_1").items.filter(transition="phase_2")
    for item in transition:
        assert escape(item.text["en"]) in listing
    outside = item_of("homelessness_phase_1", "p1_trusting_relation")
    assert escape(outside.text["en"]) not in listing


def test_in_the_contact_period_the_phase_form_shows_the_contact_list(
    alice, homelessness, make_course, client_for
):
    course = make_course(alice, homelessness, contact=d("2026-11-01"))

    response = client_for(alice).get(f"/courses/{course.pk}/")

    form = between(response.content.decode(), 'data-testid="form-phase"', "</form>")
    listing = between(form, 'data-testid="transition-checklist"', "</details>")
    assert listing.count("<li>") == 4
    assert "?period=contact" in listing


def test_a_manager_sees_the_card_but_no_phase_form(manny, course, client_for):
    response = client_for(manny).get(f"/courses/{course.pk}/")

    assertContains(response, 'data-testid="checklist-card"')
    assertNotContains(response, 'data-testid="transition-checklist"')


# --- the checklist page -----------------------------------------------------------------------------


def test_the_checklist_page_lists_every_group_and_item(alice, course, client_for):
    response = client_for(alice).get(page(course, "phase_1"))

    assert response.status_code == 200
    assertTemplateUsed(response, "checklists/checklist.html")
    html = response.content.decode()
    assert count(html, "check-group") == 11
    assert count(html, "check-item") == 56
    codes = re.findall(r'data-testid="check-item" data-item="([a-z0-9_]+)"', html)
    assert codes == list(
        Checklist.objects.get(code="homelessness_phase_1")
        .items.order_by("position")
        .values_list("code", flat=True)
    )
    assert "Ved overgang til 2. fase" in html
    assert response.context["listed"].checklist.code == "homelessness_phase_1"


def test_the_checklist_page_opens_on_the_current_period(alice, course, client_for):
    response = client_for(alice).get(page(course))

    assert response.context["period"] == "phase_1"
    assert count(response.content.decode(), "check-item") == 56


@pytest.mark.parametrize(("period", "items"), [("contact", 4), ("phase_2", 43), ("phase_3", 29)])
def test_the_checklist_page_shows_any_period_on_request(alice, course, client_for, period, items):
    response = client_for(alice).get(page(course, period))

    assert response.status_code == 200
    assert count(response.content.decode(), "check-item") == items


@pytest.mark.parametrize("period", ["phase_9", "fidelity", "ended"])
def test_an_unknown_period_is_not_found(alice, course, client_for, period):
    response = client_for(alice).get(page(course, period))

    assert response.status_code == 404


def test_the_page_shows_the_answers_given(alice, course, item_of, answer, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    answer(course, item, "irrelevant", by=alice)

    response = client_for(alice).get(page(course, "phase_1"))

    assertContains(response, f'id="answer-{item.pk}-irrelevant" name="answer" value="irrelevant" checked')
    assertContains(response, 'data-testid="check-answered"', count=1)
    assert response.context["listed"].answered == 1


def test_the_manager_reads_the_answers_without_a_form(manny, alice, course, item_of, answer, client_for):
    answer(course, item_of("homelessness_phase_1", "p1_trusting_relation"), "yes", by=alice)

    response = client_for(manny).get(page(course, "phase_1"))

    assert response.status_code == 200
    assertNotContains(response, 'name="answer"')
    assert count(response.content.decode(), "check-item") == 56


def test_an_ended_course_shows_no_answer_forms(alice, course, client_for, today):
    services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)

    response = client_for(alice).get(page(course, "phase_1"))

    assert response.status_code == 200
    assertNotContains(response, 'name="answer"')


@pytest.mark.parametrize("who", ["bob", "mallory", "dave"])
def test_the_checklist_page_is_not_found_for_people_who_cannot_see_the_course(
    who, bob, mallory, dave, course, client_for
):
    user = {"bob": bob, "mallory": mallory, "dave": dave}[who]

    response = client_for(user).get(page(course, "phase_1"))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="checklist.viewed").exists()


def test_reading_the_checklist_page_is_audited(alice, course, client_for):
    client_for(alice).get(page(course, "phase_1"))

    entry = AuditEntry.objects.get(action="checklist.viewed")
    assert entry.actor == alice
    assert entry.citizen_id == course.citizen_id
    assert entry.object_id == str(course.pk)
    assert entry.municipality_id == course.municipality_id


def test_documented_transitions_are_listed(
    alice, homelessness, make_course, item_of, answer, client_for, today
):
    course = make_course(alice, homelessness, contact=d("2026-07-01"))
    services.course_start_phase(course=course, phase=1, on=d("2026-08-01"), actor=alice, today=today)
    answer(course, item_of("homelessness_phase_1", "p1_moved_in"), "yes", by=alice)
    services.course_start_phase(course=course, phase=2, on=d("2026-11-15"), actor=alice, today=today)
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.get(page(course, "phase_2"))

    html = response.content.decode()
    assert count(html, "transition-record") == 2
    records = between(html, 'data-testid="transition-records"', "</section>")
    assert "Phase 1 started" in records
    assert "Phase 2 started" in records
    assert "checklist 1 of 6 answered" in records
    assert "14 days late" in records


def test_no_transitions_documented_no_list(alice, course, client_for):
    response = client_for(alice).get(page(course, "phase_1"))

    assertNotContains(response, 'data-testid="transition-record"')


def test_the_job_programmes_page_shows_the_generic_lists(alice, job_programme, make_course, client_for):
    course = make_course(alice, job_programme, phase_1=d("2026-10-01"))

    response = client_for(alice).get(page(course, "phase_1"))

    html = response.content.decode()
    assert count(html, "check-group") == 1
    assert count(html, "check-item") == 9


# --- queries ----------------------------------------------------------------------------------------


def test_the_checklist_page_costs_the_same_however_many_answers(
    alice, course, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(page(course, "phase_1"))  # warm the session
    with CaptureQueriesContext(connection) as unanswered:
        client.get(page(course, "phase_1"))
    listed = course_checklist(course, "phase_1")
    for group in listed.groups:
        for row in group.rows:
            answer_save(course=course, item=row.item, answer="no", comment="kommentar", actor=alice)

    with django_assert_max_num_queries(len(unanswered)):
        response = client.get(page(course, "phase_1"))

    assert response.context["listed"].answered == 56
    assert len(unanswered) < 30
