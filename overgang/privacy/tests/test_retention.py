"""Retention (`manage.py apply_retention`): citizens whose every course ended more than RETENTION_YEARS
ago are listed; with --execute they are anonymised or deleted as RETENTION_MODE says, unless marked
for preservation, one transaction and one audit row per citizen, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import models
from PIL import Image

from conftest import next_cpr
from overgang.audit.models import AuditEntry
from overgang.checklists.models import ChecklistAnswer, ChecklistItem
from overgang.checklists.services import answer_save
from overgang.compass.models import CompassRating
from overgang.compass.services import round_rate
from overgang.courses import services
from overgang.courses.models import Citizen, Course, Pause
from overgang.journal.models import ContactEntry
from overgang.journal.services import contact_entry_create
from overgang.network import photos
from overgang.network import services as network_services
from overgang.network.models import NetworkPerson, NetworkPhoto
from overgang.privacy.graph import citizen_data_models
from overgang.privacy.models import PreservationMarker
from overgang.privacy.retention import ANONYMISED_TEXT, retention_cutoff
from overgang.privacy.services import citizen_mark_preserved, citizen_unmark_preserved
from overgang.safety.models import SafetyPlan, SafetyPlanRevision
from overgang.safety.services import safety_plan_save

pytestmark = pytest.mark.usefixtures("frozen_today")

SECRET = "Hemmelig-7"  # planted in every free text: none of it may survive anonymisation


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, format="PNG")
    return out.getvalue()


def at_noon(day: dt.date) -> Any:
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    )


def closed_course(
    worker: Any, programme: Any, *, ended_on: dt.date, rich: bool = False, during: Any = None
) -> Course:
    """A course that ran 200 days and ended on `ended_on`, built through the services on those days;
    `rich` adds a journal entry, a pause, a network person with a photo, a checklist answer and a
    compass rating, each with the planted text; `during(course)` runs on day 20."""
    start = ended_on - dt.timedelta(days=200)
    with at_noon(start):
        course = services.citizen_register_and_refer(
            actor=worker,
            citizen_data={
                "first_name": "Gerda",
                "last_name": f"{SECRET}sen",
                "cpr": next_cpr(),
                "address": f"{SECRET}vej 1",
                "phone": "12345678",
                "email": "gerda@example.invalid",
            },
            programme=programme,
            legal_basis=programme.legal_bases[0]["code"],
            worker=worker,
            referral_date=start,
        )
        course = services.course_start_phase(course=course, phase=1, on=start, actor=worker)
    if rich:
        with at_noon(start + dt.timedelta(days=20)):
            now = dt.datetime.combine(
                start + dt.timedelta(days=20), dt.time(12), tzinfo=ZoneInfo("Europe/Copenhagen")
            )
            contact_entry_create(
                course=course,
                actor=worker,
                now=now,
                occurred_at=now - dt.timedelta(hours=2),
                duration_minutes=60,
                kind="home_visit",
                place=f"{SECRET} café",
                status="happened",
                citizen_present=True,
                note=f"{SECRET}: talked about the debt.",
                next_agreement=f"{SECRET} next week",
            )
            services.course_pause(
                course=course,
                start=start + dt.timedelta(days=20),
                reason="other",
                reason_text=SECRET,
                actor=worker,
            )
            network_services.person_add(
                citizen=course.citizen,
                actor=worker,
                photo=photos.reencode(io.BytesIO(png())),
                role="family",
                role_text="",
                name=f"Mor {SECRET}",
                direct_phone="87654321",
                main_phone="",
                email="mor@example.invalid",
                address=f"{SECRET}gade 2",
                is_active=True,
                can_help_with=SECRET,
            )
            item = ChecklistItem.objects.filter(
                checklist__code="homelessness_phase_1", checklist__programme__isnull=True
            ).first()
            answer_save(course=course, item=item, answer="yes", comment=SECRET, actor=worker)
            round_rate(
                course=course,
                slot="phase_1",
                respondent="citizen",
                values={"housing": "7"},
                notes={"housing": SECRET},
                rated_on=start + dt.timedelta(days=20),
                actor=worker,
                expected_version=0,
            )
        with at_noon(start + dt.timedelta(days=30)):
            services.course_resume(course=course, on=start + dt.timedelta(days=30), actor=worker)
    if during is not None:
        with at_noon(start + dt.timedelta(days=20)):
            during(Course.objects.get(pk=course.pk))
    with at_noon(ended_on):
        course = services.course_end(course=course, on=ended_on, reason="refuses", actor=worker)
    return Course.objects.get(pk=course.pk)


def run(*args: str, mode: str = "preserve", years: int = 5, settings: Any) -> str:
    settings.RETENTION_MODE = mode
    settings.RETENTION_YEARS = years
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model holding citizen data, as plain values."""
    return {
        holding.label: sorted(map(tuple, holding.model._base_manager.order_by("pk").values_list()), key=repr)
        for holding in citizen_data_models()
    }


@pytest.fixture
def cutoff(today: dt.date) -> dt.date:
    return retention_cutoff(today=today, years=5)


@pytest.fixture
def old(alice: Any, homelessness: Any, cutoff: dt.date) -> Course:
    """Ended the day before the cutoff: more than five years ago."""
    return closed_course(alice, homelessness, ended_on=cutoff - dt.timedelta(days=1), rich=True)


@pytest.fixture
def boundary(alice: Any, homelessness: Any, cutoff: dt.date) -> Course:
    """Ended exactly five years ago: not more than five years."""
    return closed_course(alice, homelessness, ended_on=cutoff)


@pytest.fixture
def recent(alice: Any, homelessness: Any, today: dt.date) -> Course:
    return closed_course(alice, homelessness, ended_on=today - dt.timedelta(days=300))


def test_the_cutoff_is_five_calendar_years_back(today: dt.date) -> None:
    assert retention_cutoff(today=today, years=5) == dt.date(2021, 11, 22)
    assert retention_cutoff(today=dt.date(2028, 2, 29), years=5) == dt.date(2023, 2, 28)


# --- Listing ---------------------------------------------------------------------------------------


def test_the_dry_run_lists_only_citizens_past_the_boundary_and_changes_nothing(
    old: Course, boundary: Course, recent: Course, settings: Any
) -> None:
    before = everything()
    audit_rows = AuditEntry.objects.count()

    out = run(mode="delete", settings=settings)

    assert (
        f"citizen-{old.citizen_id}  courses {old.pk}  closed on {old.end_date.isoformat()}  would delete"
        in out
    )
    assert f"citizen-{boundary.citizen_id} " not in out
    assert f"citizen-{recent.citizen_id} " not in out
    assert "dry run" in out
    assert everything() == before
    assert AuditEntry.objects.count() == audit_rows


def test_the_listing_holds_no_personal_values(old: Course, settings: Any) -> None:
    out = run(settings=settings)

    assert SECRET not in out
    assert old.citizen.cpr not in out
    assert "Gerda" not in out


def test_a_citizen_with_a_running_course_is_not_listed(
    old: Course, alice: Any, today: dt.date, settings: Any
) -> None:
    services.course_restart(course=old, referral_date=today, actor=alice, today=today)

    assert f"citizen-{old.citizen_id} " not in run(mode="delete", settings=settings)


def test_a_longer_retention_period_moves_the_boundary(old: Course, settings: Any) -> None:
    assert f"citizen-{old.citizen_id} " not in run(mode="delete", years=6, settings=settings)


# --- Preserve (the default) -----------------------------------------------------------------------


def test_preserve_is_the_default_and_execute_changes_nothing(old: Course, settings: Any) -> None:
    from django.conf import settings as live

    assert live.RETENTION_MODE == "preserve"
    before = everything()

    out = run("--execute", settings=settings)

    assert f"citizen-{old.citizen_id}  courses {old.pk}" in out
    assert "keep (RETENTION_MODE=preserve)" in out
    assert everything() == before
    assert not AuditEntry.objects.filter(action__startswith="citizen.retention").exists()


# --- Anonymise ------------------------------------------------------------------------------------


def test_anonymise_clears_who_the_citizen_is_and_every_free_text(
    old: Course, recent: Course, settings: Any
) -> None:
    recent_before = everything()

    out = run("--execute", mode="anonymise", settings=settings)

    assert "anonymised 1 citizens" in out
    citizen = Citizen.objects.get(pk=old.citizen_id)
    assert citizen.full_name == "Anonymiseret borger"
    assert citizen.cpr == f"A{citizen.pk:09d}"
    assert (citizen.address, citizen.phone, citizen.email) == ("", "", "")
    person = NetworkPerson.objects.get(citizen=citizen)
    assert (person.name, person.direct_phone, person.email, person.address) == (
        ANONYMISED_TEXT,
        ANONYMISED_TEXT,
        "",
        ANONYMISED_TEXT,
    )
    assert not NetworkPhoto.objects.filter(person=person).exists()
    entry = ContactEntry.objects.get(course=old)
    assert entry.note == ANONYMISED_TEXT
    assert ChecklistAnswer.objects.get(course=old).comment == ANONYMISED_TEXT
    # Not a trace of the planted text anywhere in the citizen's records.
    for holding in citizen_data_models():
        for row in holding.rows_of(citizen.pk).values_list():
            assert SECRET not in json.dumps(row, default=str), holding.label
    # The other citizen is untouched.
    assert Citizen.objects.get(pk=recent.citizen_id).last_name == f"{SECRET}sen"
    assert len(everything()["courses.citizen"]) == len(recent_before["courses.citizen"])


def test_anonymise_keeps_dates_periods_answers_and_compass_values(old: Course, settings: Any) -> None:
    course_before = Course.objects.filter(pk=old.pk).values(
        "referral_date", "phase_1_start", "end_date", "end_reason", "legal_basis", "duration_months"
    )[0]
    pause_before = Pause.objects.filter(course=old).values("start", "resume", "reason")[0]

    run("--execute", mode="anonymise", settings=settings)

    assert Course.objects.filter(pk=old.pk).values(*course_before)[0] == course_before
    assert Pause.objects.filter(course=old).values("start", "resume", "reason")[0] == pause_before
    assert ChecklistAnswer.objects.get(course=old).answer == "yes"
    rating = CompassRating.objects.get(round__course=old)
    assert (rating.dimension, rating.value) == ("housing", 7)
    assert rating.note == ANONYMISED_TEXT
    entry = ContactEntry.objects.get(course=old)
    assert (entry.kind, entry.status, entry.duration_minutes) == ("home_visit", "happened", 60)


def test_anonymise_writes_one_audit_row_per_citizen_without_personal_values(
    old: Course, settings: Any
) -> None:
    cpr = old.citizen.cpr

    run("--execute", mode="anonymise", settings=settings)

    [entry] = AuditEntry.objects.filter(action="citizen.retention_anonymised")
    assert entry.citizen_id == old.citizen_id
    assert entry.actor is None
    assert entry.after["courses"] == [old.pk]
    assert entry.after["closed_on"] == old.end_date.isoformat()
    assert entry.after["rows"]["journal.contactentry"] == 1
    stored = json.dumps([entry.before, entry.after])
    assert SECRET not in stored
    assert cpr not in stored


def test_running_anonymise_twice_changes_nothing_more(old: Course, settings: Any) -> None:
    run("--execute", mode="anonymise", settings=settings)
    after_first = everything()
    audit_rows = AuditEntry.objects.count()

    out = run("--execute", mode="anonymise", settings=settings)

    assert "anonymised 0 citizens" in out
    assert f"citizen-{old.citizen_id} " not in out
    assert everything() == after_first
    assert AuditEntry.objects.count() == audit_rows


def test_anonymise_clears_the_safety_plan(
    alice: Any, municipality: Any, cutoff: dt.date, settings: Any
) -> None:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    shelter = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="shelter"), name="Krisecenter"
    )
    shelter.workers.add(alice)

    def write_safety_plan(course: Course) -> None:
        safety_plan_save(course=course, actor=alice, expected_version=0, risks=SECRET)

    course = closed_course(alice, shelter, ended_on=cutoff - dt.timedelta(days=1), during=write_safety_plan)
    assert SafetyPlan.objects.get(course=course).risks == SECRET

    run("--execute", mode="anonymise", settings=settings)

    plan = SafetyPlan.objects.get(course=course)
    assert plan.risks == ANONYMISED_TEXT
    assert SafetyPlanRevision.objects.get(plan=plan).values == {}


# --- Delete ---------------------------------------------------------------------------------------


def test_delete_removes_every_record_of_the_citizen_and_nothing_else(
    recent: Course, alice: Any, homelessness: Any, cutoff: dt.date, settings: Any
) -> None:
    old = closed_course(alice, homelessness, ended_on=cutoff - dt.timedelta(days=10), rich=True)
    # A restart that also ended long ago: the old course is protected by the new one's reference.
    with at_noon(old.end_date + dt.timedelta(days=2)):
        again = services.course_restart(
            course=old, referral_date=old.end_date + dt.timedelta(days=1), actor=alice
        )
        services.course_end(
            course=again, on=old.end_date + dt.timedelta(days=2), reason="refuses", actor=alice
        )
    recent_citizen_rows = {
        holding.label: list(holding.rows_of(recent.citizen_id).values_list("pk", flat=True))
        for holding in citizen_data_models()
    }

    out = run("--execute", mode="delete", settings=settings)

    assert "deleted 1 citizens" in out
    assert not Citizen.objects.filter(pk=old.citizen_id).exists()
    for holding in citizen_data_models():
        assert not holding.rows_of(old.citizen_id).exists(), holding.label
        assert (
            list(holding.rows_of(recent.citizen_id).values_list("pk", flat=True))
            == recent_citizen_rows[holding.label]
        )
    [entry] = AuditEntry.objects.filter(action="citizen.retention_deleted")
    assert entry.citizen_id == old.citizen_id
    assert sorted(entry.after["courses"]) == sorted([old.pk, again.pk])
    assert SECRET not in json.dumps(entry.after)


def test_running_delete_twice_changes_nothing_more(old: Course, settings: Any) -> None:
    run("--execute", mode="delete", settings=settings)
    after_first = everything()
    audit_rows = AuditEntry.objects.count()

    out = run("--execute", mode="delete", settings=settings)

    assert "deleted 0 citizens" in out
    assert everything() == after_first
    assert AuditEntry.objects.count() == audit_rows


# --- The preservation marker ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["anonymise", "delete"])
def test_a_marked_citizen_is_kept_whatever_the_mode(
    old: Course, carol: Any, settings: Any, mode: str
) -> None:
    citizen_mark_preserved(citizen=old.citizen, actor=carol, reason="Udvalgt til bevaring af Rigsarkivet")
    before = everything()

    out = run("--execute", mode=mode, settings=settings)

    assert f"citizen-{old.citizen_id}  courses {old.pk}" in out
    assert "keep (marked for preservation)" in out
    assert everything() == before
    assert not AuditEntry.objects.filter(action__startswith="citizen.retention").exists()


def test_marking_needs_a_reason_and_is_audited(old: Course, carol: Any) -> None:
    from overgang.courses.services import CourseActionError

    with pytest.raises(CourseActionError):
        citizen_mark_preserved(citizen=old.citizen, actor=carol, reason="  ")
    assert not PreservationMarker.objects.exists()

    marker = citizen_mark_preserved(citizen=old.citizen, actor=carol, reason="Klagesag")
    assert (marker.marked_by, marker.reason) == (carol, "Klagesag")
    assert (
        AuditEntry.objects.filter(action="citizen.preservation_marked", citizen_id=old.citizen_id).count()
        == 1
    )

    citizen_unmark_preserved(citizen=old.citizen, actor=carol)
    assert not PreservationMarker.objects.exists()
    assert (
        AuditEntry.objects.filter(action="citizen.preservation_unmarked", citizen_id=old.citizen_id).count()
        == 1
    )


def test_an_unmarked_citizen_is_anonymised_on_the_next_run(old: Course, carol: Any, settings: Any) -> None:
    citizen_mark_preserved(citizen=old.citizen, actor=carol, reason="Klagesag")
    run("--execute", mode="anonymise", settings=settings)
    citizen_unmark_preserved(citizen=old.citizen, actor=carol)

    run("--execute", mode="anonymise", settings=settings)

    assert Citizen.objects.get(pk=old.citizen_id).full_name == "Anonymiseret borger"


def test_the_kept_codes_name_real_text_fields_without_choices() -> None:
    """Free text is anonymised by default; only the listed codes are kept, so each must exist."""
    from django.apps import apps

    from overgang.privacy.retention import KEPT_CODES

    for name in KEPT_CODES:
        app_model, field_name = name.rsplit(".", 1)
        field = apps.get_model(app_model)._meta.get_field(field_name)
        assert isinstance(field, models.CharField), name
        assert not field.choices, name
