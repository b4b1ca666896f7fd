"""The plan on paper: the citizen's own copy (PDF, the citizen's words first, no internal notes, no
CPR number) and the section for the § 141 action plan (labelled as the CTI plan, CPR shown)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from overgang.plans import services
from overgang.plans.documents import citizen_copy_html, section_141_context
from overgang.plans.tests.conftest import CITIZEN_WORDS, GOAL, SUB_GOALS, fresh

pytestmark = pytest.mark.usefixtures("frozen_today")

FOLLOW_UP_NOTE = "Intern note: borgeren virkede presset"


@pytest.fixture
def followed_up(plan, area, alice, today):
    """The plan with one sub-goal achieved and an internal follow-up note."""
    services.sub_goal_mark(
        plan=plan,
        sub_goal=area.sub_goals.first(),
        achieved_on=dt.date(2026, 11, 10),
        actor=alice,
        expected_version=2,
    )
    services.plan_follow_up(plan=fresh(plan), actor=alice, expected_version=3, on=today, note=FOLLOW_UP_NOTE)
    return fresh(plan)


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def cpr_forms(citizen):
    digits = citizen.cpr.replace("-", "")
    return [digits, f"{digits[:6]}-{digits[6:]}"]


def citizen_copy_url(plan):
    return f"/courses/{plan.course_id}/plan/{plan.pk}/citizen-copy.pdf"


# The citizen's copy ---------------------------------------------------------------------------


def test_the_citizens_copy_is_a_pdf_with_the_plan_in_danish(followed_up, alice, client_for):
    response = client_for(alice).get(citizen_copy_url(followed_up))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    with translation.override("da"):
        heading = gettext("My plan")
    assert text.startswith(heading)
    assert CITIZEN_WORDS in text
    assert GOAL in text
    for sub_goal in SUB_GOALS:
        assert sub_goal in text
    assert "Test Borgersen" in text
    assert "Alice Testsen" in text


def test_the_citizens_copy_is_headed_min_plan_in_danish(plan, alice, client_for):
    assert pdf_text(client_for(alice).get(citizen_copy_url(plan)).content).startswith("Min plan")


def test_the_citizens_copy_follows_the_english_cookie(plan, area, alice, client_for):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    text = pdf_text(client.get(citizen_copy_url(plan)).content)

    assert text.startswith("My plan")
    assert "Small steps on the way" in text
    assert GOAL in text


def test_the_citizens_copy_holds_no_internal_notes_and_no_cpr_number(followed_up, alice, client_for):
    text = pdf_text(client_for(alice).get(citizen_copy_url(followed_up)).content)

    assert "Intern note" not in text
    assert "presset" not in text
    for cpr in cpr_forms(followed_up.course.citizen):
        assert cpr not in text.replace(" ", "")


def test_the_citizens_copy_html_puts_the_citizens_words_before_the_goals(followed_up):
    with translation.override("en"):
        html = citizen_copy_html(followed_up)

    assert html.index(CITIZEN_WORDS) < html.index(GOAL)
    assert "<h1>My plan</h1>" in html
    assert "I have reached 1 of 2 small steps." in html
    assert "The citizen and the CTI worker together" in html
    assert "Boligrådgiver Hanne" in html  # the contacts to involve
    assert FOLLOW_UP_NOTE not in html
    for cpr in cpr_forms(followed_up.course.citizen):
        assert cpr not in html


def test_the_citizens_copy_names_the_network_person_responsible(plan, alice):
    services.focus_area_save(
        plan=plan,
        actor=alice,
        expected_version=1,
        goal="Komme til fodbold om tirsdagen",
        responsibility="network",
        responsible_name="Onkel Bent",
    )

    with translation.override("en"):
        html = citizen_copy_html(fresh(plan))

    assert "A named person from the network: Onkel Bent" in html


def test_the_citizens_copy_is_in_the_active_language(plan, area):
    with translation.override("en"):
        english = citizen_copy_html(fresh(plan))
    with translation.override("da"):
        danish = citizen_copy_html(fresh(plan))
        heading = gettext("My plan")

    assert f"<h1>{heading}</h1>" in danish
    assert 'lang="da"' in danish
    assert 'lang="en"' in english
    assert GOAL in danish
    assert GOAL in english


# The section for the § 141 action plan -----------------------------------------------------------


def test_the_section_141_page_is_labelled_as_the_cti_plan_and_shows_the_cpr_number(
    followed_up, alice, client_for
):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.get(f"/courses/{followed_up.course_id}/plan/{followed_up.pk}/section-141/")

    assert response.status_code == 200
    html = response.content.decode()
    label_start = html.index('data-testid="section-label"')
    label = html[label_start : html.index("</p>", label_start)]
    assert "CTI plan" in label
    assert "section 141" in label
    assert GOAL in html
    for sub_goal in SUB_GOALS:
        assert sub_goal in html
    assert "achieved 10-11-2026" in html
    assert followed_up.course.citizen.cpr_display in html
    assert "Test Borgersen" in html


def test_the_section_141_page_in_danish_carries_the_plans_data(followed_up, alice, client_for):
    response = client_for(alice).get(f"/courses/{followed_up.course_id}/plan/{followed_up.pk}/section-141/")

    html = response.content.decode()
    assert 'data-testid="section-label"' in html
    assert GOAL in html
    assert CITIZEN_WORDS in html
    assert followed_up.course.citizen.cpr_display in html


def test_the_section_context_counts_the_sub_goals_achieved(followed_up):
    context = section_141_context(followed_up)

    assert (context["view"].achieved, context["view"].total) == (1, 2)
    assert context["citizen"] == followed_up.course.citizen
