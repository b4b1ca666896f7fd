"""The scheduled jobs: what each does, how its period is named, and when a claim counts as dead.

Each job's work calls the same service its management command calls, so a job and the command do
the same thing; the job adds the claim (services.job_run) that makes it run once per period on
however many app servers fire their timers. Periods are named in local time (TIME_ZONE,
Europe/Copenhagen): the digest by ISO week ("2026-W49"), retention and the audit purge by day
("2026-12-07"), reminders by hour ("2026-12-07T06").

Alerts have no job: they are computed from the stored courses for every request
(desk.selectors.alerts_for); nothing denormalised needs refreshing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from overgang.scheduler.services import Counts, JobIncomplete, JobResult, job_run


@dataclass(frozen=True)
class Job:
    name: str
    help: str
    period: Callable[[dt.datetime], str]
    work: Callable[[dt.datetime], Counts]
    # A claim older than this is taken for a run that died (killed, server lost) and is taken over.
    # Well above the job's longest normal run: taking over a live run would run it twice.
    stale_after: dt.timedelta


def week_of(now: dt.datetime) -> str:
    from overgang.desk.digest import iso_week

    return iso_week(timezone.localtime(now).date())


def day_of(now: dt.datetime) -> str:
    return timezone.localtime(now).date().isoformat()


def hour_of(now: dt.datetime) -> str:
    return f"{timezone.localtime(now):%Y-%m-%dT%H}"


def _digest(now: dt.datetime) -> Counts:
    from overgang.desk.digest import digest_send_week

    run = digest_send_week(today=timezone.localtime(now).date())
    counts = {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}
    if run.failed:
        # Delivered digests are recorded per user; the next run sends only the failed ones.
        raise JobIncomplete(f"{run.failed} digests failed", counts=counts)
    return counts


def _reminders(now: dt.datetime) -> Counts:
    from overgang.journal.reminders import reminders_send

    run = reminders_send(now=now)
    # A failed reminder is kept on its meeting, shown to the worker and retried by the next hour's run.
    return {"sent": run.sent, "failed": run.failed}


def _retention(now: dt.datetime) -> Counts:
    from overgang.privacy.retention import citizen_apply_retention, retention_candidates

    today = timezone.localtime(now).date()
    years: int = settings.RETENTION_YEARS
    mode: str = settings.RETENTION_MODE
    changed = kept = 0
    for candidate in retention_candidates(today=today, years=years):
        if citizen_apply_retention(candidate=candidate, mode=mode, today=today, years=years) is None:
            kept += 1
        else:
            changed += 1
    return {"mode": mode, "changed": changed, "kept": kept}


def _audit_purge(now: dt.datetime) -> Counts:
    from overgang.audit.retention import audit_log_purge

    result = audit_log_purge(now=now)
    return {"deleted": result.count}


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            name="digest",
            help="the weekly digest (send_weekly_digest), once per ISO week",
            period=week_of,
            work=_digest,
            stale_after=dt.timedelta(hours=2),
        ),
        Job(
            name="reminders",
            help="tomorrow's meeting reminders (send_reminders), once per hour",
            period=hour_of,
            work=_reminders,
            stale_after=dt.timedelta(minutes=30),
        ),
        Job(
            name="retention",
            help="RETENTION_MODE applied to citizens past RETENTION_YEARS (apply_retention --execute), "
            "once per day",
            period=day_of,
            work=_retention,
            stale_after=dt.timedelta(hours=6),
        ),
        Job(
            name="audit-purge",
            help="audit rows older than AUDIT_LOG_RETENTION_DAYS removed (purge_audit_log), once per day",
            period=day_of,
            work=_audit_purge,
            stale_after=dt.timedelta(hours=2),
        ),
    )
}


def job_named(name: str) -> Job:
    try:
        return JOBS[name]
    except KeyError:
        raise LookupError(f"no job named {name!r}; the jobs are {', '.join(JOBS)}") from None


def scheduled_job_run(
    name: str, *, now: dt.datetime, force: bool = False, clock: Callable[[], dt.datetime] | None = None
) -> JobResult:
    """Run the named job for the period `now` falls in, once across every app server."""
    job = job_named(name)
    return job_run(
        job=job.name,
        period=job.period(now),
        work=lambda: job.work(now),
        now=now,
        stale_after=job.stale_after,
        force=force,
        clock=clock,
    )
