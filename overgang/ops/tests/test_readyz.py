"""/readyz: 200 with the checks when the database answers and no migration waits, 503 naming the
failed check otherwise; no login, no cookie, no personal data, never cached. /healthz stays liveness."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from overgang.ops import views


@pytest.fixture(autouse=True)
def fresh_result() -> Iterator[None]:
    views.forget_migrations_result()
    yield
    views.forget_migrations_result()


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_every_migration_is_applied() -> None:
    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "migrations": "ok"}
    assert set(body) == {"status", "checks", "duration_ms"}


@pytest.mark.django_db
def test_an_unapplied_migration_makes_it_unready_and_is_named(monkeypatch: Any) -> None:
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)] * 2)

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"] == {"database": "ok", "migrations": "2 unapplied"}


@pytest.mark.django_db
def test_a_database_that_does_not_answer_makes_it_unready(monkeypatch: Any) -> None:
    def broken() -> str:
        raise ConnectionError("connection refused to 10.0.0.1 as overgang")

    monkeypatch.setattr(views, "_check_database", broken)

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable", "migrations": "not checked"}
    assert b"10.0.0.1" not in response.content  # the error's text is not told


@pytest.mark.django_db
def test_the_migration_result_is_remembered_after_the_first_success(monkeypatch: Any) -> None:
    assert Client().get("/readyz").status_code == 200

    def fails(self: Any, targets: Any) -> list[Any]:
        raise AssertionError("the plan was computed again")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", fails)

    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_only_get_and_head(db: Any) -> None:
    assert Client().head("/readyz").status_code == 200
    assert Client().post("/readyz").status_code == 405


def test_liveness_needs_no_database() -> None:
    # No django_db mark: any query here would fail the test.
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
