"""The safety plan and the confidential address (issue 6), in the browser: the woman's CTI worker
makes her safety plan and marks her address confidential; a colleague on the team who had her
earlier course, and the manager, then see neither the plan nor the address.

The new pages' strings may not be translated yet, so elements are found by data-testid and name,
and the assertions are about the data the test entered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDRESS = "Skjultvej 7, 9999 Demoby"
PHONE = "+45 00 11 22 33"
ESCAPE = "Ud ad bagdøren til naboen i nr. 9, derfra taxa til krisecentret."
POLICE = "Overfaldsalarm bevilget af politiet; tilhold søgt."


@pytest.fixture
def courses(alice: Any, bob: Any, carol: Any, municipality: Any, make_course: Any, today: dt.date) -> Any:
    """Maja's earlier shelter course was bob's (ended); she now has a running course with alice."""
    from overgang.courses import services
    from overgang.courses.models import Citizen
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    shelter = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="shelter"), name="Krisecenter"
    )
    shelter.workers.add(alice, bob)
    shelter.coordinators.add(carol)
    earlier = make_course(
        bob, shelter, phase_1=today - dt.timedelta(days=200), first_name="Maja", last_name="Skov"
    )
    Citizen.objects.filter(pk=earlier.citizen_id).update(address=ADDRESS, phone=PHONE)
    services.course_end(
        course=earlier, on=today - dt.timedelta(days=20), reason="refuses", actor=bob, today=today
    )
    now = services.course_restart(
        course=earlier, referral_date=today - dt.timedelta(days=10), actor=alice, worker=alice, today=today
    )
    now = services.course_start_phase(
        course=now, phase=1, on=today - dt.timedelta(days=5), actor=alice, today=today
    )
    return earlier, now


def log_out(page: Any) -> None:
    page.context.clear_cookies()


def test_the_worker_makes_a_safety_plan_that_a_colleague_and_the_manager_cannot_see(
    page: Any, alice: Any, bob: Any, manny: Any, courses: Any, today: dt.date
) -> None:
    from overgang.courses.models import Citizen
    from overgang.safety.models import SafetyPlan

    earlier, now = courses

    # The worker makes the safety plan from the course page.
    log_in(page, alice)
    page.goto(f"/courses/{now.pk}/")
    expect(page.get_by_test_id("citizen-address")).to_have_text(ADDRESS)
    page.get_by_test_id("safety-link").click()
    expect(page.get_by_test_id("form-safety-plan")).to_be_visible()
    page.fill("textarea[name=escape_route]", ESCAPE)
    page.fill("textarea[name=police_measures]", POLICE)
    page.fill("input[name=reviewed_on]", today.isoformat())
    screenshot(page, "issue6-safety-plan-form")
    page.get_by_test_id("safety-save").click()
    expect(page.locator("textarea[name=escape_route]")).to_have_value(ESCAPE)
    expect(page.get_by_test_id("safety-meta")).to_be_visible()
    plan = SafetyPlan.objects.get(course_id=now.pk)
    assert (plan.escape_route, plan.police_measures, plan.reviewed_on) == (ESCAPE, POLICE, today)
    screenshot(page, "issue6-safety-plan-saved", phone=True)

    page.get_by_test_id("safety-history-link").click()
    expect(page.get_by_test_id("revision")).to_have_count(1)
    expect(page.get_by_test_id("diff")).to_contain_text(ESCAPE)

    # The worker marks the address confidential, confirming the change.
    page.goto(f"/courses/{now.pk}/")
    page.get_by_test_id("confidential-link").click()
    page.get_by_test_id("confidential-submit").click()  # not confirmed: refused
    expect(page.get_by_test_id("form-confidential-address")).to_be_visible()
    assert not Citizen.objects.get(pk=now.citizen_id).confidential_address
    page.get_by_test_id("confidential-confirm").check()
    page.get_by_test_id("confidential-submit").click()
    page.wait_for_url(f"**/courses/{now.pk}/")
    expect(page.get_by_test_id("confidential-badge")).to_be_visible()
    expect(page.get_by_test_id("citizen-address")).to_have_text(ADDRESS)
    assert Citizen.objects.get(pk=now.citizen_id).confidential_address
    screenshot(page, "issue6-course-confidential-worker")

    # The colleague who had her earlier course: the address is hidden, the plan is not found.
    log_out(page)
    log_in(page, bob)
    page.goto(f"/courses/{earlier.pk}/")
    expect(page.get_by_test_id("citizen-name")).to_have_text("Maja Skov")
    expect(page.get_by_test_id("contact-hidden")).to_be_visible()
    expect(page.get_by_test_id("confidential-badge")).to_be_visible()
    assert ADDRESS not in page.content() and PHONE not in page.content()
    screenshot(page, "issue6-course-confidential-colleague")
    for url in (f"/courses/{now.pk}/safety-plan/", f"/courses/{earlier.pk}/safety-plan/"):
        response = page.goto(url)
        assert response is not None and response.status == 404
        assert ESCAPE not in page.content()

    # The manager reads the course, but not the address nor the plan.
    log_out(page)
    log_in(page, manny)
    page.goto(f"/courses/{now.pk}/")
    expect(page.get_by_test_id("contact-hidden")).to_be_visible()
    expect(page.get_by_test_id("safety-link")).to_have_count(0)
    expect(page.get_by_test_id("confidential-link")).to_have_count(0)
    assert ADDRESS not in page.content() and PHONE not in page.content()
    screenshot(page, "issue6-course-confidential-manager")
    response = page.goto(f"/courses/{now.pk}/safety-plan/")
    assert response is not None and response.status == 404
