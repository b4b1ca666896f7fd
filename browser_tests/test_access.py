"""A worker cannot open a colleague's course: it looks exactly like a missing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_gets_not_found_for_a_colleagues_course(
    page: Any, alice: Any, bob: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today, first_name="Anna", last_name="Andersen")
    log_in(page, bob)

    response = page.goto(f"/courses/{course.pk}/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Anna Andersen")
    forbidden_text = page.locator("body").inner_text()
    screenshot(page, "course-not-found")

    missing = page.goto(f"/courses/{course.pk + 1000}/")

    assert missing is not None
    assert missing.status == 404
    assert page.locator("body").inner_text() == forbidden_text  # forbidden looks exactly like missing
    page.goto("/courses/")
    expect(page.locator("main")).not_to_contain_text("Anna Andersen")
