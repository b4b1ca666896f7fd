"""The caseload gauge says the same thing to the eye and to a screen reader."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_full_time_worker_hears_the_share_she_sees(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(alice, homelessness, phase_1=today - dt.timedelta(days=10))  # 2 of 10 units
    log_in(page, alice)

    caseload = page.get_by_test_id("caseload")
    expect(caseload.locator(".og-gauge-figures")).to_contain_text("20 %")
    expect(caseload.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"^20 %"))


def test_a_part_time_worker_hears_the_share_he_sees(
    page: Any, bob: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(bob, homelessness, contact=today - dt.timedelta(days=3))  # 0.5 of his 5 units
    log_in(page, bob)

    caseload = page.get_by_test_id("caseload")
    expect(caseload.get_by_test_id("caseload-units")).to_have_text("0,5 / 5")
    expect(caseload.locator(".og-gauge-figures")).to_contain_text("10 %")
    expect(caseload.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"^10 %"), timeout=1_000)


def test_the_gauge_and_the_forecast_are_drawn_to_scale(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(alice, homelessness, phase_1=today - dt.timedelta(days=10))  # 2 of 10 units: 20 %
    log_in(page, alice)
    caseload = page.get_by_test_id("caseload")
    caseload.locator("details summary").click()

    gauge_share = caseload.locator(".og-gauge").evaluate(
        "gauge => gauge.firstElementChild.offsetWidth / gauge.clientWidth"
    )
    first_bar_share = caseload.locator(".og-forecast-bar").first.evaluate(
        "bar => bar.offsetHeight / bar.parentElement.clientHeight"
    )
    assert (round(gauge_share, 2), round(first_bar_share, 2)) == (0.2, 0.2)
