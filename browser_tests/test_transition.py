"""A worker registers the transition event: phase 1 starts and the schedule gets its dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, dmy, log_in, screenshot
from overgang.method.dates import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_registers_the_transition_event_and_phase_1_starts(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, contact=today - dt.timedelta(days=30))
    lease_signed = today - dt.timedelta(days=5)
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/")
    expect(page.get_by_test_id("current-period")).to_have_text(danish("Contact period"))
    screenshot(page, "course-contact-period")

    form = page.get_by_test_id("form-phase")
    expect(form).to_contain_text("Lejekontrakt underskrevet")
    form.locator("input[type=date]").fill(lease_signed.isoformat())
    form.get_by_role("button").click()

    expect(page.locator(".alert-success")).to_have_text(danish("The transition is registered."))
    expect(page.get_by_test_id("current-period")).to_have_text(danish("Phase 1"))
    schedule = page.get_by_test_id("schedule")
    phase_1_row = schedule.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=danish("Phase 1"), exact=True)
    )
    expect(phase_1_row).to_contain_text(dmy(lease_signed))
    # 9 months in three phases: phase 2 is planned three months after the transition event.
    expect(schedule.locator("tr[data-transition=phase_2]")).to_contain_text(dmy(add_months(lease_signed, 3)))
    expect(schedule.locator("tr[data-transition=phase_3]")).to_contain_text(dmy(add_months(lease_signed, 6)))
    # The next form asks for phase 2, no longer for the transition event.
    expect(page.get_by_test_id("form-phase")).not_to_contain_text("Lejekontrakt underskrevet")
    screenshot(page, "course-phase-1-registered")
