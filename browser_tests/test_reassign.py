"""The coordinator gives a course a new CTI worker through the confirmation page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_coordinator_gives_a_course_a_new_worker(
    page: Any, alice: Any, bob: Any, carol: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=10))
    log_in(page, carol)
    page.goto(f"/courses/{course.pk}/")

    page.get_by_test_id("actions").get_by_role("link", name=danish("Change CTI worker…")).click()
    form = page.get_by_test_id("form-reassign")
    form.locator("select").select_option(label="Bob Testsen")
    screenshot(page, "course-reassign")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/courses/{course.pk}/$"), timeout=2_000)
    expect(page.locator(".alert-success")).to_have_text(danish("The course has a new CTI worker."))
    expect(page.get_by_test_id("worker")).to_have_text("Bob Testsen")
