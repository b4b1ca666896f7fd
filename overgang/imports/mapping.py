"""Which column of the file holds what: the fields an import reads, and a first guess from the
headings. The phase plan export's headings (desk/exports.py) are recognised in Danish and English
through the same message ids, plus a few words teams use in their own spreadsheets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise
    required: bool
    headings: tuple[Promise, ...]  # the export's headings (translated in both languages)
    synonyms: tuple[str, ...] = ()  # further names, already lower case


FIELDS: tuple[Field, ...] = (
    Field("name", _("Citizen"), True, (_("Citizen"),), ("name", "navn", "borgerens navn", "borger navn")),
    Field(
        "cpr", _("CPR number"), True, (_("CPR number"),), ("cpr", "cpr-nr", "cpr nr", "cprnr", "cpr-nummer")
    ),
    Field("worker", _("CTI worker"), True, (_("CTI worker"),), ("worker", "medarbejder", "cti-medarbejder")),
    Field("contact_start", _("Contact period start"), True, (_("Contact period start"),), ("kontaktstart",)),
    Field("phase_1", _("Phase 1 realised"), False, (_("Phase 1 realised"),), ("fase 1", "phase 1")),
    Field("phase_2", _("Phase 2 realised"), False, (_("Phase 2 realised"),), ("fase 2", "phase 2")),
    Field("phase_3", _("Phase 3 realised"), False, (_("Phase 3 realised"),), ("fase 3", "phase 3")),
    Field("end_date", _("End realised"), False, (_("End realised"),), ("slutdato", "afsluttet", "end date")),
    Field(
        "end_reason", _("Reason for ending"), False, (_("Reason for ending"),), ("afslutningsårsag", "årsag")
    ),
    Field("pauses", _("Pauses"), False, (_("Pauses"),), ("pause",)),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
REQUIRED_KEYS = tuple(f.key for f in FIELDS if f.required)


def normalise_heading(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(":*").strip().casefold()


def _names_for(field: Field) -> set[str]:
    names = set(field.synonyms)
    for language in ("en", "da"):
        with translation.override(language):
            names.update(normalise_heading(str(heading)) for heading in field.headings)
    return names


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Each field's column index, or None: an exact heading match first, each column used once."""
    normalised = [normalise_heading(h) for h in headers]
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    for field in FIELDS:
        names = _names_for(field)
        mapping[field.key] = next(
            (i for i, heading in enumerate(normalised) if heading in names and i not in used), None
        )
        if mapping[field.key] is not None:
            used.add(mapping[field.key])  # type: ignore[arg-type]
    return mapping
