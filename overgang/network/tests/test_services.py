"""The network services: validated, versioned and audited writes; the audit names fields, never values."""

from __future__ import annotations

import json

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.network import services
from overgang.network.models import NetworkPerson

pytestmark = pytest.mark.django_db

VALUES = {
    "role": "gp",
    "role_text": "",
    "name": "Grete Lægesen",
    "direct_phone": "12345678",
    "main_phone": "87654321",
    "email": "grete@example.dk",
    "address": "Lægevej 1, 8000 Aarhus C",
    "is_active": True,
    "can_help_with": "Medicin og henvisninger",
}


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness)


@pytest.fixture
def person(course, alice):
    return services.person_add(citizen=course.citizen, actor=alice, **VALUES)


def test_person_add_stores_all_fields_and_audits_field_names_only(course, alice):
    person = services.person_add(citizen=course.citizen, actor=alice, **VALUES)

    person.refresh_from_db()
    for name, value in VALUES.items():
        assert getattr(person, name) == value, name
    assert person.citizen_id == course.citizen_id
    assert person.municipality_id == course.citizen.municipality_id
    assert person.created_by == alice
    assert person.version == 1

    entry = AuditEntry.objects.get(action="network.person_added")
    assert entry.actor == alice
    assert entry.citizen_id == course.citizen_id
    assert entry.object_id == str(person.pk)
    assert sorted(entry.after["fields"]) == sorted(services.FIELDS)
    dumped = json.dumps(entry.after) + json.dumps(entry.before)
    for secret in ("Grete", "12345678", "87654321", "grete@example.dk", "Lægevej", "Medicin"):
        assert secret not in dumped


def test_person_add_strips_whitespace(course, alice):
    person = services.person_add(citizen=course.citizen, actor=alice, **(VALUES | {"name": "  Grete  "}))
    assert person.name == "Grete"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"role": "astrologer"}, id="unknown-role"),
        pytest.param({"role": ""}, id="empty-role"),
        pytest.param({"name": ""}, id="empty-name"),
        pytest.param({"name": "   "}, id="blank-name"),
        pytest.param({"role": "other", "role_text": ""}, id="other-without-text"),
        pytest.param({"role": "other", "role_text": "   "}, id="other-with-blank-text"),
        pytest.param({"email": "not-an-email"}, id="bad-email"),
        pytest.param({"name": "x" * 151}, id="name-151"),
        pytest.param({"direct_phone": "1" * 31}, id="phone-31"),
        pytest.param({"can_help_with": "x" * 2001}, id="help-2001"),
    ],
)
def test_person_add_refuses_bad_input_and_saves_nothing(course, alice, changes):
    with pytest.raises(CourseActionError):
        services.person_add(citizen=course.citizen, actor=alice, **(VALUES | changes))
    assert not NetworkPerson.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="network.").exists()


def test_person_add_accepts_exactly_150_characters(course, alice):
    person = services.person_add(citizen=course.citizen, actor=alice, **(VALUES | {"name": "x" * 150}))
    assert len(person.name) == 150


def test_person_add_other_with_role_text_is_private(course, alice):
    person = services.person_add(
        citizen=course.citizen, actor=alice, **(VALUES | {"role": "other", "role_text": "Nabo"})
    )
    assert person.is_private
    assert person.role_label.endswith(": Nabo")


def test_person_change_with_stale_version_is_refused(person, alice):
    with pytest.raises(CourseActionError) as error:
        services.person_change(
            person=person, actor=alice, expected_version=person.version + 1, **(VALUES | {"name": "Ny"})
        )
    assert error.value.conflict
    person.refresh_from_db()
    assert person.name == VALUES["name"]
    assert person.version == 1
    assert not AuditEntry.objects.filter(action="network.person_changed").exists()


def test_person_change_without_version_is_refused(person, alice):
    with pytest.raises(CourseActionError):
        services.person_change(person=person, actor=alice, expected_version=None, **(VALUES | {"name": "Ny"}))
    person.refresh_from_db()
    assert person.name == VALUES["name"]


def test_person_change_with_right_version_bumps_and_audits_changed_names(person, alice):
    changed = services.person_change(
        person=person,
        actor=alice,
        expected_version=1,
        **(VALUES | {"name": "Hanne Hemmelig", "email": "hanne@example.dk"}),
    )
    assert changed.version == 2
    person.refresh_from_db()
    assert person.name == "Hanne Hemmelig"
    assert person.email == "hanne@example.dk"
    assert person.version == 2

    entry = AuditEntry.objects.get(action="network.person_changed")
    assert sorted(entry.after["fields"]) == ["email", "name"]
    dumped = json.dumps(entry.after) + json.dumps(entry.before)
    for secret in ("Hanne", "hanne@example.dk", "Grete", "grete@example.dk"):
        assert secret not in dumped

    # the old version is now stale
    with pytest.raises(CourseActionError):
        services.person_change(person=person, actor=alice, expected_version=1, **VALUES)


def test_person_change_with_identical_values_is_a_no_op(person, alice):
    result = services.person_change(person=person, actor=alice, expected_version=1, **VALUES)
    assert result.version == 1
    person.refresh_from_db()
    assert person.version == 1
    assert not AuditEntry.objects.filter(action="network.person_changed").exists()


def test_person_change_refuses_bad_input_and_changes_nothing(person, alice):
    with pytest.raises(CourseActionError):
        services.person_change(person=person, actor=alice, expected_version=1, **(VALUES | {"email": "nope"}))
    person.refresh_from_db()
    assert person.email == VALUES["email"]
    assert person.version == 1


def test_person_remove_with_right_version_deletes_and_audits(person, alice):
    pk = person.pk
    services.person_remove(person=person, actor=alice, expected_version=1)
    assert not NetworkPerson.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="network.person_removed")
    assert entry.object_id == str(pk)
    assert entry.actor == alice
    assert "Grete" not in json.dumps(entry.before) + json.dumps(entry.after)


@pytest.mark.parametrize("version", [2, 0, None])
def test_person_remove_with_stale_version_is_refused(person, alice, version):
    with pytest.raises(CourseActionError):
        services.person_remove(person=person, actor=alice, expected_version=version)
    assert NetworkPerson.objects.filter(pk=person.pk).exists()
    assert not AuditEntry.objects.filter(action="network.person_removed").exists()
