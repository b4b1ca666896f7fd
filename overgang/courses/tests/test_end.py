"""Ending a course: after the full time, or early with a reason from appendix 5."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from overgang.courses import services
from overgang.courses.models import Course, EndReason, Pause
from overgang.courses.selectors import course_schedule
from overgang.courses.services import CourseActionError
from overgang.method.clock import Period


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def fresh(course):
    return Course.objects.get(pk=course.pk)


def end(course, on, actor, today, reason="moved", reason_text=""):
    return services.course_end(
        course=course, on=d(on), reason=reason, reason_text=reason_text, actor=actor, today=today
    )


EARLY_REASONS = [r for r in EndReason.values if r not in (EndReason.COMPLETED, EndReason.OTHER)]


@pytest.mark.parametrize("reason", EARLY_REASONS)
def test_it_ends_the_course_early_with_each_reason(alice, homelessness, make_course, today, reason):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    end(course, "2026-11-20", alice, today, reason=reason)

    course = fresh(course)
    assert course.end_date == d("2026-11-20")
    assert course.end_reason == reason
    assert course.end_reason_text == ""
    assert not course.is_active
    assert course.version == 3
    assert course_schedule(course, today=today).period is Period.ENDED


def test_it_ends_the_course_as_completed_after_phase_3(alice, homelessness, make_course, today):
    # Phase 1 on 2026-02-16: phase 2 on 2026-05-16, phase 3 on 2026-08-16, planned end 2026-11-16.
    course = make_course(alice, homelessness, phase_1=d("2026-02-16"))
    services.course_start_phase(course=course, phase=2, on=d("2026-05-16"), actor=alice, today=today)
    services.course_start_phase(course=course, phase=3, on=d("2026-08-16"), actor=alice, today=today)

    end(course, "2026-11-16", alice, today, reason="completed")

    course = fresh(course)
    assert (course.end_date, course.end_reason) == (d("2026-11-16"), "completed")
    schedule = course_schedule(course, today=today)
    ended = next(t for t in schedule.transitions if t.to is Period.ENDED)
    assert (ended.planned, ended.realised, ended.timeliness.is_timely) == (
        d("2026-11-16"),
        d("2026-11-16"),
        True,
    )


@pytest.mark.parametrize("phase_reached", [0, 1, 2])
def test_a_course_is_not_completed_as_planned_before_phase_3(
    alice, homelessness, make_course, today, phase_reached
):
    course = make_course(alice, homelessness, contact=d("2026-01-20"))
    for phase, on in ((1, "2026-02-16"), (2, "2026-05-16"))[:phase_reached]:
        services.course_start_phase(course=course, phase=phase, on=d(on), actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        end(course, "2026-11-20", alice, today, reason="completed")

    assert error.value.field == "reason"
    assert fresh(course).is_active


def test_it_ends_the_course_with_the_reason_other_and_its_description(
    alice, homelessness, make_course, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    end(course, "2026-11-20", alice, today, reason="other", reason_text=" Flyttet til udlandet ")

    course = fresh(course)
    assert (course.end_reason, course.end_reason_text) == ("other", "Flyttet til udlandet")


@pytest.mark.parametrize("reason_text", ["", "   "])
def test_the_reason_other_needs_a_description(alice, homelessness, make_course, today, reason_text):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError) as error:
        end(course, "2026-11-20", alice, today, reason="other", reason_text=reason_text)

    assert error.value.field == "reason_text"
    assert fresh(course).is_active


def test_the_database_refuses_the_reason_other_without_a_description(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(end_date=d("2026-11-20"), end_reason="other")


def test_the_database_refuses_an_end_date_without_a_reason(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(end_date=d("2026-11-20"))


def test_a_description_is_dropped_for_other_reasons(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    end(course, "2026-11-20", alice, today, reason="moved", reason_text="Aarhus")

    assert fresh(course).end_reason_text == ""


@pytest.mark.parametrize("reason", ["", "bored"])
def test_an_end_needs_a_reason_from_the_list(alice, homelessness, make_course, today, reason):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError) as error:
        end(course, "2026-11-20", alice, today, reason=reason)

    assert error.value.field == "reason"
    assert fresh(course).is_active


def test_the_courses_worker_assignment_ends_with_the_course(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    end(course, "2026-11-20", alice, today)

    assert course.assignments.get().end == d("2026-11-20")


def test_an_early_end_leaves_nothing_overdue(alice, homelessness, make_course, today):
    # Phase 1 on 2026-06-01 planned phase 2 on 2026-09-01; it ended before that.
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    end(course, "2026-08-01", alice, today, reason="died")

    schedule = course_schedule(fresh(course), today=today)
    assert not schedule.overdue
    assert schedule.next_transition is None


# --- the end date ---------------------------------------------------------------------------------


def test_the_end_cannot_be_before_the_courses_latest_date(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-05-01"))
    services.course_start_phase(course=course, phase=2, on=d("2026-08-01"), actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        end(course, "2026-07-31", alice, today, reason="refuses")

    assert error.value.field == "on"
    assert fresh(course).is_active


def test_the_end_may_be_on_the_courses_latest_date(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-05-01"))
    services.course_start_phase(course=course, phase=2, on=d("2026-08-01"), actor=alice, today=today)

    end(course, "2026-08-01", alice, today, reason="refuses")

    assert fresh(course).end_date == d("2026-08-01")


def test_a_course_only_referred_can_end_but_not_before_its_referral(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    with pytest.raises(CourseActionError):
        end(course, "2026-10-31", alice, today, reason="refuses")
    end(course, "2026-11-01", alice, today, reason="refuses")

    assert fresh(course).end_date == d("2026-11-01")


def test_an_end_date_in_the_future_is_refused(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    with pytest.raises(CourseActionError) as error:
        end(course, "2026-11-23", alice, today)

    assert error.value.field == "on"
    assert fresh(course).is_active


def test_an_end_date_today_is_accepted(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    end(course, "2026-11-22", alice, today)

    assert fresh(course).end_date == today


@pytest.mark.parametrize("on", ["2025-11-21", "2027-11-23"])
def test_an_end_date_more_than_a_year_away_is_refused(alice, homelessness, make_course, today, on):
    course = make_course(alice, homelessness, referral=d("2025-11-22"))

    with pytest.raises(CourseActionError) as error:
        end(course, on, alice, today)

    assert error.value.field == "on"
    assert fresh(course).is_active


def test_the_end_cannot_lie_inside_a_closed_pause(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_pause(course=course, start=d("2026-10-01"), reason="hospital", actor=alice, today=today)
    services.course_resume(course=course, on=d("2026-10-11"), actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        end(course, "2026-10-05", alice, today, reason="hospitalised")

    assert error.value.field == "on"
    assert fresh(course).is_active
    assert course.pauses.get().resume == d("2026-10-11")


# --- an open pause --------------------------------------------------------------------------------


def test_an_open_pause_is_closed_at_the_end(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_pause(
        course=course, start=d("2026-10-01"), reason="imprisonment", actor=alice, today=today
    )

    end(course, "2026-11-20", alice, today, reason="imprisoned")

    assert Pause.objects.get(course=course).resume == d("2026-11-20")
    course = fresh(course)
    assert course.end_date == d("2026-11-20")
    assert not course_schedule(course, today=today).paused


@pytest.mark.parametrize("on", ["2026-09-30", "2026-10-01"])
def test_an_end_on_or_before_the_open_pauses_start_is_refused(alice, homelessness, make_course, today, on):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_pause(course=course, start=d("2026-10-01"), reason="hospital", actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        end(course, on, alice, today, reason="hospitalised")

    assert error.value.field == "on"
    assert fresh(course).is_active
    assert Pause.objects.get(course=course).resume is None


# --- an ended course is closed --------------------------------------------------------------------


@pytest.fixture
def ended_course(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, contact=d("2026-05-01"))
    return end(course, "2026-06-01", alice, today, reason="disappeared")


CHANGES = {
    "contact period": lambda c, u, t: services.course_start_contact_period(
        course=c, on=d("2026-11-01"), actor=u, today=t
    ),
    "phase 1": lambda c, u, t: services.course_start_phase(
        course=c, phase=1, on=d("2026-11-01"), actor=u, today=t
    ),
    "pause": lambda c, u, t: services.course_pause(
        course=c, start=d("2026-11-01"), reason="hospital", actor=u, today=t
    ),
    "resume": lambda c, u, t: services.course_resume(course=c, on=d("2026-11-01"), actor=u, today=t),
    "end": lambda c, u, t: services.course_end(
        course=c, on=d("2026-11-01"), reason="moved", actor=u, today=t
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_an_ended_course_is_refused_as_a_conflict(ended_course, alice, today, change):
    before = fresh(ended_course)

    with pytest.raises(CourseActionError) as error:
        CHANGES[change](ended_course, alice, today)

    assert error.value.conflict
    after = fresh(ended_course)
    assert after.version == before.version
    assert (after.end_date, after.end_reason, after.phase_1_start) == (d("2026-06-01"), "disappeared", None)
    assert not Pause.objects.exists()


def test_an_ended_course_cannot_get_a_new_worker(ended_course, bob, carol, today):
    with pytest.raises(CourseActionError) as error:
        services.course_reassign_worker(
            course=ended_course, worker=bob, on=d("2026-11-01"), actor=carol, today=today
        )

    assert error.value.conflict
    assert fresh(ended_course).worker.username == "alice"
