"""The job programme's steps before CTI (issue 7), in the browser: the CTI worker registers the start
meeting, makes the joint plan and registers the job match, and phase 1 of CTI starts on the course
page; then a new revision of the work agreement with more hours changes the hours chart.

The new pages' strings may not be translated yet, so elements are found by data-testid and name,
and the assertions are about the data the test entered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import danish, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def job_course(alice: Any, job_programme: Any, make_course: Any, contact_on: Any, today: dt.date) -> Any:
    course = make_course(
        alice,
        job_programme,
        referral=today - dt.timedelta(days=40),
        contact=today - dt.timedelta(days=38),
        legal_basis="sel_82b",
        first_name="Kim",
        last_name="Jobsen",
    )
    contact_on(course, day=today - dt.timedelta(days=30))
    contact_on(course, day=today - dt.timedelta(days=20))
    return course


def test_start_meeting_joint_plan_and_job_match_start_cti(
    page: Any, alice: Any, job_course: Any, today: dt.date
) -> None:
    from overgang.courses.models import Course

    meeting_day = today - dt.timedelta(days=35)
    plan_day = today - dt.timedelta(days=25)
    match_day = today - dt.timedelta(days=3)

    log_in(page, alice)
    page.goto(f"/courses/{job_course.pk}/")
    page.get_by_test_id("job-steps-link").click()
    expect(page.get_by_test_id("job-step-start_meeting")).to_have_attribute("data-status", "next")
    expect(page.get_by_test_id("contact-period-contacts")).to_contain_text("2")
    screenshot(page, "issue7-job-steps-empty")

    # First step: the start meeting.
    page.get_by_test_id("step-link-start_meeting").click()
    page.fill("input[name=held_on]", meeting_day.isoformat())
    page.fill(
        "textarea[name=attendees]",
        "Kim, Jens fra jobcentret, Sofie fra socialforvaltningen, jobkonsulent og CTI-medarbejder",
    )
    page.fill("textarea[name=dreams_and_wishes]", "Vil gerne arbejde med dyr")
    page.select_option("select[name=plan_writer]", "job_centre")
    page.check("input[name=cv_agreed]")
    screenshot(page, "issue7-start-meeting-form")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("job-step-start_meeting")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("job-step-joint_plan")).to_have_attribute("data-status", "next")

    # Second step: the joint plan.
    page.get_by_test_id("step-link-joint_plan").click()
    page.fill("input[name=made_on]", plan_day.isoformat())
    page.fill("input[name=job_centre_case_worker]", "Jens Jobcenter")
    page.fill("input[name=social_services_case_worker]", "Sofie Social")
    page.fill("textarea[name=purpose]", "Job med ordinære timer i dyrepleje")
    page.check("input[name=consent_to_involve]")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("joint-plan-purpose")).to_have_text("Job med ordinære timer i dyrepleje")

    # Third step: the job match, refused first with a date in the future (nothing saved).
    page.get_by_test_id("step-link-job_match").click()
    page.fill("input[name=employer]", "Dyreklinikken Syd")
    page.fill("input[name=position]", "Staldmedhjælper")
    page.fill("input[name=found_on]", (today + dt.timedelta(days=2)).isoformat())
    page.get_by_test_id("save").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    expect(page.locator("input[name=employer]")).to_have_value("Dyreklinikken Syd")
    assert Course.objects.get(pk=job_course.pk).phase_1_start is None
    page.fill("input[name=found_on]", match_day.isoformat())
    screenshot(page, "issue7-job-match-form")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("job-match-employer")).to_have_text("Dyreklinikken Syd")
    expect(page.get_by_test_id("phase-1-start")).to_have_text(dmy(match_day))
    screenshot(page, "issue7-job-steps-done", phone=True)

    # The course page shows phase 1 started.
    page.goto(f"/courses/{job_course.pk}/")
    expect(page.get_by_test_id("current-period")).to_have_text(danish("Phase 1"))
    assert Course.objects.get(pk=job_course.pk).phase_1_start == match_day


def test_a_new_work_agreement_revision_changes_the_chart(
    page: Any, alice: Any, job_course: Any, today: dt.date
) -> None:
    from overgang.jobs import services

    match_day = today - dt.timedelta(days=10)
    services.start_meeting_save(
        course=job_course,
        actor=alice,
        expected_version=0,
        held_on=today - dt.timedelta(days=35),
        attendees="Kim og CTI-medarbejderen",
        today=today,
    )
    services.joint_plan_save(
        course=job_course,
        actor=alice,
        expected_version=0,
        made_on=today - dt.timedelta(days=30),
        job_centre_case_worker="Jens",
        social_services_case_worker="Sofie",
        purpose="Job",
        today=today,
    )
    services.job_match_register(
        course=job_course,
        actor=alice,
        employer="Dyreklinikken Syd",
        position="Staldmedhjælper",
        found_on=match_day,
        today=today,
    )

    log_in(page, alice)
    page.goto(f"/courses/{job_course.pk}/job/work-agreement/")
    expect(page.get_by_test_id("no-hours")).to_be_visible()
    page.fill("form[data-testid=form-work-agreement] input[name=valid_from]", match_day.isoformat())
    page.fill("form[data-testid=form-work-agreement] input[name=hours_per_week]", "8")
    page.select_option("form[data-testid=form-work-agreement] select[name=hours_kind]", "placement")
    page.fill("textarea[name=tasks]", "Fodring og rengøring")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("hours-dot")).to_have_count(1)
    first_path = page.get_by_test_id("hours-line").get_attribute("d")

    page.fill("form[data-testid=form-work-agreement] input[name=valid_from]", today.isoformat())
    page.fill("form[data-testid=form-work-agreement] input[name=hours_per_week]", "20")
    page.select_option("form[data-testid=form-work-agreement] select[name=hours_kind]", "ordinary")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("hours-dot")).to_have_count(2)
    expect(page.get_by_test_id("work-agreement-revision")).to_have_count(2)
    expect(page.get_by_test_id("hours-cell")).to_have_text(["8,0", "20,0"])
    assert page.get_by_test_id("hours-line").get_attribute("d") != first_path

    # Between revisions, the hours actually worked are noted and drawn as well.
    page.fill(
        "form[data-testid=form-hours-update] input[name=on]", (today - dt.timedelta(days=4)).isoformat()
    )
    page.fill("form[data-testid=form-hours-update] input[name=hours_per_week]", "11")
    page.get_by_test_id("save-hours").click()
    expect(page.get_by_test_id("hours-dot")).to_have_count(3)
    expect(page.get_by_test_id("hours-cell")).to_have_text(["8,0", "11,0", "20,0"])
    screenshot(page, "issue7-work-agreement-chart", phone=True)


def test_the_cti_plan_of_a_job_course_is_structured_by_the_three_tracks(
    page: Any, alice: Any, job_course: Any, today: dt.date
) -> None:
    from overgang.courses.services import course_start_phase
    from overgang.plans import services as plans

    course = course_start_phase(
        course=job_course, phase=1, on=today - dt.timedelta(days=5), actor=alice, today=today
    )
    plan = plans.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=today,
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=50),
        dimensions=["job", "coping", "network"],
        today=today,
    )
    plans.focus_area_save(
        plan=plan, actor=alice, expected_version=1, goal="Falde til på arbejdspladsen", dimension="job"
    )

    log_in(page, alice)
    page.goto(f"/courses/{course.pk}/plan/")
    expect(page.get_by_test_id("track-heading")).to_have_count(3)
    expect(page.get_by_test_id("track").first.get_by_test_id("focus-goal")).to_contain_text(
        "Falde til på arbejdspladsen"
    )
    page.get_by_test_id("track-add").first.click()
    page.fill("textarea[name=goal]", "Klare transporten selv")
    page.locator("form[data-testid=form-focus-area] button[type=submit]").click()
    expect(page.get_by_test_id("track").nth(1).get_by_test_id("focus-goal")).to_contain_text(
        "Klare transporten selv"
    )
    screenshot(page, "issue7-plan-tracks")
