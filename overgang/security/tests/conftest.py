"""Shared fixtures for the security tests.

`security_world` is the demo municipality (built through the real services, so every kind of
citizen-owned object exists) plus the people and citizens an access test needs around it: a
colleague, a coordinator of another programme, an unattached job consultant, and a worker of
another municipality with a citizen of her own. It is built once per test module inside a
transaction that is rolled back at the end of the module; each test then runs in a savepoint of its
own (pytest-django's `db`), so tests cannot see each other's writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

SECURITY_TODAY = dt.date(2026, 11, 22)

# Names no demo citizen has: wherever one of them shows up for the wrong user, a row leaked.
OTHER_MUNICIPALITY_CITIZEN = ("Zygmunt", "Fremmedkommunesen")
OTHER_PROGRAMME_CITIZEN = ("Xenia", "Andetprogramsen")


@dataclass
class SecurityWorld:
    """The people (by role in the access tests) and the courses they may or may not see."""

    municipality: Any
    other_municipality: Any
    people: dict[str, Any]
    courses: dict[str, Any]  # owner name -> course: "homeless", "job", "shelter"
    other_municipality_course: Any
    other_programme_course: Any
    programmes: dict[str, Any] = field(default_factory=dict)

    def names(self, course: Any) -> str:
        return course.citizen.full_name


def _user(username: str, municipality: Any, role: str, *, team: Any = None) -> Any:
    from overgang.accounts.models import User

    user = User(
        username=username,
        first_name=username.capitalize(),
        last_name="Sikkerhedsen",
        municipality=municipality,
        role=role,
        team=team,
        fte=Decimal("1.00"),
    )
    user.set_password("correct horse battery staple")
    user.save()
    return user


def _refer(worker: Any, programme: Any, names: tuple[str, str], cpr: str, today: dt.date) -> Any:
    from overgang.courses import services

    course = services.citizen_register_and_refer(
        actor=worker,
        citizen_data={"first_name": names[0], "last_name": names[1], "cpr": cpr},
        programme=programme,
        legal_basis=programme.legal_bases[0]["code"],
        worker=worker,
        referral_date=today - dt.timedelta(days=40),
        today=today,
    )
    course = services.course_start_contact_period(
        course=course, on=today - dt.timedelta(days=35), actor=worker, today=today
    )
    return services.course_start_phase(
        course=course, phase=1, on=today - dt.timedelta(days=30), actor=worker, today=today
    )


def _richest_course(courses: Any) -> Any:
    """The running course (in phase 3 if there is one) with the most citizen-owned objects around it,
    so every sub-page has something to show."""
    from overgang.courses.models import Course

    running = courses.filter(end_date__isnull=True, phase_1_start__isnull=False)
    if running.filter(phase_3_start__isnull=False).exists():
        # Phase 3 opens the ending pages (the celebration, the closing letter) too.
        running = running.filter(phase_3_start__isnull=False)
    return (
        running.annotate(
            n_plans=Count("plans", distinct=True),
            n_entries=Count("contacts", distinct=True),
            n_meetings=Count("handover_meetings", distinct=True),
        )
        .order_by("-n_plans", "-n_meetings", "-n_entries", "pk")
        .select_related("citizen", "programme__template", "worker")
        .first()
    ) or Course.objects.none().first()


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _complete(course: Any, *, scope: str, today: dt.date) -> None:
    """Make sure the course has one of every citizen-owned object a sub-page can address: two network
    people (one with a photo) joined by a line on the map, the citizen's consent with `scope`, and a
    handover meeting."""
    from overgang.handover.models import HandoverMeeting
    from overgang.handover.services import meeting_add
    from overgang.network import services as network
    from overgang.network.models import MapConsent, MapLine, NetworkMap, NetworkPerson
    from overgang.network.photos import reencode

    worker = course.worker
    citizen = course.citizen
    photo = reencode(BytesIO(_png()))
    network.person_add(
        citizen=citizen, actor=worker, photo=photo, name="Fotograferet Netværksperson", role="family"
    )
    people = list(NetworkPerson.objects.filter(citizen=citizen).order_by("pk"))
    if len(people) < 2:
        people.append(
            network.person_add(citizen=citizen, actor=worker, name="Anden Netværksperson", role="family")
        )
    if not MapLine.objects.filter(network_map__citizen=citizen).exists():

        def version() -> int:
            found = NetworkMap.objects.filter(citizen=citizen).first()
            return found.version if found else 0

        network.map_place(
            citizen=citizen,
            person=people[0],
            actor=worker,
            expected_version=version(),
            sector="family",
            ring=1,
        )
        network.map_place(
            citizen=citizen,
            person=people[1],
            actor=worker,
            expected_version=version(),
            sector="family",
            ring=2,
        )
        network.map_line_add(
            citizen=citizen, person_a=people[0], person_b=people[1], actor=worker, expected_version=version()
        )
    latest = MapConsent.objects.filter(citizen=citizen).order_by("-pk").first()
    network.consent_record(
        citizen=citizen,
        actor=worker,
        scope=scope,
        given_on=today,
        shared_with=[],
        note="",
        expected_consent=latest.pk if latest else 0,
        today=today,
    )
    if not HandoverMeeting.objects.filter(course=course).exists():
        meeting_add(
            course=course,
            actor=worker,
            today=today,
            held_on=today - dt.timedelta(days=2),
            worker_attended=True,
        )


def build_security_world(today: dt.date) -> SecurityWorld:
    from overgang.accounts.models import Municipality, Role, Team, User
    from overgang.courses import job_people
    from overgang.courses.models import Course
    from overgang.demo.management.commands.load_demo import DEMO_MUNICIPALITY_CODE
    from overgang.programmes.models import Programme, ProgrammeTemplate
    from overgang.programmes.services import programme_create

    call_command("load_demo", stdout=StringIO())
    municipality = Municipality.objects.get(code=DEMO_MUNICIPALITY_CODE)
    demo = {u.username: u for u in User.objects.filter(municipality=municipality)}
    programmes = {p.template.code: p for p in Programme.objects.filter(municipality=municipality)}
    team = Team.objects.filter(municipality=municipality).first()

    # A colleague on the same team who works in every programme but owns none of our courses.
    bob = _user("bob", municipality, Role.WORKER, team=team)
    for programme in programmes.values():
        programme.workers.add(bob)
    # A coordinator of another programme, with a course no one else's programme covers.
    generic = programme_create(
        municipality=municipality,
        template=ProgrammeTemplate.objects.get(code="generic"),
        name="CTI Andet program",
    )
    dave = _user("dave", municipality, Role.COORDINATOR, team=team)
    generic.coordinators.add(dave)
    # The colleague also works in that programme and has its citizen: what he is shown of his own
    # citizen there must not reach the coordinator of our programmes (the caseload board, say).
    generic.workers.add(bob)
    other_programme_course = _refer(bob, generic, OTHER_PROGRAMME_CITIZEN, "0101901111", today)
    # A job consultant attached to no course, and an administrator beside the demo's.
    jules = _user("jules", municipality, Role.JOB_CONSULTANT, team=team)
    # Another municipality, with a worker and a citizen of its own.
    other = Municipality.objects.create(name="Fremmed Kommune", code="998")
    other_homelessness = programme_create(
        municipality=other, template=ProgrammeTemplate.objects.get(code="homelessness"), name="CTI Hjemløshed"
    )
    mallory = _user("mallory", other, Role.WORKER)
    other_homelessness.workers.add(mallory)
    other_municipality_course = _refer(
        mallory, other_homelessness, OTHER_MUNICIPALITY_CITIZEN, "0101901112", today
    )

    courses_in = Course.objects.filter(municipality=municipality)
    homeless = _richest_course(courses_in.filter(programme=programmes["homelessness"]))
    job = _richest_course(courses_in.filter(programme=programmes["job"]))
    shelter = _richest_course(courses_in.filter(programme=programmes["shelter"], safety_plan__isnull=False))
    from overgang.network.models import ConsentScope

    _complete(homeless, scope=ConsentScope.EVERYONE, today=today)
    _complete(job, scope=ConsentScope.EVERYONE, today=today)
    # The shelter citizen shares her map with the worker and the coordinator only.
    _complete(shelter, scope=ConsentScope.WORKER_AND_COORDINATOR, today=today)
    jane = demo["jobkonsulent"]
    if not job.job_consultants.filter(pk=jane.pk).exists():
        job_people.course_attach_job_consultant(course=job, consultant=jane, actor=job.worker)

    people = {
        "worker": None,  # the owner course's own CTI worker: filled per course
        "colleague": bob,
        "coordinator": demo["koordinator"],
        "other_coordinator": dave,
        "administrator": demo["admin"],
        "job_consultant": jane,
        "unattached_job_consultant": jules,
        "manager": demo["leder"],
        "other_municipality": mallory,
    }
    return SecurityWorld(
        municipality=municipality,
        other_municipality=other,
        people=people,
        courses={"homeless": homeless, "job": job, "shelter": shelter},
        other_municipality_course=other_municipality_course,
        other_programme_course=other_programme_course,
        programmes={**programmes, "generic": generic},
    )


@pytest.fixture(scope="module")
def security_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SecurityWorld]:
    """The world, built once per module on the pinned day; rolled back after the module."""
    noon = dt.datetime.combine(SECURITY_TODAY, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with django_db_blocker.unblock(), time_machine.travel(noon, tick=False), transaction.atomic():
        world = build_security_world(SECURITY_TODAY)
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def security_clients(security_world: SecurityWorld, django_db_blocker: Any) -> dict[int, Any]:
    """A logged-in client (past the two-factor step, as `client_for` makes them) for every person
    in the world, by user id; made once per module, inside the world's transaction."""
    from django.test import Client

    from overgang.accounts.testing import log_in_verified

    people = [*security_world.people.values()] + [c.worker for c in security_world.courses.values()]
    with django_db_blocker.unblock():
        return {user.pk: log_in_verified(Client(), user) for user in people if user is not None}


@pytest.fixture
def on_security_today(security_world: SecurityWorld) -> Iterator[dt.date]:
    """Pins the clock for one test (the module's travel does not reach into function scope on its
    own when other fixtures travel too)."""
    noon = dt.datetime.combine(SECURITY_TODAY, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        yield SECURITY_TODAY
