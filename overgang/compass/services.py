"""Writes to the change compass: the ratings of a round, and a programme's instrument.

Ratings are personal: the audit records which round, who rated and which dimensions, never the
values or the notes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.compass.instruments import (
    HELP_MAX,
    KEY_PATTERN,
    LABEL_MAX,
    Dimension,
    Instrument,
    instrument_for_programme,
)
from overgang.compass.models import (
    SCALE_MAX,
    SCALE_MIN,
    CompassInstrument,
    CompassRating,
    CompassRound,
    Respondent,
)
from overgang.compass.selectors import open_slots
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError

NOTE_MAX = 1000


def _round_conflict() -> CourseActionError:
    return CourseActionError(
        _(
            "Someone else changed this compass round while you were working. Reload the page to see the change."  # noqa: E501
        ),
        conflict=True,
    )


def parse_rating(raw: Any, *, field: str) -> int | None:
    """A rating from 1 to 10, or None when left empty; anything else is refused."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if not text.isdigit() or not SCALE_MIN <= int(text) <= SCALE_MAX:
        raise CourseActionError(
            _("A rating is a whole number from %(min)d to %(max)d.") % {"min": SCALE_MIN, "max": SCALE_MAX},
            field=field,
        )
    return int(text)


def round_rate(
    *,
    course: Course,
    slot: str,
    respondent: str,
    values: Mapping[str, Any],
    notes: Mapping[str, str] | None = None,
    rated_on: dt.date,
    actor: Any,
    expected_version: int | None,
    today: dt.date | None = None,
) -> CompassRound:
    """Enter (or correct) one respondent's ratings in a round; the round is made by its first rating.

    `values` maps dimension keys to the raw input; empty means not rated. The respondent's earlier
    ratings in the round are replaced. `expected_version` is the round's version, 0 for a new round.
    """
    today = today or timezone.localdate()
    notes = notes or {}
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended; its change compass can no longer be changed."))
    if respondent not in Respondent.values:
        raise CourseActionError(_("Unknown respondent."), field="respondent")
    if slot not in open_slots(course, today=today):
        raise CourseActionError(_("This round is not open for ratings yet."), field="slot")
    instrument = instrument_for_programme(course.programme)
    active = {d.key for d in instrument.active}
    unknown = sorted(set(values) - active) or sorted(set(notes) - active)
    if unknown:
        raise CourseActionError(
            _("Unknown dimension: %(keys)s. Reload the page to see the compass as it is now.")
            % {"keys": ", ".join(unknown)},
            field=unknown[0],
        )
    ratings: dict[str, int] = {}
    for dimension in instrument.active:
        value = parse_rating(values.get(dimension.key), field=dimension.key)
        if value is not None:
            ratings[dimension.key] = value
    cleaned_notes = {key: str(text).strip() for key, text in notes.items() if str(text or "").strip()}
    for key, text in cleaned_notes.items():
        if key not in ratings:
            raise CourseActionError(_("Give a rating before writing a note about it."), field=key)
        if len(text) > NOTE_MAX:
            raise CourseActionError(
                _("Write at most %(limit)s characters.") % {"limit": NOTE_MAX}, field=f"note-{key}"
            )
    if not ratings:
        raise CourseActionError(_("Give at least one rating from 1 to 10."))
    if rated_on > today:
        raise CourseActionError(_("The date cannot be in the future."), field="rated_on")
    if rated_on < course.referral_date:
        raise CourseActionError(_("The date cannot be before the referral."), field="rated_on")

    try:
        with transaction.atomic():
            compass_round = CompassRound.objects.select_for_update().filter(course=course, slot=slot).first()
            if compass_round is None:
                if expected_version != 0:
                    raise _round_conflict()
                compass_round = CompassRound.objects.create(
                    course=course,
                    municipality_id=course.municipality_id,
                    slot=slot,
                    held_on=rated_on,
                    created_by=actor,
                )
                created = True
            else:
                if expected_version is None or compass_round.version != expected_version:
                    raise _round_conflict()
                created = False
            replaced = CompassRating.objects.filter(round=compass_round, respondent=respondent)
            earlier = set(replaced.values_list("dimension", flat=True))
            had_before = bool(earlier)
            replaced.delete()
            CompassRating.objects.bulk_create(
                CompassRating(
                    round=compass_round,
                    respondent=respondent,
                    dimension=key,
                    value=value,
                    note=cleaned_notes.get(key, ""),
                    rated_on=rated_on,
                    entered_by=actor,
                )
                for key, value in ratings.items()
            )
            if not created:
                compass_round.version += 1
                compass_round.held_on = min(compass_round.held_on, rated_on)
                compass_round.save(update_fields=["version", "held_on", "updated_at"])
            audit_record(
                actor=actor,
                action="compass.rated",
                obj=compass_round,
                municipality_id=course.municipality_id,
                citizen_id=course.citizen_id,
                # The dimensions rated, never the values or notes.
                before={"slot": slot, "respondent": respondent, "dimensions": sorted(earlier)}
                if had_before
                else None,
                after={
                    "slot": slot,
                    "respondent": respondent,
                    "dimensions": sorted(ratings),
                    "notes": sorted(cleaned_notes),
                    "corrected": had_before,
                },
            )
    except IntegrityError:
        # Two first ratings of the same round at once: the other one won.
        raise _round_conflict() from None
    return compass_round


# --- the instrument --------------------------------------------------------------------------


def _slug(text: str) -> str:
    replacements = {"æ": "ae", "ø": "oe", "å": "aa"}
    lowered = "".join(replacements.get(c, c) for c in text.lower())
    slug = re.sub(r"[^a-z0-9]+", "_", lowered).strip("_")[:40] or "dimension"
    return slug if slug[0].isalpha() else f"d_{slug}"[:40]


def _new_key(label: str, taken: set[str]) -> str:
    base = _slug(label)
    key, n = base, 2
    while key in taken:
        suffix = f"_{n}"
        key, n = base[: 40 - len(suffix)] + suffix, n + 1
    return key


def _pair(da: str, en: str) -> dict[str, str]:
    return {lang: text for lang, text in (("da", da.strip()), ("en", en.strip())) if text}


def instrument_change(
    *,
    programme: Any,
    actor: Any,
    expected_version: int | None,
    rows: list[dict[str, Any]],
) -> Instrument:
    """Save the programme's instrument from the editor's rows, in the order given.

    Each row: key ("" for a new dimension), label_da, label_en, help_da, help_en, retired. Every
    existing dimension must be among the rows: dimensions are retired, never removed, so the rounds
    rated with them keep their labels. `expected_version` is 0 while the template's file is used.
    """
    current = instrument_for_programme(programme)
    existing = {d.key: d for d in current.dimensions}
    seen: set[str] = set()
    dimensions: list[Dimension] = []
    for index, row in enumerate(rows):
        key = str(row.get("key") or "").strip()
        label_da = str(row.get("label_da") or "").strip()
        label_en = str(row.get("label_en") or "").strip()
        help_da = str(row.get("help_da") or "").strip()
        help_en = str(row.get("help_en") or "").strip()
        field = f"row-{index}"
        if not key and not (label_da or label_en):
            continue  # an empty "new dimension" row
        if key and (key not in existing or key in seen or not KEY_PATTERN.match(key)):
            raise CourseActionError(
                _("Unknown dimension: %(keys)s. Reload the page to see the compass as it is now.")
                % {"keys": key},
                field=field,
            )
        if not label_da or not label_en:
            raise CourseActionError(_("Give each dimension a Danish and an English label."), field=field)
        if max(len(label_da), len(label_en)) > LABEL_MAX or max(len(help_da), len(help_en)) > HELP_MAX:
            raise CourseActionError(
                _("Write at most %(limit)s characters.") % {"limit": LABEL_MAX}, field=field
            )
        if not key:
            key = _new_key(label_en, set(existing) | seen)
        seen.add(key)
        old = existing.get(key)
        label = {"da": label_da, "en": label_en}
        dimensions.append(
            Dimension(
                key=key,
                label=label,
                # The chart's short label stays only while the label it shortens is unchanged.
                short=old.short if old is not None and old.label == label else {},
                help=_pair(help_da, help_en),
                retired=bool(row.get("retired")),
            )
        )
    missing = set(existing) - seen
    if missing:
        raise CourseActionError(
            _("Dimensions cannot be deleted, only retired: %(keys)s is missing.")
            % {"keys": ", ".join(sorted(missing))}
        )
    if not any(not d.retired for d in dimensions):
        raise CourseActionError(_("Keep at least one dimension in use."))

    added = [d.key for d in dimensions if d.key not in existing]
    renamed = [d.key for d in dimensions if d.key in existing and existing[d.key].label != d.label]
    retired = [d.key for d in dimensions if d.retired and d.key in existing and not existing[d.key].retired]
    restored = [d.key for d in dimensions if not d.retired and d.key in existing and existing[d.key].retired]
    help_changed = [d.key for d in dimensions if d.key in existing and existing[d.key].help != d.help]
    reordered = [d.key for d in dimensions if d.key in existing] != [
        d.key for d in current.dimensions if d.key in seen
    ]
    if not (added or renamed or retired or restored or help_changed or reordered):
        return current

    data = [d.as_data() for d in dimensions]
    try:
        with transaction.atomic():
            stored = CompassInstrument.objects.select_for_update().filter(programme_id=programme.pk).first()
            if stored is None:
                if expected_version != 0:
                    raise _instrument_conflict()
                stored = CompassInstrument.objects.create(
                    programme=programme,
                    municipality_id=programme.municipality_id,
                    dimensions=data,
                    source=current.source,
                    updated_by=actor,
                )
            else:
                if expected_version is None or stored.version != expected_version:
                    raise _instrument_conflict()
                stored.dimensions = data
                stored.version += 1
                stored.updated_by = actor
                stored.save(update_fields=["dimensions", "version", "updated_by", "updated_at"])
            audit_record(
                actor=actor,
                action="compass.instrument_changed",
                obj=stored,
                municipality_id=programme.municipality_id,
                before={"version": current.version, "dimensions": [d.key for d in current.dimensions]},
                after={
                    "version": stored.version,
                    "added": added,
                    "renamed": renamed,
                    "retired": retired,
                    "restored": restored,
                    "help_changed": help_changed,
                    "reordered": reordered,
                },
            )
    except IntegrityError:
        raise _instrument_conflict() from None
    return instrument_for_programme(programme)


def _instrument_conflict() -> CourseActionError:
    return CourseActionError(
        _(
            "Someone else changed this change compass while you were working. Reload the page to see the change."  # noqa: E501
        ),
        conflict=True,
    )
