"""The pseudonymised extract for evaluators (e.g. the national research centre).

Citizens, courses, workers and programmes are replaced by pseudonyms: an HMAC-SHA256 of the row's
id under the export key. The same key gives the same pseudonyms in every extract, so an evaluator
can join this year's extract to last year's; another key gives pseudonyms that cannot be linked.
Nothing that names or directly identifies a person leaves: no name, CPR number, address, phone,
free text (journal, notes, comments, other reasons) or user name. COLUMNS.md documents every column;
it travels in the zip as README.md.

The rows are streamed from the database into the zip file a chunk at a time, so memory stays flat
however many courses there are.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from overgang.checklists.models import ChecklistAnswer
from overgang.compass.models import CompassRating
from overgang.courses.cpr import cpr_birth_date
from overgang.courses.models import Course, Pause
from overgang.method.clock import compute_schedule
from overgang.privacy.retention import ANONYMISED_CPR_PREFIX

SCHEMA_VERSION = 1
MIN_KEY_LENGTH = 32
CHUNK = 2000
COLUMNS_FILE = Path(__file__).with_name("COLUMNS.md")

COURSE_COLUMNS = [
    "course",
    "citizen",
    "municipality_code",
    "programme",
    "programme_template",
    "worker",
    "sex",
    "age_band",
    "legal_basis",
    "duration_months",
    "referral_date",
    "contact_start",
    "phase_1_start",
    "phase_2_start",
    "phase_3_start",
    "end_date",
    "end_reason",
    "restart_of",
    "pauses",
    "paused_days",
]
TRANSITION_COLUMNS = ["course", "to", "planned", "realised", "timeliness", "days_from_planned", "overdue"]
PAUSE_COLUMNS = ["course", "start", "resume", "reason"]
COMPASS_COLUMNS = ["course", "round", "held_on", "respondent", "dimension", "value", "rated_on"]
CHECKLIST_COLUMNS = [
    "course",
    "checklist",
    "checklist_version",
    "kind",
    "period",
    "item",
    "item_text",
    "answer",
    "answered_on",
]
AGE_BANDS = (
    (0, 17, "0-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
)


class ExportKeyError(ValueError):
    pass


def check_key(key: str) -> bytes:
    if len(key or "") < MIN_KEY_LENGTH:
        raise ExportKeyError(f"The export key must be at least {MIN_KEY_LENGTH} characters.")
    return key.encode()


def key_fingerprint(key: bytes) -> str:
    """Tells two extracts made with the same key apart from others, without revealing the key."""
    return hashlib.sha256(b"overgang-evaluation-fingerprint:" + key).hexdigest()[:12]


class Pseudonymiser:
    PREFIXES = {"citizen": "P", "course": "F", "worker": "M", "programme": "G"}

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[tuple[str, int], str] = {}

    def __call__(self, kind: str, pk: int | None) -> str:
        if pk is None:
            return ""
        cached = self._cache.get((kind, pk))
        if cached is None:
            digest = hmac.new(self._key, f"{kind}:{pk}".encode(), hashlib.sha256).digest()
            cached = self.PREFIXES[kind] + "-" + base64.b32encode(digest[:10]).decode().lower()
            if len(self._cache) < 500_000:
                self._cache[(kind, pk)] = cached
        return cached


def sex_from_cpr(cpr: str) -> str:
    """The CPR number's last digit: odd for men, even for women (as the civil register assigns it)."""
    if not cpr or cpr.startswith(ANONYMISED_CPR_PREFIX) or not cpr[-1:].isdigit():
        return ""
    return "M" if int(cpr[-1]) % 2 else "K"


def age_band(cpr: str, on: dt.date) -> str:
    if not cpr or cpr.startswith(ANONYMISED_CPR_PREFIX):
        return ""
    try:
        born = cpr_birth_date(cpr)
    except (ValueError, IndexError):
        return ""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "65+"


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@dataclass
class ExtractSummary:
    fingerprint: str
    rows: dict[str, int] = field(default_factory=dict)
    municipality_ids: set[int] = field(default_factory=set)

    @property
    def courses(self) -> int:
        return self.rows.get("courses.csv", 0)


def courses_for_extract(
    *,
    municipality_codes: Sequence[str] = (),
    templates: Sequence[str] = (),
    ended_after: dt.date | None = None,
) -> QuerySet[Course]:
    """The courses an extract holds (all of them by default); callers in a request must scope."""
    courses = Course.objects.all()
    if municipality_codes:
        courses = courses.filter(municipality__code__in=municipality_codes)
    if templates:
        courses = courses.filter(programme__template__code__in=templates)
    if ended_after is not None:
        courses = courses.filter(Q(end_date__isnull=True) | Q(end_date__gte=ended_after))
    return courses.order_by("pk")


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


class _Table:
    def __init__(
        self, archive: zipfile.ZipFile, name: str, columns: list[str], summary: ExtractSummary
    ) -> None:
        self._raw = archive.open(name, "w", force_zip64=True)
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="")
        self._writer = csv.writer(self._text)
        self._writer.writerow(columns)
        self._name = name
        self._summary = summary
        summary.rows[name] = 0

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        count = 0
        for row in rows:
            self._writer.writerow(row)
            count += 1
        self._summary.rows[self._name] += count

    def close(self) -> None:
        self._text.flush()
        self._text.detach()
        self._raw.close()


def write_extract(courses: QuerySet[Course], *, key: bytes, out: IO[bytes], today: dt.date) -> ExtractSummary:
    """Write the zip for `courses` to `out`: five CSV tables, README.md and manifest.json."""
    pseudonym = Pseudonymiser(key)
    summary = ExtractSummary(fingerprint=key_fingerprint(key))
    ids = list(courses.values_list("pk", flat=True))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # A zip entry must be closed before the next opens: one table at a time, each read from the
        # database chunk by chunk.
        writers = (
            ("courses.csv", COURSE_COLUMNS, lambda t: _write_courses(t, ids, pseudonym, summary, today)),
            ("transitions.csv", TRANSITION_COLUMNS, lambda t: _write_transitions(t, ids, pseudonym, today)),
            ("pauses.csv", PAUSE_COLUMNS, lambda t: _write_pauses(t, ids, pseudonym)),
            ("compass.csv", COMPASS_COLUMNS, lambda t: _write_compass(t, ids, pseudonym)),
            ("checklist_answers.csv", CHECKLIST_COLUMNS, lambda t: _write_checklists(t, ids, pseudonym)),
        )
        for name, columns, write in writers:
            table = _Table(archive, name, columns, summary)
            write(table)
            table.close()
        archive.writestr("README.md", COLUMNS_FILE.read_text(encoding="utf-8"))
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "made_on": today.isoformat(),
            "key_fingerprint": summary.fingerprint,
            "rows": summary.rows,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return summary


def _course_rows(chunk: Sequence[int]) -> QuerySet[Course]:
    return (
        Course._base_manager.filter(pk__in=chunk)
        .select_related("citizen", "municipality", "programme__template")
        .prefetch_related("pauses")
        .order_by("pk")
    )


def _write_courses(
    table: _Table, ids: Sequence[int], pseudonym: Pseudonymiser, summary: ExtractSummary, today: dt.date
) -> None:
    for chunk in _chunks(ids):
        rows = []
        for course in _course_rows(chunk):
            summary.municipality_ids.add(course.municipality_id)
            pauses = list(course.pauses.all())
            paused_days = sum(((p.resume or today) - p.start).days for p in pauses)
            rows.append(
                [
                    pseudonym("course", course.pk),
                    pseudonym("citizen", course.citizen_id),
                    course.municipality.code,
                    pseudonym("programme", course.programme_id),
                    course.programme.template.code if course.programme.template_id else "",
                    pseudonym("worker", course.worker_id),
                    sex_from_cpr(course.citizen.cpr),
                    age_band(course.citizen.cpr, course.referral_date),
                    course.legal_basis,
                    course.duration_months,
                    _iso(course.referral_date),
                    _iso(course.contact_start),
                    _iso(course.phase_1_start),
                    _iso(course.phase_2_start),
                    _iso(course.phase_3_start),
                    _iso(course.end_date),
                    course.end_reason,
                    pseudonym("course", course.restarted_from_id),
                    len(pauses),
                    paused_days,
                ]
            )
        table.write(rows)


def _write_transitions(table: _Table, ids: Sequence[int], pseudonym: Pseudonymiser, today: dt.date) -> None:
    for chunk in _chunks(ids):
        rows = []
        for course in _course_rows(chunk):
            schedule = compute_schedule(course.clock_dates(), today=today)
            for transition in schedule.transitions:
                rows.append(
                    [
                        pseudonym("course", course.pk),
                        transition.to.value,
                        _iso(transition.planned),
                        _iso(transition.realised),
                        transition.timeliness.status.value if transition.timeliness else "",
                        (transition.realised - transition.planned).days if transition.realised else "",
                        "yes" if transition.overdue else "no",
                    ]
                )
        table.write(rows)


def _write_pauses(table: _Table, ids: Sequence[int], pseudonym: Pseudonymiser) -> None:
    for chunk in _chunks(ids):
        pauses = Pause._base_manager.filter(course_id__in=chunk).order_by("course_id", "start", "pk")
        table.write(
            [pseudonym("course", p.course_id), _iso(p.start), _iso(p.resume), p.reason]
            for p in pauses.only("course_id", "start", "resume", "reason")
        )


def _write_compass(table: _Table, ids: Sequence[int], pseudonym: Pseudonymiser) -> None:
    for chunk in _chunks(ids):
        ratings = (
            CompassRating._base_manager.filter(round__course_id__in=chunk)
            .select_related("round")
            .order_by("round__course_id", "round__held_on", "pk")
        )
        table.write(
            [
                pseudonym("course", r.round.course_id),
                r.round.slot,
                _iso(r.round.held_on),
                r.respondent,
                r.dimension,
                r.value,
                _iso(r.rated_on),
            ]
            for r in ratings
        )


def _write_checklists(table: _Table, ids: Sequence[int], pseudonym: Pseudonymiser) -> None:
    for chunk in _chunks(ids):
        answers = (
            ChecklistAnswer._base_manager.filter(course_id__in=chunk)
            .select_related("item__checklist")
            .order_by("course_id", "item__checklist__code", "item__position", "pk")
        )
        table.write(
            [
                pseudonym("course", a.course_id),
                a.item.checklist.code,
                a.item.checklist.version,
                a.item.checklist.kind,
                a.item.checklist.period,
                a.item.position,
                (a.item.text or {}).get("da", "") if isinstance(a.item.text, dict) else str(a.item.text),
                a.answer,
                _iso(timezone.localdate(a.answered_at)),
            ]
            for a in answers
        )
