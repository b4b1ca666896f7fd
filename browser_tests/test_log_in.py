"""A worker logs in through the real form and lands on 'Mine borgere' with her caseload."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_logs_in_and_sees_her_citizens_with_the_caseload_gauge(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=10), first_name="Anna", last_name="Andersen"
    )
    make_course(
        alice, homelessness, contact=today - dt.timedelta(days=3), first_name="Bent", last_name="Berg"
    )

    page.goto("/login/")
    screenshot(page, "login")
    log_in(page, alice)

    expect(page.locator("main h1")).to_have_text("Mine borgere")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    caseload = page.get_by_test_id("caseload")
    expect(caseload).to_be_visible()
    expect(caseload.locator(".og-gauge")).to_be_visible()
    # Phase 1 weighs 2 and the contact period 0.5 units of the 10 a full-time worker carries.
    expect(page.get_by_test_id("caseload-units")).to_have_text("2,5 / 10")
    table = page.get_by_test_id("course-table")
    expect(table).to_contain_text("Anna Andersen")
    expect(table).to_contain_text("Bent Berg")
    screenshot(page, "overview", phone=True)


def test_a_wrong_password_keeps_the_user_on_the_login_page(page: Any, alice: Any) -> None:
    page.goto("/login/")
    page.fill("#id_username", alice.username)
    page.fill("#id_password", PASSWORD + " wrong")
    page.locator("main button[type=submit]").click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))
    screenshot(page, "login-failed")
