"""The demo municipality: synthetic, varied, and loaded once however often the command runs."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from overgang.accounts.models import Municipality, Role, User
from overgang.courses.cpr import cpr_passes_modulus_11, validate_cpr
from overgang.courses.models import Citizen, Course, Pause, WorkerAssignment
from overgang.courses.selectors import course_rows, worker_caseload
from overgang.demo.management.commands.load_demo import DEMO_MUNICIPALITY_CODE
from overgang.programmes.models import Programme

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo():
    """The demo loaded on a pinned day (its dates are relative to today)."""
    noon = dt.datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(noon, tick=False):
        call_command("load_demo", stdout=StringIO())
        yield Municipality.objects.get(code=DEMO_MUNICIPALITY_CODE)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, User, Programme, Citizen, Course, Pause, WorkerAssignment)
    }


def test_running_it_twice_adds_nothing_the_second_time(demo):
    before = counts()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert counts() == before
    assert "already loaded" in out.getvalue()
    assert Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).count() == 1


def test_it_has_about_forty_citizens(demo):
    citizens = Citizen.objects.filter(municipality=demo).count()

    assert 35 <= citizens <= 45
    # Each citizen has one course, except those who started over.
    courses = Course.objects.filter(municipality=demo)
    assert courses.count() == citizens + courses.filter(restarted_from__isnull=False).count()


def test_it_has_three_programmes_one_per_template(demo):
    programmes = Programme.objects.filter(municipality=demo)

    assert sorted(p.template.code for p in programmes) == ["homelessness", "job", "shelter"]
    for programme in programmes:
        assert programme.courses.exists(), programme.name
        assert programme.coordinators.exists(), programme.name


def test_it_has_four_workers_one_of_them_half_time(demo):
    workers = User.objects.filter(municipality=demo, role=Role.WORKER)

    assert workers.count() == 4
    assert sorted(str(w.fte) for w in workers) == ["0.50", "1.00", "1.00", "1.00"]
    assert User.objects.filter(municipality=demo, role=Role.COORDINATOR).exists()
    assert User.objects.filter(municipality=demo, role=Role.MANAGER).exists()


def test_at_least_one_worker_is_over_capacity(demo):
    workers = User.objects.filter(municipality=demo, role=Role.WORKER)

    over = [w.username for w in workers if worker_caseload(w, today=TODAY).now.over_capacity]

    assert over


def test_some_courses_are_paused_now(demo):
    open_pauses = Pause.objects.filter(
        course__municipality=demo, resume__isnull=True, course__end_date__isnull=True
    )

    assert open_pauses.exists()
    assert Pause.objects.filter(course__municipality=demo, resume__isnull=False).exists()


def test_some_courses_ended_with_different_reasons(demo):
    reasons = set(
        Course.objects.filter(municipality=demo, end_date__isnull=False).values_list("end_reason", flat=True)
    )

    assert len(reasons) >= 3
    assert "completed" in reasons
    assert reasons - {"completed"}
    other = Course.objects.filter(municipality=demo, end_reason="other")
    assert all(c.end_reason_text for c in other)


def test_some_course_started_over(demo):
    restarted = Course.objects.filter(municipality=demo, restarted_from__isnull=False)

    assert restarted.exists()
    for course in restarted:
        assert course.restarted_from.end_date is not None
        assert course.citizen_id == course.restarted_from.citizen_id


def test_some_transitions_were_late(demo):
    rows = course_rows(Course.objects.filter(municipality=demo), today=TODAY)

    late = [row for row in rows if row.schedule.late_transitions]
    assert len(late) >= 2
    assert all(t.timeliness.days > 7 for row in late for t in row.schedule.late_transitions)


def test_some_transition_is_overdue(demo):
    # Scenario.skip_overdue leaves the next due transition unregistered: the overview's first flag.
    rows = course_rows(Course.objects.filter(municipality=demo), today=TODAY)

    assert any(row.schedule.overdue for row in rows)


def test_every_demo_cpr_number_is_valid_and_fails_modulus_11(demo):
    numbers = list(Citizen.objects.filter(municipality=demo).values_list("cpr", flat=True))

    assert numbers
    for cpr in numbers:
        validate_cpr(cpr)
        assert not cpr_passes_modulus_11(cpr), cpr


def test_the_demo_is_built_through_the_services(demo):
    from overgang.audit.models import AuditEntry

    courses = Course.objects.filter(municipality=demo)
    assert (
        AuditEntry.objects.filter(municipality=demo, action="course.referred").count()
        == courses.filter(restarted_from__isnull=True).count()
    )
    assert WorkerAssignment.objects.filter(course__municipality=demo).count() >= courses.count()
