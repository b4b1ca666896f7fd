"""An open pause gets a review 14 days after it began; the paused clock moves the planned dates."""

from overgang.courses import services
from overgang.feeds.tests.helpers import d, dates_by_summary


def pause(course, start, actor, today):
    return services.course_pause(course=course, start=d(start), reason="hospital", actor=actor, today=today)


def test_an_open_pause_is_reviewed_14_days_after_it_began(
    alice, homelessness, make_course, feed_for, fetch, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    pause(course, "2026-11-10", alice, today)
    _, token = feed_for(alice)

    dates = dates_by_summary(fetch(token))

    assert dates["Vurder pause – AB"] == d("2026-11-24")
    # Paused 12 days up to today: the clock stood still, the planned dates move with it.
    assert dates["Fase 2 starter – AB"] == d("2026-12-27")


def test_a_closed_pause_has_no_review(alice, homelessness, make_course, feed_for, fetch, today):
    course = make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    pause(course, "2026-10-01", alice, today)
    services.course_resume(course=course, on=d("2026-10-11"), actor=alice, today=today)
    _, token = feed_for(alice)

    dates = dates_by_summary(fetch(token))

    assert "Vurder pause – AB" not in dates
    assert dates["Fase 2 starter – AB"] == d("2026-12-25")
