"""Readiness (`/readyz`): may this instance take traffic? Liveness stays `/healthz` (no database).

Two checks: the database answers `SELECT 1`, and no migration is waiting (a new release's code must
not serve an old schema). The migration plan is computed until it is first found empty, then
remembered for the life of the process: migrations are applied before a release starts, never
rolled back under a running one. The answer is JSON without personal data, needs no login and is
never cached; 503 names the check that failed.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

_migrations_done = threading.Event()


def _check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    return "ok" if row and row[0] == 1 else "unexpected answer"


def _check_migrations() -> str:
    if _migrations_done.is_set():
        return "ok"
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return f"{len(plan)} unapplied"
    _migrations_done.set()
    return "ok"


def forget_migrations_result() -> None:
    """For tests: check the migrations again at the next request."""
    _migrations_done.clear()


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    checks: dict[str, str] = {}
    for name, check in (("database", _check_database), ("migrations", _check_migrations)):
        try:
            checks[name] = check()
        except Exception as error:  # the probe reports, it does not crash
            logger.warning("Readiness check %s failed: %s", name, type(error).__name__)
            checks[name] = "unavailable"
        if checks[name] != "ok":
            break  # without a database there is no migration table to read
    checks.setdefault("migrations", "not checked")
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": checks,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        },
        status=200 if ready else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
