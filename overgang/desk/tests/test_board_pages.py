"""A big team's caseload board: every worker is ranked for the next citizen, their cards (each with
a chart) are shown a page at a time (issue 9: 400 workers made a 1.4 MB page)."""

import re

import pytest

from overgang.accounts.models import Role, User
from overgang.desk import views
from overgang.desk.selectors import caseload_board, next_citizen_ranking

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/desk/caseload/"


@pytest.fixture
def team_of_twelve(alice, bob, homelessness, make_course):
    for number in range(10):
        worker = User.objects.create_user(
            username=f"worker{number:02}",
            first_name=f"Worker{number:02}",
            last_name="Testsen",
            municipality=homelessness.municipality,
            role=Role.WORKER,
            fte="1.00",
        )
        homelessness.workers.add(worker)
        for _ in range(number % 4):
            make_course(worker, homelessness)
    return User.objects.filter(programmes=homelessness)


def cards(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-worker="(\d+)"', response.content.decode())]


def test_the_cards_come_a_page_at_a_time_and_the_ranking_covers_everyone(
    carol, homelessness, team_of_twelve, client_for, monkeypatch, today
):
    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 5)
    monkeypatch.setattr(views, "BOARD_RANKING_SHOWN", 3)
    everyone = caseload_board(team_of_twelve.order_by("first_name", "last_name"), today=today)
    assert len(everyone) == 12
    client = client_for(carol)

    shown = []
    for number in (1, 2, 3):
        response = client.get(URL, {"programme": homelessness.pk, "page": number})
        shown += cards(response)
        ranking = [*response.context["ranking"], *response.context["ranking_rest"]]
        assert [e.worker.pk for e in ranking] == [e.worker.pk for e in next_citizen_ranking(everyone)]
        assert len(response.context["ranking"]) == 3
    assert shown == [entry.worker.pk for entry in everyone]  # by name, each worker once
    html = response.content.decode()
    assert "Page 3 of 3" in html or "Side 3 af 3" in html
    assert f'href="?programme={homelessness.pk}&amp;page=2" rel="prev"' in html
    assert 'data-testid="ranking-rest"' in html
    # Page 3 holds the last two workers; a page past the end shows the last page.
    assert cards(response) == [entry.worker.pk for entry in everyone[10:]]
    assert cards(client.get(URL, {"programme": homelessness.pk, "page": 99})) == cards(response)


def test_a_small_team_has_one_page_and_no_hidden_ranking(carol, alice, bob, client_for):
    response = client_for(carol).get(URL)
    html = response.content.decode()
    assert 'data-testid="board-pager"' not in html
    assert 'data-testid="ranking-rest"' not in html
    assert set(cards(response)) == {alice.pk, bob.pk}
