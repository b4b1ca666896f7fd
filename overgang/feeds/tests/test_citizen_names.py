"""The calendar names citizens as the worker chose: initials by default, never more than chosen."""

from overgang.feeds.models import NameStyle
from overgang.feeds.tests.helpers import d, vevents


def summary_texts(response):
    return " ".join(str(event["SUMMARY"]) for event in vevents(response))


def test_it_shows_initials_by_default(alice, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice)

    body = fetch(token).content.decode()

    assert "Fase 2 starter – AB" in summary_texts(fetch(token))
    assert "Anna" not in body
    assert "Berg" not in body


def test_it_shows_the_first_name_when_chosen(alice, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice, NameStyle.FIRST_NAME)

    body = fetch(token).content.decode()

    assert "Fase 2 starter – Anna" in summary_texts(fetch(token))
    assert "Berg" not in body


def test_it_shows_the_full_name_only_when_chosen(alice, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice, NameStyle.FULL_NAME)

    assert "Fase 2 starter – Anna Berg" in summary_texts(fetch(token))


def test_no_name_shows_citizen_instead(alice, homelessness, make_course, feed_for, fetch):
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice, NameStyle.NONE)

    response = fetch(token)
    body = response.content.decode()

    assert "Fase 2 starter – Borger" in summary_texts(response)
    assert "Anna" not in body
    assert "Berg" not in body
    assert "– AB" not in body
