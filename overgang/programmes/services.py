"""Writes for programme templates and programmes."""

from __future__ import annotations

from django.db import transaction

from overgang.accounts.models import Municipality
from overgang.programmes.models import Programme, ProgrammeSettings, ProgrammeTemplate


@transaction.atomic
def programme_create(*, municipality: Municipality, template: ProgrammeTemplate, name: str) -> Programme:
    """A municipality's programme starts as a copy of its template's settings."""
    values = {field: getattr(template, field) for field in ProgrammeSettings.SETTING_FIELDS}
    programme = Programme(municipality=municipality, template=template, name=name, **values)
    programme.full_clean()
    programme.save()
    return programme
