"""The handover and the ending (issue 6): the worker makes a handover plan with the one person who
holds the long-term responsibility, registers a handover meeting with people from the network, marks
the ending and writes the closing letter, and sees it all on the page.

The new pages' strings may not be translated yet, so elements are found by data-testid, name or
role, and the assertions are about the data the test entered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import log_in, screenshot
from overgang.method.dates import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GOALS = "Blive boende i lejligheden og se min datter hver uge"
AGREED = "Sagsbehandleren overtager ansvaret. Bostøtte starter 1. i næste måned."


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any, today: dt.date) -> Any:
    """Sofie is in phase 3, about three weeks before the planned end."""
    from overgang.courses import services

    phase_1 = add_months(today, -8) - dt.timedelta(days=10)
    course = make_course(alice, homelessness, phase_1=phase_1, first_name="Sofie", last_name="Nielsen")
    for phase in (2, 3):
        course = services.course_start_phase(
            course=course, phase=phase, on=add_months(phase_1, 3 * (phase - 1)), actor=alice, today=today
        )
    return course


@pytest.fixture
def network(course: Any, alice: Any) -> dict[str, Any]:
    from overgang.network.models import NetworkPerson

    def person(role: str, name: str) -> Any:
        return NetworkPerson.objects.create(
            citizen=course.citizen,
            municipality_id=course.municipality_id,
            role=role,
            name=name,
            created_by=alice,
        )

    return {
        "case_worker": person("case_worker_adults", "Sanne Sagsbehandler"),
        "sister": person("family", "Søs Nielsen"),
    }


def test_the_worker_makes_a_handover_plan_and_a_meeting(
    page: Any, course: Any, network: Any, alice: Any, today: dt.date
) -> None:
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_test_id("handover-link").click()
    page.wait_for_url(f"**/courses/{course.pk}/handover/")
    expect(page.get_by_test_id("handover-missing")).to_be_visible()

    # The plan.
    page.get_by_test_id("handover-plan-edit").click()
    form = page.get_by_test_id("form-handover-plan")
    form.locator("textarea[name=long_term_goals]").fill(GOALS)
    form.locator("textarea[name=support_needs]").fill("Hjælp til post og økonomi")
    form.locator("select[name=responsible]").select_option(str(network["case_worker"].pk))
    form.locator("select[name=continued_support]").select_option("sel_85")
    form.locator("input[name=support_decided_on]").fill(today.isoformat())
    screenshot(page, "issue6-handover-plan-form")
    form.locator("button[type=submit]").first.click()
    page.wait_for_url(f"**/courses/{course.pk}/handover/")
    plan = page.get_by_test_id("handover-plan")
    expect(plan).to_contain_text(GOALS)
    expect(page.get_by_test_id("handover-responsible")).to_contain_text("Sanne Sagsbehandler")

    # A meeting with two people from the network and one from outside it.
    page.get_by_test_id("handover-meeting-new").click()
    form = page.get_by_test_id("form-handover-meeting")
    form.locator("input[name=held_on]").fill(today.isoformat())
    form.get_by_label("Sanne Sagsbehandler", exact=False).check()
    form.get_by_label("Søs Nielsen", exact=False).check()
    form.locator("input[name=other_participants]").fill("Bostøttemedarbejder")
    form.locator("textarea[name=agreed]").fill(AGREED)
    screenshot(page, "issue6-handover-meeting-form")
    form.locator("button[type=submit]").first.click()
    page.wait_for_url(f"**/courses/{course.pk}/handover/")
    meeting = page.get_by_test_id("handover-meeting")
    expect(meeting).to_have_count(1)
    expect(meeting).to_contain_text("Sanne Sagsbehandler")
    expect(meeting).to_contain_text("Søs Nielsen")
    expect(meeting).to_contain_text("Bostøttemedarbejder")
    expect(meeting).to_contain_text(AGREED)
    expect(page.get_by_test_id("handover-missing")).to_have_count(0)

    # The ending: marked, and a closing letter prefilled with the citizen's first name.
    celebration = page.get_by_test_id("form-celebration")
    celebration.locator("input[name=note]").fill("Kaffe og kage på café")
    celebration.locator("button[type=submit]").click()
    page.wait_for_url(f"**/courses/{course.pk}/handover/**")
    expect(page.get_by_test_id("handover-celebration")).to_contain_text("Kaffe og kage på café")
    page.get_by_test_id("handover-letter-open").click()
    text = page.locator("textarea[name=text]")
    assert "Sofie" in text.input_value()
    screenshot(page, "issue6-closing-letter")
    page.get_by_test_id("form-closing-letter").locator("button[type=submit]").click()
    expect(page.get_by_test_id("letter-pdf")).to_be_visible()

    page.goto(f"/courses/{course.pk}/handover/")
    expect(page.get_by_test_id("handover-letter-pdf")).to_be_visible()
    screenshot(page, "issue6-handover", phone=True)

    from overgang.handover.models import HandoverMeeting, HandoverPlan

    assert HandoverPlan.objects.get(course=course).responsible_id == network["case_worker"].pk
    assert set(HandoverMeeting.objects.get(course=course).participants.values_list("pk", flat=True)) == {
        network["case_worker"].pk,
        network["sister"].pk,
    }


def test_removing_a_meeting_asks_first(
    page: Any, course: Any, network: Any, alice: Any, today: dt.date
) -> None:
    from overgang.handover import services
    from overgang.handover.models import HandoverMeeting

    services.meeting_add(course=course, actor=alice, today=today, held_on=today, other_participants="Mor")
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/handover/")
    page.get_by_test_id("handover-meeting").get_by_role("link").nth(1).click()
    expect(page.get_by_test_id("form-handover-meeting-remove")).to_be_visible()
    assert HandoverMeeting.objects.filter(course=course).count() == 1
    page.get_by_test_id("handover-meeting-remove-confirm").click()
    page.wait_for_url(f"**/courses/{course.pk}/handover/")
    expect(page.get_by_test_id("handover-meeting")).to_have_count(0)
    assert not HandoverMeeting.objects.filter(course=course).exists()


def test_the_coordinator_sees_the_missing_handover_and_keeps_the_letter_template(
    page: Any, course: Any, carol: Any
) -> None:
    log_in(page, carol)
    page.goto("/desk/alerts/")
    alert = page.locator("[data-alert=no_handover]")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("Sofie Nielsen")
    screenshot(page, "issue6-no-handover-alert")

    page.goto(f"/courses/{course.pk}/handover/")
    page.get_by_test_id("letter-template-link").click()
    form = page.get_by_test_id("form-letter-template")
    form.locator("textarea[name=text_da]").fill(
        "Kære {first_name}\n\nTak for et godt forløb.\n\n{worker_name}"
    )
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("letter-template-status")).to_contain_text("Carol")
    screenshot(page, "issue6-letter-template")

    from overgang.handover.models import ClosingLetterTemplate

    assert ClosingLetterTemplate.objects.get(programme=course.programme).text_da.startswith(
        "Kære {first_name}"
    )
