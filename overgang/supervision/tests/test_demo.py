"""The demo shows supervision: sessions two weeks ago for Mette, Jonas and Sara, and the desk names
Ali, whose last session was seven weeks ago."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from overgang.accounts.models import User
from overgang.desk.selectors import alerts_for
from overgang.method.alerts import AlertCode
from overgang.supervision.models import SupervisionSession

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def test_the_demo_names_only_ali_for_supervision():
    noon = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        call_command("load_demo", stdout=StringIO())
    coordinator = User.objects.get(username="koordinator")

    named = [
        (item.worker.username, item.alert.due)
        for item in alerts_for(coordinator, today=TODAY)
        if item.alert.code is AlertCode.NO_SUPERVISION
    ]

    assert named == [("ali", TODAY - dt.timedelta(weeks=7))]
    assert SupervisionSession.objects.filter(held_on=TODAY - dt.timedelta(weeks=2)).count() == 2
    assert all(session.courses.exists() for session in SupervisionSession.objects.all())
