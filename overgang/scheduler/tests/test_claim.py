"""The claim: one run per job and period; a done period is left alone, a live claim is left alone, a
failed run or a dead run's stale claim is taken over, and a run that lost its claim does not write
over its successor's record."""

from __future__ import annotations

import datetime as dt
import os
import socket
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from overgang.scheduler.models import JobRun, JobState
from overgang.scheduler.services import (
    JobIncomplete,
    Outcome,
    job_claim,
    job_fail,
    job_finish,
    job_run,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 12, 7, 6, 0, tzinfo=CPH)
STALE_AFTER = dt.timedelta(hours=2)


class Work:
    """Counts its calls; returns counts like a job does."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.calls = 0
        self.fail = fail

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        return {"sent": 3}


def run(work: Work, *, period: str = "2026-W50", now: dt.datetime = NOW, force: bool = False) -> Any:
    return job_run(
        job="digest",
        period=period,
        work=work,
        now=now,
        stale_after=STALE_AFTER,
        force=force,
        clock=lambda: now + dt.timedelta(minutes=1),
    )


def claimed_elsewhere(*, started_at: dt.datetime, state: str = JobState.CLAIMED) -> JobRun:
    return JobRun.objects.create(
        job="digest",
        period="2026-W50",
        state=state,
        started_at=started_at,
        finished_at=None if state == JobState.CLAIMED else started_at + dt.timedelta(minutes=1),
        host="app-2",
        pid=4242,
    )


def test_the_first_run_claims_the_period_does_the_work_and_records_it_done() -> None:
    work = Work()

    result = run(work)

    assert result.outcome == Outcome.CLAIMED
    assert work.calls == 1
    stored = JobRun.objects.get(job="digest", period="2026-W50")
    assert stored.state == JobState.DONE
    assert stored.counts == {"sent": 3}
    assert stored.attempts == 1
    assert stored.finished_at == NOW + dt.timedelta(minutes=1)
    assert stored.pid > 0
    assert stored.host


def test_a_second_run_of_a_done_period_does_nothing() -> None:
    work = Work()
    run(work)

    again = run(work, now=NOW + dt.timedelta(hours=1))

    assert again.outcome == Outcome.DONE
    assert work.calls == 1
    assert JobRun.objects.get().attempts == 1


def test_the_next_period_is_a_new_claim() -> None:
    work = Work()
    run(work)

    result = run(work, period="2026-W51", now=NOW + dt.timedelta(days=7))

    assert result.outcome == Outcome.CLAIMED
    assert work.calls == 2
    assert JobRun.objects.count() == 2


def test_a_live_claim_of_another_server_is_left_alone() -> None:
    claimed_elsewhere(started_at=NOW - dt.timedelta(minutes=10))
    work = Work()

    result = run(work)

    assert result.outcome == Outcome.RUNNING
    assert work.calls == 0
    stored = JobRun.objects.get()
    assert (stored.host, stored.pid, stored.state) == ("app-2", 4242, JobState.CLAIMED)


def test_force_runs_a_done_period_again_but_never_takes_a_live_claim() -> None:
    work = Work()
    run(work)

    forced = run(work, force=True, now=NOW + dt.timedelta(hours=1))

    assert forced.outcome == Outcome.TOOK_OVER
    assert work.calls == 2
    assert JobRun.objects.get().attempts == 2

    JobRun.objects.update(state=JobState.CLAIMED, finished_at=None, started_at=NOW + dt.timedelta(hours=2))
    refused = run(work, force=True, now=NOW + dt.timedelta(hours=2, minutes=5))

    assert refused.outcome == Outcome.RUNNING
    assert work.calls == 2


def test_a_stale_claim_left_by_a_run_that_died_is_taken_over() -> None:
    claimed_elsewhere(started_at=NOW - STALE_AFTER - dt.timedelta(seconds=1))
    work = Work()

    result = run(work)

    assert result.outcome == Outcome.TOOK_OVER
    assert work.calls == 1
    stored = JobRun.objects.get()
    assert stored.state == JobState.DONE
    assert stored.attempts == 2
    assert stored.started_at == NOW
    assert (stored.host, stored.pid) == (socket.gethostname(), os.getpid())


def test_a_claim_exactly_as_old_as_the_limit_counts_as_stale() -> None:
    claimed_elsewhere(started_at=NOW - STALE_AFTER)

    assert run(Work()).outcome == Outcome.TOOK_OVER


def test_a_failing_run_is_recorded_as_failed_and_the_error_raised() -> None:
    work = Work(fail=ConnectionRefusedError("smtp down"))

    with pytest.raises(ConnectionRefusedError):
        run(work)

    stored = JobRun.objects.get()
    assert stored.state == JobState.FAILED
    assert stored.error == "ConnectionRefusedError: smtp down"
    assert stored.finished_at is not None


def test_an_incomplete_run_keeps_its_counts_and_the_next_run_takes_it_over() -> None:
    with pytest.raises(JobIncomplete):
        run(Work(fail=JobIncomplete("1 digests failed", counts={"sent": 2, "failed": 1})))
    assert JobRun.objects.get().counts == {"sent": 2, "failed": 1}
    work = Work()

    retried = run(work, now=NOW + dt.timedelta(hours=1))

    assert retried.outcome == Outcome.TOOK_OVER
    assert work.calls == 1
    stored = JobRun.objects.get()
    assert (stored.state, stored.attempts, stored.error, stored.counts) == (JobState.DONE, 2, "", {"sent": 3})


def test_a_run_that_lost_its_claim_does_not_overwrite_its_successors_record() -> None:
    mine = job_claim(job="digest", period="2026-W50", now=NOW, stale_after=STALE_AFTER)
    assert mine.ours and mine.run is not None
    # We hang past the limit; another server takes the period over.
    later = NOW + STALE_AFTER
    theirs = job_claim(job="digest", period="2026-W50", now=later, stale_after=STALE_AFTER)
    assert theirs.outcome == Outcome.TOOK_OVER

    assert job_finish(run=mine.run, now=later, counts={"sent": 1}) is False
    assert job_fail(run=mine.run, now=later, error="late") is False

    stored = JobRun.objects.get()
    assert (stored.state, stored.attempts, stored.counts, stored.error) == (JobState.CLAIMED, 2, {}, "")


def test_the_database_refuses_a_second_row_for_the_same_period() -> None:
    from django.db import IntegrityError, transaction

    claimed_elsewhere(started_at=NOW)

    with pytest.raises(IntegrityError), transaction.atomic():
        claimed_elsewhere(started_at=NOW)


def test_the_database_refuses_a_finished_claim_and_an_unfinished_end() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        JobRun.objects.create(
            job="x", period="p", state=JobState.DONE, started_at=NOW, finished_at=None, host="h", pid=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        JobRun.objects.create(
            job="x", period="p", state=JobState.CLAIMED, started_at=NOW, finished_at=NOW, host="h", pid=1
        )
