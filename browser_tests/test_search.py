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
    # The term travels in a POST body: the address never carries it (it may be a CPR number).
    expect(page).to_have_url(re.compile(r"/citizens/search/$"))
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


def test_a_search_by_cpr_number_keeps_the_number_out_of_the_address(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    # The CPR guard (overgang/privacy/testing/cpr_guard.py) also checks every URL the live server saw.
    course = make_course(alice, homelessness, phase_1=today, first_name="Carla", last_name="Cprsen")
    cpr = course.citizen.cpr_display
    log_in(page, alice)
    page.goto("/citizens/search/")

    page.locator("#id_q").press_sequentially(cpr, delay=20)
    expect(page.get_by_test_id("search-results")).to_contain_text("Carla Cprsen")
    page.locator("#id_q").press("Enter")  # the plain form submit, too

    expect(page.get_by_test_id("search-results")).to_contain_text("Carla Cprsen")
    expect(page).to_have_url(re.compile(r"/citizens/search/$"))
    assert cpr[:6] not in page.url
