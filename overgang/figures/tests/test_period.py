"""The period comes from the query string; bad input shows a message and the last 12 months."""

import datetime as dt

import pytest
from django.utils.translation import gettext

pytestmark = pytest.mark.usefixtures("frozen_today")

DEFAULT = (dt.date(2025, 11, 22), dt.date(2026, 11, 22))


def period_of(response):
    period = response.context["figures"].period
    return (period.start, period.end)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2026-13-01",
            "2026-11-22",
            "The dates were not understood: write them as YYYY-MM-DD. The last 12 months are shown.",
        ),
        (
            "22-11-2025",
            "",
            "The dates were not understood: write them as YYYY-MM-DD. The last 12 months are shown.",
        ),
        (
            "yesterday",
            "today",
            "The dates were not understood: write them as YYYY-MM-DD. The last 12 months are shown.",
        ),
        ("2026-06-01", "2026-05-01", "The period must start before it ends. The last 12 months are shown."),
        (
            "2026-01-01",
            "2026-11-23",
            "The period cannot end after today. The last 12 months are shown.",
        ),
        ("2022-01-01", "2026-11-22", "Choose a period of at most three years. The last 12 months are shown."),
        ("0001-01-01", "2026-11-22", "Choose a period of at most three years. The last 12 months are shown."),
        ("9999-12-31", "9999-12-31", "The period cannot end after today. The last 12 months are shown."),
    ],
)
def test_a_bad_period_shows_a_message_and_the_last_twelve_months(manny, client_for, start, end, message):
    for url, extra in (("/figures/", {}), ("/figures/courses/", {"figure": "active", "key": "all"})):
        response = client_for(manny).get(url, {"start": start, "end": end, **extra})

        assert response.status_code == 200
        filters = response.context["filters"]
        assert (filters.period.start, filters.period.end) == DEFAULT
        assert list(filters.errors) == [gettext(message)]
        assert gettext(message).replace("'", "&#x27;") in response.content.decode()


def test_a_missing_day_takes_its_default(manny, client_for):
    response = client_for(manny).get("/figures/", {"start": "2026-06-01"})

    assert period_of(response) == (dt.date(2026, 6, 1), dt.date(2026, 11, 22))
    assert response.context["filters"].errors == ()


def test_a_period_long_ago_is_allowed(manny, client_for):
    response = client_for(manny).get("/figures/", {"start": "0001-01-01", "end": "0001-01-01"})

    assert period_of(response) == (dt.date(1, 1, 1), dt.date(1, 1, 1))
    assert response.context["figures"].active.total.count == 0


def test_a_period_of_one_day_and_one_of_three_years_are_fine(manny, client_for):
    client = client_for(manny)

    assert period_of(client.get("/figures/", {"start": "2026-11-22", "end": "2026-11-22"})) == (
        dt.date(2026, 11, 22),
        dt.date(2026, 11, 22),
    )
    response = client.get("/figures/", {"start": "2023-11-22", "end": "2026-11-22"})
    assert period_of(response) == (dt.date(2023, 11, 22), dt.date(2026, 11, 22))
    assert response.context["filters"].errors == ()


@pytest.mark.parametrize("programme", ["abc", "99999", "1.5", "١"])
def test_an_unknown_programme_shows_a_message_and_every_programme(manny, client_for, programme):
    response = client_for(manny).get("/figures/", {"programme": programme})

    assert response.status_code == 200
    assert response.context["filters"].programme is None
    assert len(response.context["filters"].errors) == 1


def test_the_form_shows_the_period_used(manny, client_for):
    response = client_for(manny).get("/figures/", {"start": "nonsense"})

    assert 'name="start" value="2025-11-22"' in response.content.decode()
    assert 'name="end" value="2026-11-22"' in response.content.decode()
