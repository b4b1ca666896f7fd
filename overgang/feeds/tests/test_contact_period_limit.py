"""A course in the contact period shows the day phase 1 should start at the latest."""

from overgang.feeds.tests.helpers import d, dates_by_summary


def test_it_shows_the_contact_period_limit_one_phase_after_its_start(
    alice, homelessness, make_course, feed_for, fetch
):
    make_course(alice, homelessness, contact=d("2026-10-31"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice)

    assert dates_by_summary(fetch(token)) == {"Fase 1 senest – AB": d("2027-01-31")}


def test_the_limit_goes_once_phase_1_has_started(alice, homelessness, make_course, feed_for, fetch):
    make_course(
        alice,
        homelessness,
        contact=d("2026-09-01"),
        phase_1=d("2026-10-01"),
        first_name="Anna",
        last_name="Berg",
    )
    _, token = feed_for(alice)

    assert "Fase 1 senest – AB" not in dates_by_summary(fetch(token))
