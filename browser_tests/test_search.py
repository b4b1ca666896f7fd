"""A worker finds a citizen by typing a name: htmx shows the results while she types."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def citizens(alice: Any, bob: Any, homelessness: Any, make_course: Any, today: dt.date) -> None:
    make_course(alice, homelessness, phase_1=today, first_name="Anna", last_name="Andersen")
    make_course(alice, homelessness, first_name="Bent", last_name="Berg")
    make_course(bob, homelessness, first_name="Annette", last_name="Bobsen")  # bob's citizen


def test_a_worker_finds_her_citizen_by_name_as_she_types(page: Any, alice: Any, citizens: None) -> None:
    log_in(page, alice)
    page.get_by_role("navigation").get_by_role("link", name=danish("Find citizen")).click()
    expect(page).to_have_url(re.compile(r"/citizens/search/$"))

    page.locator("#id_q").press_sequentially("ann", delay=50)

    results = page.get_by_test_id("search-results")
    expect(results).to_be_visible()
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Anna Andersen")
    expect(results).not_to_contain_text("Bent Berg")
    expect(results).not_to_contain_text("Annette Bobsen")  # a colleague's citizen stays hidden
    expect(page).to_have_url(
        re.compile(r"/citizens/search/\?q=ann$")
    )  # htmx pushes the query into the address
    screenshot(page, "search-results", phone=True)

    results.get_by_role("link", name="Anna Andersen").click()
    expect(page.get_by_test_id("citizen-name")).to_have_text("Anna Andersen")


def test_a_search_without_matches_says_so(page: Any, alice: Any, citizens: None) -> None:
    log_in(page, alice)
    page.goto("/citizens/search/")

    page.locator("#id_q").press_sequentially("Zacharias", delay=20)

    expect(page.get_by_test_id("no-results")).to_contain_text("Zacharias")
    expect(page.get_by_test_id("search-results")).to_have_count(0)
    screenshot(page, "search-no-results")
