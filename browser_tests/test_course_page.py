"""A worker opens a course from her overview and sees its facts, timeline and schedule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import PHONE, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_opens_a_course_from_her_overview(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    phase_1 = today - dt.timedelta(days=20)
    course = make_course(alice, homelessness, phase_1=phase_1, first_name="Anna", last_name="Andersen")
    log_in(page, alice)

    page.get_by_test_id("course-table").get_by_role("link", name="Anna Andersen").click()

    expect(page).to_have_url(re.compile(rf"/courses/{course.pk}/$"))
    expect(page.get_by_test_id("citizen-name")).to_have_text("Anna Andersen")
    expect(page.get_by_test_id("current-period")).to_have_class("og-period og-period-phase_1")
    expect(page.get_by_test_id("worker")).to_have_text("Alice Testsen")
    expect(page.locator("main")).to_contain_text("Lejekontrakt underskrevet")  # the transition event
    expect(page.get_by_test_id("timeline")).to_be_visible()
    schedule = page.get_by_test_id("schedule")
    expect(schedule).to_contain_text(dmy(phase_1))
    expect(schedule.locator("tr[data-transition=phase_2]")).to_be_visible()
    expect(page.get_by_test_id("actions")).to_be_visible()
    screenshot(page, "course", phone=True)


def test_the_course_page_fits_a_phone_screen(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=20))
    log_in(page, alice)
    page.set_viewport_size(PHONE)

    page.goto(f"/courses/{course.pk}/")

    expect(page.get_by_test_id("schedule")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
