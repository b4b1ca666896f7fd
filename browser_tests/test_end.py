"""A worker ends a course with a reason, through the confirmation page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_ends_a_course_with_a_reason_after_confirming(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=60))
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/")

    page.get_by_test_id("actions").get_by_role("link", name=danish("End the course…")).click()

    expect(page).to_have_url(re.compile(rf"/courses/{course.pk}/end/$"))
    expect(page.locator("main h1")).to_contain_text("Test Borgersen")
    expect(page.locator(".alert-warning")).to_be_visible()
    form = page.get_by_test_id("form-end")
    form.locator("select").select_option("moved")
    screenshot(page, "course-end-confirm")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/courses/{course.pk}/$"))
    expect(page.locator(".alert-success")).to_have_text(danish("The course has ended."))
    expect(page.get_by_test_id("current-period")).to_have_class("og-period og-period-ended")
    expect(page.get_by_test_id("end-reason")).to_contain_text(danish("Moved to another municipality"))
    expect(page.get_by_test_id("schedule")).to_contain_text(dmy(today))
    expect(page.get_by_test_id("actions")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(1)  # only "start over" is left
    expect(page.get_by_test_id("form-restart")).to_be_visible()
    expect(page.get_by_test_id("form-phase")).to_have_count(0)
    expect(page.get_by_test_id("form-pause")).to_have_count(0)
    screenshot(page, "course-ended")


def test_other_as_reason_needs_a_description(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=60))
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/end/")

    form = page.get_by_test_id("form-end")
    form.locator("select").select_option("other")
    form.locator("button[type=submit]").click()

    expect(page.locator(".form-error-message")).to_contain_text(
        danish("Describe the reason for ending the course.")
    )
    expect(page.locator("main h1")).to_contain_text("Test Borgersen")
    screenshot(page, "course-end-error")
    page.goto(f"/courses/{course.pk}/")
    expect(page.get_by_test_id("actions")).to_be_visible()  # nothing was ended
