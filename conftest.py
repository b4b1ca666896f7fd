"""Shared fixtures. The people are named after what they may see:

- alice: a CTI worker in the homelessness programme; owns the courses made with `make_course`.
- bob: a colleague on the same team and programme; sees only his own courses.
- carol: the programme's coordinator; sees all its courses.
- dave: a coordinator of another programme in the same municipality.
- mallory: a worker in another municipality; "should have no access" to anything of ours.
- manny: a manager (read only) in our municipality.
- erin: a worker in our municipality who works only in the job programme (carol may not see her).
- frank: a new worker in the homelessness programme, with no courses yet.

`frozen_today` pins the clock the views read (timezone.localdate()) to the same day the services
are given as `today`; `client_for(user)` is a logged-in test client that has passed two-factor
verification. Tests hash passwords with a fast hasher (settings.py, when testing).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("OVERGANG_TESTING", "1")

# Fails the run if a CPR number reaches a URL or a log line (overgang/privacy/testing/cpr_guard.py).
pytest_plugins = ["overgang.privacy.testing.cpr_guard"]

# Timing deadlines make property tests flaky on a busy two-core machine: correctness only.
hypothesis_settings.register_profile("overgang", deadline=None, database=None)
hypothesis_settings.load_profile("overgang")

TODAY = dt.date(2026, 11, 22)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that flush the database run last, pytest-django's ordering otherwise kept: first the
    PostgreSQL race tests (transactional), then the browser tests (transactional through the live
    server). Each ends by flushing the database, migration data included; tests that pytest-django
    cannot see using the database (fixtures fetched by name) would otherwise run after them and find
    no programme templates."""
    browser_tests = Path(__file__).resolve().parent / "browser_tests"

    def flushes(item: pytest.Item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=lambda item: (item.path.is_relative_to(browser_tests), flushes(item)))


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def frozen_today(today: dt.date) -> Any:
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        yield today


@pytest.fixture
def client_for(db: Any) -> Any:
    """A logged-in test client for one of the named people, past the two-factor step (the user
    gets a confirmed authenticator, and the session is marked verified by it)."""
    from overgang.accounts.testing import log_in_verified

    def make(user: Any) -> Client:
        return log_in_verified(Client(), user)

    return make


@pytest.fixture
def municipality(db: Any) -> Any:
    from overgang.accounts.models import Municipality

    return Municipality.objects.create(name="Testkommune", code="T01")


@pytest.fixture
def other_municipality(db: Any) -> Any:
    from overgang.accounts.models import Municipality

    return Municipality.objects.create(name="Andenkommune", code="T02")


def _user(username: str, municipality: Any, role: str, fte: str = "1.00") -> Any:
    from overgang.accounts.models import User

    user = User(
        username=username,
        first_name=username.capitalize(),
        last_name="Testsen",
        municipality=municipality,
        role=role,
        fte=Decimal(fte),
    )
    user.set_password("correct horse battery staple")
    user.save()
    return user


@pytest.fixture
def homelessness(municipality: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    return programme_create(
        municipality=municipality,
        template=ProgrammeTemplate.objects.get(code="homelessness"),
        name="Hjemløshed",
    )


@pytest.fixture
def job_programme(municipality: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    return programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="job"), name="Job"
    )


@pytest.fixture
def alice(homelessness: Any, job_programme: Any) -> Any:
    user = _user("alice", homelessness.municipality, "worker")
    homelessness.workers.add(user)
    job_programme.workers.add(user)
    return user


@pytest.fixture
def bob(homelessness: Any) -> Any:
    user = _user("bob", homelessness.municipality, "worker", "0.50")
    homelessness.workers.add(user)
    return user


@pytest.fixture
def carol(homelessness: Any) -> Any:
    user = _user("carol", homelessness.municipality, "coordinator")
    homelessness.coordinators.add(user)
    return user


@pytest.fixture
def dave(job_programme: Any) -> Any:
    user = _user("dave", job_programme.municipality, "coordinator")
    job_programme.coordinators.add(user)
    return user


@pytest.fixture
def erin(job_programme: Any) -> Any:
    user = _user("erin", job_programme.municipality, "worker")
    job_programme.workers.add(user)
    return user


@pytest.fixture
def frank(homelessness: Any) -> Any:
    user = _user("frank", homelessness.municipality, "worker")
    homelessness.workers.add(user)
    return user


@pytest.fixture
def manny(municipality: Any) -> Any:
    return _user("manny", municipality, "manager")


@pytest.fixture
def mallory(other_municipality: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    programme = programme_create(
        municipality=other_municipality,
        template=ProgrammeTemplate.objects.get(code="homelessness"),
        name="Hjemløshed",
    )
    user = _user("mallory", other_municipality, "worker")
    programme.workers.add(user)
    return user


_cpr_counter = iter(range(1000, 9999))


def next_cpr() -> str:
    """A well-formed, fictitious CPR number (modulus 11 fails on purpose)."""
    from overgang.courses.cpr import cpr_passes_modulus_11

    while True:
        cpr = f"150585{next(_cpr_counter):04d}"
        if not cpr_passes_modulus_11(cpr):
            return cpr


@pytest.fixture
def make_course(today: dt.date) -> Any:
    """Build a course through the real services: make_course(worker, programme, phase_1=date, ...)."""
    from overgang.courses import services

    def make(
        worker: Any,
        programme: Any,
        *,
        referral: dt.date | None = None,
        contact: dt.date | None = None,
        phase_1: dt.date | None = None,
        legal_basis: str | None = None,
        first_name: str = "Test",
        last_name: str = "Borgersen",
    ) -> Any:
        referral = referral or contact or phase_1 or today
        course = services.citizen_register_and_refer(
            actor=worker,
            citizen_data={"first_name": first_name, "last_name": last_name, "cpr": next_cpr()},
            programme=programme,
            legal_basis=legal_basis or programme.legal_bases[0]["code"],
            worker=worker,
            referral_date=referral,
            today=today,
        )
        if contact is not None:
            course = services.course_start_contact_period(
                course=course, on=contact, actor=worker, today=today
            )
        if phase_1 is not None:
            course = services.course_start_phase(
                course=course, phase=1, on=phase_1, actor=worker, today=today
            )
        return course

    return make


@pytest.fixture
def contact_on(today: dt.date) -> Any:
    """Register a contact that took place: contact_on(course, day=yesterday, minutes=60)."""
    from django.utils import timezone

    from overgang.journal.services import contact_entry_create

    def register(course: Any, day: dt.date | None = None, minutes: int = 60) -> Any:
        day = day or today - dt.timedelta(days=1)
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        return contact_entry_create(
            course=course,
            actor=course.worker,
            now=at + dt.timedelta(hours=1),
            occurred_at=at,
            duration_minutes=minutes,
            kind="home_visit",
            status="happened",
        )

    return register


@pytest.fixture
def supervised(today: dt.date) -> Any:
    """Log a supervision session the workers took part in: supervised(programme, *workers, day=yesterday).

    Logged through the service by an administrator of the municipality (one is made when none exists).
    """
    from overgang.accounts.models import User
    from overgang.supervision.services import session_create

    def log(programme: Any, *workers: Any, day: dt.date | None = None) -> Any:
        admin = User.objects.filter(municipality=programme.municipality, role="administrator").first()
        if admin is None:
            admin = _user("supervision-admin", programme.municipality, "administrator")
        return session_create(
            programme=programme,
            actor=admin,
            held_on=day or today - dt.timedelta(days=1),
            kind="method",
            supervisor="Signe Supervisorsen",
            participants=workers,
            conclusions="Aktiviteterne passer til faserne.",
            today=today,
        )

    return log
