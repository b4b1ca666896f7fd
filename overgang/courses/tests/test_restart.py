"""Starting over: after an ended course, a new course for the same citizen, linked to the old one."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from overgang.courses import services
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def ended_course(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-04-01"))
    return services.course_end(
        course=course, on=d("2026-07-01"), reason="imprisoned", actor=alice, today=today
    )


def test_it_starts_a_new_course_linked_to_the_ended_one(ended_course, alice, today):
    new = services.course_restart(
        course=ended_course, referral_date=d("2026-11-01"), actor=alice, today=today
    )

    new.refresh_from_db()
    assert new.pk != ended_course.pk
    assert new.restarted_from == ended_course
    assert Course.objects.get(pk=ended_course.pk).restarted_as == new
    assert new.citizen == ended_course.citizen
    assert new.programme == ended_course.programme
    assert new.legal_basis == ended_course.legal_basis
    assert new.worker == alice
    assert new.referral_date == d("2026-11-01")
    assert new.is_active
    assert (new.contact_start, new.phase_1_start, new.version) == (None, None, 1)


def test_the_new_course_starts_the_clock_from_scratch(ended_course, alice, today):
    new = services.course_restart(
        course=ended_course, referral_date=d("2026-11-01"), actor=alice, today=today
    )

    services.course_start_phase(course=new, phase=1, on=d("2026-11-10"), actor=alice, today=today)

    assert Course.objects.get(pk=new.pk).phase_1_start == d("2026-11-10")
    assert Course.objects.get(pk=ended_course.pk).phase_1_start == d("2026-04-01")


def test_the_old_course_is_left_as_it_was(ended_course, alice, today):
    old_version = Course.objects.get(pk=ended_course.pk).version

    services.course_restart(course=ended_course, referral_date=d("2026-11-01"), actor=alice, today=today)

    old = Course.objects.get(pk=ended_course.pk)
    assert (old.end_date, old.end_reason, old.version) == (d("2026-07-01"), "imprisoned", old_version)


def test_it_may_start_over_with_another_worker(ended_course, bob, carol, today):
    new = services.course_restart(
        course=ended_course, referral_date=d("2026-11-01"), actor=carol, worker=bob, today=today
    )

    assert new.worker == bob
    assert new.assignments.get().worker == bob


def test_the_new_course_may_start_on_the_day_the_old_one_ended(ended_course, alice, today):
    new = services.course_restart(
        course=ended_course, referral_date=d("2026-07-01"), actor=alice, today=today
    )

    assert new.referral_date == d("2026-07-01")


def test_the_new_course_cannot_start_before_the_old_one_ended(ended_course, alice, today):
    with pytest.raises(CourseActionError) as error:
        services.course_restart(course=ended_course, referral_date=d("2026-06-30"), actor=alice, today=today)

    assert error.value.field == "referral_date"
    assert Course.objects.count() == 1


def test_a_course_starts_over_only_once(ended_course, alice, today):
    new = services.course_restart(
        course=ended_course, referral_date=d("2026-08-01"), actor=alice, today=today
    )
    services.course_end(course=new, on=d("2026-09-01"), reason="refuses", actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        services.course_restart(course=ended_course, referral_date=d("2026-11-01"), actor=alice, today=today)

    assert error.value.conflict
    assert Course.objects.filter(citizen=ended_course.citizen).count() == 2


def test_the_restarted_course_itself_may_start_over(ended_course, alice, today):
    new = services.course_restart(
        course=ended_course, referral_date=d("2026-08-01"), actor=alice, today=today
    )
    services.course_end(course=new, on=d("2026-09-01"), reason="refuses", actor=alice, today=today)

    newest = services.course_restart(course=new, referral_date=d("2026-11-01"), actor=alice, today=today)

    assert newest.restarted_from == new


def test_the_database_links_an_ended_course_to_one_new_course_only(ended_course, alice, today):
    services.course_restart(course=ended_course, referral_date=d("2026-08-01"), actor=alice, today=today)

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(
            municipality=ended_course.municipality,
            citizen=ended_course.citizen,
            programme=ended_course.programme,
            legal_basis="sel_85",
            duration_months=9,
            worker=alice,
            referral_date=d("2026-08-01"),
            end_date=d("2026-08-02"),
            end_reason="refuses",
            restarted_from=ended_course,
        )


def test_an_active_course_cannot_start_over(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-04-01"))

    with pytest.raises(CourseActionError) as error:
        services.course_restart(course=course, referral_date=d("2026-11-01"), actor=alice, today=today)

    assert error.value.conflict
    assert Course.objects.count() == 1


def test_a_citizen_referred_again_meanwhile_cannot_also_start_over(ended_course, alice, homelessness, today):
    services.course_refer(
        actor=alice,
        citizen=ended_course.citizen,
        programme=homelessness,
        legal_basis="sel_85",
        worker=alice,
        referral_date=d("2026-10-01"),
        today=today,
    )

    with pytest.raises(CourseActionError) as error:
        services.course_restart(course=ended_course, referral_date=d("2026-11-01"), actor=alice, today=today)

    assert error.value.field == "citizen"
    assert Course.objects.filter(citizen=ended_course.citizen).count() == 2
