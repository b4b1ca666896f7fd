"""The benchmark's framework floor: behind the login and the second factor, and off by default."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

FLOOR = "/bench/floor/"


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login() -> None:
    with override_settings(OVERGANG_BENCH_FLOOR=True):
        response = Client().get(FLOOR)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login/?next={FLOOR}"


def test_it_is_not_found_when_the_setting_is_off(alice: Any, client_for: Any) -> None:
    with override_settings(OVERGANG_BENCH_FLOOR=False):
        response = client_for(alice).get(FLOOR)
    assert response.status_code == 404


def test_it_is_off_unless_the_environment_turns_it_on(
    alice: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from overgang.bench.views import floor_enabled

    monkeypatch.delenv("OVERGANG_BENCH_FLOOR", raising=False)
    assert not floor_enabled()
    monkeypatch.setenv("OVERGANG_BENCH_FLOOR", "1")
    assert floor_enabled()


def test_it_shows_the_users_municipality_when_on(alice: Any, client_for: Any) -> None:
    with override_settings(OVERGANG_BENCH_FLOOR=True):
        response = client_for(alice).get(FLOOR)
    assert response.status_code == 200
    assert alice.municipality.name in response.content.decode()


def test_it_asks_for_the_second_factor_like_every_page(alice: Any) -> None:
    client = Client()
    client.force_login(alice)
    with override_settings(OVERGANG_BENCH_FLOOR=True, OVERGANG_REQUIRE_2FA=True):
        response = client.get(FLOOR)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/")


def test_it_refuses_a_post(alice: Any, client_for: Any) -> None:
    with override_settings(OVERGANG_BENCH_FLOOR=True):
        response = client_for(alice).post(FLOOR)
    assert response.status_code == 405
