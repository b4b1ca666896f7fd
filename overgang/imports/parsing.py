"""Reading an uploaded xlsx or csv file into a header row and plain cell values.

Cells become JSON-ready values: text stays text, dates and datetimes become ISO dates
("2026-03-01"), whole numbers become their digits (a CPR number typed as a number loses its
leading zero; validation puts it back). Empty rows are skipped; each row keeps its row number in
the file, so errors can point at it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
XLSX_MAGIC = b"PK\x03\x04"


class ParseError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedFile:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return str(value)
    return str(value).strip()


def _finish(table: list[list[object]]) -> ParsedFile:
    if not table:
        raise ParseError(_("The file is empty."))
    headers = [cell_text(c) for c in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ParseError(_("The first row must hold the column headings."))
    width = len(headers)
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = [cell_text(c) for c in raw[:width]]
        cells += [""] * (width - len(cells))
        if any(cells):
            rows.append((number, cells))
    if not rows:
        raise ParseError(_("The file has headings but no rows."))
    if len(rows) > MAX_ROWS:
        raise ParseError(
            _("The file has more than %(max)d rows. Split it into smaller files.") % {"max": MAX_ROWS}
        )
    return ParsedFile(headers=headers, rows=rows)


def parse_xlsx(content: bytes) -> ParsedFile:
    """The first sheet of the workbook (the phase plan export puts each programme on its own sheet)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ParseError(_("The file could not be read as an Excel workbook (xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        table: list[list[object]] = []
        for values in sheet.iter_rows(values_only=True):
            table.append(list(values))
            if len(table) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return _finish(table)


def sniff_delimiter(header_line: str) -> str:
    """Danish Excel saves csv with semicolons, most other tools with commas: the header decides."""
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","


def parse_csv(content: bytes) -> ParsedFile:
    try:
        text = content.decode("utf-8-sig")  # with or without the byte order mark
    except UnicodeDecodeError:
        raise ParseError(_("The csv file is not UTF-8. Save it from Excel as “CSV UTF-8”.")) from None
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    table: list[list[object]] = []
    for values in reader:
        table.append(list(values))
        if len(table) > MAX_ROWS + 1:
            break
    return _finish(table)


def parse_upload(name: str, content: bytes) -> ParsedFile:
    if len(content) > MAX_FILE_BYTES:
        raise ParseError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    lowered = name.lower()
    if lowered.endswith(".xlsx") or content.startswith(XLSX_MAGIC):
        return parse_xlsx(content)
    if lowered.endswith((".csv", ".txt")):
        return parse_csv(content)
    raise ParseError(_("Upload an Excel workbook (.xlsx) or a csv file."))
