"""A CPR number never travels in a URL: the search is a POST, and an address with a CPR is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from overgang.audit.models import AuditEntry


@pytest.fixture
def anna(alice: Any, homelessness: Any, make_course: Any, today: Any) -> Any:
    return make_course(alice, homelessness, phase_1=today, first_name="Anna", last_name="Andersen")


def test_the_search_form_posts_with_a_csrf_token(alice: Any, client_for: Any) -> None:
    page = client_for(alice).get(reverse("courses:search")).content.decode()

    assert '<form method="post" action="/citizens/search/" role="search"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'hx-post="/citizens/search/"' in page
    assert "hx-get" not in page
    assert "hx-push-url" not in page


def test_a_search_by_cpr_number_is_posted_and_finds_the_citizen(
    anna: Any, alice: Any, client_for: Any
) -> None:
    response = client_for(alice).post(reverse("courses:search"), {"q": anna.citizen.cpr_display})

    assert response.status_code == 200
    assert [citizen.pk for citizen in response.context["results"]] == [anna.citizen_id]


def test_a_search_without_the_csrf_token_is_refused(anna: Any, alice: Any, client_for: Any) -> None:
    client = client_for(alice)
    client.handler.enforce_csrf_checks = True

    response = client.post(reverse("courses:search"), {"q": "Andersen"})

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="citizen.searched").exists()


def test_a_term_in_the_address_is_not_searched(anna: Any, alice: Any, client_for: Any) -> None:
    response = client_for(alice).get(reverse("courses:search"), {"q": "Andersen"})

    assert response.status_code == 200
    assert response.context["results"] == []
    assert response.context["query"] == ""
    assert not AuditEntry.objects.filter(action="citizen.searched").exists()


@pytest.mark.cpr_in_url_on_purpose
@pytest.mark.parametrize(
    "address",
    [
        "/citizens/search/?q=150585-1234",
        "/citizens/search/?q=1505851234",
        "/citizens/search/?q=150585%2D1234",
        "/api/v1/courses/?worker=1505851234",
        "/courses/1505851234/",
    ],
)
def test_an_address_with_a_cpr_number_is_refused(alice: Any, client_for: Any, address: str) -> None:
    response = client_for(alice).get(address)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert not AuditEntry.objects.filter(action="citizen.searched").exists()


@pytest.mark.cpr_in_url_on_purpose
def test_an_anonymous_request_with_a_cpr_number_is_refused_too(db: Any) -> None:
    assert Client().get("/api/v1/courses/?q=150585-1234").status_code == 400


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/courses/?worker=12345",
        "/desk/phase-plan/?period=2026-11-22",
        "/citizens/search/?q=9999991234",
    ],
)
def test_an_address_with_other_numbers_passes(alice: Any, client_for: Any, address: str) -> None:
    assert client_for(alice).get(address).status_code != 400
