"""Synthetic network overviews and network maps for the demo: every running course's citizen gets
a handful of people from the private and the professional network, most of them placed on the map,
a line or two between people who know each other, and a consent to show the map to the
coordinator. Everything goes through the services. No real person's data."""

from __future__ import annotations

import datetime
import itertools
import random
from typing import Any

from overgang.accounts.models import Municipality
from overgang.courses.models import Course
from overgang.network import services
from overgang.network.models import ConsentScope, NetworkPerson, NetworkRole

FIRST_NAMES = (
    "Anne",
    "Birgit",
    "Jonas",
    "Mette",
    "Lars",
    "Hanne",
    "Karim",
    "Søren",
    "Line",
    "Ole",
    "Pia",
    "Rasmus",
)
LAST_NAMES = ("Holm", "Krogh", "Vestergaard", "Lund", "Bach", "Skov", "Dahl", "Møller", "Kjær", "Brandt")

# (role, role in own words, what they can help with, field on the map, ring)
PRIVATE = (
    (NetworkRole.FAMILY, "", "Kommer på besøg om søndagen.", "family", 1),
    (NetworkRole.FAMILY, "", "Kan hjælpe med at flytte.", "relatives", 2),
    (NetworkRole.OTHER, "ven", "Går ture sammen med borgeren.", "others", 2),
    (NetworkRole.OTHER, "nabo", "Holder øje med lejligheden.", "others", 3),
)
PROFESSIONAL = (
    (NetworkRole.CASE_WORKER_ADULTS, "", "Bevilger bostøtte efter SEL § 85.", "professionals", 2),
    (NetworkRole.GP, "", "Medicin og henvisning til psykolog.", "professionals", 3),
    (NetworkRole.JOB_CENTRE_CONSULTANT, "", "Afklaring af job og uddannelse.", "work_school", 3),
    (NetworkRole.SUBSTANCE_CONSULTANT, "", "Samtaler hver anden uge.", "professionals", 1),
)
NOTES = ("", "", "Må også vises på netværksmødet.")


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in taken:
            taken.add(name)
            return name


def _email(name: str) -> str:
    local = name.split()[0].lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return f"{local}@example.dk"


def _phone(rng: random.Random) -> str:
    return f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def load_demo_data(*, municipality: Municipality, today: datetime.date, rng: random.Random) -> None:
    courses = (
        Course.objects.filter(municipality=municipality, end_date__isnull=True)
        .select_related("citizen", "worker")
        .order_by("pk")
    )
    for course in courses:
        citizen = course.citizen
        if NetworkPerson.objects.filter(citizen=citizen).exists():
            continue  # a citizen with two running courses gets one network
        actor: Any = course.worker
        taken: set[str] = set()
        chosen = rng.sample(PRIVATE, rng.randint(2, 3)) + rng.sample(PROFESSIONAL, rng.randint(2, 3))
        people = []
        for role, role_text, help_with, sector, ring in chosen:
            name = _name(rng, taken)
            person = services.person_add(
                citizen=citizen,
                actor=actor,
                role=role,
                role_text=role_text,
                name=name,
                direct_phone=_phone(rng),
                main_phone="" if role in (NetworkRole.FAMILY, NetworkRole.OTHER) else _phone(rng),
                email=_email(name) if rng.random() < 0.5 else "",
                address="",
                is_active=rng.random() < 0.7,
                can_help_with=help_with,
            )
            people.append((person, sector, ring))
        if rng.random() < 0.2:
            continue  # not every citizen has drawn the map yet
        version = 0
        placed = []
        for person, sector, ring in people[:-1] if rng.random() < 0.5 else people:
            services.map_place(
                citizen=citizen,
                person=person,
                actor=actor,
                expected_version=version,
                sector=sector,
                ring=ring,
            )
            version += 1
            placed.append(person)
        for first, second in itertools.pairwise(placed):
            if rng.random() < 0.35:
                services.map_line_add(
                    citizen=citizen, person_a=first, person_b=second, actor=actor, expected_version=version
                )
                version += 1
        if rng.random() < 0.7:
            services.consent_record(
                citizen=citizen,
                actor=actor,
                scope=rng.choice(
                    (
                        ConsentScope.WORKER_AND_COORDINATOR,
                        ConsentScope.WORKER_AND_COORDINATOR,
                        ConsentScope.EVERYONE,
                    )
                ),
                given_on=today - datetime.timedelta(days=rng.randint(1, 40)),
                shared_with=[p for p in placed if rng.random() < 0.3],
                note=rng.choice(NOTES),
                expected_consent=0,
                today=today,
            )
