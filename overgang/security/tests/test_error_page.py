"""An unexpected error (DEBUG off) shows a generic page, or generic JSON in the API: no traceback,
no exception text, only the request id that is also on the log line (issue 8)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from overgang.security.errors import RequestIdFilter

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.django_db]

SECRET = "Test Borgersen lives at Hemmelig Vej 1 (a note that must not leak)"


def explode(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(SECRET)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(logging.Formatter("[%(request_id)s] %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def error_log() -> Iterator[Collect]:
    handler = Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any) -> Any:
    return make_course(alice, homelessness)


@override_settings(DEBUG=False)
def test_an_error_in_a_page_shows_the_generic_page(
    client_for: Any, alice: Any, course: Any, monkeypatch: Any, error_log: Collect
) -> None:
    monkeypatch.setattr("overgang.courses.views.build_timeline", explode)
    client = client_for(alice)
    client.raise_request_exception = False
    response = client.get(reverse("courses:detail", args=[course.pk]))

    assert response.status_code == 500
    assert [t.name for t in response.templates] == ["500.html"]
    html = response.content.decode()
    assert 'data-testid="server-error"' in html
    for leak in (SECRET, "RuntimeError", "Traceback", "build_timeline", "Hemmelig", "Borgersen"):
        assert leak not in html
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert f'data-testid="request-id">{request_id}<' in html
    # The log line support searches for carries the same id, and the error itself.
    assert any(
        line.startswith(f"[{request_id}] Internal Server Error: /courses/") for line in error_log.lines
    )
    # Still under the same browser policy, and never stored.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("language", ["da", "en"])
@override_settings(DEBUG=False)
def test_the_error_page_speaks_the_users_language(
    client_for: Any, alice: Any, course: Any, monkeypatch: Any, language: str
) -> None:
    monkeypatch.setattr("overgang.courses.views.build_timeline", explode)
    client = client_for(alice)
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    response = client.get(reverse("courses:detail", args=[course.pk]))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    if language == "en":
        assert "<h1>Something went wrong</h1>" in html


@override_settings(DEBUG=False)
def test_an_error_in_the_api_gives_generic_json(
    alice: Any, course: Any, monkeypatch: Any, error_log: Collect, client: Any
) -> None:
    monkeypatch.setattr("overgang.api.views.compute_schedule", explode)
    token = Token.objects.create(user=alice)
    client.raise_request_exception = False
    response = client.get(
        reverse("api:course-detail", args=[course.pk]), HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["request_id"] == response["X-Request-ID"]
    assert [error["field"] for error in body["errors"]] == [None]
    text = response.content.decode()
    for leak in (SECRET, "RuntimeError", "Traceback", "compute_schedule", "Borgersen"):
        assert leak not in text
    assert any(
        line.startswith(f"[{body['request_id']}] Internal Server Error: /api/v1/") for line in error_log.lines
    )


def test_a_path_the_api_does_not_have_is_a_json_404(alice: Any, client: Any) -> None:
    token = Token.objects.create(user=alice)
    response = client.get("/api/v1/courses/false/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert [error["field"] for error in response.json()["errors"]] == [None]


def test_a_page_that_does_not_exist_is_still_the_404_page(client_for: Any, alice: Any) -> None:
    response = client_for(alice).get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert [t.name for t in response.templates] == ["404.html"]
