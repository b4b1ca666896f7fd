"""The caseload board: every worker's figures, who can take the next citizen, and moving a whole
caseload from one worker to another through the confirmation page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_coordinator_moves_a_whole_caseload_to_another_worker(
    page: Any, alice: Any, bob: Any, carol: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    days = dt.timedelta
    # Weights in homelessness: contact period 0.5, phase 1 2; capacity 10 units per FTE.
    make_course(alice, homelessness, phase_1=today - days(10), first_name="Anna", last_name="Andersen")
    make_course(bob, homelessness, contact=today - days(5), first_name="Bent", last_name="Berg")
    make_course(bob, homelessness, phase_1=today - days(20), first_name="Birthe", last_name="Bach")

    log_in(page, carol)
    page.get_by_role("navigation", name=danish("Main menu")).get_by_role(
        "link", name=danish("Caseload"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/desk/caseload/$"))
    expect(page.locator("main h1")).to_have_text(danish("Caseload board"))

    alices = page.locator(f"[data-worker='{alice.pk}']")
    bobs = page.locator(f"[data-worker='{bob.pk}']")
    expect(page.get_by_test_id("board").locator(".og-board-card")).to_have_count(2)
    expect(alices.locator("h2")).to_contain_text("Alice Testsen")
    expect(alices.locator(".og-gauge-figures")).to_contain_text("2 / 10")
    expect(alices.locator(".og-gauge-figures")).to_contain_text("20 %")
    expect(bobs.locator("h2")).to_contain_text("Bob Testsen")
    expect(bobs.locator("h2")).to_contain_text(danish("FTE %(fte)s") % {"fte": "0,5"})
    expect(bobs.locator(".og-gauge-figures")).to_contain_text("2,5 / 5")
    expect(bobs.locator(".og-gauge-figures")).to_contain_text("50 %")
    expect(bobs).to_contain_text(f"{danish('Phase 1')}: 1")
    # The vendored Chart.js draws the forecast: now and the next 12 weeks.
    expect(bobs.get_by_test_id("forecast-chart")).to_have_attribute("data-drawn", "true")
    chart_points = page.evaluate(
        "(id) => Chart.getChart(document.querySelector(`[data-worker='${id}'] canvas`)).data.labels.length",
        bob.pk,
    )
    assert chart_points == 13

    ranking = page.get_by_test_id("ranking")
    expect(page.get_by_role("heading", name=danish("Who can take the next citizen"))).to_be_visible()
    expect(ranking.locator("li")).to_have_count(2)
    expect(ranking.locator("li").first).to_contain_text("Alice Testsen")  # the lower load first
    expect(ranking.locator("li").first).to_contain_text(danish("room now"))
    expect(ranking.locator("li").nth(1)).to_contain_text("Bob Testsen")
    screenshot(page, "desk-board", phone=True)

    bobs.get_by_role("link", name=danish("Move the whole caseload…")).click()

    expect(page).to_have_url(re.compile(rf"/desk/caseload/{bob.pk}/move/$"))
    expect(page.locator("main h1")).to_contain_text("Bob Testsen")
    form = page.get_by_test_id("form-move")
    worker = form.locator("select")
    expect(worker.locator("option", has_text="Bob Testsen")).to_have_count(0)  # not to himself
    worker.select_option(label="Alice Testsen")
    expect(form.locator("input[type=date]")).to_have_value(today.isoformat())
    screenshot(page, "desk-move-caseload")
    form.get_by_role("button", name=danish("Confirm: move the caseload")).click()

    expect(page).to_have_url(re.compile(r"/desk/caseload/$"))
    expect(page.locator(".alert-success")).to_have_text("2 forløb er flyttet til Alice Testsen.")
    expect(bobs).to_contain_text(danish("No active courses."))
    expect(bobs.locator(".og-gauge-figures")).to_contain_text("0 %")
    expect(alices.locator(".og-gauge-figures")).to_contain_text("4,5 / 10")  # 2 + 0.5 + 2
    expect(alices.locator(".og-gauge-figures")).to_contain_text("45 %")
    expect(alices).to_contain_text(f"{danish('Phase 1')}: 2")
    expect(ranking.locator("li").first).to_contain_text("Bob Testsen")  # now the one with room
    screenshot(page, "desk-board-after-move", phone=True)

    # Bob's courses list agrees: nothing left for him, everything with alice.
    page.goto(f"/courses/?worker={bob.pk}")
    expect(page.get_by_test_id("course-table").locator("tbody tr")).to_have_count(0)
    page.goto(f"/courses/?worker={alice.pk}")
    expect(page.get_by_test_id("course-table").locator("tbody tr")).to_have_count(3)
    screenshot(page, "desk-board-alices-courses-after-move")
