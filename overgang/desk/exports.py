"""The phase plan (appendix 5) as files: an xlsx workbook and a printable PDF.

Both take the sections the page shows, `(programme, rows)`, and `today`, so the files say when
they were extracted and tests can pin the date. Formatting only: the rules live in the clock and
the selectors. Headings go through gettext, so the files follow the active language.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from overgang.courses.models import Course, EndReason
from overgang.courses.templatetags.cti import period_name, timeliness_text
from overgang.desk.selectors import DUE_WINDOW_DAYS, PhasePlanRow
from overgang.method.clock import Timeliness
from overgang.pdf import html_to_pdf, page_counter_css, pdf_fonts  # noqa: F401 - page_counter_css is part of the exports' API
from overgang.programmes.models import Programme

Section = tuple[Programme, Sequence[PhasePlanRow]]

DATE_FORMAT = "dd-mm-yyyy"
OVERDUE_COLOUR = "FFF4CCCC"  # light red: a planned transition has passed beyond the tolerance
DUE_SOON_COLOUR = "FFFFF2CC"  # light yellow: the next transition is due within DUE_WINDOW_DAYS
HEADER_COLOUR = "FFE7E6E6"
WARN_COLOUR = "FF9C0006"

# Excel: at most 31 characters, none of these, unique ignoring case, and "History" is reserved.
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLES_RESERVED = ("history",)


def end_reason_text(course: Course) -> str:
    """Appendix 5's reason for ending; 'other' carries its free text."""
    if not course.end_reason:
        return ""
    label = str(course.get_end_reason_display())  # type: ignore[attr-defined]
    if course.end_reason == EndReason.OTHER and course.end_reason_text:
        return f"{label}: {course.end_reason_text}"
    return label


def pauses_text(row: PhasePlanRow, *, separator: str = ", ") -> str:
    return separator.join(
        f"{p.start:%d-%m-%Y}–{p.resume:%d-%m-%Y}" if p.resume else f"{p.start:%d-%m-%Y}–…" for p in row.pauses
    )


@dataclass(frozen=True)
class Column:
    heading: Promise
    explanation: Promise
    width: float
    value: Callable[[PhasePlanRow], Any]
    is_date: bool = False
    wrap: bool = False
    # Marks a cell that needs attention (a transition early or late), in red text.
    warn: Callable[[PhasePlanRow], bool] | None = None


def _untimely(timeliness: Timeliness | None) -> bool:
    return timeliness is not None and not timeliness.is_timely


COLUMNS: tuple[Column, ...] = (
    Column(
        gettext_lazy("Citizen"),
        gettext_lazy("The citizen's name."),
        26,
        lambda r: r.course.citizen.full_name,
    ),
    Column(
        gettext_lazy("CTI worker"),
        gettext_lazy("The citizen's CTI worker now."),
        22,
        lambda r: str(r.course.worker),
    ),
    Column(
        gettext_lazy("Contact period start"),
        gettext_lazy("The day the contact period began."),
        14,
        lambda r: r.course.contact_start,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 1 planned"),
        gettext_lazy(
            "The latest start of phase 1: the contact period's start plus one phase length, "
            "moved by pauses in the contact period."
        ),
        13,
        lambda r: r.planned_phase_1,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 1 realised"),
        gettext_lazy("The day phase 1 began (the transition event)."),
        13,
        lambda r: r.course.phase_1_start,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 2 planned"),
        gettext_lazy("The start of phase 1 plus one phase length, moved by pauses."),
        13,
        lambda r: r.planned_phase_2,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 2 realised"),
        gettext_lazy("The day phase 2 began."),
        13,
        lambda r: r.course.phase_2_start,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 2 timeliness"),
        gettext_lazy("Whether phase 2 began on time, or how many days early or late."),
        15,
        lambda r: timeliness_text(r.timeliness_phase_2),
        warn=lambda r: _untimely(r.timeliness_phase_2),
    ),
    Column(
        gettext_lazy("Phase 3 planned"),
        gettext_lazy("The start of phase 1 plus two phase lengths, moved by pauses."),
        13,
        lambda r: r.planned_phase_3,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 3 realised"),
        gettext_lazy("The day phase 3 began."),
        13,
        lambda r: r.course.phase_3_start,
        is_date=True,
    ),
    Column(
        gettext_lazy("Phase 3 timeliness"),
        gettext_lazy("Whether phase 3 began on time, or how many days early or late."),
        15,
        lambda r: timeliness_text(r.timeliness_phase_3),
        warn=lambda r: _untimely(r.timeliness_phase_3),
    ),
    Column(
        gettext_lazy("End planned"),
        gettext_lazy("The start of phase 1 plus three phase lengths, moved by pauses."),
        13,
        lambda r: r.planned_end,
        is_date=True,
    ),
    Column(
        gettext_lazy("End realised"),
        gettext_lazy("The day the course ended."),
        13,
        lambda r: r.course.end_date,
        is_date=True,
    ),
    Column(
        gettext_lazy("Reason for ending"),
        gettext_lazy("Completed as planned after the full time, or why the course ended early."),
        24,
        lambda r: end_reason_text(r.course),
        wrap=True,
    ),
    Column(
        gettext_lazy("Current period"),
        gettext_lazy("The period the course is in on the day of extraction."),
        16,
        lambda r: period_name(r.schedule.period),
    ),
    Column(
        gettext_lazy("Days to next transition"),
        gettext_lazy(
            "Days from the day of extraction to the next planned transition (in the contact period: "
            "to the latest start of phase 1). Negative when the planned date has passed."
        ),
        14,
        lambda r: r.days_to_next,
    ),
    Column(
        gettext_lazy("Pauses"),
        gettext_lazy("When the CTI clock stood still, from and to; “…” while a pause is still open."),
        26,
        lambda r: pauses_text(r),
        wrap=True,
    ),
)


def live_note() -> str:
    return _(
        "The phase plan is live data: it shows the courses as registered at the time of extraction "
        "and changes as courses are updated."
    )


def legend_notes(sections: Sequence[Section]) -> list[str]:
    """What the marks in both files mean, after the note on live data."""
    notes = [
        live_note(),
        _(
            "A transition is on time when it is realised within the programme's tolerance of its "
            "planned date; otherwise it shows how many days early or late it was."
        ),
        _(
            "Overdue (red): a planned transition has passed by more than the tolerance and has not "
            "been registered."
        ),
        _("Due soon (yellow): the next transition is due within %(days)d days.") % {"days": DUE_WINDOW_DAYS},
    ]
    tolerances = ", ".join(
        ngettext("%(programme)s: %(days)d day", "%(programme)s: %(days)d days", programme.tolerance_days)
        % {"programme": programme.name, "days": programme.tolerance_days}
        for programme, _rows in sections
    )
    if tolerances:
        notes.insert(2, _("Tolerance per programme: %(tolerances)s.") % {"tolerances": tolerances})
    return notes


def extracted_text(today: dt.date) -> str:
    return _("Extracted %(date)s") % {"date": f"{today:%d-%m-%Y}"}


# xlsx --------------------------------------------------------------------------------------------


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet title for a name; `used` holds the casefolded titles so far."""
    base = SHEET_TITLE_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'").strip()
    base = base or _("Programme")
    title = base[:SHEET_TITLE_MAX].rstrip(" '")
    number = 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title = base[: SHEET_TITLE_MAX - len(suffix)].rstrip(" '") + suffix
        number += 1
    used.add(title.casefold())
    return title


class _XlsxStyles:
    """The workbook's few styles, each resolved once: hashing style objects per cell is slow."""

    def __init__(self) -> None:
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.header_fill = PatternFill("solid", fgColor=HEADER_COLOUR)
        self.header_alignment = Alignment(wrap_text=True, vertical="top")
        self.overdue_fill = PatternFill("solid", fgColor=OVERDUE_COLOUR)
        self.due_soon_fill = PatternFill("solid", fgColor=DUE_SOON_COLOUR)
        self.warn_font = Font(color=WARN_COLOUR)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self._resolved: dict[tuple[tuple[str, int], ...], StyleArray] = {}

    def cell(self, ws: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell:
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # a name beginning with "=" is text, never a formula
        else:
            cell = WriteOnlyCell(ws, value=value)
        if style:
            key = tuple(sorted((name, id(setting)) for name, setting in style.items()))
            resolved = self._resolved.get(key)
            if resolved is None:
                for name, setting in style.items():
                    setattr(cell, name, setting)
                self._resolved[key] = copy(cell._style)
            else:
                cell._style = copy(resolved)
        return cell


def _print_setup(ws: WriteOnlyWorksheet, *, left: str, right: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    page = _("Page %(page)s of %(pages)s") % {"page": "\x00P", "pages": "\x00N"}
    ws.oddHeader.left.text = left.replace("&", "&&")
    ws.oddHeader.right.text = right.replace("&", "&&")
    ws.oddFooter.right.text = page.replace("&", "&&").replace("\x00", "&")


def _write_programme_sheet(
    ws: WriteOnlyWorksheet, rows: Sequence[PhasePlanRow], *, styles: _XlsxStyles, extracted: str
) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "B2"
    last = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    _print_setup(ws, left=ws.title, right=extracted)
    ws.append(
        [
            styles.cell(
                ws,
                str(c.heading),
                font=styles.bold,
                fill=styles.header_fill,
                alignment=styles.header_alignment,
            )
            for c in COLUMNS
        ]
    )
    for row in rows:
        fill = styles.overdue_fill if row.overdue else styles.due_soon_fill if row.due_soon else None
        cells = []
        for column in COLUMNS:
            value = column.value(row)
            style: dict[str, Any] = {}
            if column.is_date:
                style["number_format"] = DATE_FORMAT
            if column.warn is not None and column.warn(row):
                style["font"] = styles.warn_font
            if column.wrap and value:
                style["alignment"] = styles.wrap
            if fill is not None:
                style["fill"] = fill
            cells.append(styles.cell(ws, value if value != "" else None, **style))
        ws.append(cells)


def _write_legend_sheet(
    ws: WriteOnlyWorksheet, sections: Sequence[Section], *, styles: _XlsxStyles, today: dt.date
) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws.append([styles.cell(ws, _("Phase plan"), font=styles.title)])
    ws.append([styles.cell(ws, extracted_text(today), font=styles.bold)])
    for note in legend_notes(sections):
        ws.append([None, styles.cell(ws, note, alignment=styles.wrap)])
    ws.append([])
    ws.append(
        [
            styles.cell(ws, _("Overdue transition"), fill=styles.overdue_fill),
            styles.cell(ws, _("The whole row is red.")),
        ]
    )
    ws.append(
        [
            styles.cell(ws, _("Due soon"), fill=styles.due_soon_fill),
            styles.cell(ws, _("The whole row is yellow.")),
        ]
    )
    ws.append([])
    ws.append(
        [
            styles.cell(ws, _("Column"), font=styles.bold, fill=styles.header_fill),
            styles.cell(ws, _("Explanation"), font=styles.bold, fill=styles.header_fill),
        ]
    )
    for column in COLUMNS:
        ws.append(
            [
                styles.cell(ws, str(column.heading)),
                styles.cell(ws, str(column.explanation), alignment=styles.wrap),
            ]
        )


def phase_plan_xlsx(sections: Sequence[Section], *, today: dt.date) -> bytes:
    """One sheet per programme, then a sheet explaining the columns and marks."""
    workbook = Workbook(write_only=True)
    styles = _XlsxStyles()
    legend_title = _("Legend")
    used = {title.casefold() for title in SHEET_TITLES_RESERVED}
    legend_title = sheet_title(legend_title, used)
    extracted = extracted_text(today)
    for programme, rows in sections:
        ws = workbook.create_sheet(sheet_title(programme.name, used))
        _write_programme_sheet(ws, rows, styles=styles, extracted=extracted)
    _write_legend_sheet(workbook.create_sheet(legend_title), sections, styles=styles, today=today)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# PDF ---------------------------------------------------------------------------------------------


def phase_plan_pdf_html(sections: Sequence[Section], *, today: dt.date) -> str:
    """The PDF's HTML, before WeasyPrint lays it out (tests read the text here)."""
    return render_to_string(
        "desk/phase_plan_pdf.html",
        {
            "sections": sections,
            "today": today,
            "live_note": live_note(),
            "notes": legend_notes(sections)[1:],
            **pdf_fonts(),
        },
    )


def phase_plan_pdf(sections: Sequence[Section], *, today: dt.date) -> bytes:
    """A4 landscape, a heading per programme, page numbers."""
    return html_to_pdf(phase_plan_pdf_html(sections, today=today))
