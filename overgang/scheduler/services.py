"""Claiming, finishing and failing a scheduled job's run for one period.

`job_run(...)` is the one door: claim (job, period), run the work outside any transaction, then
record done or failed. The claim is an INSERT of the (job, period) row in its own transaction; the
unique constraint lets exactly one app server have it, whatever the database. A run that failed,
or one that died while holding its claim (a claim older than `stale_after`), is taken over: the
row is locked with `select_for_update(skip_locked=True)` (PostgreSQL; a no-op on SQLite, which
lets one writer at a time anyway) and moved with a conditional update that only succeeds if the
row is still as it was read, so two servers taking over at once cannot both win.

The work itself stays idempotent per item where it can (the digest per user and week, a reminder
per meeting), so a run taken over after a crash halfway finishes the rest and repeats nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from overgang.scheduler.models import JobRun, JobState

logger = logging.getLogger(__name__)

Counts = Mapping[str, Any]


class JobIncomplete(Exception):
    """The work did part of its job and wants the rest retried: the run is recorded as failed
    with these counts, so the next run takes the period over."""

    def __init__(self, message: str, *, counts: Counts) -> None:
        super().__init__(message)
        self.counts = dict(counts)


class Outcome:
    CLAIMED = "claimed"  # a new period: we run it
    TOOK_OVER = "took over"  # a failed or stale run: we run it again
    DONE = "already done"  # someone finished it: nothing to do
    RUNNING = "running elsewhere"  # a live claim, or being taken over right now: nothing to do


@dataclass(frozen=True)
class Claim:
    outcome: str
    run: JobRun | None = None

    @property
    def ours(self) -> bool:
        return self.outcome in (Outcome.CLAIMED, Outcome.TOOK_OVER)


@dataclass(frozen=True)
class JobResult:
    outcome: str
    run: JobRun | None
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def ran(self) -> bool:
        return self.outcome in (Outcome.CLAIMED, Outcome.TOOK_OVER)


def _who() -> tuple[str, int]:
    return socket.gethostname()[:255], os.getpid()


def job_is_stale(run: JobRun, *, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    return run.state == JobState.CLAIMED and run.started_at <= now - stale_after


def job_claim(
    *, job: str, period: str, now: dt.datetime, stale_after: dt.timedelta, force: bool = False
) -> Claim:
    """Claim the job's period for this process. `force` runs a period that is already done again;
    it never takes a live claim from another server."""
    host, pid = _who()
    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                job=job, period=period, state=JobState.CLAIMED, started_at=now, host=host, pid=pid
            )
        return Claim(Outcome.CLAIMED, run)
    except IntegrityError:
        pass  # the period has a row already: see whether it may be taken over
    with transaction.atomic():
        found = JobRun.objects.select_for_update(skip_locked=True).filter(job=job, period=period).first()
        if found is None:
            # Locked by a server taking it over this moment (or gone: an operator removed it).
            existing = JobRun.objects.filter(job=job, period=period).first()
            return Claim(Outcome.RUNNING, existing)
        run = found
        if run.state == JobState.DONE and not force:
            return Claim(Outcome.DONE, run)
        if run.state == JobState.CLAIMED and not job_is_stale(run, now=now, stale_after=stale_after):
            return Claim(Outcome.RUNNING, run)
        taken = JobRun.objects.filter(pk=run.pk, state=run.state, attempts=run.attempts).update(
            state=JobState.CLAIMED,
            attempts=F("attempts") + 1,
            started_at=now,
            finished_at=None,
            host=host,
            pid=pid,
            counts={},
            error="",
        )
    if taken != 1:
        return Claim(Outcome.RUNNING, JobRun.objects.filter(pk=run.pk).first())
    if run.state == JobState.CLAIMED:
        logger.warning(
            "job %s %s: taking over a stale claim of %s (pid %s) from %s",
            job,
            period,
            run.host,
            run.pid,
            run.started_at.isoformat(),
        )
    run.refresh_from_db()
    return Claim(Outcome.TOOK_OVER, run)


def _job_close(*, run: JobRun, state: str, now: dt.datetime, counts: Counts, error: str = "") -> bool:
    """Record the end of our run, only while the claim is still ours (a run taken over as stale
    must not overwrite its successor's row). False if it was not."""
    closed = JobRun.objects.filter(pk=run.pk, state=JobState.CLAIMED, attempts=run.attempts).update(
        state=state, finished_at=now, counts=dict(counts), error=error[:2000]
    )
    if closed != 1:
        logger.warning("job %s %s: the claim was taken over before this run ended", run.job, run.period)
        return False
    run.refresh_from_db()
    return True


def job_finish(*, run: JobRun, now: dt.datetime, counts: Counts) -> bool:
    return _job_close(run=run, state=JobState.DONE, now=now, counts=counts)


def job_fail(*, run: JobRun, now: dt.datetime, error: str, counts: Counts | None = None) -> bool:
    return _job_close(run=run, state=JobState.FAILED, now=now, counts=counts or {}, error=error)


def job_run(
    *,
    job: str,
    period: str,
    work: Callable[[], Counts],
    now: dt.datetime,
    stale_after: dt.timedelta,
    force: bool = False,
    clock: Callable[[], dt.datetime] | None = None,
) -> JobResult:
    """Run `work` once for the job's period across every app server. `work` returns counts
    (recorded on the run); if it raises, the run is recorded as failed and the error re-raised.
    `clock` reads the finishing time (the real clock by default; `now` is when the run started)."""
    from django.utils import timezone

    clock = clock or timezone.now
    claim = job_claim(job=job, period=period, now=now, stale_after=stale_after, force=force)
    if not claim.ours:
        return JobResult(claim.outcome, claim.run)
    assert claim.run is not None
    try:
        counts = dict(work())
    except JobIncomplete as incomplete:
        job_fail(run=claim.run, now=max(clock(), now), error=str(incomplete), counts=incomplete.counts)
        raise
    except BaseException as error:
        job_fail(run=claim.run, now=max(clock(), now), error=f"{type(error).__name__}: {error}")
        raise
    job_finish(run=claim.run, now=max(clock(), now), counts=counts)
    return JobResult(claim.outcome, claim.run, counts)
