"""The live phase plan (appendix 5): the coordinator sees her programme, filters by worker, and the
course that needs action comes first; a worker sees only her own slice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Phase 1 began 120 days ago: phase 2 was planned about 30 days ago, far beyond the 7 days' tolerance.
OVERDUE_PHASE_1 = 120


@pytest.fixture
def citizens(
    alice: Any, bob: Any, homelessness: Any, job_programme: Any, make_course: Any, today: dt.date
) -> dict[str, Any]:
    days = dt.timedelta
    return {
        "anna": make_course(
            alice, homelessness, phase_1=today - days(10), first_name="Anna", last_name="Andersen"
        ),
        # Alphabetically last of alice's, so first place can only come from being overdue.
        "otto": make_course(
            alice, homelessness, phase_1=today - days(OVERDUE_PHASE_1), first_name="Otto", last_name="Olsen"
        ),
        "bent": make_course(bob, homelessness, contact=today - days(5), first_name="Bent", last_name="Berg"),
        "birthe": make_course(
            bob, homelessness, phase_1=today - days(20), first_name="Birthe", last_name="Bach"
        ),
        # Not carol's programme: she never sees it, alice does.
        "jens": make_course(alice, job_programme, first_name="Jens", last_name="Jobsen"),
    }


def open_phase_plan_from_the_menu(page: Any) -> None:
    menu = page.get_by_role("navigation", name=danish("Main menu"))
    menu.get_by_role("link", name=danish("Phase plan"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/desk/phase-plan/$"))
    expect(page.locator("main h1")).to_have_text(danish("Phase plan"))


def test_the_coordinator_filters_the_phase_plan_by_worker(
    page: Any, carol: Any, bob: Any, citizens: dict[str, Any]
) -> None:
    log_in(page, carol)
    open_phase_plan_from_the_menu(page)

    plan = page.get_by_test_id("phase-plan")
    expect(plan).to_have_count(1)  # one programme: carol coordinates homelessness only
    rows = plan.locator("tbody tr")
    expect(rows).to_have_count(4)
    for name, worker in [
        ("Anna Andersen", "Alice Testsen"),
        ("Otto Olsen", "Alice Testsen"),
        ("Bent Berg", "Bob Testsen"),
        ("Birthe Bach", "Bob Testsen"),
    ]:
        expect(rows.filter(has_text=name)).to_contain_text(worker)
    expect(plan).not_to_contain_text("Jens Jobsen")
    # What needs action comes first: the overdue course, marked as such.
    first = rows.first
    expect(first.locator("td").first).to_have_text("Otto Olsen")
    expect(first).to_have_class(re.compile(r"\bog-row-overdue\b"))
    expect(first).to_contain_text(danish("overdue"))
    expect(page.locator("tr.og-row-overdue")).to_have_count(1)
    screenshot(page, "desk-phase-plan-coordinator", phone=True)

    page.locator("#pp-worker").select_option(label="Bob Testsen")
    page.get_by_role("button", name=danish("Show"), exact=True).click()

    expect(page).to_have_url(re.compile(rf"/desk/phase-plan/\?.*worker={bob.pk}"))
    expect(page.locator("#pp-worker option:checked")).to_have_text("Bob Testsen")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Bent Berg")).to_have_count(1)
    expect(rows.filter(has_text="Birthe Bach")).to_have_count(1)
    expect(plan.locator("tbody td:nth-child(2)")).to_have_text(["Bob Testsen", "Bob Testsen"])
    expect(plan).not_to_contain_text("Anna Andersen")
    expect(plan).not_to_contain_text("Otto Olsen")
    # The download buttons carry the filter, so the files hold what the page shows.
    expect(page.get_by_test_id("export-xlsx")).to_have_attribute("href", re.compile(rf"worker={bob.pk}"))
    expect(page.get_by_test_id("export-pdf")).to_have_attribute("href", re.compile(rf"worker={bob.pk}"))
    screenshot(page, "desk-phase-plan-coordinator-bob")


def test_a_worker_sees_only_her_own_rows(page: Any, alice: Any, bob: Any, citizens: dict[str, Any]) -> None:
    log_in(page, alice)
    open_phase_plan_from_the_menu(page)

    expect(page.locator("#pp-worker")).to_have_count(0)  # nobody else's courses to choose
    plans = page.get_by_test_id("phase-plan")
    expect(plans).to_have_count(2)  # her two programmes: homelessness and job
    expect(page.locator("main h2")).to_contain_text(["Hjemløshed", "Job"])
    rows = plans.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(plans.locator("tbody td:nth-child(2)")).to_have_text(["Alice Testsen"] * 3)
    expect(rows.first.locator("td").first).to_have_text("Otto Olsen")
    for name in ("Anna Andersen", "Otto Olsen", "Jens Jobsen"):
        expect(rows.filter(has_text=name)).to_have_count(1)
    for name in ("Bent Berg", "Birthe Bach"):
        expect(page.locator("main")).not_to_contain_text(name)
    screenshot(page, "desk-phase-plan-worker", phone=True)

    # Asking for a colleague's slice in the address changes nothing.
    page.goto(f"/desk/phase-plan/?worker={bob.pk}")
    expect(rows).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text("Bent Berg")


def test_the_phase_plan_is_called_faseplan_in_danish(page: Any, carol: Any, citizens: dict[str, Any]) -> None:
    """The literal Danish words, not the catalogue's: an untranslated desk would show "Phase plan"."""
    log_in(page, carol)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    menu = page.get_by_role("navigation", name=danish("Main menu"))
    menu.get_by_role("link", name="Faseplan", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Faseplan")


def right_edge(locator: Any) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"]


def test_the_phase_plan_fits_a_desktop_screen(page: Any, carol: Any, citizens: dict[str, Any]) -> None:
    log_in(page, carol)
    page.goto("/desk/phase-plan/")
    plan = page.get_by_test_id("phase-plan")
    expect(plan.locator("tbody tr")).to_have_count(4)

    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert (sideways, right_edge(plan) <= right_edge(page.locator("header .container"))) == (0, True)
