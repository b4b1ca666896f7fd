"""Two app servers run the same job at the same moment: the work is done once.

Each round, two threads (each with its own database connection, like two servers) wait at a
barrier and run the same job for the same period. The work of the run that claims the period waits
until the other run has returned, so the two overlap for certain; the other must find the period
claimed and do nothing. Then the same with a stale claim left by a run that died: two servers take
it over at once and only one may. Then the real weekly digest, run by two servers at once.

Only PostgreSQL runs two writers at once; SQLite lets one writer at a time into its file, so a race
there proves nothing (test_claim.py covers the rules on both).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from overgang.audit.models import AuditEntry
from overgang.audit.services import audit_record
from overgang.scheduler.jobs import scheduled_job_run
from overgang.scheduler.models import JobRun, JobState
from overgang.scheduler.services import JobResult, Outcome, job_run

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Races need PostgreSQL: SQLite lets only one writer at a time into its file.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 20
STALE_AFTER = dt.timedelta(minutes=30)
WAIT = 30  # seconds a thread may wait for the other before the round counts as hung


@dataclass
class Raced:
    result: JobResult | None = None
    error: BaseException | None = None


def race(*runs: Callable[[], JobResult], after_each: Callable[[], None] | None = None) -> list[Raced]:
    """Start the runs at the same moment, each in its own thread with its own connection;
    `after_each` is called in a thread when its run has returned."""
    barrier = threading.Barrier(len(runs), timeout=WAIT)
    outcomes = [Raced() for _ in runs]

    def go(index: int, run: Callable[[], JobResult]) -> None:
        try:
            connection.ensure_connection()  # connected before the barrier: the runs start together
            barrier.wait()
            outcomes[index].result = run()
        except BaseException as error:  # every outcome is checked by the caller
            outcomes[index].error = error
        finally:
            if after_each is not None:
                after_each()
            connections.close_all()

    threads = [threading.Thread(target=go, args=(i, run)) for i, run in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT)
    assert not any(thread.is_alive() for thread in threads), "a run hung"
    return outcomes


class Round:
    """One round's work: records each call (in Python and as an audit row, through the calling
    thread's connection) and holds on until the other run has returned, so the two overlap."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.calls = 0
        self.lock = threading.Lock()
        self.returned = threading.Semaphore(0)

    def work(self) -> dict[str, Any]:
        with self.lock:
            self.calls += 1
        audit_record(actor=None, action="test.scheduled_work", after={"round": self.number})
        # The other run has returned (it found the claim) before this one ends: a real overlap.
        self.returned.acquire(timeout=WAIT)
        return {"round": self.number}

    def run(self) -> JobResult:
        return job_run(
            job="race",
            period=f"round-{self.number}",
            work=self.work,
            now=timezone.now(),
            stale_after=STALE_AFTER,
        )

    def work_rows(self) -> int:
        return AuditEntry.objects.filter(action="test.scheduled_work", after__round=self.number).count()


def check_round(round_: Round, outcomes: list[Raced], *, winner: str) -> None:
    errors = [o.error for o in outcomes if o.error is not None]
    assert not errors, f"round {round_.number}: {errors!r}"
    results = [o.result for o in outcomes if o.result is not None]
    assert sorted(r.outcome for r in results) == sorted([winner, Outcome.RUNNING]), (
        f"round {round_.number}: {[r.outcome for r in results]}"
    )
    assert round_.calls == 1, f"round {round_.number}: the work ran {round_.calls} times"
    assert round_.work_rows() == 1
    stored = JobRun.objects.get(job="race", period=f"round-{round_.number}")
    assert stored.state == JobState.DONE
    assert stored.counts == {"round": round_.number}


def test_two_servers_running_a_job_at_once_do_its_work_once() -> None:
    for number in range(ROUNDS):
        round_ = Round(number)

        outcomes = race(round_.run, round_.run, after_each=round_.returned.release)

        check_round(round_, outcomes, winner=Outcome.CLAIMED)
        assert JobRun.objects.get(period=f"round-{number}").attempts == 1
    assert JobRun.objects.filter(job="race").count() == ROUNDS


def test_two_servers_taking_over_a_dead_runs_claim_at_once_do_its_work_once() -> None:
    for number in range(ROUNDS):
        round_ = Round(number)
        JobRun.objects.create(
            job="race",
            period=f"round-{number}",
            state=JobState.CLAIMED,
            started_at=timezone.now() - STALE_AFTER - dt.timedelta(minutes=1),
            host="app-that-died",
            pid=1,
        )

        outcomes = race(round_.run, round_.run, after_each=round_.returned.release)

        check_round(round_, outcomes, winner=Outcome.TOOK_OVER)
        assert JobRun.objects.get(period=f"round-{number}").attempts == 2


def test_two_servers_sending_the_weekly_digest_at_once_send_each_person_one(
    alice: Any, bob: Any, carol: Any, homelessness: Any, make_course: Any, settings: Any
) -> None:
    from django.core import mail

    from overgang.desk.models import DigestDelivery

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_course(alice, homelessness, phase_1=dt.date(2026, 10, 1))
    people = [alice, bob, carol]
    for user in people:
        user.email = f"{user.username}@testkommune.dk"
        user.save(update_fields=["email"])
    monday = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)
    weeks = 5
    for number in range(weeks):
        now = monday + dt.timedelta(weeks=number)
        mail.outbox = []

        outcomes = race(*[lambda now=now: scheduled_job_run("digest", now=now)] * 2)

        assert not [o.error for o in outcomes if o.error is not None]
        ran = [o.result for o in outcomes if o.result is not None and o.result.ran]
        assert len(ran) == 1, f"week {number}: {len(ran)} runs did the work"
        assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people)
        week = JobRun.objects.get(job="digest", started_at=now).period
        assert DigestDelivery.objects.filter(week=week).count() == len(people)
    assert JobRun.objects.filter(job="digest", state=JobState.DONE, attempts=1).count() == weeks
