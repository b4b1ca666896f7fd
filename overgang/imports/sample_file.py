"""The sample file: the phase plan export (desk/exports.py) of synthetic courses, with the CPR
column the export leaves out and an import needs. `make_import_sample` writes it to
samples/faseplan-eksempel.xlsx; the round-trip test adds the CPR column the same way."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from copy import copy
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

SAMPLE_TODAY = dt.date(2026, 11, 1)


def add_cpr_column(content: bytes, cpr_for: Callable[[str], str]) -> bytes:
    """Insert a "CPR number" column after the citizen's name on every programme sheet (all but
    the last, the legend); `cpr_for(name)` gives each row's CPR number."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets[:-1]:
        sheet.insert_cols(2)
        sheet.cell(row=1, column=2, value=_("CPR number"))
        sheet.cell(row=1, column=2).font = copy(sheet.cell(row=1, column=1).font)
        sheet.cell(row=1, column=2).fill = copy(sheet.cell(row=1, column=1).fill)
        sheet.column_dimensions["B"].width = 14
        for row in range(2, sheet.max_row + 1):
            name = sheet.cell(row=row, column=1).value
            if name:
                sheet.cell(row=row, column=2, value=cpr_for(str(name))).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Rollback(Exception):
    pass


# (first, last, worker, contact, phase 1, phase 2, phase 3, end, reason, reason text, pause)
SAMPLE_COURSES: list[tuple[Any, ...]] = [
    ("Anna", "Andersen", "mette", "2026-09-15", None, None, None, None, "", "", None),
    ("Bent", "Bentsen", "mette", "2026-06-01", "2026-06-20", None, None, None, "", "", None),
    ("Carla", "Christensen", "jonas", "2026-03-02", "2026-03-23", "2026-06-22", None, None, "", "", None),
    ("Dennis", "Dahl", "jonas", "2025-12-01", "2025-12-15", "2026-03-16", "2026-06-15", None, "", "", None),
    (
        "Eva",
        "Eriksen",
        "mette",
        "2025-11-10",
        "2025-12-01",
        "2026-03-02",
        "2026-06-01",
        "2026-09-01",
        "completed",
        "",
        None,
    ),
    ("Finn", "Frandsen", "jonas", "2026-04-01", "2026-04-20", None, None, "2026-07-10", "moved", "", None),
    (
        "Gitte",
        "Gregersen",
        "mette",
        "2026-05-04",
        "2026-05-25",
        "2026-09-28",
        None,
        None,
        "",
        "",
        ("2026-07-01", "2026-08-03"),
    ),
    (
        "Hans",
        "Hansen",
        "jonas",
        "2026-08-03",
        "2026-08-24",
        None,
        None,
        "2026-10-05",
        "other",
        "Flyttet til udlandet",
        None,
    ),
]


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def build_sample(*, language: str = "da") -> bytes:
    """Register the sample courses through the real services, export them, roll everything back."""
    from overgang.accounts.models import Municipality, User
    from overgang.courses import services
    from overgang.desk.exports import phase_plan_xlsx
    from overgang.desk.selectors import phase_plan_sections_for
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    today = SAMPLE_TODAY
    result: dict[str, bytes] = {}
    cprs: dict[str, str] = {}
    try:
        with transaction.atomic():
            municipality = Municipality.objects.create(name="Eksempelkommune", code="X-SAMPLE")
            programme = programme_create(
                municipality=municipality,
                template=ProgrammeTemplate.objects.get(code="homelessness"),
                name="Hjemløshed",
            )
            coordinator = User.objects.create(
                username="sample-coordinator", municipality=municipality, role="coordinator"
            )
            programme.coordinators.add(coordinator)
            workers = {}
            for username, first, last in (("mette", "Mette", "Madsen"), ("jonas", "Jonas", "Jensen")):
                workers[username] = User.objects.create(
                    username=username,
                    first_name=first,
                    last_name=last,
                    municipality=municipality,
                    role="worker",
                    fte=Decimal("1.00"),
                )
                programme.workers.add(workers[username])
            for number, (first, last, worker_name, *dates, reason, text, pause) in enumerate(SAMPLE_COURSES):
                contact, (p1, p2, p3, end) = _day(dates[0]), (_d(d) for d in dates[1:])
                worker = workers[worker_name]
                cpr = f"0101{80 + number:02d}{4000 + number * 7:04d}"
                cprs[f"{first} {last}"] = cpr
                course = services.citizen_register_and_refer(
                    actor=worker,
                    citizen_data={"first_name": first, "last_name": last, "cpr": cpr},
                    programme=programme,
                    legal_basis=programme.legal_bases[0]["code"],
                    worker=worker,
                    referral_date=contact,
                    today=today,
                )
                course = services.course_start_contact_period(
                    course=course, on=contact, actor=worker, today=today
                )
                for phase, day in ((1, p1), (2, p2), (3, p3)):
                    if phase == 2 and pause:
                        services.course_pause(
                            course=course,
                            start=_day(pause[0]),
                            reason="imprisonment",
                            actor=worker,
                            today=today,
                        )
                        services.course_resume(course=course, on=_day(pause[1]), actor=worker, today=today)
                    if day:
                        course = services.course_start_phase(
                            course=course, phase=phase, on=day, actor=worker, today=today
                        )
                if end:
                    services.course_end(
                        course=course, on=end, reason=reason, reason_text=text, actor=worker, today=today
                    )
            with translation.override(language):
                sections = phase_plan_sections_for(
                    coordinator, programmes=[programme], today=today, include_ended=True
                )
                content = phase_plan_xlsx(sections, today=today)
                result["xlsx"] = add_cpr_column(content, lambda name: cprs[name])
            raise _Rollback
    except _Rollback:
        pass
    return result["xlsx"]
