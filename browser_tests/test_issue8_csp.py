"""Every main page works under the Content Security Policy (issue 8): no inline script, handler or
style, so Chromium reports no violation, and the charts, gauges and the timeline still draw.

The demo municipality gives every page data: the coordinator walks all of them, the worker her own
course's pages. Violations are caught twice: the `securitypolicyviolation` event (reported to the
test through an exposed function, from an init script that runs before the page's own scripts) and
Chromium's console message about the Content Security Policy.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from browser_tests.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.ogCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile || location.pathname}:${event.lineNumber} (${event.sample || ""})`);
});
"""


@pytest.fixture
def demo() -> dict[str, Any]:
    """The demo municipality, with the test password for the two people who walk it."""
    from io import StringIO

    from overgang.accounts.models import User
    from overgang.courses.models import Course
    from overgang.jobs.models import WorkAgreementRevision
    from overgang.network.models import MapConsent
    from overgang.plans.models import CtiPlan
    from overgang.safety.models import SafetyPlan

    call_command("load_demo", stdout=StringIO())
    people = {}
    for username in ("koordinator", "mette"):
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        people[username] = user
    running = Course.objects.filter(end_date__isnull=True)
    shared_maps = MapConsent.objects.filter(scope__in=["everyone", "worker_and_coordinator"]).values(
        "citizen_id"
    )
    mettes = running.filter(
        worker=people["mette"],
        phase_1_start__isnull=False,
        citizen_id__in=shared_maps,
        compass_rounds__isnull=False,
    ).distinct()
    course = mettes.filter(plans__isnull=False).order_by("phase_1_start").first() or mettes.first()
    assert course is not None
    plan = CtiPlan.objects.filter(course=course).order_by("pk").last()
    round_ = course.compass_rounds.order_by("pk").first()
    return {
        **people,
        "course": course,
        "plan": plan,
        "slot": round_.slot,
        "shelter": SafetyPlan.objects.filter(course__end_date__isnull=True).first().course,
        "job": WorkAgreementRevision.objects.filter(course__end_date__isnull=True).first().course,
    }


def watch(page: Any) -> list[str]:
    violations: list[str] = []
    page.expose_function("ogCspViolation", lambda report: violations.append(report))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
    return violations


def visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")
    assert "frame-ancestors 'none'" in (response.header_value("content-security-policy") or ""), url


def test_the_coordinator_walks_every_main_page_without_a_csp_violation(
    page: Any, demo: dict[str, Any]
) -> None:
    violations = watch(page)
    course, shelter, job = demo["course"], demo["shelter"], demo["job"]
    log_in(page, demo["koordinator"])

    pages = [
        "/courses/",
        f"/courses/{course.pk}/",
        f"/courses/{course.pk}/journal/",
        f"/courses/{course.pk}/plan/",
        f"/courses/{course.pk}/checklist/",
        f"/courses/{course.pk}/network/",
        f"/courses/{course.pk}/network/map/",
        f"/courses/{course.pk}/compass/",
        f"/courses/{course.pk}/handover/",
        f"/courses/{shelter.pk}/",
        f"/courses/{shelter.pk}/safety-plan/",
        f"/courses/{job.pk}/job/",
        f"/courses/{job.pk}/job/work-agreement/",
        "/desk/phase-plan/",
        "/desk/alerts/",
        "/desk/caseload/",
        "/desk/digest/",
        "/figures/",
        "/figures/intensity/",
        "/checklists/items/",
        "/fidelity/",
        "/supervision/",
        "/supervision/prepare/",
        "/feeds/",
        "/api/v1/docs/",
    ]
    if demo["plan"] is not None:
        pages.append(f"/courses/{course.pk}/plan/{demo['plan'].pk}/section-141/")
    for url in pages:
        visit(page, url)
        if url == f"/courses/{course.pk}/":
            # The timeline's segments get their place and width from data attributes, through the CSSOM.
            segment = page.locator(".og-seg").first
            expect(segment).to_be_visible()
            assert page.evaluate("() => document.querySelector('.og-seg').getBoundingClientRect().width") > 10
            sized = page.evaluate(
                """() => [...document.querySelectorAll("[data-og-width]")].map(
                    (element) => [element.dataset.ogWidth, element.style.width])"""
            )
            assert len(sized) > 1  # the timeline's segments and the checklist card's gauge
            assert all(
                style.endswith("%") and float(style[:-1]) == pytest.approx(float(value))
                for value, style in sized
            ), sized
            screenshot(page, "issue8-csp-course")
        if url == "/desk/caseload/":
            for canvas in page.get_by_test_id("forecast-chart").all():
                expect(canvas).to_have_attribute("data-drawn", "true")
            screenshot(page, "issue8-csp-board")
        if url == f"/courses/{course.pk}/compass/":
            expect(page.locator("main svg").first).to_be_visible()
            screenshot(page, "issue8-csp-compass")
        if url == f"/courses/{job.pk}/job/work-agreement/":
            expect(page.locator("svg.og-hours-chart")).to_be_visible()
            screenshot(page, "issue8-csp-work-agreement")
        if url == "/api/v1/docs/":
            expect(page.locator(".swagger-ui .info .title")).to_contain_text("Overgang API")
            screenshot(page, "issue8-csp-api-docs")

    # Citizen mode: its own plain page.
    visit(page, f"/courses/{course.pk}/compass/{demo['slot']}/citizen/")
    # The filters submit themselves on change without an inline handler.
    visit(page, "/desk/phase-plan/")
    page.wait_for_timeout(300)  # securitypolicyviolation events are dispatched as tasks after the load
    assert violations == []


def test_the_worker_walks_her_pages_without_a_csp_violation(page: Any, demo: dict[str, Any]) -> None:
    violations = watch(page)
    course = demo["course"]
    log_in(page, demo["mette"])
    for url in [
        "/courses/",
        f"/courses/{course.pk}/",
        f"/courses/{course.pk}/journal/",
        f"/courses/{course.pk}/plan/",
        f"/courses/{course.pk}/checklist/",
        f"/courses/{course.pk}/network/map/",
        f"/courses/{course.pk}/compass/",
        "/desk/caseload/",
        "/desk/alerts/",
    ]:
        visit(page, url)
    # The overview's filter submits itself on change, without an inline handler.
    visit(page, "/courses/")
    with page.expect_navigation():
        page.locator("#filter-ended").check()
    assert "ended=1" in page.url
    page.wait_for_timeout(300)
    assert violations == []
