"""Reading the job runs: the latest of each job, for `jobs_status` and monitoring."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from overgang.scheduler.jobs import JOBS
from overgang.scheduler.models import JobRun, JobState
from overgang.scheduler.services import job_is_stale


@dataclass(frozen=True)
class JobStatus:
    job: str
    runs: list[JobRun]  # newest first
    stale: bool  # the latest run holds a claim older than the job's stale_after: it probably died

    @property
    def latest(self) -> JobRun | None:
        return self.runs[0] if self.runs else None

    @property
    def healthy(self) -> bool:
        return self.latest is None or (self.latest.state != JobState.FAILED and not self.stale)


def jobs_status(*, now: dt.datetime, limit: int = 1) -> list[JobStatus]:
    """Each registered job with its `limit` latest runs (one query per job: there are four)."""
    statuses = []
    for name, job in JOBS.items():
        runs = list(JobRun.objects.filter(job=name).order_by("-started_at", "-pk")[:limit])
        stale = bool(runs) and job_is_stale(runs[0], now=now, stale_after=job.stale_after)
        statuses.append(JobStatus(job=name, runs=runs, stale=stale))
    return statuses
