"""The feed is a calendar file that no browser or proxy keeps, read in a constant number of queries."""

from overgang.feeds.tests.helpers import d, parse


def test_it_is_text_calendar_and_never_stored(alice, feed_for, fetch):
    _, token = feed_for(alice)

    response = fetch(token)

    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    assert str(parse(response)["VERSION"]) == "2.0"


def test_it_is_danish_whatever_the_language_cookie_says(alice, homelessness, make_course, feed_for, client):
    make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    _, token = feed_for(alice)
    client.cookies["django_language"] = "en"

    body = client.get(f"/feeds/{token}.ics").content.decode()

    assert "Fase 2 starter – AB" in body


def test_it_rejects_post(alice, feed_for, client):
    _, token = feed_for(alice)

    assert client.post(f"/feeds/{token}.ics").status_code == 405


def test_the_number_of_queries_does_not_grow_with_the_courses(
    alice, homelessness, make_course, feed_for, fetch, django_assert_max_num_queries
):
    for n in range(5):
        make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name=f"Anna{n}", last_name="Berg")
    _, token = feed_for(alice)

    with django_assert_max_num_queries(6):
        fetch(token)
