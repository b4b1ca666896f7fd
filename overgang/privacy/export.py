"""The citizen's data export (GDPR art. 15): everything Overgang holds about one citizen, as a zip
with one JSON file (schema: EXPORT_SCHEMA.md, versioned) and the network photos.

Which models are in it is decided by overgang/privacy/graph.py (every model reached from the
citizen), so nothing new is left out silently. What the exporting user may not see through the
app is withheld and the file says so: courses outside their access, a safety plan they may not
read, a confidential address, a network map outside the citizen's consent.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext as _

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.courses.access import (
    courses_visible_to,
    user_may_see_contact_details,
    user_may_see_safety_plan,
)
from overgang.courses.models import Citizen
from overgang.network.models import NetworkMap
from overgang.network.selectors import current_consent, map_visible_to
from overgang.privacy.graph import NOT_FOLLOWED, citizen_data_models
from overgang.safety.services import course_has_safety_plan

SCHEMA_NAME = "overgang.citizen-data-export"
SCHEMA_VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("EXPORT_SCHEMA.md")
EXPORT_ROLES = (Role.WORKER, Role.COORDINATOR, Role.ADMINISTRATOR)

CONTACT_FIELDS = {"courses.citizen": ("address", "phone", "email"), "network.networkperson": ("address",)}
MAP_MODELS = {"network.networkmap", "network.mapplacement", "network.mapline"}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    counts: dict[str, int]
    withheld: list[str]


def user_may_export(user: Any) -> bool:
    """Workers, coordinators and administrators export the citizens they may see (the caller has
    been through the door); managers and job consultants only read."""
    return getattr(user, "role", None) in EXPORT_ROLES


def _user_names(ids: set[int]) -> dict[int, str]:
    return {user.pk: user.get_full_name() or user.username for user in User.objects.filter(pk__in=ids)}


def _row(obj: models.Model, names: dict[int, str]) -> dict[str, Any]:
    values: dict[str, Any] = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or isinstance(field, models.BinaryField):
            continue
        if field.is_relation:
            value = getattr(obj, field.attname)
            values[field.attname] = value
            if field.related_model is User and value is not None:
                values[f"{field.name}_name"] = names.get(value, "")
            continue
        values[field.name] = field.value_from_object(obj)
        if field.choices and values[field.name] not in (None, ""):
            values[f"{field.name}_label"] = str(getattr(obj, f"get_{field.name}_display")())
    for m2m in obj._meta.many_to_many:
        ids = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
        values[f"{m2m.name}_ids"] = ids
        if m2m.related_model is User:
            values[f"{m2m.name}_names"] = [names.get(pk, "") for pk in ids]
    return values


def _user_ids(objects: list[models.Model]) -> set[int]:
    ids: set[int] = set()
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.related_model is User and getattr(obj, field.attname):
                ids.add(getattr(obj, field.attname))
        for m2m in obj._meta.many_to_many:
            if m2m.related_model is User:
                ids.update(getattr(obj, m2m.name).values_list("pk", flat=True))
    return ids


def citizen_export(*, citizen: Citizen, actor: Any, now: dt.datetime) -> ExportFile:
    """The zip for one citizen, as `actor` may see it; writes one audit row (citizen.data_exported)."""
    own_courses = list(citizen.courses.select_related("programme__template").order_by("referral_date", "pk"))
    visible = set(courses_visible_to(actor).filter(citizen=citizen).values_list("pk", flat=True))
    hidden_courses = {course.pk for course in own_courses} - visible
    no_safety_plan = hidden_courses | {
        course.pk
        for course in own_courses
        if course.pk in visible
        and course_has_safety_plan(course)
        and not user_may_see_safety_plan(actor, course)
    }
    contact_hidden = not user_may_see_contact_details(actor, citizen)
    latest_visible = next((course for course in reversed(own_courses) if course.pk in visible), None)
    map_hidden = latest_visible is None or not map_visible_to(actor, latest_visible, current_consent(citizen))

    withheld: list[dict[str, str]] = []
    if hidden_courses:
        withheld.append(
            {
                "what": "courses",
                "course_ids": sorted(hidden_courses),  # type: ignore[dict-item]
                "reason": _(
                    "Courses you do not have access to, and everything recorded on them. "
                    "An administrator can export them."
                ),
            }
        )
    if no_safety_plan - hidden_courses:
        withheld.append(
            {
                "what": "safety.safetyplan",
                "reason": _(
                    "The safety plan is only for the course's CTI worker and the programme's coordinators."
                ),
            }
        )
    if contact_hidden:
        withheld.append(
            {
                "what": "contact details",
                "reason": _(
                    "The address is confidential: address, phone, e-mail and the network's postal "
                    "addresses are only for the CTI worker and the programme's coordinators."
                ),
            }
        )
    if map_hidden and NetworkMap.objects.filter(citizen=citizen).exists():
        withheld.append(
            {
                "what": "network.networkmap",
                "reason": _("The citizen's consent does not cover you for the network map."),
            }
        )

    sections: list[dict[str, Any]] = []
    photos: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for holding in citizen_data_models():
        label = holding.label
        if label in MAP_MODELS and map_hidden:
            continue
        queryset = holding.rows_of(citizen.pk)
        without = no_safety_plan if holding.model._meta.app_label == "safety" else hidden_courses
        for lookup in holding.course_lookups():
            if without:
                queryset = queryset.exclude(**{f"{lookup}__in": without})
        objects = list(queryset.order_by("pk"))
        names = _user_names(_user_ids(objects))
        rows = []
        for obj in objects:
            row = _row(obj, names)
            if contact_hidden:
                for name in CONTACT_FIELDS.get(label, ()):
                    row[name] = None
            for field in obj._meta.concrete_fields:
                if isinstance(field, models.BinaryField):
                    path = f"files/{label}-{obj.pk}.jpg"
                    photos[path] = bytes(getattr(obj, field.attname))
                    row[f"{field.name}_file"] = path
            rows.append(row)
        counts[label] = len(rows)
        sections.append(
            {
                "model": label,
                "name": str(holding.model._meta.verbose_name_plural),
                "rows": rows,
            }
        )

    document = {
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now,
        "exported_by": {"id": actor.pk, "name": actor.get_full_name() or actor.username},
        "citizen_id": citizen.pk,
        "sections": sections,
        "withheld": withheld,
        "not_included": [
            {"model": label, "reason": str(reason)} for label, reason in sorted(NOT_FOLLOWED.items())
        ]
        + [
            {
                "model": "audit.auditentry",
                "reason": _(
                    "The audit log of who read and changed the data is kept apart and released on "
                    "request by the data protection officer."
                ),
            }
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "overgang-data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr("SCHEMA.md", SCHEMA_FILE.read_text(encoding="utf-8"))
        for path, data in photos.items():
            archive.writestr(path, data)
    withheld_what = [entry["what"] for entry in withheld]
    audit_record(
        actor=actor,
        action="citizen.data_exported",
        obj=citizen,
        citizen_id=citizen.pk,
        after={
            "schema_version": SCHEMA_VERSION,
            "rows": counts,
            "files": len(photos),
            "withheld": withheld_what,
        },
    )
    return ExportFile(
        filename=f"overgang-data-export-{citizen.pk}-{now.date().isoformat()}.zip",
        content=buffer.getvalue(),
        counts=counts,
        withheld=withheld_what,
    )
