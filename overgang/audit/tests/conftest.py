"""Fixtures for the audit log: one citizen of each kind with something behind every sub-page.

- `world.course`: alice's homelessness course in phase 1, with a contact-journal entry, a CTI plan
  with a focus area and a sub-goal, two people in the network (one with a photo, a line between
  them), a handover meeting and a compass round.
- `world.shelter_course`: alice's shelter course (the safety plan exists only there).
- `world.job_course`: alice's job-programme course.

`client_for` logs in with two-factor verification and English pages.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class World:
    course: Any
    shelter_course: Any
    job_course: Any
    entry: Any
    plan: Any
    area: Any
    goal: Any
    person: Any
    other_person: Any
    line: Any
    meeting: Any
    item: Any


def small_jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def client_for(db: Any) -> Any:
    from django.conf import settings
    from django.test import Client

    from overgang.accounts.testing import log_in_verified

    def make(user: Any) -> Client:
        client = log_in_verified(Client(), user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def shelter(municipality: Any, alice: Any, carol: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    programme = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="shelter"), name="Krisecenter"
    )
    programme.workers.add(alice)
    programme.coordinators.add(carol)
    return programme


@pytest.fixture
def administrator(municipality: Any) -> Any:
    from overgang.accounts.models import User

    return User.objects.create_user(
        username="ada", first_name="Ada", last_name="Admin", municipality=municipality, role="administrator"
    )


@pytest.fixture
def world(
    alice: Any,
    homelessness: Any,
    job_programme: Any,
    shelter: Any,
    make_course: Any,
    contact_on: Any,
    today: dt.date,
) -> World:
    from overgang.checklists.models import ChecklistItem
    from overgang.checklists.selectors import course_checklist_ids
    from overgang.compass.services import round_rate
    from overgang.handover.models import ClosingLetter
    from overgang.handover.services import meeting_add
    from overgang.network.models import NetworkPerson, NetworkPhoto
    from overgang.network.services import map_line_add, map_place
    from overgang.plans import services as plans

    course = make_course(
        alice, homelessness, contact=dt.date(2026, 9, 1), phase_1=dt.date(2026, 10, 1), first_name="Hanne"
    )
    entry = contact_on(course)
    plan = plans.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=dt.date(2026, 10, 5),
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
        dimensions=["housing"],
        citizen_words="Jeg vil have min egen lejlighed.",
        today=today,
    )
    area = plans.focus_area_save(
        plan=plan,
        actor=alice,
        expected_version=1,
        dimension="housing",
        reason="Har boet på herberg.",
        goal="Egen bolig.",
        responsibility="both",
        activities="",
        time_horizon="",
        contacts="",
        sub_goals=[plans.SubGoalInput(text="Ringe til boligselskabet")],
    )
    people = [
        NetworkPerson.objects.create(
            citizen=course.citizen,
            municipality_id=course.municipality_id,
            role=role,
            name=name,
            created_by=alice,
        )
        for role, name in (("family", "Søs Borgersen"), ("case_worker_adults", "Sara Sagsbehandler"))
    ]
    NetworkPhoto.objects.create(person=people[0], image=small_jpeg(), width=8, height=8, uploaded_by=alice)
    for version, (person, x) in enumerate(((people[0], 0.3), (people[1], -0.3))):
        map_place(citizen=course.citizen, person=person, actor=alice, expected_version=version, x=x, y=0.1)
    line = map_line_add(
        citizen=course.citizen, person_a=people[0], person_b=people[1], actor=alice, expected_version=2
    )
    meeting = meeting_add(
        course=course, actor=alice, today=today, held_on=today, agreed="Møde igen.", worker_attended=True
    )
    round_rate(
        course=course,
        slot="phase_1",
        respondent="worker",
        values={"housing": "3"},
        notes=None,
        rated_on=today,
        actor=alice,
        expected_version=0,
        today=today,
    )
    ClosingLetter.objects.create(
        course=course, municipality_id=course.municipality_id, text="Kære Hanne.", created_by=alice
    )
    item = ChecklistItem.objects.filter(checklist_id__in=course_checklist_ids(course)).order_by("pk").first()
    shelter_course = make_course(alice, shelter, phase_1=today - dt.timedelta(days=30), first_name="Sofie")
    job_course = make_course(
        alice,
        job_programme,
        referral=dt.date(2026, 9, 1),
        contact=dt.date(2026, 9, 3),
        legal_basis="sel_85",
        first_name="Jakob",
    )
    return World(
        course=course,
        shelter_course=shelter_course,
        job_course=job_course,
        entry=entry,
        plan=plan,
        area=area,
        goal=area.sub_goals.get(),
        person=people[0],
        other_person=people[1],
        line=line,
        meeting=meeting,
        item=item,
    )
