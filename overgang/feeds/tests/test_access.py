"""A feed shows what its owner may see through the one door, and follows changes at once."""

from overgang.courses import services
from overgang.feeds.tests.helpers import d, dates_by_summary, vevents


def test_a_course_reassigned_to_bob_leaves_alices_feed(
    alice, bob, carol, homelessness, make_course, feed_for, fetch, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, alices_token = feed_for(alice)
    _, bobs_token = feed_for(bob)
    assert "Fase 2 starter – AB" in dates_by_summary(fetch(alices_token))

    services.course_reassign_worker(course=course, worker=bob, on=d("2026-11-20"), actor=carol, today=today)

    assert vevents(fetch(alices_token)) == []
    assert "Fase 2 starter – AB" in dates_by_summary(fetch(bobs_token))


def test_mallorys_feed_never_shows_our_courses(alice, mallory, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"))
    _, token = feed_for(mallory)

    assert vevents(fetch(token)) == []


def test_bobs_feed_does_not_show_alices_courses(alice, bob, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"))
    _, token = feed_for(bob)

    assert vevents(fetch(token)) == []


def test_the_coordinators_feed_shows_the_programmes_courses(
    alice, carol, homelessness, make_course, feed_for, fetch
):
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(carol)

    assert "Fase 2 starter – AB" in dates_by_summary(fetch(token))
