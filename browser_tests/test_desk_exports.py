"""The coordinator downloads the phase plan as Excel and as PDF, and the files hold what she saw."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DOWNLOAD_TIMEOUT, danish, dmy, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDFTOTEXT = Path("/usr/bin/pdftotext")
OVERDUE_RED = "F4CCCC"  # the xlsx fills an overdue course's row light red


@pytest.fixture
def plan(
    alice: Any,
    bob: Any,
    carol: Any,
    homelessness: Any,
    job_programme: Any,
    make_course: Any,
    today: dt.date,
) -> dict[str, Any]:
    """Carol coordinates both programmes here, so the workbook has a sheet for each."""
    job_programme.coordinators.add(carol)
    days = dt.timedelta
    return {
        "anna": make_course(
            alice, homelessness, phase_1=today - days(10), first_name="Anna", last_name="Andersen"
        ),
        "otto": make_course(
            alice, homelessness, phase_1=today - days(120), first_name="Otto", last_name="Olsen"
        ),
        "bent": make_course(bob, homelessness, contact=today - days(5), first_name="Bent", last_name="Berg"),
        "jens": make_course(
            alice, job_programme, referral=today - days(3), first_name="Jens", last_name="Jobsen"
        ),
    }


def open_phase_plan(page: Any, user: Any) -> None:
    log_in(page, user)
    page.goto("/desk/phase-plan/")
    expect(page.get_by_test_id("phase-plan")).to_have_count(2)


def download(page: Any, test_id: str) -> tuple[Any, bytes]:
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        page.get_by_test_id(test_id).click()
    file = info.value
    assert file.failure() is None
    return file, Path(file.path()).read_bytes()


def rows_by_citizen(sheet: Any) -> dict[str, dict[str, Any]]:
    """The sheet's rows as {citizen: {heading: cell}}, the headings from the first row."""
    all_rows = list(sheet.iter_rows())
    headings = [cell.value for cell in all_rows[0]]
    return {row[0].value: dict(zip(headings, row, strict=True)) for row in all_rows[1:]}


def test_the_coordinator_downloads_the_phase_plan_as_excel(
    page: Any, carol: Any, bob: Any, plan: dict[str, Any], today: dt.date, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    open_phase_plan(page, carol)
    screenshot(page, "desk-exports-phase-plan")

    file, content = download(page, "export-xlsx")

    assert file.suggested_filename == f"faseplan-{today:%Y-%m-%d}.xlsx"
    path = tmp_path / file.suggested_filename
    path.write_bytes(content)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Hjemløshed", "Job", danish("Legend")]  # a sheet per programme

    homelessness = rows_by_citizen(workbook["Hjemløshed"])
    assert list(homelessness) == ["Otto Olsen", "Anna Andersen", "Bent Berg"]  # overdue first
    job = rows_by_citizen(workbook["Job"])
    assert list(job) == ["Jens Jobsen"]

    citizen, worker = danish("Citizen"), danish("CTI worker")
    contact_start, phase_1_realised = danish("Contact period start"), danish("Phase 1 realised")
    phase_2_planned = danish("Phase 2 planned")
    assert homelessness["Anna Andersen"][worker].value == "Alice Testsen"
    assert homelessness["Bent Berg"][worker].value == "Bob Testsen"
    assert workbook["Hjemløshed"]["A1"].value == citizen

    # Dates are real dates, shown day-month-year, not text.
    anna_phase_1 = homelessness["Anna Andersen"][phase_1_realised]
    assert isinstance(anna_phase_1.value, dt.datetime)
    assert anna_phase_1.value.date() == today - dt.timedelta(days=10)
    assert anna_phase_1.number_format == "dd-mm-yyyy"
    bent_contact = homelessness["Bent Berg"][contact_start]
    assert isinstance(bent_contact.value, dt.datetime)
    assert bent_contact.value.date() == today - dt.timedelta(days=5)
    assert homelessness["Bent Berg"][phase_1_realised].value is None  # not yet in phase 1
    otto_phase_2 = homelessness["Otto Olsen"][phase_2_planned]
    assert isinstance(otto_phase_2.value, dt.datetime)
    assert otto_phase_2.value.date() < today - dt.timedelta(days=7)  # beyond the tolerance

    # The overdue course is red across the row; the others are not.
    assert homelessness["Otto Olsen"][citizen].fill.fgColor.rgb.endswith(OVERDUE_RED)
    assert not str(homelessness["Anna Andersen"][citizen].fill.fgColor.rgb).endswith(OVERDUE_RED)

    # Filtered by worker, the file holds that worker's rows only.
    page.locator("#pp-worker").select_option(label="Bob Testsen")
    page.get_by_role("button", name=danish("Show"), exact=True).click()
    expect(page.get_by_test_id("phase-plan").locator("tbody tr")).to_have_count(1)
    _file, content = download(page, "export-xlsx")
    path = tmp_path / "bob.xlsx"
    path.write_bytes(content)
    workbook = load_workbook(path)
    assert list(rows_by_citizen(workbook["Hjemløshed"])) == ["Bent Berg"]
    assert list(rows_by_citizen(workbook["Job"])) == []


def pdf_text(path: Path) -> str | None:
    """The PDF's text with pypdf if importable, else with pdftotext if installed, else None."""
    if importlib.util.find_spec("pypdf") is not None:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if PDFTOTEXT.exists() and shutil.which(str(PDFTOTEXT)):
        result = subprocess.run(  # noqa: S603 – a fixed program on a file we wrote
            [str(PDFTOTEXT), "-layout", str(path), "-"], capture_output=True, check=True, text=True
        )
        return result.stdout
    return None


def test_the_coordinator_downloads_the_phase_plan_as_pdf(
    page: Any, carol: Any, plan: dict[str, Any], today: dt.date, tmp_path: Path
) -> None:
    open_phase_plan(page, carol)

    file, content = download(page, "export-pdf")

    assert file.suggested_filename == f"faseplan-{today:%Y-%m-%d}.pdf"
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    assert len(content) > 5_000  # laid out with fonts and tables, not an empty page
    path = tmp_path / file.suggested_filename
    path.write_bytes(content)

    text = pdf_text(path)
    if text is None:
        pytest.skip("PDF text not checked: neither pypdf is importable nor /usr/bin/pdftotext installed")
    # Lines joined; a heading hyphenated at a line end ("CTI-" / "medarbejder") joined back.
    flat = " ".join(text.split()).replace("- ", "-")
    for name in ("Anna Andersen", "Otto Olsen", "Bent Berg", "Jens Jobsen", "Hjemløshed", "Job"):
        assert name in flat
    for heading in ("Citizen", "CTI worker", "Phase 1", "Planned", "Realised", "Next transition"):
        assert danish(heading) in flat
    assert danish("Phase plan") in flat
    assert danish("Extracted %(date)s") % {"date": dmy(today)} in flat  # the day of extraction
    assert "Borger" in flat and "CTI-medarbejder" in flat  # Danish headings, not the catalogue's word
