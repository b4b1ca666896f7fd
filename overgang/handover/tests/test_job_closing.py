"""The job model's ending: the closing meeting with the team around the citizen, the long-term
retention plan, the decision on mentor or § 85 support (with its alert), and the new worker who
continues § 85 support after CTI."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overgang.audit.models import AuditEntry
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.desk.selectors import phase_plan_rows
from overgang.handover import services
from overgang.handover.models import HandoverMeeting, HandoverPlan
from overgang.handover.selectors import job_courses_support_decision
from overgang.handover.tests.conftest import add_person
from overgang.method.alerts import AlertCode

pytestmark = pytest.mark.usefixtures("frozen_today")


def url(course, tail=""):
    return f"/courses/{course.pk}/handover/{tail}"


def codes(rows, course):
    return {alert.code for row in rows if row.course.pk == course.pk for alert in row.alerts}


def decide(course, today, **values):
    return services.handover_plan_save(
        course=course, actor=course.worker, expected_version=None, today=today, **values
    )


@pytest.fixture
def team(job_course, erin):
    return {
        "job_centre": add_person(job_course, name="Jens Jobcenter", role="job_centre_consultant", actor=erin),
        "social": add_person(job_course, name="Sofie Social", role="case_worker_adults", actor=erin),
    }


# The alert ---------------------------------------------------------------------------------------


def test_a_job_course_near_its_end_without_a_decision_raises_the_alert(job_course, homeless_course, today):
    # Both end 2026-12-10, 18 days from today; only the job course is asked for the decision.
    rows = phase_plan_rows(Course.objects.all(), today=today)
    assert AlertCode.NO_SUPPORT_DECISION in codes(rows, job_course)
    assert AlertCode.NO_SUPPORT_DECISION not in codes(rows, homeless_course)


@pytest.mark.parametrize(
    "values",
    [
        {"continued_support": "none"},
        {"continued_support": "mentor", "support_decided_on": "2026-11-10"},
    ],
)
def test_a_registered_decision_silences_it(job_course, today, values):
    import datetime as dt

    if "support_decided_on" in values:
        values = values | {"support_decided_on": dt.date.fromisoformat(values["support_decided_on"])}
    decide(job_course, today, **values)
    rows = phase_plan_rows(Course.objects.all(), today=today)
    assert AlertCode.NO_SUPPORT_DECISION not in codes(rows, job_course)


def test_support_chosen_but_not_decided_keeps_it(job_course, today):
    decide(job_course, today, continued_support="sel_85")
    rows = phase_plan_rows(Course.objects.all(), today=today)
    assert AlertCode.NO_SUPPORT_DECISION in codes(rows, job_course)


def test_the_alert_text_shows_on_the_alert_page(job_course, erin, client_for):
    html = client_for(erin).get("/desk/alerts/").content.decode()
    assert "no decision on mentor or § 85 support" in html


def test_which_job_courses_have_a_decision_is_one_query(
    job_course, other_job_course, homeless_course, today, django_assert_num_queries
):
    decide(other_job_course, today, continued_support="none")
    with django_assert_num_queries(1):
        found = job_courses_support_decision([job_course.pk, other_job_course.pk, homeless_course.pk])
    assert found == {job_course.pk: False, other_job_course.pk: True}


def test_the_phase_plan_query_count_does_not_grow_with_job_courses(make_course, erin, job_programme, today):
    import datetime as dt

    make_course(erin, job_programme, phase_1=dt.date(2026, 6, 10), legal_basis="sel_82b", first_name="En")
    with CaptureQueriesContext(connection) as one:
        rows = phase_plan_rows(Course.objects.all(), today=today)
    assert len(rows) == 1
    for n in range(4):
        course = make_course(
            erin, job_programme, phase_1=dt.date(2026, 6, 10), legal_basis="lab_31b", first_name=f"N{n}"
        )
        if n % 2:
            decide(course, today, continued_support="none")
    with CaptureQueriesContext(connection) as many:
        rows = phase_plan_rows(Course.objects.all(), today=today)
    assert len(rows) == 5
    assert len(many.captured_queries) == len(one.captured_queries)


# The closing meeting -----------------------------------------------------------------------------


def test_the_page_lists_who_must_attend_and_says_none_is_registered(job_course, erin, client_for, team):
    html = client_for(erin).get(url(job_course)).content.decode()
    assert 'data-testid="closing-meeting"' in html
    assert 'data-testid="closing-meeting-missing"' in html
    assert "Jens Jobcenter" in html and "Sofie Social" in html and "Jonas" in html


def test_a_complete_closing_meeting_is_registered_from_the_form(job_course, erin, jonas, client_for, team):
    client = client_for(erin)
    assert 'name="kind"' in client.get(url(job_course, "meetings/new/?kind=closing")).content.decode()
    response = client.post(
        url(job_course, "meetings/new/"),
        {
            "kind": "closing",
            "held_on": "2026-11-20",
            "participants": [str(team["job_centre"].pk), str(team["social"].pk)],
            "job_consultants": [str(jonas.pk)],
            "citizen_attended": "on",
            "worker_attended": "on",
            "agreed": "Planen for fastholdelse er kendt af alle.",
        },
    )
    assert response.status_code == 302
    meeting = HandoverMeeting.objects.get(course=job_course)
    assert meeting.kind == "closing" and meeting.citizen_attended and meeting.worker_attended
    assert list(meeting.job_consultants.all()) == [jonas]
    entry = AuditEntry.objects.get(action="handover.meeting_added")
    assert entry.after["kind"] == "closing"
    assert "Planen" not in str(entry.after)
    html = client.get(url(job_course)).content.decode()
    assert 'data-testid="closing-meeting-held"' in html
    assert 'data-testid="closing-missing"' not in html


def test_the_page_warns_who_was_missing(job_course, erin, client_for, team, today):
    services.meeting_add(
        course=job_course,
        actor=erin,
        today=today,
        kind="closing",
        held_on=today,
        participant_ids=[team["job_centre"].pk],
        worker_attended=True,
    )
    html = client_for(erin).get(url(job_course)).content.decode()
    start = html.index('data-testid="closing-missing"')
    warning = html[start : html.index("</span>", start)]
    assert "the citizen" in warning
    assert "the case worker in social services" in warning
    assert "the job consultant" in warning
    assert "the CTI worker" not in warning
    assert "the case worker in the job centre" not in warning


def test_a_job_consultant_not_on_the_course_cannot_be_registered(job_course, erin, other_municipality, today):
    from overgang.accounts.models import User

    stranger = User.objects.create(
        username="jytte", municipality=job_course.municipality, role="job_consultant"
    )
    with pytest.raises(CourseActionError):
        services.meeting_add(
            course=job_course,
            actor=erin,
            today=today,
            kind="closing",
            held_on=today,
            job_consultant_ids=[stranger.pk],
            citizen_attended=True,
        )
    assert not HandoverMeeting.objects.exists()


def test_a_homelessness_course_has_no_closing_meeting(homeless_course, alice, client_for):
    response = client_for(alice).post(
        url(homeless_course, "meetings/new/"),
        {"kind": "closing", "held_on": "2026-11-20", "other_participants": "Sagsbehandler"},
    )
    assert response.status_code == 400
    assert not HandoverMeeting.objects.exists()


def test_the_job_consultant_reads_the_closing_meeting_but_cannot_register_one(job_course, jonas, client_for):
    client = client_for(jonas)
    html = client.get(url(job_course)).content.decode()
    assert 'data-testid="closing-meeting"' in html
    assert 'data-testid="closing-meeting-new"' not in html
    response = client.post(url(job_course, "meetings/new/"), {"kind": "closing", "held_on": "2026-11-20"})
    assert response.status_code == 403
    assert not HandoverMeeting.objects.exists()


# The retention plan and the new worker -----------------------------------------------------------


def test_a_job_course_shows_the_long_term_retention_plan(
    job_course, homeless_course, erin, alice, client_for
):
    html = client_for(erin).get(url(job_course)).content.decode()
    assert "Long-term retention plan" in html
    assert 'data-testid="support-decision"' in html
    other = client_for(alice).get(url(homeless_course)).content.decode()
    assert "Long-term retention plan" not in other and 'data-testid="support-decision"' not in other


def test_the_retention_plan_holds_crisis_support_and_the_new_worker(job_course, erin, client_for):
    response = client_for(erin).post(
        url(job_course, "plan/"),
        {
            "long_term_goals": "Fast job i kantinen",
            "crisis_support": "Mentor på arbejdspladsen og søsteren",
            "continued_support": "sel_85",
            "support_decided_on": "2026-11-10",
            "new_worker_text": "Bo Bostøtte, Socialpsykiatrien",
        },
    )
    assert response.status_code == 302
    plan = HandoverPlan.objects.get(course=job_course)
    assert plan.crisis_support.startswith("Mentor") and plan.new_worker_text.startswith("Bo")
    html = client_for(erin).get(url(job_course)).content.decode()
    assert 'data-testid="new-worker"' in html and "Decision on mentor or § 85 support registered" in html


def test_sel_85_support_without_a_new_worker_is_flagged(job_course, erin, client_for, today):
    import datetime as dt

    decide(job_course, today, continued_support="sel_85", support_decided_on=dt.date(2026, 11, 10))
    html = client_for(erin).get(url(job_course)).content.decode()
    assert 'data-testid="new-worker-missing"' in html


def test_a_new_worker_without_continued_support_is_400_and_saves_nothing(job_course, erin, client_for):
    response = client_for(erin).post(
        url(job_course, "plan/"), {"continued_support": "none", "new_worker_text": "Bo Bostøtte"}
    )
    assert response.status_code == 400
    assert "Bo Bostøtte" in response.content.decode()  # what was typed is kept
    assert not HandoverPlan.objects.exists()


def test_the_new_worker_from_another_citizens_network_is_refused(job_course, erin, client_for, stranger):
    response = client_for(erin).post(
        url(job_course, "plan/"), {"continued_support": "sel_85", "new_worker": str(stranger.pk)}
    )
    assert response.status_code == 400
    assert not HandoverPlan.objects.exists()


def test_the_alert_inputs_for_all_courses_are_one_query(
    job_course, other_job_course, homeless_course, today, django_assert_num_queries
):
    from overgang.handover.selectors import handover_alert_inputs

    decide(other_job_course, today, continued_support="none")
    services.meeting_add(
        course=homeless_course,
        actor=homeless_course.worker,
        today=today,
        held_on=today,
        other_participants="Sagsbehandler",
    )
    with django_assert_num_queries(1):
        found = handover_alert_inputs([job_course.pk, other_job_course.pk, homeless_course.pk])
    assert found == {
        job_course.pk: (False, False),
        other_job_course.pk: (False, True),
        homeless_course.pk: (True, None),
    }
