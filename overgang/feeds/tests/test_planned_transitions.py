"""The feed shows each course's planned transitions, as the CTI clock plans them, as all-day events."""

import datetime as dt

from overgang.courses import services
from overgang.feeds.tests.helpers import d, dates_by_summary, parse, vevents


def test_it_shows_phase_2_phase_3_and_the_planned_end_on_their_planned_dates(
    alice, homelessness, make_course, feed_for, fetch
):
    # 9 months in the homelessness programme: three phases of 3 calendar months from phase 1.
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice)

    assert dates_by_summary(fetch(token)) == {
        "Fase 2 starter – AB": d("2026-12-15"),
        "Fase 3 starter – AB": d("2027-03-15"),
        "Planlagt afslutning – AB": d("2027-06-15"),
    }


def test_it_clips_a_planned_date_to_the_end_of_a_shorter_month(
    alice, homelessness, make_course, feed_for, fetch
):
    make_course(alice, homelessness, phase_1=d("2026-08-31"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice)

    dates = dates_by_summary(fetch(token))

    assert dates["Fase 2 starter – AB"] == d("2026-11-30")
    assert dates["Fase 3 starter – AB"] == d("2027-02-28")
    assert dates["Planlagt afslutning – AB"] == d("2027-05-31")


def test_it_leaves_out_a_transition_already_realised(
    alice, homelessness, make_course, feed_for, fetch, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Anna", last_name="Berg")
    services.course_start_phase(course=course, phase=2, on=d("2026-11-02"), actor=alice, today=today)
    _, token = feed_for(alice)

    assert dates_by_summary(fetch(token)) == {
        "Fase 3 starter – AB": d("2027-02-01"),
        "Planlagt afslutning – AB": d("2027-05-01"),
    }


def test_it_leaves_out_ended_courses(alice, homelessness, make_course, feed_for, fetch, today):
    course = make_course(alice, homelessness, phase_1=d("2026-08-01"))
    services.course_end(course=course, on=d("2026-11-01"), reason="moved", actor=alice, today=today)
    _, token = feed_for(alice)

    assert vevents(fetch(token)) == []


def test_a_referred_course_without_a_phase_1_has_no_events(alice, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, referral=d("2026-11-20"))
    _, token = feed_for(alice)

    assert vevents(fetch(token)) == []


def test_events_are_all_day_free_time_with_a_stamp(alice, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"))
    _, token = feed_for(alice)

    for event in vevents(fetch(token)):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date
        assert end == start + dt.timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event.decoded("DTSTAMP").tzinfo is not None


def test_uids_are_stable_from_one_fetch_to_the_next(alice, homelessness, make_course, feed_for, fetch):
    course = make_course(alice, homelessness, phase_1=d("2026-09-15"))
    _, token = feed_for(alice)

    first = sorted(str(event["UID"]) for event in vevents(fetch(token)))
    second = sorted(str(event["UID"]) for event in vevents(fetch(token)))

    assert (
        first
        == second
        == sorted(f"course-{course.pk}-{kind}@overgang" for kind in ("phase-2", "phase-3", "planned-end"))
    )


def test_the_calendar_is_named_after_the_worker(alice, feed_for, fetch):
    _, token = feed_for(alice)

    assert str(parse(fetch(token))["X-WR-CALNAME"]) == "Overgang – Alice"
