"""The change compass (issue 6): the citizen rates in citizen mode on the worker's screen, the worker
rates separately, and both show in the radar, the lines over time and the disagreement view.

The new pages' strings may not be translated yet, so elements are found by data-testid, name or
data attributes, and the assertions are about the values the test entered.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DESKTOP, PHONE, log_in, screenshot
from overgang.method.dates import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The citizen's and the worker's ratings in the round at the end of phase 1 (shelter instrument).
CITIZEN = {
    "safety": 8,
    "self_care": 6,
    "social_network": 4,
    "physical_health": 7,
    "mental_health": 5,
    "housing": 9,
    "finances": 3,
    "labour_market": 2,
    "children": 8,
    "stimulants": 9,
}
WORKER = {
    "safety": 5,
    "self_care": 6,
    "social_network": 5,
    "physical_health": 6,
    "mental_health": 5,
    "housing": 7,
    "finances": 3,
    "labour_market": 3,
    "children": 7,
    "stimulants": 8,
}


@pytest.fixture
def shelter(municipality: Any, alice: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    programme = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="shelter"), name="Krisecenter"
    )
    programme.workers.add(alice)
    return programme


@pytest.fixture
def course(alice: Any, shelter: Any, make_course: Any, today: dt.date) -> Any:
    """Mette is near the end of phase 1 (its round is due) and rated the contact round earlier."""
    from overgang.compass.services import round_rate

    phase_1 = add_months(today, -3) + dt.timedelta(days=3)
    contact = phase_1 - dt.timedelta(days=40)
    course = make_course(
        alice, shelter, contact=contact, phase_1=phase_1, first_name="Mette", last_name="Hansen"
    )
    on = contact + dt.timedelta(days=10)
    first = round_rate(
        course=course,
        slot="contact",
        respondent="citizen",
        values={key: str(max(1, value - 3)) for key, value in CITIZEN.items()},
        rated_on=on,
        actor=alice,
        expected_version=0,
        today=today,
    )
    round_rate(
        course=course,
        slot="contact",
        respondent="worker",
        values={key: str(max(1, value - 2)) for key, value in WORKER.items()},
        rated_on=on,
        actor=alice,
        expected_version=first.version,
        today=today,
    )
    return course


def test_citizen_and_worker_rate_a_round_and_both_show_in_the_charts(
    page: Any, alice: Any, course: Any
) -> None:
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_test_id("compass-link").click()
    page.wait_for_url(f"**/courses/{course.pk}/compass/")
    expect(page.locator('tr[data-slot="phase_1"]')).to_have_attribute("data-status", "due")
    expect(page.locator('tr[data-slot="contact"]')).to_have_attribute("data-status", "done")

    # Citizen mode: nothing but Mette's first name and the questions.
    page.get_by_test_id("citizen-mode-phase_1").click()
    page.wait_for_url("**/phase_1/citizen/")
    expect(page.get_by_test_id("citizen-mode")).to_contain_text("Mette")
    assert "Hansen" not in page.content()
    assert page.locator("nav, header, .og-nav").count() == 0
    assert page.locator("fieldset.og-cm-question").count() == 10
    assert page.locator("input[type=radio]:checked").count() == 0  # not even the earlier rounds
    screenshot(page, "issue6-compass-citizen-mode", phone=True)

    # By touch/mouse for all but one, by keyboard for the last: arrows move within the scale.
    for key, value in CITIZEN.items():
        if key != "stimulants":
            page.locator(f'label[for="c-{key}-{value}"]').click()
    page.locator('label[for="c-stimulants-7"]').click()
    page.locator("#c-stimulants-7").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#c-stimulants-9")).to_be_checked()
    screenshot(page, "issue6-compass-citizen-mode-filled")
    page.get_by_test_id("citizen-save").click()
    page.wait_for_url("**/phase_1/citizen/done/")
    expect(page.get_by_test_id("citizen-done")).to_contain_text("Mette")
    screenshot(page, "issue6-compass-citizen-done")
    page.get_by_test_id("leave-citizen-mode").click()
    page.wait_for_url(re.compile(r".*/compass/\?round=phase_1$"))
    expect(page.locator('tr[data-slot="phase_1"]')).to_have_attribute("data-status", "partly")

    # The worker rates on their own page, without seeing the citizen's answers.
    page.get_by_test_id("worker-rate-phase_1").click()
    page.wait_for_url("**/phase_1/worker/")
    assert page.locator("input[type=radio][value]:checked:not([value=''])").count() == 0
    for key, value in WORKER.items():
        page.locator(f'label[for="w-{key}-{value}"]').click()
    page.fill('textarea[name="note-safety"]', "Vi taler om sikkerheden ved næste møde.")
    screenshot(page, "issue6-compass-worker-rating")
    page.locator('form[data-testid="form-worker-rating"] button[type=submit]').click()
    page.wait_for_url(re.compile(r".*/compass/\?round=phase_1$"))
    expect(page.locator('tr[data-slot="phase_1"]')).to_have_attribute("data-status", "done")

    # Both are in the radar …
    radar = page.get_by_test_id("compass-radar")
    for key in CITIZEN:
        expect(
            radar.locator(f'g[data-respondent="citizen"] circle[data-dimension="{key}"]')
        ).to_have_attribute("data-value", str(CITIZEN[key]))
        expect(radar.locator(f'g[data-respondent="worker"] rect[data-dimension="{key}"]')).to_have_attribute(
            "data-value", str(WORKER[key])
        )
    table = page.get_by_test_id("compass-round-table")
    expect(table.locator('tr[data-dimension="safety"] td[data-respondent="citizen"]')).to_have_text("8")
    expect(table.locator('tr[data-dimension="safety"] td[data-respondent="worker"]')).to_have_text("5")
    # … the largest disagreement comes first …
    gaps = page.get_by_test_id("compass-disagreement").locator("li[data-dimension]")
    expect(gaps.first).to_have_attribute("data-dimension", "safety")
    expect(gaps.first).to_have_attribute("data-difference", "3")
    expect(page.get_by_test_id("compass-notes")).to_contain_text("Vi taler om sikkerheden")
    # … and the lines over time have both rounds for both respondents.
    housing = page.get_by_test_id("compass-lines").locator('figure[data-dimension="housing"]')
    expect(housing.locator('g[data-respondent="citizen"] circle')).to_have_count(2)
    expect(housing.locator('g[data-respondent="worker"] rect')).to_have_count(2)
    expect(housing.locator('g[data-respondent="citizen"] circle').nth(1)).to_have_attribute("data-value", "9")
    screenshot(page, "issue6-compass-charts", phone=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
    page.goto(f"/courses/{course.pk}/compass/phase_1/citizen/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)


def test_the_coordinator_edits_the_instrument_and_past_rounds_keep_their_labels(
    page: Any, carol: Any, shelter: Any, course: Any
) -> None:
    shelter.coordinators.add(carol)
    log_in(page, carol)
    page.goto(f"/programmes/{shelter.pk}/compass/")
    form = page.get_by_test_id("form-instrument")
    rows = form.locator("tbody tr")
    expect(rows).to_have_count(12)  # ten dimensions and two empty rows
    stimulants = form.locator('tr[data-key="stimulants"]')
    stimulants.locator("label[for$='-retired']").click()
    expect(stimulants.locator("input[type=checkbox]")).to_be_checked()
    housing = form.locator('tr[data-key="housing"]')
    housing.locator('input[name$="-label_da"]').fill("Kvindens bolig")
    housing.locator('input[name$="-position"]').fill("0")
    new = form.locator("tr.og-instrument-new").first
    new.locator('input[name$="-label_da"]').fill("Kvindens fritid")
    new.locator('input[name$="-label_en"]').fill("The woman's free time")
    new.locator('input[name$="-help_da"]').fill("Hvordan vurderer du din fritid?")
    screenshot(page, "issue6-compass-instrument-editor")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/programmes/{shelter.pk}/compass/")
    keys = form.locator("tbody tr[data-key]:not([data-key=''])")
    expect(keys.first).to_have_attribute("data-key", "housing")
    expect(form.locator('tr[data-key="the_woman_s_free_time"]')).to_have_count(1)

    # The contact round rated stimulants before it was retired: it still shows, with its label.
    page.goto(f"/courses/{course.pk}/compass/?round=contact")
    table = page.get_by_test_id("compass-round-table")
    expect(table.locator('tr[data-dimension="stimulants"] th')).to_contain_text(
        "At kvinden håndterer sit forbrug af stimulanser"
    )
    expect(table.locator('tr[data-dimension="stimulants"] td[data-respondent="citizen"]')).to_have_text("6")
    expect(table.locator('tr[data-dimension="housing"] th')).to_contain_text("Kvindens bolig")
    expect(table.locator("tbody tr").first).to_have_attribute("data-dimension", "housing")
    # New ratings use the new list: the free time, not stimulants.
    page.goto(f"/courses/{course.pk}/compass/phase_1/citizen/")
    expect(page.locator('fieldset[data-dimension="stimulants"]')).to_have_count(0)
    expect(page.locator('fieldset[data-dimension="the_woman_s_free_time"] legend')).to_have_text(
        "Hvordan vurderer du din fritid?"
    )
