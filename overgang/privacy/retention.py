"""Retention: citizens whose every course ended more than RETENTION_YEARS ago.

RETENTION_MODE decides what `manage.py apply_retention --execute` does to them:

- "preserve" (the default): nothing. A municipality may not delete case records without the archive
  authority's approval (arkivloven), so the system never does so unless told to.
- "anonymise": the citizen is kept for statistics without anything that identifies them or tells
  their story: names, CPR number, contact details, every free text (journal notes, plan texts,
  comments, letters, the safety plan), the network's personal data and photos are cleared; dates,
  periods, reasons for ending, timeliness, checklist answers and compass values stay.
- "delete": every record of the citizen is deleted.

A citizen with a PreservationMarker is never touched. Each citizen is handled in its own
transaction and gets one audit row without personal values. Running it again changes nothing more:
an anonymised citizen is no longer a candidate, a deleted one is gone.

Which records belong to a citizen comes from overgang/privacy/graph.py, so a new model is covered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Q

from overgang.audit.services import audit_record
from overgang.courses.models import Citizen, Course
from overgang.method.dates import add_months
from overgang.privacy.graph import citizen_data_models
from overgang.privacy.models import PreservationMarker

ANONYMISED_FIRST_NAME = "Anonymiseret"
ANONYMISED_LAST_NAME = "borger"
ANONYMISED_TEXT = "[anonymiseret]"
ANONYMISED_CPR_PREFIX = "A"  # never ten digits, so never taken for a CPR number; unique by the id

# Text fields that hold codes, not free text, and are kept for statistics.
KEPT_CODES = {
    "courses.course.legal_basis",
    "compass.compassrating.dimension",
    "plans.focusarea.dimension",
    "checklists.transitionrecord.to_period",
    "checklists.transitionrecord.timeliness",
    "desk.alertacknowledgement.alert_key",
    "fidelity.fidelityanswer.answer",
    "fidelity.fidelityanswer.suggested",
}
# JSON fields kept as they are (lists of codes); other JSON (plan snapshots, revisions) is emptied.
KEPT_JSON = {"plans.ctiplan.dimensions"}
# JSON lists of dicts whose free-text keys are cleared while the rest (the answers) stays.
JSON_FREE_TEXT_KEYS = {"checklists.transitionrecord.items": ("comment",)}


class Mode:
    PRESERVE = "preserve"
    ANONYMISE = "anonymise"
    DELETE = "delete"


@dataclass(frozen=True)
class Candidate:
    citizen_id: int
    course_ids: list[int]
    closed_on: dt.date
    preserved: bool

    @property
    def pseudonym(self) -> str:
        return f"citizen-{self.citizen_id}"


@dataclass
class Outcome:
    citizen_id: int
    action: str
    rows: dict[str, int] = field(default_factory=dict)


def retention_cutoff(*, today: dt.date, years: int) -> dt.date:
    """Courses that ended before this day ended more than `years` years ago."""
    return add_months(today, -12 * years)


def _is_anonymised() -> Q:
    return Q(
        first_name=ANONYMISED_FIRST_NAME,
        last_name=ANONYMISED_LAST_NAME,
        cpr__startswith=ANONYMISED_CPR_PREFIX,
    )


def retention_candidates(*, today: dt.date, years: int, citizen_id: int | None = None) -> list[Candidate]:
    """Citizens with no running course whose last course ended before the cutoff, not yet anonymised."""
    cutoff = retention_cutoff(today=today, years=years)
    citizens = Citizen.objects.all() if citizen_id is None else Citizen.objects.filter(pk=citizen_id)
    citizens = (
        citizens.annotate(last_end=Max("courses__end_date"))
        .filter(courses__isnull=False, last_end__lt=cutoff)
        .exclude(courses__end_date__isnull=True)
        .exclude(_is_anonymised())
        .distinct()
        .order_by("pk")
    )
    marked = set(PreservationMarker.objects.values_list("citizen_id", flat=True))
    courses: dict[int, list[int]] = {}
    for course_id, citizen_id in Course.objects.filter(citizen__in=citizens).values_list("pk", "citizen_id"):
        courses.setdefault(citizen_id, []).append(course_id)
    return [
        Candidate(
            citizen_id=citizen.pk,
            course_ids=sorted(courses.get(citizen.pk, [])),
            closed_on=citizen.last_end,  # type: ignore[attr-defined]
            preserved=citizen.pk in marked,
        )
        for citizen in citizens
    ]


def planned_action(candidate: Candidate, *, mode: str) -> str:
    if candidate.preserved:
        return "keep (marked for preservation)"
    if mode == Mode.PRESERVE:
        return "keep (RETENTION_MODE=preserve)"
    return "anonymise" if mode == Mode.ANONYMISE else "delete"


# --- Doing it --------------------------------------------------------------------------------------


def _rows(citizen_id: int) -> list[tuple[str, type[models.Model], list[int]]]:
    """Every record of the citizen: (label, model, ids), the citizen first."""
    found = []
    for holding in citizen_data_models():
        ids = list(holding.rows_of(citizen_id).values_list("pk", flat=True))
        found.append((holding.label, holding.model, ids))
    return found


def _anonymised_json(label: str, value: Any) -> Any:
    if label in KEPT_JSON:
        return value
    if label in JSON_FREE_TEXT_KEYS and isinstance(value, list):
        keys = JSON_FREE_TEXT_KEYS[label]
        return [
            {k: ("" if k in keys else v) for k, v in item.items()} if isinstance(item, dict) else item
            for item in value
        ]
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    return None


def _anonymise_rows(label: str, model: type[models.Model], ids: list[int]) -> None:
    queryset = model._base_manager.filter(pk__in=ids)
    if any(isinstance(f, models.BinaryField) for f in model._meta.concrete_fields):
        queryset.delete()  # a photo is nothing but personal data
        return
    for model_field in model._meta.concrete_fields:
        name = f"{label}.{model_field.name}"
        if model_field.primary_key or model_field.is_relation or name in KEPT_CODES or model_field.choices:
            continue
        if isinstance(model_field, models.JSONField):
            for pk, value in queryset.values_list("pk", model_field.attname):
                new = _anonymised_json(label + "." + model_field.name, value)
                if new != value:
                    model._base_manager.filter(pk=pk).update(**{model_field.attname: new})
        elif isinstance(model_field, models.EmailField):
            queryset.exclude(**{model_field.attname: ""}).update(**{model_field.attname: ""})
        elif isinstance(model_field, models.CharField | models.TextField):
            placeholder = ANONYMISED_TEXT if (model_field.max_length or 1000) >= len(ANONYMISED_TEXT) else ""
            queryset.exclude(**{model_field.attname: ""}).update(**{model_field.attname: placeholder})


def _anonymise(citizen: Citizen, rows: list[tuple[str, type[models.Model], list[int]]]) -> None:
    for label, model, ids in rows:
        if model is not Citizen:
            _anonymise_rows(label, model, ids)
    Citizen.objects.filter(pk=citizen.pk).update(
        first_name=ANONYMISED_FIRST_NAME,
        last_name=ANONYMISED_LAST_NAME,
        cpr=f"{ANONYMISED_CPR_PREFIX}{citizen.pk:09d}",
        address="",
        phone="",
        email="",
        confidential_address=False,
    )


def _delete(rows: list[tuple[str, type[models.Model], list[int]]]) -> None:
    holding_models = {model for _, model, _ in rows}
    # References among the citizen's own records (a restart, a plan carried over, the handover's
    # responsible person) would protect rows from deletion: cut them first.
    for _, model, ids in rows:
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.null and model_field.related_model in holding_models:
                model._base_manager.filter(pk__in=ids).update(**{model_field.attname: None})
    for _, model, ids in reversed(rows):  # the deepest records first, the citizen last
        model._base_manager.filter(pk__in=ids).delete()


def citizen_apply_retention(*, candidate: Candidate, mode: str, today: dt.date, years: int) -> Outcome | None:
    """Anonymise or delete one citizen in one transaction, if they are still due; None if not."""
    if mode not in (Mode.ANONYMISE, Mode.DELETE) or candidate.preserved:
        return None
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().filter(pk=candidate.citizen_id).first()
        # Checked again under the lock: a course restarted or a marker set since the listing wins.
        again = retention_candidates(today=today, years=years, citizen_id=candidate.citizen_id)
        if citizen is None or not again or again[0].preserved:
            return None
        rows = _rows(citizen.pk)
        counts = {label: len(ids) for label, _, ids in rows if ids}
        if mode == Mode.ANONYMISE:
            _anonymise(citizen, rows)
        else:
            _delete(rows)
        audit_record(
            actor=None,
            action=f"citizen.retention_{'anonymised' if mode == Mode.ANONYMISE else 'deleted'}",
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            after={
                "courses": candidate.course_ids,
                "closed_on": candidate.closed_on.isoformat(),
                "retention_years": years,
                "rows": counts,
            },
        )
    return Outcome(citizen_id=candidate.citizen_id, action=mode, rows=counts)
