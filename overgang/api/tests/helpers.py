"""Small helpers shared by the API tests: dates, the clock, URLs and one valid request per action."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

PASSWORD = "correct horse battery staple"  # what the shared conftest gives every user
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def travel(day: dt.date | str) -> Any:
    """Stand still at noon in Copenhagen on `day` (the views read `timezone.localdate()`)."""
    day = d(day) if isinstance(day, str) else day
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=COPENHAGEN), tick=False)


def course_url(name: str, course: Any) -> str:
    """The URL of a course endpoint: course_url("phase", course) is /api/v1/courses/{id}/phases/."""
    return reverse(f"api:course-{name}", args=[course.pk])


def with_version(url: str, payload: Any) -> Any:
    """The payload as a client sends it that has just read the course: with the course's current
    `version` (required by every course action), unless the test gives one itself."""
    from django.urls import resolve as resolve_url

    from overgang.courses.models import Course

    match = resolve_url(url)
    if not isinstance(payload, dict) or "version" in payload or "pk" not in match.kwargs:
        return payload
    if match.url_name in ("course-restart", "course-detail", "course-schedule"):
        return payload
    version = Course.objects.filter(pk=match.kwargs["pk"]).values_list("version", flat=True).first()
    return payload if version is None else {**payload, "version": version}


def worker_url(name: str, worker: Any) -> str:
    return reverse(f"api:worker-{name}", args=[worker.pk])


def field_errors(response: Any) -> list[str | None]:
    """The fields named in an error body, after checking the body has the documented shape."""
    body = response.json()
    assert set(body) == {"errors"}
    assert body["errors"], "an error body names at least one error"
    for item in body["errors"]:
        assert set(item) == {"field", "message"}
        assert isinstance(item["message"], str) and item["message"].strip()
    return [item["field"] for item in body["errors"]]


def resolve(payload: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    """Payload values written as "@name" are the primary key of the fixture `name` (a person)."""
    return {
        key: request.getfixturevalue(value[1:]).pk
        if isinstance(value, str) and value.startswith("@")
        else value
        for key, value in payload.items()
    }


# One request per action that succeeds for the course's worker Alice (for reassign: for Carol, the
# coordinator). Each is (course fixture, endpoint, payload). Today is 2026-11-22; `in_phase_1` was
# referred 2026-08-25, had its contact period from 2026-09-01 and phase 1 from 2026-10-01;
# `referred` was referred 2026-11-01; `paused` is `in_phase_1` paused since 2026-11-10;
# `ended` is `in_phase_1` ended 2026-11-15.
VALID_ACTIONS = [
    pytest.param("referred", "contact-period", {"on": "2026-11-10"}, id="contact-period"),
    pytest.param("referred", "phase", {"phase": 1, "on": "2026-11-10"}, id="phase-1"),
    pytest.param("in_phase_1", "phase", {"phase": 2, "on": "2026-11-20"}, id="phase-2"),
    pytest.param("in_phase_1", "pause", {"start": "2026-11-18", "reason": "hospital"}, id="pause"),
    pytest.param("paused", "resume", {"on": "2026-11-20"}, id="resume"),
    pytest.param("in_phase_1", "end", {"on": "2026-11-20", "reason": "moved"}, id="end"),
    pytest.param("ended", "restart", {"referral_date": "2026-11-20"}, id="restart"),
    pytest.param("in_phase_1", "reassign", {"worker": "@bob", "on": "2026-11-20"}, id="reassign"),
]


def actor_for(endpoint: str) -> str:
    """Who may perform the action in VALID_ACTIONS: only coordinators reassign."""
    return "carol" if endpoint == "reassign" else "alice"
