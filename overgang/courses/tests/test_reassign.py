"""Giving a course another CTI worker: the history is kept, and access follows the course."""

import datetime as dt

import pytest
from django.http import Http404

from overgang.courses import services
from overgang.courses.access import courses_visible_to, get_course_for_user
from overgang.courses.models import Course, WorkerAssignment
from overgang.courses.services import CourseActionError


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def reassign(course, worker, on, actor, today):
    return services.course_reassign_worker(course=course, worker=worker, on=d(on), actor=actor, today=today)


@pytest.fixture
def alices_course(alice, homelessness, make_course):
    return make_course(alice, homelessness, referral=d("2026-06-01"), phase_1=d("2026-06-10"))


def test_it_gives_the_course_a_new_worker(alices_course, bob, carol, today):
    reassign(alices_course, bob, "2026-11-01", carol, today)

    course = Course.objects.get(pk=alices_course.pk)
    assert course.worker == bob
    assert course.version == 3


def test_the_history_is_kept_in_the_worker_assignments(alices_course, alice, bob, carol, today):
    reassign(alices_course, bob, "2026-11-01", carol, today)

    rows = [
        (a.worker.username, a.start, a.end, a.assigned_by.username)
        for a in WorkerAssignment.objects.filter(course=alices_course).order_by("start", "pk")
    ]
    assert rows == [
        ("alice", d("2026-06-01"), d("2026-11-01"), "alice"),
        ("bob", d("2026-11-01"), None, "carol"),
    ]


def test_a_second_change_adds_to_the_history(alices_course, alice, bob, carol, today):
    reassign(alices_course, bob, "2026-10-01", carol, today)
    reassign(Course.objects.get(pk=alices_course.pk), alice, "2026-11-01", carol, today)

    rows = [(a.worker.username, a.start, a.end) for a in alices_course.assignments.order_by("start", "pk")]
    assert rows == [
        ("alice", d("2026-06-01"), d("2026-10-01")),
        ("bob", d("2026-10-01"), d("2026-11-01")),
        ("alice", d("2026-11-01"), None),
    ]
    assert Course.objects.get(pk=alices_course.pk).worker == alice


def test_the_course_itself_is_otherwise_unchanged(alices_course, bob, carol, today):
    reassign(alices_course, bob, "2026-11-01", carol, today)

    course = Course.objects.get(pk=alices_course.pk)
    assert (course.referral_date, course.phase_1_start, course.end_date) == (
        d("2026-06-01"),
        d("2026-06-10"),
        None,
    )


# --- who may take over ----------------------------------------------------------------------------


def test_the_new_worker_must_belong_to_the_programme(alices_course, erin, carol, today):
    # Erin is a CTI worker in the job programme only.
    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, erin, "2026-11-01", carol, today)

    assert error.value.field == "worker"
    assert Course.objects.get(pk=alices_course.pk).worker.username == "alice"
    assert alices_course.assignments.count() == 1


def test_a_coordinator_cannot_be_the_cti_worker(alices_course, carol, today):
    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, carol, "2026-11-01", carol, today)

    assert error.value.field == "worker"


def test_a_worker_from_another_municipality_cannot_take_over(alices_course, mallory, carol, today):
    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, mallory, "2026-11-01", carol, today)

    assert error.value.field == "worker"
    assert Course.objects.get(pk=alices_course.pk).worker.username == "alice"


def test_an_inactive_worker_cannot_take_over(alices_course, bob, carol, today):
    bob.is_active = False
    bob.save(update_fields=["is_active"])

    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, bob, "2026-11-01", carol, today)

    assert error.value.field == "worker"


def test_the_same_worker_is_refused(alices_course, alice, carol, today):
    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, alice, "2026-11-01", carol, today)

    assert error.value.field == "worker"
    assert alices_course.assignments.count() == 1


def test_the_change_cannot_be_dated_before_the_current_worker_took_over(alices_course, bob, carol, today):
    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, bob, "2026-05-31", carol, today)

    assert error.value.field == "on"
    assert Course.objects.get(pk=alices_course.pk).worker.username == "alice"
    assert alices_course.assignments.get().end is None


def test_a_change_more_than_a_year_ahead_is_refused(alices_course, bob, carol, today):
    with pytest.raises(CourseActionError) as error:
        reassign(alices_course, bob, "2027-11-23", carol, today)

    assert error.value.field == "on"


# --- access follows the course ----------------------------------------------------------------------


def test_the_old_worker_loses_access_and_the_new_worker_gains_it(alices_course, alice, bob, carol, today):
    assert courses_visible_to(alice).filter(pk=alices_course.pk).exists()
    with pytest.raises(Http404):
        get_course_for_user(bob, alices_course.pk)

    reassign(alices_course, bob, "2026-11-01", carol, today)

    assert not courses_visible_to(alice).filter(pk=alices_course.pk).exists()
    with pytest.raises(Http404):
        get_course_for_user(alice, alices_course.pk)
    assert get_course_for_user(bob, alices_course.pk).pk == alices_course.pk


def test_the_pages_follow_the_course_too(alices_course, alice, bob, carol, today, client_for, frozen_today):
    reassign(alices_course, bob, "2026-11-01", carol, today)

    assert client_for(alice).get(f"/courses/{alices_course.pk}/").status_code == 404
    assert client_for(bob).get(f"/courses/{alices_course.pk}/").status_code == 200


def test_the_coordinator_keeps_access(alices_course, bob, carol, today):
    reassign(alices_course, bob, "2026-11-01", carol, today)

    assert get_course_for_user(carol, alices_course.pk).worker == bob
