"""The steps before CTI through the services: start meeting, joint plan, job match -> phase 1."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError, course_pause
from overgang.jobs import services
from overgang.jobs.models import JobMatch, JointPlan, StartMeeting, StepRevision
from overgang.jobs.selectors import DONE, NEXT, NOT_YET, contact_period_contacts, job_steps
from overgang.jobs.tests.conftest import MATCH, MEETING
from overgang.network.services import person_add

pytestmark = pytest.mark.django_db


def test_a_new_course_has_the_start_meeting_next(job_course: Any) -> None:
    statuses = [step.status for step in job_steps(job_course).steps]
    assert statuses == [NEXT, NOT_YET, NOT_YET, NOT_YET]


def test_the_steps_are_done_in_order(job_course: Any, meet: Any, plan_jointly: Any) -> None:
    meet(job_course)
    assert [s.status for s in job_steps(job_course).steps] == [DONE, NEXT, NOT_YET, NOT_YET]
    plan_jointly(job_course)
    assert [s.status for s in job_steps(job_course).steps] == [DONE, DONE, NEXT, NOT_YET]


def test_it_records_the_start_meeting_with_a_revision_and_audit_without_values(
    job_course: Any, meet: Any
) -> None:
    meeting = meet(job_course)
    assert meeting.version == 1 and meeting.cv_agreed
    assert StepRevision.objects.filter(course=job_course, step="start_meeting", number=1).exists()
    entry = AuditEntry.objects.get(action="jobs.start_meeting_created")
    assert "dreams_and_wishes" in entry.after["fields"]
    assert "Vil gerne arbejde med dyr" not in str(entry.after)


def test_a_change_bumps_the_version_and_keeps_the_old_revision(
    job_course: Any, meet: Any, today: dt.date
) -> None:
    meet(job_course)
    changed = services.start_meeting_save(
        course=job_course,
        actor=job_course.worker,
        expected_version=1,
        held_on=MEETING,
        attendees="Borgeren og CTI-medarbejder",
        today=today,
    )
    assert changed.version == 2
    assert StepRevision.objects.filter(course=job_course, step="start_meeting").count() == 2


def test_a_stale_start_meeting_is_refused_and_nothing_changes(
    job_course: Any, meet: Any, today: dt.date
) -> None:
    meet(job_course)
    with pytest.raises(services.StepConflict):
        services.start_meeting_save(
            course=job_course,
            actor=job_course.worker,
            expected_version=0,
            held_on=MEETING,
            attendees="X",
            today=today,
        )
    assert StartMeeting.objects.get(course=job_course).attendees.startswith("Borgeren")


def test_attendees_from_the_network_must_be_the_citizens(
    job_course: Any, meet: Any, make_course: Any, alice: Any, job_programme: Any
) -> None:
    other = make_course(alice, job_programme, first_name="Anden")
    stranger = person_add(citizen=other.citizen, actor=alice, role="family", name="Fremmed Person")
    with pytest.raises(CourseActionError) as error:
        meet(job_course, attendee_people=[stranger.pk])
    assert error.value.field == "attendee_people"
    assert not StartMeeting.objects.filter(course=job_course).exists()
    mother = person_add(citizen=job_course.citizen, actor=alice, role="family", name="Mor Borgersen")
    meeting = meet(job_course, attendees="", attendee_people=[mother.pk])
    assert list(meeting.attendee_people.all()) == [mother]


def test_the_start_meeting_needs_attendees_and_a_date_after_referral(job_course: Any, meet: Any) -> None:
    with pytest.raises(CourseActionError) as error:
        meet(job_course, attendees="")
    assert error.value.field == "attendees"
    with pytest.raises(CourseActionError) as error:
        meet(job_course, held_on=job_course.referral_date - dt.timedelta(days=1))
    assert error.value.field == "held_on"
    assert not StartMeeting.objects.exists()


def test_the_joint_plan_follows_the_start_meeting(job_course: Any, plan_jointly: Any, meet: Any) -> None:
    with pytest.raises(CourseActionError):
        plan_jointly(job_course)
    meet(job_course)
    with pytest.raises(CourseActionError) as error:
        plan_jointly(job_course, made_on=MEETING - dt.timedelta(days=1))
    assert error.value.field == "made_on"
    with pytest.raises(CourseActionError) as error:
        plan_jointly(job_course, purpose="  ")
    assert error.value.field == "purpose"
    assert not JointPlan.objects.exists()
    plan = plan_jointly(job_course)
    assert plan.version == 1


def test_the_job_match_starts_phase_1_on_its_date(job_course: Any, matched: Any) -> None:
    course = matched(job_course)
    assert course.phase_1_start == MATCH
    assert JobMatch.objects.get(course=course).employer == "Dyreklinikken Syd"
    # One change, one audit row: the job match's row records the phase start as well.
    assert not AuditEntry.objects.filter(action="course.phase_1_started").exists()
    entry = AuditEntry.objects.get(action="jobs.job_match_registered")
    assert entry.after is not None and entry.after["phase_1_start"] == MATCH.isoformat()
    assert "Dyreklinikken" not in str(entry.after)
    assert [s.status for s in job_steps(course).steps] == [DONE, DONE, DONE, NEXT]


def test_the_job_match_needs_the_earlier_steps(job_course: Any, meet: Any, today: dt.date) -> None:
    meet(job_course)
    with pytest.raises(CourseActionError):
        services.job_match_register(
            course=job_course,
            actor=job_course.worker,
            employer="A",
            position="B",
            found_on=MATCH,
            today=today,
        )
    job_course.refresh_from_db()
    assert job_course.phase_1_start is None


def test_when_the_engine_refuses_nothing_is_saved(
    job_course: Any, meet: Any, plan_jointly: Any, today: dt.date
) -> None:
    meet(job_course)
    plan_jointly(job_course)
    course_pause(
        course=job_course, start=dt.date(2026, 10, 1), reason="hospital", actor=job_course.worker, today=today
    )
    with pytest.raises(CourseActionError) as error:
        services.job_match_register(
            course=job_course,
            actor=job_course.worker,
            employer="A",
            position="B",
            found_on=MATCH,
            today=today,
        )
    assert error.value.field == "found_on"
    assert not JobMatch.objects.exists()
    assert Course.objects.get(pk=job_course.pk).phase_1_start is None


def test_a_stale_course_version_refuses_the_job_match(
    job_course: Any, meet: Any, plan_jointly: Any, today: dt.date
) -> None:
    meet(job_course)
    plan_jointly(job_course)
    with pytest.raises(CourseActionError) as error:
        services.job_match_register(
            course=job_course,
            actor=job_course.worker,
            employer="A",
            position="B",
            found_on=MATCH,
            expected_version=job_course.version - 1,
            today=today,
        )
    assert error.value.conflict
    assert not JobMatch.objects.exists()


def test_a_job_match_is_registered_once(job_course: Any, matched: Any, today: dt.date) -> None:
    course = matched(job_course)
    with pytest.raises(CourseActionError):
        services.job_match_register(
            course=course, actor=course.worker, employer="A", position="B", found_on=MATCH, today=today
        )
    assert JobMatch.objects.count() == 1


def test_the_history_flag_records_a_match_without_starting_a_phase(
    alice: Any, job_programme: Any, make_course: Any, meet: Any, plan_jointly: Any, today: dt.date
) -> None:
    course = make_course(
        alice, job_programme, referral=dt.date(2026, 9, 1), contact=dt.date(2026, 9, 2), phase_1=MATCH
    )
    meet(course)
    plan_jointly(course)
    version = Course.objects.get(pk=course.pk).version
    services.job_match_register(
        course=course, actor=alice, employer="A", position="B", found_on=MATCH, start_phase=False, today=today
    )
    assert Course.objects.get(pk=course.pk).version == version
    with pytest.raises(CourseActionError):
        other = make_course(alice, job_programme, first_name="Anden", phase_1=MATCH)
        meet(other)
        plan_jointly(other)
        services.job_match_register(
            course=other,
            actor=alice,
            employer="A",
            position="B",
            found_on=MATCH + dt.timedelta(days=1),
            start_phase=False,
            today=today,
        )


def test_other_programmes_have_no_job_steps(
    alice: Any, homelessness: Any, make_course: Any, meet: Any
) -> None:
    course = make_course(alice, homelessness)
    with pytest.raises(CourseActionError):
        meet(course)


def test_the_contact_periods_contacts_are_counted_from_the_journal(
    job_course: Any, contact_on: Any, matched: Any
) -> None:
    contact_on(job_course, day=dt.date(2026, 9, 10))
    contact_on(job_course, day=dt.date(2026, 9, 20))
    assert contact_period_contacts(job_course) == 2
    course = matched(job_course)
    contact_on(course, day=dt.date(2026, 10, 10))
    assert contact_period_contacts(course) == 2
