"""The programme's coordinator sees every course of the programme, whoever the worker is."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_coordinator_sees_all_courses_of_her_programme(
    page: Any,
    alice: Any,
    bob: Any,
    carol: Any,
    homelessness: Any,
    job_programme: Any,
    make_course: Any,
    today: dt.date,
) -> None:
    make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=5), first_name="Anna", last_name="Andersen"
    )
    make_course(bob, homelessness, contact=today - dt.timedelta(days=5), first_name="Bent", last_name="Berg")
    make_course(alice, job_programme, first_name="Jens", last_name="Jobsen")  # not carol's programme

    log_in(page, carol)

    expect(page.locator("main h1")).to_have_text(danish("Courses"))
    expect(page.get_by_test_id("caseload")).to_have_count(0)  # a coordinator carries no caseload
    table = page.get_by_test_id("course-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tr", has_text="Anna Andersen")).to_contain_text("Alice Testsen")
    expect(table.locator("tr", has_text="Bent Berg")).to_contain_text("Bob Testsen")
    expect(table).not_to_contain_text("Jens Jobsen")
    screenshot(page, "overview-coordinator", phone=True)

    page.locator("#filter-worker").select_option(label="Bob Testsen")

    expect(page).to_have_url(re.compile(rf"/courses/\?worker={bob.pk}$"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Bent Berg")
    expect(page.get_by_test_id("caseload")).to_contain_text("Bob Testsen")
    screenshot(page, "overview-coordinator-bob")
