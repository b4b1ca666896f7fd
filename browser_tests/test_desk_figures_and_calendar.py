"""Team figures with a drill-down to the courses behind a number, and a worker's calendar link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_coordinator_follows_a_figure_to_the_courses_behind_it(
    page: Any, alice: Any, bob: Any, carol: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    days = dt.timedelta
    make_course(alice, homelessness, phase_1=today - days(10), first_name="Anna", last_name="Andersen")
    make_course(alice, homelessness, phase_1=today - days(40), first_name="Otto", last_name="Olsen")
    make_course(bob, homelessness, contact=today - days(5), first_name="Bent", last_name="Berg")

    log_in(page, carol)
    page.get_by_role("navigation", name=danish("Main menu")).get_by_role(
        "link", name=danish("Figures"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/figures/$"))
    expect(page.locator("main h1")).to_have_text(danish("Team figures"))
    active = page.get_by_test_id("figure-active")
    phase_1 = active.locator("a[data-figure=active][data-key=phase_1]")
    expect(phase_1).to_contain_text("2")
    expect(active.locator("a[data-figure=active][data-key=contact]")).to_contain_text("1")
    expect(active.locator("a[data-figure=active][data-key=all]")).to_contain_text("3")
    expect(page.get_by_test_id("figure-caseload").locator("tbody tr")).to_have_count(2)
    # A worker's weeks are fetched when her "week by week" is opened (htmx), not sent with the page.
    weeks = page.locator(f"details[data-worker-weeks='{alice.pk}']")
    expect(weeks.get_by_test_id("worker-weeks")).to_have_count(0)
    weeks.locator("summary").click()
    expect(weeks.get_by_test_id("worker-weeks").locator("tbody tr")).to_have_count(53)
    expect(weeks.locator("svg rect")).to_have_count(53)
    screenshot(page, "desk-figures", phone=True)

    phase_1.click()

    expect(page).to_have_url(re.compile(r"/figures/courses/\?figure=active&key=phase_1&"))
    expect(page.locator("main h1")).to_have_text(
        danish("Active courses on %(date)s: %(what)s") % {"date": dmy(today), "what": danish("Phase 1")}
    )
    courses = page.get_by_test_id("figure-courses")
    expect(courses.locator("tbody tr")).to_have_count(2)
    expect(courses.locator("tbody td:first-child")).to_have_text(["Anna Andersen", "Otto Olsen"])
    expect(courses.locator("tbody td:nth-child(3)")).to_have_text(["Alice Testsen"] * 2)
    expect(courses).not_to_contain_text("Bent Berg")
    screenshot(page, "desk-figures-drill-down")

    page.get_by_role("link", name=danish("Back to the figures")).click()
    expect(page.locator("main h1")).to_have_text(danish("Team figures"))


def right_edge(locator: Any) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"]


def test_the_table_of_period_lengths_fits_its_card(
    page: Any, alice: Any, carol: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(alice, homelessness, phase_1=today - dt.timedelta(days=10))
    log_in(page, carol)
    page.goto("/figures/")
    lengths = page.get_by_test_id("figure-lengths")
    expect(lengths.locator("tbody tr")).to_have_count(4)

    card = page.locator("section[aria-labelledby=fig-lengths]")
    longest = lengths.locator("thead th").last
    assert (right_edge(lengths) <= right_edge(card), right_edge(longest) <= right_edge(card)) == (True, True)


def test_a_worker_makes_a_calendar_link_that_serves_her_dates(
    page: Any, alice: Any, bob: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    make_course(
        alice, homelessness, phase_1=today - dt.timedelta(days=10), first_name="Anna", last_name="Andersen"
    )
    make_course(bob, homelessness, phase_1=today - dt.timedelta(days=10), first_name="Bent", last_name="Berg")

    log_in(page, alice)
    page.locator("header").get_by_role("link", name=danish("Calendar"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/feeds/$"))
    expect(page.locator("main h1")).to_have_text(danish("Calendar in Outlook"))
    expect(page.get_by_test_id("current-feed")).to_contain_text(danish("You have no active calendar link."))
    expect(page.get_by_label(danish("Initials only (e.g. AB)"))).to_be_checked()
    screenshot(page, "desk-calendar")

    page.get_by_role("button", name=danish("Make a calendar link"), exact=True).click()

    expect(page.locator(".alert-success")).to_contain_text(danish("Your new calendar link is ready"))
    link = page.get_by_label(danish("Calendar link"), exact=True)
    expect(link).to_have_value(re.compile(r"^http://[^/]+/feeds/[A-Za-z0-9_-]{16,100}\.ics$"))
    expect(page.get_by_test_id("current-feed")).to_contain_text(danish("not yet"))
    screenshot(page, "desk-calendar-link")
    url = link.input_value()

    response = page.request.get(url)

    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "END:VCALENDAR" in body
    # Her citizen by initials, with the next planned transition; her colleague's citizen is absent.
    assert danish("Phase 2 starts – %(name)s") % {"name": "AA"} in body
    assert "Andersen" not in body
    assert "BB" not in body

    page.goto("/feeds/")  # the page says a calendar has read the link
    expect(page.get_by_test_id("current-feed")).not_to_contain_text(danish("not yet"))
    expect(page.get_by_test_id("current-feed")).to_contain_text(dmy(today))
    screenshot(page, "desk-calendar-read")
