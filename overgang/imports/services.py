"""Checking and importing the rows of a phase plan spreadsheet.

`check_rows` reads every row against the programme, the municipality's workers and what is
already registered, and says per row: new, unchanged (already imported with the same data) or
the errors, in plain language. Nothing is written. `import_batch` checks again inside one
transaction and writes only when no row has an error: all or nothing.

Why not through courses/services.py one transition at a time: those services register today's
events (they refuse dates more than a year away) and write one audit row per transition. An
import registers history. It writes the same rows with the same invariants, checked here and
enforced by the database's constraints, in bulk per chunk of 100 rows, with one audit row per
created course (action "course.imported") and one for the import itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overgang.accounts.models import Role, User
from overgang.audit.middleware import current_request_id
from overgang.audit.models import AuditEntry
from overgang.audit.services import audit_record
from overgang.courses.cpr import normalise_cpr, validate_cpr
from overgang.courses.models import Citizen, Course, EndReason, Pause, PauseReason, WorkerAssignment
from overgang.imports.mapping import FIELDS
from overgang.imports.models import BatchStatus, ImportBatch
from overgang.programmes.models import Programme

CHUNK = 100
DATE_RE = r"\d{4}-\d{2}-\d{2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}"
PAUSE_RE = re.compile(rf"^\s*({DATE_RE})\s*[–—-]\s*({DATE_RE}|…|\.\.\.)?\s*$")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
PHASES = ("phase_1", "phase_2", "phase_3")


class ImportRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CoursePlan:
    """What one row registers."""

    first_name: str
    last_name: str
    cpr: str
    worker_id: int
    contact_start: dt.date | None
    phase_1: dt.date | None
    phase_2: dt.date | None
    phase_3: dt.date | None
    end_date: dt.date | None
    end_reason: str
    end_reason_text: str
    pauses: tuple[tuple[dt.date, dt.date | None], ...]

    @property
    def referral(self) -> dt.date:
        # The file has no referral date: the course began, at the latest, when its contact period did.
        return self.contact_start or self.phase_1  # type: ignore[return-value]


@dataclass
class RowResult:
    number: int  # the row's number in the file (the heading row is 1)
    name: str
    status: str = "new"  # "new", "unchanged" or "error"
    errors: list[str] = field(default_factory=list)
    plan: CoursePlan | None = None


@dataclass(frozen=True)
class CheckSummary:
    rows: list[RowResult]

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if r.status == "new")

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.status == "unchanged")

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == "error")


def parse_date(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _end_reason_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "da"):
        with translation.override(language):
            for value, label in EndReason.choices:
                names[str(label).casefold()] = value
    for value in EndReason.values:
        names[value] = value
    return names


def parse_end_reason(text: str) -> tuple[str, str] | None:
    """("other", "free text") from "Andet: flyttet til udlandet"; None when not a known reason."""
    names = _end_reason_names()
    whole = text.strip().casefold()
    if whole in names:
        return names[whole], ""
    label, sep, rest = text.partition(":")
    if sep and names.get(label.strip().casefold()) == EndReason.OTHER:
        return EndReason.OTHER, rest.strip()
    return None


def split_name(full_name: str) -> tuple[str, str]:
    parts = full_name.split()
    if len(parts) < 2:
        return "", ""
    return " ".join(parts[:-1]), parts[-1]


def _cell(cells: list[str], mapping: dict[str, Any], key: str) -> str:
    index = mapping.get(key)
    if index is None or index >= len(cells):
        return ""
    return str(cells[index]).strip()


def _field_label(key: str) -> str:
    return str(next(f.label for f in FIELDS if f.key == key))


def _dmy(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


class _Context:
    """What the rows are checked against, read once (no query per row)."""

    def __init__(self, batch: ImportBatch, programme: Programme) -> None:
        workers = list(
            User.objects.filter(
                municipality_id=batch.municipality_id,
                role=Role.WORKER,
                is_active=True,
                programmes=programme,
            )
        )
        self.by_username = {w.username.casefold(): w.pk for w in workers}
        self.by_name: dict[str, list[int]] = {}
        for w in workers:
            full = w.get_full_name().casefold().strip()
            if full:
                self.by_name.setdefault(full, []).append(w.pk)
        cprs = {normalise_cpr(_cell(cells, batch.mapping, "cpr")) for _n, cells in batch.rows}
        cprs |= {c.zfill(10) for c in cprs if c.isdigit() and len(c) == 9}
        self.citizens = {
            c.cpr: c for c in Citizen.objects.filter(municipality_id=batch.municipality_id, cpr__in=cprs)
        }
        self.courses: dict[int, list[Course]] = {}
        for course in Course.objects.filter(citizen__in=self.citizens.values()).prefetch_related("pauses"):
            self.courses.setdefault(course.citizen_id, []).append(course)


def _same(course: Course, plan: CoursePlan) -> bool:
    pauses = tuple((p.start, p.resume) for p in sorted(course.pauses.all(), key=lambda p: p.start))
    return (
        course.worker_id == plan.worker_id
        and course.contact_start == plan.contact_start
        and course.phase_1_start == plan.phase_1
        and course.phase_2_start == plan.phase_2
        and course.phase_3_start == plan.phase_3
        and course.end_date == plan.end_date
        and course.end_reason == plan.end_reason
        and course.end_reason_text == plan.end_reason_text
        and pauses == plan.pauses
    )


def _check_row(
    number: int,
    cells: list[str],
    *,
    mapping: dict[str, Any],
    programme: Programme,
    ctx: _Context,
    today: dt.date,
) -> RowResult:
    name = _cell(cells, mapping, "name")
    result = RowResult(number=number, name=name)
    errors = result.errors

    first_name, last_name = split_name(name)
    if not name:
        errors.append(_("The citizen's name is missing."))
    elif not last_name:
        errors.append(_("Write the citizen's first and last name."))

    cpr = normalise_cpr(_cell(cells, mapping, "cpr"))
    if cpr.isdigit() and len(cpr) == 9:
        cpr = "0" + cpr  # typed as a number in Excel: the leading zero was lost
    if not cpr:
        errors.append(_("The CPR number is missing."))
    else:
        try:
            validate_cpr(cpr)
        except Exception as error:
            errors.append(
                _("Invalid CPR number: %(reason)s") % {"reason": " ".join(getattr(error, "messages", []))}
            )

    worker_text = _cell(cells, mapping, "worker")
    worker_id: int | None = None
    if not worker_text:
        errors.append(_("The CTI worker is missing."))
    else:
        worker_id = ctx.by_username.get(worker_text.casefold())
        if worker_id is None:
            matches = ctx.by_name.get(" ".join(worker_text.split()).casefold(), [])
            if len(matches) == 1:
                worker_id = matches[0]
            elif len(matches) > 1:
                errors.append(
                    _("Several CTI workers are called “%(worker)s”: write the user name instead.")
                    % {"worker": worker_text}
                )
            else:
                errors.append(
                    _(
                        "Unknown CTI worker “%(worker)s”: "
                        "no worker in the programme has that name or user name."
                    )
                    % {"worker": worker_text}
                )

    dates: dict[str, dt.date | None] = {}
    for key in ("contact_start", *PHASES, "end_date"):
        text = _cell(cells, mapping, key)
        dates[key] = parse_date(text) if text else None
        if text and dates[key] is None:
            errors.append(
                _("“%(value)s” in the column %(column)s is not a date. Write dates as dd-mm-yyyy.")
                % {"value": text, "column": _field_label(key)}
            )
        elif dates[key] is not None and dates[key] > today:  # type: ignore[operator]
            errors.append(
                _("%(column)s (%(date)s) lies in the future.")
                % {"column": _field_label(key), "date": _dmy(dates[key])}  # type: ignore[arg-type]
            )

    contact, end = dates["contact_start"], dates["end_date"]
    if (
        contact is None
        and dates["phase_1"] is None
        and not any(_cell(cells, mapping, k) for k in ("contact_start", "phase_1"))
    ):
        errors.append(_("The contact period start is missing."))
    if contact is not None and not programme.uses_contact_period:
        errors.append(_("The programme has no contact period: leave the contact period start empty."))
    order = [("contact_start", contact), *((k, dates[k]) for k in PHASES)]
    previous_key, previous = order[0]
    for key, day in order[1:]:
        if day is None:
            continue
        if key != "phase_1" and dates[PHASES[PHASES.index(key) - 1]] is None:
            errors.append(
                _("%(column)s has a date, but %(previous)s has none: phases cannot be skipped.")
                % {"column": _field_label(key), "previous": _field_label(PHASES[PHASES.index(key) - 1])}
            )
        elif previous is not None and (day < previous or (key != "phase_1" and day == previous)):
            errors.append(
                _(
                    "The dates are out of order: "
                    "%(column)s (%(date)s) is before %(previous)s (%(previous_date)s)."
                )
                % {
                    "column": _field_label(key),
                    "date": _dmy(day),
                    "previous": _field_label(previous_key),
                    "previous_date": _dmy(previous),
                }
            )
        previous_key, previous = key, day
    known = [(k, d) for k, d in order if d is not None]
    if end is not None and known and end < known[-1][1]:
        errors.append(
            _("The dates are out of order: %(column)s (%(date)s) is before %(previous)s (%(previous_date)s).")
            % {
                "column": _field_label("end_date"),
                "date": _dmy(end),
                "previous": _field_label(known[-1][0]),
                "previous_date": _dmy(known[-1][1]),
            }
        )

    reason_text = _cell(cells, mapping, "end_reason")
    end_reason, end_reason_free = "", ""
    if reason_text:
        parsed = parse_end_reason(reason_text)
        if parsed is None:
            errors.append(_("Unknown reason for ending “%(value)s”.") % {"value": reason_text})
        else:
            end_reason, end_reason_free = parsed
            if end_reason == EndReason.OTHER and not end_reason_free:
                errors.append(_("Describe the other reason for ending after “Other:”."))
            if end_reason == EndReason.COMPLETED and dates["phase_3"] is None:
                errors.append(_("A course is completed as planned only after phase 3."))
    if end is not None and not reason_text:
        errors.append(_("The course has an end date but no reason for ending."))
    if end is None and reason_text and not _cell(cells, mapping, "end_date"):
        errors.append(_("The course has a reason for ending but no end date."))

    pauses: list[tuple[dt.date, dt.date | None]] = []
    pauses_text = _cell(cells, mapping, "pauses")
    for part in filter(None, (p.strip() for p in pauses_text.split(","))) if pauses_text else ():
        match = PAUSE_RE.match(part)
        start = parse_date(match.group(1)) if match else None
        resume_text = match.group(2) if match else None
        resume = parse_date(resume_text) if resume_text and resume_text not in ("…", "...") else None
        if start is None or (resume_text and resume_text not in ("…", "...") and resume is None):
            errors.append(
                _("“%(value)s” is not a pause. Write pauses as dd-mm-yyyy–dd-mm-yyyy.") % {"value": part}
            )
            continue
        pauses.append((start, resume))
    pauses.sort(key=lambda p: p[0])
    begin = contact or dates["phase_1"]
    phase_days = [d for d in (dates["phase_1"], dates["phase_2"], dates["phase_3"]) if d is not None]
    for i, (start, resume) in enumerate(pauses):
        bad = (
            (begin is not None and start < begin)
            or (resume is not None and resume <= start)
            or (resume is None and (i < len(pauses) - 1 or end is not None))
            or (i > 0 and (pauses[i - 1][1] is None or start < pauses[i - 1][1]))  # type: ignore[operator]
            or any(start <= d and (resume is None or d < resume) for d in phase_days)
            or (end is not None and resume is not None and resume > end)
        )
        if bad:
            errors.append(
                _(
                    "The pause %(start)s–%(resume)s does not fit the course: pauses lie inside the course, "
                    "do not overlap and contain no phase start."
                )
                % {"start": _dmy(start), "resume": _dmy(resume) if resume else "…"}
            )
            break

    if errors or worker_id is None:
        result.status = "error"
        return result
    plan = CoursePlan(
        first_name=first_name,
        last_name=last_name,
        cpr=cpr,
        worker_id=worker_id,
        contact_start=contact,
        phase_1=dates["phase_1"],
        phase_2=dates["phase_2"],
        phase_3=dates["phase_3"],
        end_date=end,
        end_reason=end_reason,
        end_reason_text=end_reason_free,
        pauses=tuple(pauses),
    )
    result.plan = plan
    citizen = ctx.citizens.get(cpr)
    if citizen is not None:
        courses = ctx.courses.get(citizen.pk, [])
        same_start = [
            c
            for c in courses
            if c.programme_id == programme.pk and (c.contact_start or c.phase_1_start) == plan.referral
        ]
        if same_start:
            if _same(same_start[0], plan):
                result.status = "unchanged"
            else:
                result.status = "error"
                errors.append(
                    _(
                        "The course is already registered with other data. "
                        "Change it in Overgang, not by import."
                    )
                )
            return result
        if plan.end_date is None and any(c.end_date is None for c in courses):
            result.status = "error"
            errors.append(_("The citizen already has an active CTI course."))
    return result


def check_rows(batch: ImportBatch, *, today: dt.date) -> CheckSummary:
    """Every row's outcome; reads only (the preview, and again inside the import)."""
    programme = Programme.objects.get(pk=batch.programme_id or 0)
    ctx = _Context(batch, programme)
    results: list[RowResult] = []
    seen: dict[tuple[str, dt.date], int] = {}
    active: dict[str, int] = {}
    for number, cells in batch.rows:
        result = _check_row(number, cells, mapping=batch.mapping, programme=programme, ctx=ctx, today=today)
        plan = result.plan
        if plan is not None:
            key = (plan.cpr, plan.referral)
            if key in seen:
                result.status = "error"
                result.errors.append(
                    _("The same course is also in row %(row)d of the file.") % {"row": seen[key]}
                )
            elif plan.end_date is None and plan.cpr in active:
                result.status = "error"
                result.errors.append(
                    _("The citizen has another course that has not ended in row %(row)d of the file.")
                    % {"row": active[plan.cpr]}
                )
            seen.setdefault(key, number)
            if plan.end_date is None:
                active.setdefault(plan.cpr, number)
        results.append(result)
    return CheckSummary(rows=results)


def _chunks(items: list[RowResult], size: int) -> Iterable[list[RowResult]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _course_snapshot(course: Course) -> dict[str, Any]:
    return {
        "worker": course.worker_id,
        "legal_basis": course.legal_basis,
        "duration_months": course.duration_months,
        "referral_date": str(course.referral_date),
        **{
            name: str(getattr(course, name)) if getattr(course, name) else None
            for name in ("contact_start", "phase_1_start", "phase_2_start", "phase_3_start", "end_date")
        },
        "end_reason": course.end_reason,
        "end_reason_text": course.end_reason_text,
    }


def import_batch(
    *,
    batch: ImportBatch,
    actor: Any,
    today: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportBatch:
    """Import every row, or nothing: refuses (ImportRefused) if any row has an error now."""
    today = today if today is not None else timezone.localdate()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (BatchStatus.MAPPED, BatchStatus.RUNNING) or batch.programme_id is None:
            raise ImportRefused(_("This import has already run or its columns are not chosen."))
        programme = Programme.objects.get(pk=batch.programme_id)
        summary = check_rows(batch, today=today)
        if summary.errors:
            raise ImportRefused(
                ngettext(
                    "%(count)d row has an error: nothing was imported. Check the file again.",
                    "%(count)d rows have errors: nothing was imported. Check the file again.",
                    summary.errors,
                )
                % {"count": summary.errors}
            )
        new_rows = [r for r in summary.rows if r.status == "new"]
        citizens = dict(
            Citizen.objects.filter(
                municipality_id=batch.municipality_id, cpr__in={r.plan.cpr for r in new_rows if r.plan}
            ).values_list("cpr", "pk")
        )
        duration = programme.duration_for(batch.legal_basis)
        request_id = current_request_id.get()
        done = 0
        for chunk in _chunks(new_rows, CHUNK):
            plans = [r.plan for r in chunk if r.plan is not None]
            fresh = []
            for plan in plans:
                if plan.cpr not in citizens:
                    citizens[plan.cpr] = -1  # placeholder: created below, once
                    fresh.append(
                        Citizen(
                            municipality_id=batch.municipality_id,
                            first_name=plan.first_name,
                            last_name=plan.last_name,
                            cpr=plan.cpr,
                        )
                    )
            for citizen in Citizen.objects.bulk_create(fresh):
                citizens[citizen.cpr] = citizen.pk
            fresh_cprs = {c.cpr for c in fresh}
            made = [
                Course(
                    municipality_id=batch.municipality_id,
                    citizen_id=citizens[plan.cpr],
                    programme_id=programme.pk,
                    legal_basis=batch.legal_basis,
                    duration_months=duration,
                    worker_id=plan.worker_id,
                    referral_date=plan.referral,
                    contact_start=plan.contact_start,
                    phase_1_start=plan.phase_1,
                    phase_2_start=plan.phase_2,
                    phase_3_start=plan.phase_3,
                    end_date=plan.end_date,
                    end_reason=plan.end_reason,
                    end_reason_text=plan.end_reason_text,
                )
                for plan in plans
            ]
            for course, plan in zip(made, plans, strict=True):
                course.set_next_step(plan.pauses)  # bulk_create goes around save()
            courses = Course.objects.bulk_create(made)
            WorkerAssignment.objects.bulk_create(
                WorkerAssignment(
                    course_id=course.pk,
                    worker_id=course.worker_id,
                    start=course.referral_date,
                    end=course.end_date,
                    assigned_by=actor,
                )
                for course in courses
            )
            imported_reason = _("Imported from a spreadsheet")
            Pause.objects.bulk_create(
                Pause(
                    course_id=course.pk,
                    start=start,
                    resume=resume,
                    reason=PauseReason.OTHER,
                    reason_text=imported_reason,
                )
                for course, plan in zip(courses, plans, strict=True)
                for start, resume in plan.pauses
            )
            # One audit row per created course: the change to that citizen's data.
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    actor=actor,
                    action="course.imported",
                    object_type="courses.course",
                    object_id=str(course.pk),
                    municipality_id=batch.municipality_id,
                    citizen_id=course.citizen_id,
                    after={
                        **_course_snapshot(course),
                        "pauses": [[str(s), str(r) if r else None] for s, r in plan.pauses],
                        "citizen_created": plan.cpr in fresh_cprs,
                        "import": batch.pk,
                    },
                    request_id=request_id,
                )
                for course, plan in zip(courses, plans, strict=True)
            )
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, len(new_rows))
        batch.status = BatchStatus.DONE
        batch.total = len(summary.rows)
        batch.created = len(new_rows)
        batch.unchanged = summary.unchanged
        batch.rows = []  # the cells hold CPR numbers: not kept once imported
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "total", "created", "unchanged", "rows", "finished_at"])
        audit_record(
            actor=actor,
            action="import.completed",
            obj=batch,
            after={
                "programme": programme.pk,
                "rows": batch.total,
                "created": batch.created,
                "unchanged": batch.unchanged,
                "file_sha256": batch.file_sha256,
            },
        )
    return batch
