"""A coordinator's or manager's course list can hold thousands of courses: it is shown a page at a
time, the most urgent first, with the worker and ended filters kept across the pages."""

import datetime as dt
import re

import pytest

from overgang.courses import views

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/courses/"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def shown(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-course="(\d+)"', response.content.decode())]


def test_the_list_comes_a_page_at_a_time_in_the_order_of_the_whole(
    carol, alice, bob, homelessness, make_course, client_for, monkeypatch
):
    monkeypatch.setattr(views, "OVERVIEW_PAGE_SIZE", 3)
    for month in ("05", "06", "07", "08", "09"):
        make_course(alice, homelessness, phase_1=d(f"2026-{month}-01"))
    make_course(bob, homelessness, contact=d("2026-11-01"))
    make_course(bob, homelessness)
    client = client_for(carol)

    first = client.get(URL)
    every = [row.course.pk for row in first.context["rows"]]
    assert len(every) == 7
    pages = [shown(first), shown(client.get(URL, {"page": 2})), shown(client.get(URL, {"page": 3}))]
    assert pages[0] + pages[1] + pages[2] == every
    assert [len(page) for page in pages] == [3, 3, 1]
    assert 'data-testid="overview-pager"' in first.content.decode()

    # The filters travel with the pages.
    only_alice = client.get(URL, {"worker": alice.pk, "page": 2})
    assert f'href="?worker={alice.pk}&amp;page=1" rel="prev"' in only_alice.content.decode()
    assert len(shown(only_alice)) == 2


def test_a_workers_own_list_has_no_pager(alice, homelessness, make_course, client_for):
    make_course(alice, homelessness, phase_1=d("2026-10-01"))
    response = client_for(alice).get(URL)
    assert len(shown(response)) == 1
    assert 'data-testid="overview-pager"' not in response.content.decode()
