"""`manage.py jobs_status`: the latest run of each job, what it did and where; --check fails when a
job's latest run failed or its claim went stale."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from overgang.scheduler.models import JobRun, JobState

pytestmark = pytest.mark.django_db


def status(*args: str) -> str:
    out = io.StringIO()
    call_command("jobs_status", *args, stdout=out)
    return out.getvalue()


def add_run(job: str, period: str, state: str, *, started: dt.datetime, **extra: object) -> JobRun:
    return JobRun.objects.create(
        job=job,
        period=period,
        state=state,
        started_at=started,
        finished_at=None if state == JobState.CLAIMED else started + dt.timedelta(minutes=2),
        host="app-1",
        pid=100,
        **extra,
    )


def test_it_shows_each_jobs_latest_run_and_the_jobs_never_run() -> None:
    now = timezone.now()
    add_run("digest", "2026-W47", JobState.DONE, started=now - dt.timedelta(days=7), counts={"sent": 9})
    add_run("digest", "2026-W48", JobState.DONE, started=now, counts={"sent": 3})

    out = status()

    assert "digest 2026-W48: done" in out
    assert "sent 3" in out
    assert "2026-W47" not in out
    assert "reminders: never run" in out
    assert "audit-purge: never run" in out


def test_limit_shows_older_runs_too() -> None:
    now = timezone.now()
    add_run("digest", "2026-W47", JobState.DONE, started=now - dt.timedelta(days=7))
    add_run("digest", "2026-W48", JobState.DONE, started=now)

    out = status("--limit", "2")

    assert out.index("2026-W48") < out.index("2026-W47")


def test_check_passes_when_every_latest_run_is_done_or_running() -> None:
    now = timezone.now()
    add_run("digest", "2026-W48", JobState.DONE, started=now)
    add_run("reminders", "2026-11-23T09", JobState.CLAIMED, started=now - dt.timedelta(minutes=5))

    out = status("--check")

    assert "reminders 2026-11-23T09: claimed" in out


def test_check_fails_on_a_failed_run_and_shows_its_error() -> None:
    add_run("digest", "2026-W48", JobState.FAILED, started=timezone.now(), error="1 digests failed")

    with pytest.raises(CommandError, match="jobs needing attention: digest"):
        status("--check")
    assert "error: 1 digests failed" in status()


def test_check_fails_on_a_stale_claim() -> None:
    add_run("reminders", "2026-11-23T09", JobState.CLAIMED, started=timezone.now() - dt.timedelta(hours=1))

    with pytest.raises(CommandError, match="jobs needing attention: reminders"):
        status("--check")
    assert "stale claim" in status()
