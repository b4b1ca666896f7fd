"""A user switches the interface from Danish (the default) to English and back."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_switches_the_interface_to_english(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=10), first_name="Anna", last_name="Andersen"
    )
    log_in(page, alice)
    expect(page.locator("html")).to_have_attribute("lang", "da")

    page.locator("header").get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/courses/$"))  # the switch stays on the same page
    expect(page.locator("main h1")).to_have_text("My citizens")
    expect(page.get_by_role("navigation")).to_contain_text("Find citizen")
    expect(page.locator("header")).to_contain_text("Log out")
    expect(page.get_by_test_id("course-table")).to_contain_text("Phase 1")
    expect(page.get_by_test_id("caseload")).to_contain_text("2 / 10 weighted units · 20 % of capacity")
    gauge_share = page.locator(".og-gauge").evaluate(
        "gauge => gauge.firstElementChild.offsetWidth / gauge.clientWidth"
    )
    assert round(gauge_share, 2) == 0.2  # with a decimal point the gauge is drawn to scale
    screenshot(page, "overview-english", phone=True)

    page.goto("/citizens/search/")
    expect(page.locator("main h1")).to_have_text("Find citizen")  # the choice sticks

    page.locator("header").get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("main h1")).to_have_text("Find borger")
