"""Writes to the network overview: validated, versioned, audited. Contact details are personal
data about third parties: the audit records which fields changed, never their values."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.models import Citizen
from overgang.courses.services import CourseActionError
from overgang.network import geometry
from overgang.network.models import (
    ConsentScope,
    MapConsent,
    MapLine,
    MapPlacement,
    MapRing,
    MapSector,
    NetworkMap,
    NetworkPerson,
    NetworkPhoto,
    NetworkRole,
)
from overgang.network.photos import Photo

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


def _store_photo(person: NetworkPerson, photo: Photo, actor: Any) -> None:
    NetworkPhoto.objects.update_or_create(
        person=person,
        defaults={
            "image": photo.data,
            "content_type": photo.content_type,
            "width": photo.width,
            "height": photo.height,
            "uploaded_by": actor,
        },
    )


def person_add(*, citizen: Citizen, actor: Any, photo: Photo | None = None, **values: Any) -> NetworkPerson:
    """`photo` is already checked and re-encoded (overgang.network.photos.reencode)."""
    cleaned = _clean(values)
    with transaction.atomic():
        person = NetworkPerson.objects.create(
            citizen=citizen, municipality_id=citizen.municipality_id, created_by=actor, **cleaned
        )
        fields = _changed(None, person)
        if photo is not None:
            _store_photo(person, photo, actor)
            fields.append("photo")
        audit_record(
            actor=actor,
            action="network.person_added",
            obj=person,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={"role": person.role, "fields": fields},
        )
    return person


def person_change(
    *,
    person: NetworkPerson,
    actor: Any,
    expected_version: int | None,
    photo: Photo | None = None,
    remove_photo: bool = False,
    **values: Any,
) -> NetworkPerson:
    """A new `photo` replaces the old one; `remove_photo` removes it (a new photo wins)."""
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
        if photo is not None:
            _store_photo(locked, photo, actor)
            changed.append("photo")
        elif remove_photo and NetworkPhoto.objects.filter(person=locked).delete()[0]:
            changed.append("photo")
        if not changed:
            return locked
        seen = locked.version
        locked.version += 1
        locked.save(update_fields=[*FIELDS, "version", "updated_at"])
        audit_record(
            actor=actor,
            action="network.person_changed",
            obj=locked,
            municipality_id=locked.municipality_id,
            citizen_id=locked.citizen_id,
            # Names and versions only: what a network person is called stays out of the log.
            before={"role": before.role, "fields": changed, "version": seen},
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


# --- The network map (appendix 8) -----------------------------------------------------------------


def _map_conflict() -> CourseActionError:
    return CourseActionError(
        _("Someone else changed the network map while you were working. Reload the page to see the change."),
        conflict=True,
    )


def _locked_map(*, citizen: Citizen, expected_version: int | None) -> NetworkMap:
    """The citizen's map, locked for the change; a map not drawn yet has version 0."""
    NetworkMap.objects.get_or_create(
        citizen=citizen, defaults={"municipality_id": citizen.municipality_id, "version": 0}
    )
    locked = NetworkMap.objects.select_for_update().get(citizen=citizen)
    if expected_version is None or locked.version != expected_version:
        raise _map_conflict()
    return locked


def _touch(network_map: NetworkMap, actor: Any) -> None:
    network_map.version += 1
    network_map.updated_by = actor
    network_map.save(update_fields=["version", "updated_by", "updated_at"])


def _own_person(citizen: Citizen, person: NetworkPerson | None) -> NetworkPerson:
    if person is None or person.citizen_id != citizen.pk:
        raise CourseActionError(_("Choose a person from the network overview."), field="person")
    return person


def map_place(
    *,
    citizen: Citizen,
    person: NetworkPerson | None,
    actor: Any,
    expected_version: int | None,
    x: float | None = None,
    y: float | None = None,
    sector: str | None = None,
    ring: int | None = None,
) -> MapPlacement:
    """Put a person on the map: at a point (dragged or moved with the arrow keys) or in a field and
    ring (chosen from lists; we find a free spot there)."""
    person = _own_person(citizen, person)
    if x is not None and y is not None:
        if not (math.isfinite(x) and math.isfinite(y)) or abs(x) > 2 or abs(y) > 2:
            raise CourseActionError(_("The position is not on the map."), field="position")
        x, y = geometry.clamp(x, y)
    elif sector is not None and ring is not None:
        if sector not in MapSector.values:
            raise CourseActionError(_("Choose a field from the list."), field="sector")
        if ring not in MapRing.values:
            raise CourseActionError(_("Choose a ring from the list."), field="ring")
    else:
        raise CourseActionError(_("Choose a field and a ring."), field="sector")
    with transaction.atomic():
        network_map = _locked_map(citizen=citizen, expected_version=expected_version)
        if x is None or y is None:
            assert sector is not None and ring is not None
            taken = [
                (p.x, p.y)
                for p in network_map.placements.exclude(person=person)
                if geometry.sector_of(p.x, p.y) == sector and geometry.ring_of(p.x, p.y) == ring
            ]
            x, y = geometry.spot(sector, ring, len(taken))
        placement, created = MapPlacement.objects.update_or_create(
            person=person, defaults={"network_map": network_map, "x": x, "y": y}
        )
        _touch(network_map, actor)
        audit_record(
            actor=actor,
            action="network.map_person_placed",
            obj=network_map,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={"person": person.pk, "new": created},
        )
    return placement


def map_unplace(
    *, citizen: Citizen, person: NetworkPerson | None, actor: Any, expected_version: int | None
) -> None:
    """Take a person off the map (they stay in the network overview); their lines go too."""
    person = _own_person(citizen, person)
    with transaction.atomic():
        network_map = _locked_map(citizen=citizen, expected_version=expected_version)
        MapPlacement.objects.filter(network_map=network_map, person=person).delete()
        network_map.lines.filter(Q(person_a=person) | Q(person_b=person)).delete()
        _touch(network_map, actor)
        audit_record(
            actor=actor,
            action="network.map_person_removed",
            obj=network_map,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            before={"person": person.pk},
        )


def map_line_add(
    *,
    citizen: Citizen,
    person_a: NetworkPerson | None,
    person_b: NetworkPerson | None,
    actor: Any,
    expected_version: int | None,
) -> MapLine:
    """A line between two people on the map who have something to do with each other."""
    first = _own_person(citizen, person_a)
    second = _own_person(citizen, person_b)
    if first.pk == second.pk:
        raise CourseActionError(_("Choose two different people."), field="person_b")
    first, second = sorted((first, second), key=lambda p: p.pk)
    with transaction.atomic():
        network_map = _locked_map(citizen=citizen, expected_version=expected_version)
        placed = set(network_map.placements.values_list("person_id", flat=True))
        if first.pk not in placed or second.pk not in placed:
            raise CourseActionError(
                _("Put both people on the map before you draw a line between them."), field="person_b"
            )
        if network_map.lines.filter(person_a=first, person_b=second).exists():
            raise CourseActionError(_("There is already a line between these two."), field="person_b")
        line = MapLine.objects.create(
            network_map=network_map, person_a=first, person_b=second, created_by=actor
        )
        _touch(network_map, actor)
        audit_record(
            actor=actor,
            action="network.map_line_added",
            obj=network_map,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={"people": [first.pk, second.pk]},
        )
    return line


def map_line_remove(
    *, citizen: Citizen, line: MapLine | None, actor: Any, expected_version: int | None
) -> None:
    with transaction.atomic():
        network_map = _locked_map(citizen=citizen, expected_version=expected_version)
        if line is None or line.network_map_id != network_map.pk:
            raise CourseActionError(_("The line is not on this map."))
        people = [line.person_a_id, line.person_b_id]
        line.delete()
        _touch(network_map, actor)
        audit_record(
            actor=actor,
            action="network.map_line_removed",
            obj=network_map,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            before={"people": people},
        )


# --- Consent to show the map to others ----------------------------------------------------------


def _consent_conflict(citizen: Citizen, expected_consent: int | None) -> None:
    """Consent rows are append-only; the form carries the id of the row in force it showed (0: none).

    The citizen's row is the lock: locking the latest consent would not stop a second writer, who
    waits on that row and then still reads it as the latest, missing the one just added."""
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
    latest = MapConsent.objects.filter(citizen=citizen).order_by("-pk").first()
    if expected_consent is None or (latest.pk if latest else 0) != expected_consent:
        raise CourseActionError(
            _("Someone else recorded a consent while you were working. Reload the page to see it."),
            conflict=True,
        )


def consent_record(
    *,
    citizen: Citizen,
    actor: Any,
    scope: str,
    given_on: dt.date | None,
    shared_with: list[NetworkPerson],
    note: str,
    expected_consent: int | None,
    today: dt.date,
) -> MapConsent:
    """Record what the citizen agreed to: who in Overgang may see the map, and which people in
    the network it may be shown to. The worker who works with the citizen always sees it."""
    if scope not in ConsentScope.values:
        raise CourseActionError(_("Choose who may see the map."), field="scope")
    if given_on is None:
        raise CourseActionError(_("Enter the date of the consent."), field="given_on")
    if given_on > today:
        raise CourseActionError(_("The date of the consent cannot be in the future."), field="given_on")
    note = (note or "").strip()
    if len(note) > 1000:
        raise CourseActionError(_("Write at most %(limit)s characters.") % {"limit": 1000}, field="note")
    if any(person.citizen_id != citizen.pk for person in shared_with):
        raise CourseActionError(_("Choose a person from the network overview."), field="shared_with")
    with transaction.atomic():
        _consent_conflict(citizen, expected_consent)
        consent = MapConsent.objects.create(
            citizen=citizen,
            municipality_id=citizen.municipality_id,
            scope=scope,
            given_on=given_on,
            note=note,
            recorded_by=actor,
        )
        consent.shared_with.set(shared_with)
        audit_record(
            actor=actor,
            action="network.map_consent_recorded",
            obj=consent,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={
                "scope": scope,
                "given_on": str(given_on),
                "shared_with": sorted(p.pk for p in shared_with),
                "note": bool(note),
            },
        )
    return consent


def consent_withdraw(
    *, citizen: Citizen, actor: Any, on: dt.date | None, expected_consent: int | None, today: dt.date
) -> MapConsent:
    """The citizen withdraws the consent: from now on only the CTI worker sees the map."""
    if on is None:
        raise CourseActionError(_("Enter the date the consent was withdrawn."), field="on")
    if on > today:
        raise CourseActionError(_("The date cannot be in the future."), field="on")
    with transaction.atomic():
        _consent_conflict(citizen, expected_consent)
        latest = MapConsent.objects.filter(citizen=citizen).order_by("-pk").first()
        if latest is None or latest.is_withdrawal:
            raise CourseActionError(_("There is no consent to withdraw."))
        consent = MapConsent.objects.create(
            citizen=citizen,
            municipality_id=citizen.municipality_id,
            scope=ConsentScope.WORKER,
            given_on=on,
            is_withdrawal=True,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="network.map_consent_withdrawn",
            obj=consent,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            before={"scope": latest.scope},
            after={"scope": consent.scope, "given_on": str(on)},
        )
    return consent
