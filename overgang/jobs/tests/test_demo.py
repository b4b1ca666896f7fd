"""The demo's job steps: made through the services for the municipality's running job courses."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from overgang.courses.models import Course
from overgang.jobs.demo import load_demo_data
from overgang.jobs.models import HoursUpdate, JobMatch, JointPlan, StartMeeting, WorkAgreementRevision

pytestmark = pytest.mark.django_db


def test_the_demo_takes_the_steps_and_revises_the_work_agreement(
    alice: Any, job_programme: Any, homelessness: Any, make_course: Any, mallory: Any, today: dt.date
) -> None:
    started = make_course(
        alice,
        job_programme,
        contact=today - dt.timedelta(days=150),
        phase_1=today - dt.timedelta(days=120),
        last_name="Aaa",
    )
    recent = make_course(alice, job_programme, phase_1=today - dt.timedelta(days=20), last_name="Bbb")
    waiting = make_course(alice, job_programme, contact=today - dt.timedelta(days=30), last_name="Ccc")
    elsewhere = make_course(alice, homelessness, phase_1=today - dt.timedelta(days=30), last_name="Ddd")
    versions = {c.pk: Course.objects.get(pk=c.pk).version for c in (started, recent)}

    load_demo_data(municipality=alice.municipality, today=today, rng=random.Random(7))

    assert set(StartMeeting.objects.values_list("course_id", flat=True)) == {
        started.pk,
        recent.pk,
        waiting.pk,
    }
    assert set(JointPlan.objects.values_list("course_id", flat=True)) == {started.pk, recent.pk, waiting.pk}
    matches = {m.course_id: m for m in JobMatch.objects.all()}
    assert set(matches) == {started.pk, recent.pk}
    assert matches[started.pk].found_on == started.phase_1_start
    # The phase was not started again: the course versions did not move.
    assert {c: Course.objects.get(pk=c).version for c in versions} == versions
    hours = list(
        WorkAgreementRevision.objects.filter(course=started)
        .order_by("number")
        .values_list("hours_per_week", flat=True)
    )
    assert len(hours) in (2, 3) and hours == sorted(hours) and len(set(hours)) == len(hours)
    assert WorkAgreementRevision.objects.filter(course=recent).count() == 1
    update = HoursUpdate.objects.get(course=started)
    assert (
        hours[0] < update.hours_per_week
        and update.on < WorkAgreementRevision.objects.get(course=started, number=2).valid_from
    )
    assert not StartMeeting.objects.filter(course=elsewhere).exists()

    load_demo_data(
        municipality=alice.municipality, today=today, rng=random.Random(7)
    )  # again: nothing doubled
    assert StartMeeting.objects.count() == 3


def test_other_municipalities_are_left_alone(
    alice: Any, job_programme: Any, make_course: Any, mallory: Any, today: dt.date
) -> None:
    make_course(alice, job_programme, phase_1=today - dt.timedelta(days=20))
    load_demo_data(municipality=mallory.municipality, today=today, rng=random.Random(7))
    assert not StartMeeting.objects.exists()
