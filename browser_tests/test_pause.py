"""A worker pauses a course (the CTI clock stops) and resumes it; the pause is listed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_pauses_and_resumes_a_course(
    page: Any, alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=40))
    pause_start = today - dt.timedelta(days=10)
    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/")

    pause = page.get_by_test_id("form-pause")
    pause.locator("summary").click()
    pause.locator("input[type=date]").fill(pause_start.isoformat())
    pause.locator("select").select_option("hospital")
    pause.locator("input[type=text]").fill("Indlagt på psykiatrisk afdeling")
    screenshot(page, "course-pause-form")
    pause.get_by_role("button").click()

    expect(page.locator(".alert-success")).to_have_text(
        danish("The course is paused. The CTI clock has stopped.")
    )
    expect(page.locator("[data-flag=paused]")).to_be_visible()
    pauses = page.get_by_test_id("pauses")
    expect(pauses).to_contain_text(dmy(pause_start))
    expect(pauses).to_contain_text(danish("ongoing"))
    expect(pauses).to_contain_text("Indlagt på psykiatrisk afdeling")
    expect(page.get_by_test_id("form-phase")).to_have_count(0)  # no transitions during a pause
    screenshot(page, "course-paused")

    resume = page.get_by_test_id("form-resume")
    expect(resume).to_contain_text(dmy(pause_start))
    resume.get_by_role("button").click()  # resumes today, the default

    expect(page.locator(".alert-success")).to_have_text(
        danish("The course is resumed. The CTI clock runs again.")
    )
    expect(page.locator("[data-flag=paused]")).to_have_count(0)
    row = page.get_by_test_id("pauses").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        [
            dmy(pause_start),
            dmy(today),
            "10",
            f"{danish('Hospital admission')} – Indlagt på psykiatrisk afdeling",
        ]
    )
    screenshot(page, "course-resumed")
