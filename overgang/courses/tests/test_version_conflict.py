"""A stale form cannot overwrite a newer state: the course's version must match."""

import datetime as dt

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses import services
from overgang.courses.models import Course, Pause, WorkerAssignment
from overgang.courses.services import CourseActionError


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def state(course):
    """Everything a change could touch."""
    course = Course.objects.get(pk=course.pk)
    return (
        course.version,
        course.worker_id,
        course.contact_start,
        course.phase_1_start,
        course.phase_2_start,
        course.end_date,
        course.end_reason,
        list(Pause.objects.filter(course=course).values_list("start", "resume")),
        list(WorkerAssignment.objects.filter(course=course).values_list("worker_id", "start", "end")),
        AuditEntry.objects.count(),
    )


# Each change, given a course in the state it needs and the version the user saw.
CHANGES = {
    "contact period": (
        {"referral": d("2026-11-01")},
        lambda c, v, people, t: services.course_start_contact_period(
            course=c, on=d("2026-11-05"), actor=people["alice"], today=t, expected_version=v
        ),
    ),
    "phase 2": (
        {"phase_1": d("2026-08-01")},
        lambda c, v, people, t: services.course_start_phase(
            course=c, phase=2, on=d("2026-11-01"), actor=people["alice"], today=t, expected_version=v
        ),
    ),
    "pause": (
        {"phase_1": d("2026-08-01")},
        lambda c, v, people, t: services.course_pause(
            course=c,
            start=d("2026-11-01"),
            reason="hospital",
            actor=people["alice"],
            today=t,
            expected_version=v,
        ),
    ),
    "end": (
        {"phase_1": d("2026-08-01")},
        lambda c, v, people, t: services.course_end(
            course=c, on=d("2026-11-20"), reason="moved", actor=people["alice"], today=t, expected_version=v
        ),
    ),
    "reassign": (
        {"phase_1": d("2026-08-01")},
        lambda c, v, people, t: services.course_reassign_worker(
            course=c,
            worker=people["bob"],
            on=d("2026-11-01"),
            actor=people["carol"],
            today=t,
            expected_version=v,
        ),
    ),
}


@pytest.fixture
def people(alice, bob, carol):
    return {"alice": alice, "bob": bob, "carol": carol}


@pytest.mark.parametrize("change", CHANGES)
def test_a_stale_version_is_refused_and_saves_nothing(people, homelessness, make_course, today, change):
    setup, perform = CHANGES[change]
    course = make_course(people["alice"], homelessness, **setup)
    seen = course.version
    # Meanwhile a colleague changed the course: every named write bumps the version by one.
    Course.objects.filter(pk=course.pk).update(version=seen + 1)
    before = state(course)

    with pytest.raises(CourseActionError) as error:
        perform(course, seen, people, today)

    assert error.value.conflict
    assert state(course) == before


@pytest.mark.parametrize("change", CHANGES)
def test_the_current_version_is_accepted(people, homelessness, make_course, today, change):
    setup, perform = CHANGES[change]
    course = make_course(people["alice"], homelessness, **setup)
    seen = Course.objects.get(pk=course.pk).version

    perform(course, seen, people, today)

    assert Course.objects.get(pk=course.pk).version == seen + 1


def test_a_form_opened_before_a_colleagues_change_is_refused(alice, carol, homelessness, make_course, today):
    # Alice opens the course at version 2; Carol pauses it; Alice's transition must not go through.
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    seen_by_alice = Course.objects.get(pk=course.pk).version
    services.course_pause(
        course=course, start=d("2026-09-01"), reason="hospital", actor=carol, today=today, expected_version=2
    )
    services.course_resume(course=course, on=d("2026-09-05"), actor=carol, today=today, expected_version=3)

    with pytest.raises(CourseActionError) as error:
        services.course_start_phase(
            course=course,
            phase=2,
            on=d("2026-11-01"),
            actor=alice,
            today=today,
            expected_version=seen_by_alice,
        )

    assert error.value.conflict
    course = Course.objects.get(pk=course.pk)
    assert course.phase_2_start is None
    assert course.version == 4


def test_a_stale_resume_is_refused_and_the_pause_stays_open(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    services.course_pause(course=course, start=d("2026-11-01"), reason="hospital", actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        services.course_resume(
            course=course, on=d("2026-11-10"), actor=alice, today=today, expected_version=2
        )

    assert error.value.conflict
    assert Pause.objects.get(course=course).resume is None
    assert Course.objects.get(pk=course.pk).version == 3


def test_every_change_bumps_the_version_by_one(alice, carol, bob, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-05-01"))
    versions = [Course.objects.get(pk=course.pk).version]

    def step(action):
        action()
        versions.append(Course.objects.get(pk=course.pk).version)

    step(
        lambda: services.course_start_contact_period(
            course=course, on=d("2026-05-02"), actor=alice, today=today
        )
    )
    step(
        lambda: services.course_start_phase(
            course=course, phase=1, on=d("2026-05-10"), actor=alice, today=today
        )
    )
    step(
        lambda: services.course_pause(
            course=course, start=d("2026-06-01"), reason="hospital", actor=alice, today=today
        )
    )
    step(lambda: services.course_resume(course=course, on=d("2026-06-05"), actor=alice, today=today))
    step(
        lambda: services.course_start_phase(
            course=course, phase=2, on=d("2026-08-14"), actor=alice, today=today
        )
    )
    step(
        lambda: services.course_reassign_worker(
            course=course, worker=bob, on=d("2026-09-01"), actor=carol, today=today
        )
    )
    step(
        lambda: services.course_start_phase(
            course=course, phase=3, on=d("2026-11-14"), actor=bob, today=today
        )
    )
    step(
        lambda: services.course_end(
            course=course, on=d("2026-11-20"), reason="refuses", actor=bob, today=today
        )
    )

    assert versions == list(range(1, 10))


def test_a_stale_form_in_the_browser_gets_400_and_nothing_is_saved(
    alice, homelessness, make_course, client_for, frozen_today
):
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    Course.objects.filter(pk=course.pk).update(version=5)

    response = client_for(alice).post(
        f"/courses/{course.pk}/phase/", {"phase-on": "2026-11-01", "phase-version": "2"}
    )

    assert response.status_code == 400
    assert Course.objects.get(pk=course.pk).phase_2_start is None


def test_a_stale_request_to_the_api_gets_409_and_nothing_is_saved(
    alice, homelessness, make_course, client_for, frozen_today
):
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    Course.objects.filter(pk=course.pk).update(version=5)

    response = client_for(alice).post(
        f"/api/v1/courses/{course.pk}/phases/",
        {"phase": 2, "on": "2026-11-01", "version": 2},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert Course.objects.get(pk=course.pk).phase_2_start is None
