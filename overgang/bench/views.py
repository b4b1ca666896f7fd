"""The framework floor for `make bench` (scripts/bench): the cheapest page the stack can serve.

A logged-in, two-factor-verified request through the whole middleware stack (sessions, auth, OTP,
tenancy, timeouts, CSP, request id, axes) that does one indexed query and renders a tiny template.
Every page's latency in BENCHMARKS.md is a ratio to this one, measured in the same run.

Off unless OVERGANG_BENCH_FLOOR is set (a setting or the environment): production answers 404.
Anonymous visitors are sent to the login page first, like everywhere else.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from overgang.accounts.models import Municipality


def floor_enabled() -> bool:
    configured = getattr(settings, "OVERGANG_BENCH_FLOOR", None)
    if configured is not None:
        return bool(configured)
    return os.environ.get("OVERGANG_BENCH_FLOOR", "").strip().lower() in {"1", "true", "yes", "on"}


@login_required
@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    if not floor_enabled():
        raise Http404
    municipality_id: int | None = getattr(request.user, "municipality_id", None)
    if municipality_id is None:
        raise Http404
    # The one query: a primary-key lookup.
    name = Municipality.objects.filter(pk=municipality_id).values_list("name", flat=True).first()
    if name is None:
        raise Http404
    return render(request, "bench/floor.html", {"municipality": name})
