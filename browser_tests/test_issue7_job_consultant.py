"""The job consultant's limited view (issue 7): Jonas, a job consultant, logs in and sees only the
job course he is attached to; he reads it and registers a contact in the journal, cannot change
the course, and gets "not found" on another citizen's course and on the desk pages.

Strings may not be translated yet: elements are found by data-testid, name or role, and the
assertions are about the data the test entered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTE = "Talt med arbejdsgiveren om flere timer i kantinen"


@pytest.fixture
def jonas(municipality: Any) -> Any:
    from overgang.accounts.models import User

    user = User(username="jonas", first_name="Jonas", last_name="Jobsen", municipality=municipality)
    user.role = "job_consultant"
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def courses(
    make_course: Any, erin: Any, job_programme: Any, alice: Any, homelessness: Any, jonas: Any
) -> Any:
    from overgang.network.models import NetworkPerson

    mine = make_course(
        erin, job_programme, phase_1=dt.date(2026, 6, 10), legal_basis="sel_82b", first_name="Karin"
    )
    mine.job_consultants.add(jonas)
    for role, name in (("job_centre_consultant", "Jens Jobcenter"), ("case_worker_adults", "Sofie Social")):
        NetworkPerson.objects.create(
            citizen=mine.citizen, municipality_id=mine.municipality_id, role=role, name=name, created_by=erin
        )
    other_job = make_course(
        erin, job_programme, phase_1=dt.date(2026, 6, 10), legal_basis="lab_31b", first_name="Lars"
    )
    homeless = make_course(alice, homelessness, phase_1=dt.date(2026, 6, 10), first_name="Hanne")
    return mine, other_job, homeless


def test_the_job_consultant_sees_only_the_attached_course(
    page: Any, jonas: Any, courses: Any, frozen_today: Any
) -> None:
    mine, other_job, homeless = courses
    log_in(page, jonas)

    # Only the attached course is listed; the desk's menu items are not offered.
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Karin")
    nav = page.locator("nav.og-nav")
    expect(nav.locator("a[href='/desk/phase-plan/']")).to_have_count(0)
    expect(nav.locator("a[href='/desk/caseload/']")).to_have_count(0)
    expect(nav.locator("a[href='/citizens/search/']")).to_have_count(0)
    screenshot(page, "issue7-job-consultant-overview")

    # The course page reads, with the team around the citizen, and offers no changes.
    rows.first.locator("a").first.click()
    page.wait_for_url(f"**/courses/{mine.pk}/")
    team = page.get_by_test_id("job-team")
    expect(team).to_contain_text("Jens Jobcenter")
    expect(team).to_contain_text("Sofie Social")
    expect(team).to_contain_text("Jonas")
    expect(page.get_by_test_id("form-attach-job-consultant")).to_have_count(0)
    expect(page.locator(f"a[href='/courses/{mine.pk}/end/']")).to_have_count(0)
    expect(page.locator("form[action*='/pause/']")).to_have_count(0)
    screenshot(page, "issue7-job-consultant-course")

    # He registers a contact in the journal.
    page.get_by_test_id("journal-link").click()
    page.wait_for_url(f"**/courses/{mine.pk}/journal/")
    form = page.get_by_test_id("form-contact-entry")
    form.locator("input[name=occurred_at]").fill("2026-11-20T10:00")
    form.locator("select[name=kind]").select_option("meeting")
    form.locator("input[name=duration_minutes]").fill("45")
    form.locator("textarea[name=note]").fill(NOTE)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/courses/{mine.pk}/journal/")
    entry = page.get_by_test_id("contact-entry").first
    expect(entry).to_contain_text(NOTE)
    expect(entry).to_contain_text("Jonas")
    screenshot(page, "issue7-job-consultant-journal")

    # Another citizen's course and the desk pages are not found.
    for address in (
        f"/courses/{other_job.pk}/",
        f"/courses/{homeless.pk}/",
        "/desk/phase-plan/",
        "/desk/caseload/",
        "/desk/alerts/",
        "/figures/",
        "/citizens/search/",
    ):
        response = page.goto(address)
        assert response is not None and response.status == 404, address


def test_the_worker_attaches_the_job_consultant_and_registers_the_closing_meeting(
    page: Any, erin: Any, jonas: Any, courses: Any, frozen_today: Any
) -> None:
    mine, _other, _homeless = courses
    mine.job_consultants.clear()
    log_in(page, erin)
    page.goto(f"/courses/{mine.pk}/")
    attach = page.get_by_test_id("form-attach-job-consultant")
    attach.locator("select[name=consultant]").select_option(str(jonas.pk))
    attach.locator("button[type=submit]").click()
    page.wait_for_url(f"**/courses/{mine.pk}/")
    expect(page.get_by_test_id("job-consultants")).to_contain_text("Jonas")

    page.get_by_test_id("handover-link").click()
    page.wait_for_url(f"**/courses/{mine.pk}/handover/")
    expect(page.get_by_test_id("closing-meeting-missing")).to_be_visible()
    expect(page.get_by_test_id("support-decision")).to_be_visible()

    page.get_by_test_id("closing-meeting-new").click()
    form = page.get_by_test_id("form-handover-meeting")
    expect(form.locator("select[name=kind]")).to_have_value("closing")
    form.locator("input[name=citizen_attended]").check()
    form.locator("input[name=worker_attended]").check()
    form.get_by_label("Jens Jobcenter", exact=False).check()
    form.locator("textarea[name=agreed]").fill("Alle kender planen for fastholdelse")
    screenshot(page, "issue7-closing-meeting-form")
    form.locator("button[type=submit]").first.click()
    page.wait_for_url(f"**/courses/{mine.pk}/handover/")
    missing = page.get_by_test_id("closing-missing")
    expect(missing).to_be_visible()
    expect(page.get_by_test_id("closing-meeting-held")).to_be_visible()
    screenshot(page, "issue7-closing-meeting")
