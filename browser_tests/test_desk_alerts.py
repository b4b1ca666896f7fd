"""A worker comments on an overdue transition's alert; the coordinator still sees it, comment and all."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMENT = "Aftalt møde med borgeren på fredag"


def overdue_alert(page: Any, citizen: str) -> Any:
    return page.get_by_test_id("alerts").locator("li[data-alert=transition_overdue]").filter(has_text=citizen)


def test_a_worker_comments_on_an_alert_and_the_coordinator_still_sees_it(
    page: Any, alice: Any, bob: Any, carol: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    # Phase 1 began 120 days ago: phase 2 was planned about 30 days ago and is overdue.
    make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=120), first_name="Otto", last_name="Olsen"
    )
    make_course(
        bob, homelessness, phase_1=today - dt.timedelta(days=120), first_name="Bent", last_name="Berg"
    )

    log_in(page, alice)
    # The overview shows her alert, and only hers.
    alert = overdue_alert(page, "Otto Olsen")
    expect(alert).to_have_count(1)
    expect(alert.locator(".badge")).to_have_text(danish("Act now"))
    expect(alert.locator(".og-alert-text")).to_contain_text(danish("Phase 2").lower())
    expect(page.get_by_test_id("alerts")).not_to_contain_text("Bent Berg")
    screenshot(page, "desk-alerts-overview-worker")

    page.get_by_role("navigation", name=danish("Main menu")).get_by_role(
        "link", name=danish("Alerts"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/desk/alerts/$"))
    expect(page.locator("main h1")).to_have_text(danish("Alerts"))
    alert = overdue_alert(page, "Otto Olsen")
    expect(alert).to_have_count(1)
    expect(page.get_by_test_id("alerts")).not_to_contain_text("Bent Berg")
    expect(alert.get_by_test_id("acknowledgement")).to_have_count(0)

    alert.get_by_text(danish("Comment on the alert"), exact=True).click()
    alert.get_by_label(danish("What do you do about it?")).fill(COMMENT)
    screenshot(page, "desk-alerts-worker-commenting")
    alert.get_by_role("button", name=danish("Save comment"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/desk/alerts/$"))
    expect(page.locator(".alert-success")).to_have_text(
        danish("Your comment on the alert is saved. The coordinator still sees the alert.")
    )
    acknowledgement = overdue_alert(page, "Otto Olsen").get_by_test_id("acknowledgement")
    expect(acknowledgement).to_have_count(1)
    expect(acknowledgement).to_contain_text("Alice Testsen")
    expect(acknowledgement).to_contain_text(COMMENT)
    screenshot(page, "desk-alerts-worker-commented")

    page.context.clear_cookies()
    log_in(page, carol)
    # Commenting documents the alert; it does not hide it from the coordinator.
    alert = overdue_alert(page, "Otto Olsen")
    expect(alert).to_have_count(1)
    expect(alert.get_by_test_id("acknowledgement")).to_contain_text(COMMENT)
    screenshot(page, "desk-alerts-overview-coordinator")
    page.goto("/desk/alerts/")
    alert = overdue_alert(page, "Otto Olsen")
    expect(alert).to_contain_text("Alice Testsen")  # whose citizen it is
    expect(alert.get_by_test_id("acknowledgement")).to_contain_text("Alice Testsen, ")
    expect(alert.get_by_test_id("acknowledgement")).to_contain_text(COMMENT)
    bents = overdue_alert(page, "Bent Berg")
    expect(bents).to_have_count(1)
    expect(bents.get_by_test_id("acknowledgement")).to_have_count(0)
    screenshot(page, "desk-alerts-coordinator")
