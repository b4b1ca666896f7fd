"""Logging and changing supervision sessions through the services: the rules, the version check and
the audit log. Carol, the coordinator, logs; the rest may not."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction

from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.supervision.models import SupervisionSession
from overgang.supervision.services import session_create, session_update

from .conftest import d

CONCLUSIONS = "Sen er i fase 1: planen skal have højst tre fokusområder."


def values(**overrides):
    return {
        "held_on": d("2026-11-20"),
        "kind": "method",
        "supervisor": "Signe Supervisorsen",
        "conclusions": CONCLUSIONS,
    } | overrides


def test_the_coordinator_logs_a_session(carol, alice, bob, homelessness, sen, today):
    session = session_create(
        programme=homelessness,
        actor=carol,
        participants=[alice, bob],
        courses=[sen],
        today=today,
        **values(supervisor="  Signe Supervisorsen  "),
    )

    session.refresh_from_db()
    assert session.held_on == d("2026-11-20")
    assert session.kind == "method"
    assert session.get_kind_display() == "Method supervision"
    assert session.supervisor == "Signe Supervisorsen"
    assert set(session.participants.all()) == {alice, bob}
    assert list(session.courses.all()) == [sen]
    assert session.municipality_id == homelessness.municipality_id
    assert session.created_by == carol
    assert session.version == 1


def test_an_administrator_logs_case_supervision_with_ids_and_no_courses(ada, alice, homelessness, today):
    session = session_create(
        programme=homelessness, actor=ada, participants=[alice.pk], today=today, **values(kind="case")
    )

    assert session.get_kind_display() == "Case supervision"
    assert list(session.participants.all()) == [alice]
    assert session.courses.count() == 0


def test_a_session_a_year_ago_to_the_day_is_accepted(carol, alice, homelessness, today):
    session = session_create(
        programme=homelessness,
        actor=carol,
        participants=[alice],
        today=today,
        **values(held_on=d("2025-11-22")),
    )

    assert session.held_on == d("2025-11-22")


def test_the_log_is_audited_without_the_conclusions(carol, alice, homelessness, sen, today):
    session = session_create(
        programme=homelessness, actor=carol, participants=[alice], courses=[sen], today=today, **values()
    )

    (entry,) = AuditEntry.objects.filter(action="supervision.logged")
    assert entry.actor == carol
    assert entry.object_type == "supervision.supervisionsession"
    assert entry.object_id == str(session.pk)
    assert entry.municipality_id == homelessness.municipality_id
    assert entry.after == {
        "programme": homelessness.pk,
        "held_on": "2026-11-20",
        "kind": "method",
        "supervisor": "Signe Supervisorsen",
        "participants": [alice.pk],
        "courses": [sen.pk],
        "conclusions_length": len(CONCLUSIONS),
    }
    assert "fokusområder" not in json.dumps(entry.after)


# --- who may log -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "manny", "dave", "mallory"])
def test_only_the_coordinators_and_administrators_log(who, request, alice, homelessness, today):
    actor = request.getfixturevalue(who)

    with pytest.raises(CourseActionError):
        session_create(programme=homelessness, actor=actor, participants=[alice], today=today, **values())

    assert not SupervisionSession.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="supervision.").exists()


# --- bad input saves nothing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": d("2026-11-23")}, "held_on"),
        ({"held_on": d("2025-11-21")}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"held_on": dt.datetime(2026, 11, 20, 10)}, "held_on"),
        ({"kind": "coffee"}, "kind"),
        ({"supervisor": "   "}, "supervisor"),
        ({"supervisor": "S" * 201}, "supervisor"),
        ({"conclusions": ""}, "conclusions"),
        ({"conclusions": " \n "}, "conclusions"),
        ({"conclusions": "x" * 4001}, "conclusions"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(overrides, field, carol, alice, homelessness, today):
    with pytest.raises(CourseActionError) as refused:
        session_create(
            programme=homelessness, actor=carol, participants=[alice], today=today, **values(**overrides)
        )

    assert refused.value.field == field
    assert refused.value.message
    assert not SupervisionSession.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="supervision.").exists()


def test_conclusions_of_exactly_4000_characters_are_short_enough(carol, alice, homelessness, today):
    session = session_create(
        programme=homelessness,
        actor=carol,
        participants=[alice],
        today=today,
        **values(conclusions="x" * 4000),
    )

    assert len(session.conclusions) == 4000


def test_a_session_needs_a_participant(carol, homelessness, today):
    with pytest.raises(CourseActionError) as refused:
        session_create(programme=homelessness, actor=carol, participants=[], today=today, **values())

    assert refused.value.field == "participants"
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("who", ["erin", "mallory", "carol", "manny"])
def test_only_the_programmes_workers_can_take_part(who, request, carol, alice, homelessness, today):
    outsider = request.getfixturevalue(who)

    with pytest.raises(CourseActionError) as refused:
        session_create(
            programme=homelessness, actor=carol, participants=[alice, outsider], today=today, **values()
        )

    assert refused.value.field == "participants"
    assert not SupervisionSession.objects.exists()


def test_a_made_up_participant_is_refused(carol, homelessness, today):
    with pytest.raises(CourseActionError):
        session_create(programme=homelessness, actor=carol, participants=["abc"], today=today, **values())

    assert not SupervisionSession.objects.exists()


def test_a_course_of_another_programme_cannot_be_discussed(
    carol, alice, erin, homelessness, job_programme, make_course, today
):
    job_course = make_course(erin, job_programme, phase_1=d("2026-10-01"))

    with pytest.raises(CourseActionError) as refused:
        session_create(
            programme=homelessness,
            actor=carol,
            participants=[alice],
            courses=[job_course],
            today=today,
            **values(),
        )

    assert refused.value.field == "courses"
    assert not SupervisionSession.objects.exists()


def test_a_course_of_another_municipality_cannot_be_discussed(
    carol, alice, mallory, homelessness, make_course, today
):
    theirs = make_course(mallory, mallory.programmes.get(), phase_1=d("2026-10-01"))

    with pytest.raises(CourseActionError) as refused:
        session_create(
            programme=homelessness,
            actor=carol,
            participants=[alice],
            courses=[theirs.pk],
            today=today,
            **values(),
        )

    assert refused.value.field == "courses"
    assert not SupervisionSession.objects.exists()


def test_the_database_refuses_long_conclusions(carol, homelessness):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSession.objects.create(
            municipality=homelessness.municipality,
            programme=homelessness,
            held_on=d("2026-11-20"),
            kind="method",
            supervisor="Signe",
            conclusions="x" * 4001,
            created_by=carol,
        )


def test_the_database_refuses_a_session_without_conclusions(carol, homelessness):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSession.objects.create(
            municipality=homelessness.municipality,
            programme=homelessness,
            held_on=d("2026-11-20"),
            kind="method",
            supervisor="Signe",
            conclusions="",
            created_by=carol,
        )


# --- changing a session ----------------------------------------------------------------------------


def test_the_coordinator_changes_a_session(session, carol, alice, frank, bente, today):
    changed = session_update(
        session=session,
        actor=carol,
        expected_version=1,
        participants=[alice, frank],
        courses=[bente],
        today=today,
        **values(kind="case", conclusions="Bente: kontaktperioden må ikke blive længere end en fase."),
    )

    changed.refresh_from_db()
    assert changed.version == 2
    assert changed.kind == "case"
    assert set(changed.participants.all()) == {alice, frank}
    assert list(changed.courses.all()) == [bente]
    (entry,) = AuditEntry.objects.filter(action="supervision.changed")
    assert entry.before["kind"] == "method"
    assert entry.after["kind"] == "case"
    assert entry.after["participants"] == sorted([alice.pk, frank.pk])
    assert entry.before["conclusions_length"] == len(session.conclusions)
    assert "kontaktperioden" not in json.dumps(entry.after)


def test_a_stale_version_is_refused_and_nothing_changes(session, carol, alice, today):
    session_update(
        session=session, actor=carol, expected_version=1, participants=[alice], today=today, **values()
    )

    with pytest.raises(CourseActionError) as refused:
        session_update(
            session=session,
            actor=carol,
            expected_version=1,
            participants=[alice],
            today=today,
            **values(conclusions="Mit gamle udkast."),
        )

    assert refused.value.conflict
    session.refresh_from_db()
    assert session.version == 2
    assert session.conclusions == CONCLUSIONS
    assert AuditEntry.objects.filter(action="supervision.changed").count() == 1


def test_a_bad_change_leaves_the_session_as_it_was(session, carol, alice, bob, sen, today):
    with pytest.raises(CourseActionError):
        session_update(
            session=session,
            actor=carol,
            expected_version=1,
            participants=[alice],
            courses=[],
            today=today,
            **values(held_on=d("2026-12-01")),
        )

    session.refresh_from_db()
    assert session.version == 1
    assert session.held_on == d("2026-11-10")
    assert set(session.participants.all()) == {alice, bob}
    assert list(session.courses.all()) == [sen]
    assert not AuditEntry.objects.filter(action="supervision.changed").exists()


def test_a_worker_who_left_the_programme_stays_on_the_session(
    session, carol, alice, bob, homelessness, today
):
    homelessness.workers.remove(bob)

    changed = session_update(
        session=session, actor=carol, expected_version=1, participants=[alice, bob], today=today, **values()
    )

    assert set(changed.participants.all()) == {alice, bob}


def test_the_manager_cannot_change_a_session(session, manny, alice, today):
    with pytest.raises(CourseActionError):
        session_update(
            session=session, actor=manny, expected_version=1, participants=[alice], today=today, **values()
        )

    session.refresh_from_db()
    assert session.version == 1
