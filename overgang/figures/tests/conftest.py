"""Fixtures for the team figures, on top of the project's named people.

- frozen_today: the views read the clock (timezone.localdate()); this pins it to the same
  2026-11-22 the services are given as `today`. The default period is then 2025-11-22 to 2026-11-22.
- team: a constructed set of courses whose figures are counted by hand in the tests:

  | name  | worker | programme    | what happened (2026 unless noted)                                     |
  |-------|--------|--------------|-----------------------------------------------------------------------|
  | anna  | alice  | homelessness | contact 01-05, phase 1 02-02, paused 03-02 to 03-12 (10 days),        |
  |       |        |              | phase 2 05-19 (planned 05-12: on time), phase 3 08-25 (planned 08-12: |
  |       |        |              | 13 days late); in phase 3 today                                       |
  | bent  | alice  | homelessness | phase 1 01-10, phase 2 04-10, phase 3 07-10, completed 10-10: on time |
  | cille | alice  | homelessness | contact 03-01, phase 1 05-01, ended early 06-15 (moved)               |
  | dorte | alice  | homelessness | contact 10-01, paused since 10-05 (48 days today)                     |
  | erik  | alice  | homelessness | referred 11-01                                                        |
  | frida | bob    | homelessness | phase 1 09-01, phase 2 11-15 (planned 12-01: 16 days early)           |
  | gorm  | alice  | job          | phase 1 06-01, phase 2 09-01 (on time)                                |
  | mia   | mallory| (theirs)     | phase 1 06-01, in another municipality                                |

Passwords are hashed with a fast hasher: the default PBKDF2 takes most of a second per user.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from overgang.accounts.testing import log_in_verified
from overgang.courses import services


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def frozen_today(today: dt.date) -> Any:
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        yield today


@pytest.fixture
def client_for(db: Any) -> Any:
    """A logged-in test client for one of the named people."""

    def make(user: Any) -> Client:
        client = log_in_verified(Client(), user)
        return client

    return make


@pytest.fixture
def team(alice, bob, mallory, homelessness, job_programme, make_course, today) -> SimpleNamespace:
    def phase(course, number, on):
        return services.course_start_phase(
            course=course, phase=number, on=d(on), actor=course.worker, today=today
        )

    anna = make_course(
        alice, homelessness, contact=d("2026-01-05"), phase_1=d("2026-02-02"), first_name="Anna"
    )
    services.course_pause(course=anna, start=d("2026-03-02"), reason="hospital", actor=alice, today=today)
    services.course_resume(course=anna, on=d("2026-03-12"), actor=alice, today=today)
    phase(anna, 2, "2026-05-19")
    phase(anna, 3, "2026-08-25")

    bent = make_course(alice, homelessness, phase_1=d("2026-01-10"), first_name="Bent")
    phase(bent, 2, "2026-04-10")
    phase(bent, 3, "2026-07-10")
    services.course_end(course=bent, on=d("2026-10-10"), reason="completed", actor=alice, today=today)

    cille = make_course(
        alice, homelessness, contact=d("2026-03-01"), phase_1=d("2026-05-01"), first_name="Cille"
    )
    services.course_end(course=cille, on=d("2026-06-15"), reason="moved", actor=alice, today=today)

    dorte = make_course(alice, homelessness, contact=d("2026-10-01"), first_name="Dorte")
    services.course_pause(
        course=dorte, start=d("2026-10-05"), reason="imprisonment", actor=alice, today=today
    )

    erik = make_course(alice, homelessness, referral=d("2026-11-01"), first_name="Erik")

    frida = make_course(bob, homelessness, phase_1=d("2026-09-01"), first_name="Frida")
    phase(frida, 2, "2026-11-15")

    gorm = make_course(alice, job_programme, phase_1=d("2026-06-01"), legal_basis="sel_85", first_name="Gorm")
    phase(gorm, 2, "2026-09-01")

    theirs = mallory.programmes.get()
    mia = make_course(mallory, theirs, phase_1=d("2026-06-01"), first_name="Mia")

    return SimpleNamespace(
        anna=anna.pk,
        bent=bent.pk,
        cille=cille.pk,
        dorte=dorte.pk,
        erik=erik.pk,
        frida=frida.pk,
        gorm=gorm.pk,
        mia=mia.pk,
    )
