"""The citizen's data export (GDPR art. 15): every kind of record, as the exporting user may see it,
behind a confirmation page, audited once."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone
from PIL import Image

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.models import Citizen
from overgang.network import photos
from overgang.network import services as network_services
from overgang.privacy.export import SCHEMA_VERSION, citizen_export
from overgang.privacy.graph import NOT_FOLLOWED, citizen_data_models, linked_but_not_followed
from overgang.safety import services as safety_services

pytestmark = pytest.mark.usefixtures("frozen_today")

ADDRESS = "Skjultvej 7, 9999 Demoby"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def administrator(municipality: Any) -> Any:
    return User.objects.create_user(
        username="ada", password="x", municipality=municipality, role="administrator"
    )


@pytest.fixture
def shelter(municipality: Any, alice: Any, bob: Any, carol: Any) -> Any:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    programme = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="shelter"), name="Krisecenter"
    )
    programme.workers.add(alice, bob)
    programme.coordinators.add(carol)
    return programme


@pytest.fixture
def course(alice: Any, shelter: Any, make_course: Any, contact_on: Any, today: dt.date) -> Any:
    """Alice's shelter course with a journal note, a pause, a network person with a photo, the
    citizen's consent to show the map to everyone with access, and a safety plan."""
    course = make_course(alice, shelter, phase_1=today - dt.timedelta(days=40))
    Citizen.objects.filter(pk=course.citizen_id).update(address=ADDRESS, phone="+45 00 11 22 33")
    entry = contact_on(course)
    type(entry).objects.filter(pk=entry.pk).update(note="Talked about the new flat.")
    course_services.course_pause(
        course=course, start=today - dt.timedelta(days=10), reason="hospital", actor=alice, today=today
    )
    mother = network_services.person_add(
        citizen=course.citizen,
        actor=alice,
        photo=photos.reencode(io.BytesIO(png())),
        role="family",
        role_text="",
        name="Mor Borgersen",
        direct_phone="12345678",
        main_phone="",
        email="",
        address="Morvej 1",
        is_active=True,
        can_help_with="Støtte",
    )
    network_services.consent_record(
        citizen=course.citizen,
        actor=alice,
        scope="everyone",
        given_on=today,
        shared_with=[mother],
        note="",
        expected_consent=0,
        today=today,
    )
    network_services.map_place(
        citizen=course.citizen, person=mother, actor=alice, expected_version=0, sector="family", ring=1
    )
    safety_services.safety_plan_save(
        course=course, actor=alice, expected_version=0, today=today, risks="Ex-partner knows the old street."
    )
    return course


def export_of(course: Any, user: Any) -> tuple[dict[str, Any], zipfile.ZipFile]:
    result = citizen_export(citizen=course.citizen, actor=user, now=timezone.now())
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    return json.loads(archive.read("overgang-data.json")), archive


def rows(document: dict[str, Any], model: str) -> list[dict[str, Any]]:
    return next(section["rows"] for section in document["sections"] if section["model"] == model)


def withheld(document: dict[str, Any]) -> set[str]:
    return {entry["what"] for entry in document["withheld"]}


# --- Every model holding citizen data is covered -----------------------------------------------


def _holds_citizen_data_by_forward_relations() -> set[str]:
    """Independently of the export's walk: a model holds citizen data when one of its own relation
    fields (foreign key, one-to-one, many-to-many) points at Citizen or at a model that does."""
    holding = {"courses.citizen"}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = model._meta.label_lower
            if label in holding:
                continue
            for field in model._meta.get_fields():
                target = field.related_model
                if (
                    field.concrete
                    and field.is_relation
                    and isinstance(target, type)
                    and issubclass(target, models.Model)
                    and target._meta.label_lower in holding
                ):
                    holding.add(label)
                    changed = True
                    break
    return holding


def test_every_model_holding_citizen_data_is_exported_or_explained() -> None:
    exported = {holding.label for holding in citizen_data_models()}

    assert _holds_citizen_data_by_forward_relations() == exported | set(NOT_FOLLOWED)
    assert linked_but_not_followed() == set(NOT_FOLLOWED)
    for required in (
        "courses.citizen",
        "courses.course",
        "courses.pause",
        "courses.workerassignment",
        "journal.contactentry",
        "journal.contactframe",
        "plans.ctiplan",
        "plans.planrevision",
        "checklists.checklistanswer",
        "network.networkperson",
        "network.networkmap",
        "network.mapconsent",
        "compass.compassrating",
        "handover.handoverplan",
        "handover.handovermeeting",
        "handover.closingletter",
        "safety.safetyplan",
        "jobs.startmeeting",
        "jobs.workagreementrevision",
    ):
        assert required in exported, required


def test_the_file_has_a_section_for_every_model_and_says_what_is_not_included(
    course: Any, alice: Any
) -> None:
    document, archive = export_of(course, alice)

    assert document["schema"] == "overgang.citizen-data-export"
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["citizen_id"] == course.citizen_id
    assert [section["model"] for section in document["sections"]] == [h.label for h in citizen_data_models()]
    assert {entry["model"] for entry in document["not_included"]} == {*NOT_FOLLOWED, "audit.auditentry"}
    assert "SCHEMA.md" in archive.namelist()
    assert "schema version 1" in archive.read("SCHEMA.md").decode()


# --- What the worker gets --------------------------------------------------------------------


def test_the_worker_gets_everything_about_the_citizen(course: Any, alice: Any) -> None:
    document, archive = export_of(course, alice)

    [citizen] = rows(document, "courses.citizen")
    assert citizen["cpr"] == course.citizen.cpr
    assert citizen["address"] == ADDRESS
    assert [row["id"] for row in rows(document, "courses.course")] == [course.pk]
    assert rows(document, "courses.course")[0]["worker_name"] == alice.get_full_name()
    assert rows(document, "courses.pause")[0]["reason"] == "hospital"
    assert rows(document, "courses.pause")[0]["reason_label"]
    assert rows(document, "journal.contactentry")[0]["note"] == "Talked about the new flat."
    [mother] = rows(document, "network.networkperson")
    assert mother["name"] == "Mor Borgersen"
    assert mother["address"] == "Morvej 1"
    [photo] = rows(document, "network.networkphoto")
    assert photo["person_id"] == mother["id"]
    assert archive.read(photo["image_file"])[:3] == b"\xff\xd8\xff"
    assert rows(document, "network.mapconsent")[0]["shared_with_ids"] == [mother["id"]]
    assert rows(document, "network.mapplacement")[0]["person_id"] == mother["id"]
    assert rows(document, "safety.safetyplan")[0]["risks"] == "Ex-partner knows the old street."
    assert len(rows(document, "safety.safetyplanrevision")) == 1
    assert rows(document, "courses.workerassignment")[0]["worker_id"] == alice.pk
    assert document["withheld"] == []


def test_the_export_writes_one_audit_row_without_personal_values(course: Any, alice: Any) -> None:
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    export_of(course, alice)

    [entry] = AuditEntry.objects.filter(pk__gt=since)
    assert entry.action == "citizen.data_exported"
    assert entry.actor == alice
    assert entry.citizen_id == course.citizen_id
    assert entry.after["rows"]["journal.contactentry"] == 1
    assert entry.after["files"] == 1
    stored = json.dumps([entry.before, entry.after])
    assert course.citizen.cpr not in stored
    assert "Talked about" not in stored
    assert ADDRESS not in stored


# --- What is withheld from whom --------------------------------------------------------------


def test_an_administrator_gets_the_safety_plan_withheld(course: Any, administrator: Any) -> None:
    document, _ = export_of(course, administrator)

    assert rows(document, "safety.safetyplan") == []
    assert rows(document, "safety.safetyplanrevision") == []
    assert "safety.safetyplan" in withheld(document)
    assert rows(document, "journal.contactentry")[0]["note"] == "Talked about the new flat."


def test_a_confidential_address_is_withheld_from_those_outside(
    course: Any, administrator: Any, alice: Any
) -> None:
    Citizen.objects.filter(pk=course.citizen_id).update(confidential_address=True)
    course.citizen.refresh_from_db()

    document, _ = export_of(course, administrator)
    [citizen] = rows(document, "courses.citizen")
    assert citizen["address"] is None
    assert citizen["phone"] is None
    assert rows(document, "network.networkperson")[0]["address"] is None
    assert "contact details" in withheld(document)
    assert ADDRESS not in json.dumps(document)

    document, _ = export_of(course, alice)
    assert rows(document, "courses.citizen")[0]["address"] == ADDRESS


def test_the_network_map_outside_the_consent_is_withheld(
    course: Any, carol: Any, alice: Any, today: Any
) -> None:
    network_services.consent_record(
        citizen=course.citizen,
        actor=alice,
        scope="worker",
        given_on=today,
        shared_with=[],
        note="",
        expected_consent=course.citizen.map_consents.get().pk,
        today=today,
    )

    document, _ = export_of(course, carol)

    assert "network.networkmap" in withheld(document)
    models_in_file = [section["model"] for section in document["sections"]]
    assert not {"network.networkmap", "network.mapplacement", "network.mapline"} & set(models_in_file)
    assert rows(document, "network.networkperson")  # the overview is not the map


def test_courses_the_user_may_not_see_are_withheld_with_their_records(
    alice: Any, bob: Any, administrator: Any, homelessness: Any, make_course: Any, contact_on: Any, today: Any
) -> None:
    earlier = make_course(bob, homelessness, referral=today - dt.timedelta(days=60))
    contact_on(earlier)
    course_services.course_end(
        course=earlier, on=today - dt.timedelta(days=5), reason="refuses", actor=bob, today=today
    )
    later = course_services.course_restart(
        course=earlier, referral_date=today, actor=bob, worker=alice, today=today
    )

    document, _ = export_of(later, alice)
    assert [row["id"] for row in rows(document, "courses.course")] == [later.pk]
    assert rows(document, "journal.contactentry") == []
    [hidden] = document["withheld"]
    assert hidden["what"] == "courses"
    assert hidden["course_ids"] == [earlier.pk]

    document, _ = export_of(later, administrator)
    assert sorted(row["id"] for row in rows(document, "courses.course")) == sorted([earlier.pk, later.pk])
    assert len(rows(document, "journal.contactentry")) == 1
    assert document["withheld"] == []


# --- The pages -------------------------------------------------------------------------------


def url(course: Any) -> str:
    return f"/courses/{course.pk}/data-export/"


def test_the_confirmation_page_then_the_download(course: Any, alice: Any, client_for: Any) -> None:
    client = client_for(alice)

    page = client.get(url(course))
    assert page.status_code == 200
    assert 'data-testid="data-export-form"' in page.content.decode()
    assert not AuditEntry.objects.filter(action="citizen.data_exported").exists()
    viewed = AuditEntry.objects.get(action="privacy.export_form_viewed")
    assert (viewed.actor, viewed.citizen_id) == (alice, course.citizen_id)

    response = client.post(url(course))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="overgang-data-export-{course.citizen_id}-2026-11-22.zip"'
    )
    assert "no-store" in response["Cache-Control"]
    document = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("overgang-data.json"))
    assert document["citizen_id"] == course.citizen_id
    assert AuditEntry.objects.filter(action="citizen.data_exported").count() == 1


def test_the_download_needs_the_csrf_token(course: Any, alice: Any, client_for: Any) -> None:
    client = client_for(alice)
    client.handler.enforce_csrf_checks = True

    assert client.post(url(course)).status_code == 403
    assert not AuditEntry.objects.filter(action="citizen.data_exported").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("carol", 200), ("administrator", 200), ("manny", 404), ("bob", 404), ("mallory", 404)],
)
def test_who_may_export(course: Any, client_for: Any, request: Any, who: str, status: int) -> None:
    client = client_for(request.getfixturevalue(who))

    assert client.get(url(course)).status_code == status
    assert client.post(url(course)).status_code == status
    assert AuditEntry.objects.filter(action="citizen.data_exported").count() == (1 if status == 200 else 0)


def test_anonymous_is_sent_to_log_in(course: Any) -> None:
    response = Client().post(url(course))

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="citizen.data_exported").exists()


def test_the_course_page_links_to_the_export_for_those_who_may(
    course: Any, alice: Any, manny: Any, client_for: Any
) -> None:
    link = f'href="{url(course)}" data-testid="data-export-link"'

    assert link in client_for(alice).get(f"/courses/{course.pk}/").content.decode()
    assert link not in client_for(manny).get(f"/courses/{course.pk}/").content.decode()
