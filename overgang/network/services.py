"""Writes to the network overview: validated, versioned, audited. Contact details are personal
data about third parties: the audit records which fields changed, never their values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.models import Citizen
from overgang.courses.services import CourseActionError
from overgang.network.models import NetworkPerson, NetworkRole

FIELDS = (
    "role",
    "role_text",
    "name",
    "direct_phone",
    "main_phone",
    "email",
    "address",
    "is_active",
    "can_help_with",
)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name in FIELDS:
        value = values.get(name)
        cleaned[name] = value.strip() if isinstance(value, str) else value
    cleaned["is_active"] = bool(cleaned["is_active"])
    if cleaned["role"] not in NetworkRole.values:
        raise CourseActionError(_("Choose the person's role from the list."), field="role")
    if not cleaned["name"]:
        raise CourseActionError(_("Enter the person's name."), field="name")
    if cleaned["role"] == NetworkRole.OTHER and not cleaned["role_text"]:
        raise CourseActionError(
            _("Say who the person is, for example neighbour or friend."), field="role_text"
        )
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            raise CourseActionError(_("Enter a valid e-mail address."), field="email") from None
    limits = {
        "role_text": 100,
        "name": 150,
        "direct_phone": 30,
        "main_phone": 30,
        "address": 200,
        "can_help_with": 2000,
    }
    for name, limit in limits.items():
        if len(cleaned[name] or "") > limit:
            raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": limit}, field=name)
    return {name: "" if value is None else value for name, value in cleaned.items()}


def _changed(before: NetworkPerson | None, after: NetworkPerson) -> list[str]:
    if before is None:
        return list(FIELDS)
    return [name for name in FIELDS if getattr(before, name) != getattr(after, name)]


def person_add(*, citizen: Citizen, actor: Any, **values: Any) -> NetworkPerson:
    cleaned = _clean(values)
    with transaction.atomic():
        person = NetworkPerson.objects.create(
            citizen=citizen, municipality_id=citizen.municipality_id, created_by=actor, **cleaned
        )
        audit_record(
            actor=actor,
            action="network.person_added",
            obj=person,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={"role": person.role, "fields": _changed(None, person)},
        )
    return person


def person_change(
    *, person: NetworkPerson, actor: Any, expected_version: int | None, **values: Any
) -> NetworkPerson:
    cleaned = _clean(values)
    with transaction.atomic():
        locked = NetworkPerson.objects.select_for_update().get(pk=person.pk)
        if expected_version is None or locked.version != expected_version:
            raise CourseActionError(
                _(
                    "Someone else changed this person while you were working. "
                    "Reload the page to see the change."
                ),
                conflict=True,
            )
        before = NetworkPerson(**{name: getattr(locked, name) for name in FIELDS})
        for name, value in cleaned.items():
            setattr(locked, name, value)
        changed = _changed(before, locked)
        if not changed:
            return locked
        locked.version += 1
        locked.save(update_fields=[*FIELDS, "version", "updated_at"])
        audit_record(
            actor=actor,
            action="network.person_changed",
            obj=locked,
            municipality_id=locked.municipality_id,
            citizen_id=locked.citizen_id,
            after={"role": locked.role, "fields": changed},
        )
    return locked


def person_remove(*, person: NetworkPerson, actor: Any, expected_version: int | None) -> None:
    with transaction.atomic():
        locked = NetworkPerson.objects.select_for_update().get(pk=person.pk)
        if expected_version is None or locked.version != expected_version:
            raise CourseActionError(
                _(
                    "Someone else changed this person while you were working. "
                    "Reload the page to see the change."
                ),
                conflict=True,
            )
        audit_record(
            actor=actor,
            action="network.person_removed",
            obj=locked,
            municipality_id=locked.municipality_id,
            citizen_id=locked.citizen_id,
            before={"role": locked.role},
        )
        locked.delete()
