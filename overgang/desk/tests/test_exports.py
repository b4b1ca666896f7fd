"""The phase plan as files: the xlsx workbook and the PDF, and who may download which rows."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zlib

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from overgang.audit.models import AuditEntry
from overgang.courses import services
from overgang.courses.models import Course
from overgang.desk.exports import (
    COLUMNS,
    page_counter_css,
    phase_plan_pdf,
    phase_plan_pdf_html,
    phase_plan_xlsx,
    sheet_title,
)
from overgang.desk.selectors import phase_plan_rows

try:
    import weasyprint  # noqa: F401  (loads Pango)

    WEASYPRINT_MISSING = ""
except (ImportError, OSError) as error:  # OSError: the Pango library is not installed
    WEASYPRINT_MISSING = f"WeasyPrint cannot load ({error}); install Pango to render PDFs"

needs_weasyprint = pytest.mark.skipif(bool(WEASYPRINT_MISSING), reason=WEASYPRINT_MISSING)

XLSX_URL = "/desk/phase-plan.xlsx"
PDF_URL = "/desk/phase-plan.pdf"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def our_courses(alice, bob, homelessness, job_programme, make_course, today):
    """Karen is overdue for phase 2; Lars started phase 2 fourteen days late; Mette is bob's; Jens is
    in the job programme. All but Mette are alice's."""
    karen = make_course(alice, homelessness, phase_1=d("2026-07-01"), first_name="Karen", last_name="Jensen")
    lars = make_course(alice, homelessness, phase_1=d("2026-05-01"), first_name="Lars", last_name="Nielsen")
    lars = services.course_start_phase(course=lars, phase=2, on=d("2026-08-15"), actor=alice, today=today)
    mette = make_course(bob, homelessness, phase_1=d("2026-10-01"), first_name="Mette", last_name="Hansen")
    jens = make_course(alice, job_programme, phase_1=d("2026-10-01"), first_name="Jens", last_name="Larsen")
    return {"karen": karen, "lars": lars, "mette": mette, "jens": jens}


def sections_for(*programmes, today):
    return [(p, phase_plan_rows(Course.objects.filter(programme=p), today=today)) for p in programmes]


def workbook_of(content: bytes):
    return load_workbook(io.BytesIO(content))


def rows_by_name(ws) -> dict[str, tuple]:
    """Each data row's cells, keyed by the citizen's name in column A."""
    return {row[0].value: row for row in ws.iter_rows(min_row=2)}


def names_in(content: bytes) -> set[str]:
    workbook = workbook_of(content)
    return {name for ws in workbook.worksheets[:-1] for name in rows_by_name(ws)}


def column(heading: str) -> int:
    """The index of a column by its English heading."""
    with translation.override("en"):
        return [str(c.heading) for c in COLUMNS].index(heading)


# --- xlsx -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_writes_a_sheet_per_programme_and_the_legend_last(our_courses, homelessness, job_programme, today):
    with translation.override("da"):
        content = phase_plan_xlsx(sections_for(homelessness, job_programme, today=today), today=today)
        legend = gettext("Legend")

    workbook = workbook_of(content)

    assert workbook.sheetnames == ["Hjemløshed", "Job", legend]
    assert legend == "Forklaring"
    assert set(rows_by_name(workbook["Hjemløshed"])) == {"Karen Jensen", "Lars Nielsen", "Mette Hansen"}
    assert set(rows_by_name(workbook["Job"])) == {"Jens Larsen"}


@pytest.mark.django_db
def test_the_header_is_danish_bold_frozen_and_filtered(our_courses, homelessness, today):
    with translation.override("da"):
        content = phase_plan_xlsx(sections_for(homelessness, today=today), today=today)
        expected = [str(c.heading) for c in COLUMNS]

    ws = workbook_of(content)["Hjemløshed"]
    header = [cell.value for cell in ws[1]]

    assert header == expected
    assert header[:2] == ["Borger", "CTI-medarbejder"]
    assert {"Fase 1 planlagt", "Fase 2 rettidighed", "Årsag til afslutning", "Pauser"} <= set(header)
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:Q4"
    assert ws.print_title_rows == "$1:$1"


@pytest.mark.django_db
def test_dates_are_real_dates_equal_to_the_courses(our_courses, homelessness, today):
    with translation.override("da"):
        content = phase_plan_xlsx(sections_for(homelessness, today=today), today=today)
    karen = our_courses["karen"]

    row = rows_by_name(workbook_of(content)["Hjemløshed"])["Karen Jensen"]
    realised = row[column("Phase 1 realised")]
    planned_2 = row[column("Phase 2 planned")]

    assert realised.is_date and realised.value.date() == karen.phase_1_start == d("2026-07-01")
    assert realised.number_format == "dd-mm-yyyy"
    # Nine months in three phases: phase 2 is planned three months after phase 1 began.
    assert planned_2.is_date and planned_2.value.date() == d("2026-10-01")
    assert row[column("Phase 3 planned")].value.date() == d("2027-01-01")
    assert row[column("End planned")].value.date() == d("2027-04-01")
    assert row[column("Phase 2 realised")].value is None


@pytest.mark.django_db
def test_overdue_rows_are_filled_and_the_others_are_not(our_courses, homelessness, today):
    content = phase_plan_xlsx(sections_for(homelessness, today=today), today=today)

    rows = rows_by_name(workbook_of(content)["Hjemløshed"])

    # Phase 2 was planned for 01-10-2026: on 22-11-2026 that is past the 7 days' tolerance.
    assert all(cell.fill.fgColor.rgb == "FFF4CCCC" for cell in rows["Karen Jensen"])
    assert rows["Karen Jensen"][column("Days to next transition")].value == -52
    assert all(cell.fill.fill_type is None for cell in rows["Mette Hansen"])


@pytest.mark.django_db
def test_timeliness_and_period_are_written_as_text(our_courses, homelessness, today):
    with translation.override("da"):
        content = phase_plan_xlsx(sections_for(homelessness, today=today), today=today)

    row = rows_by_name(workbook_of(content)["Hjemløshed"])["Lars Nielsen"]

    # Planned 01-08-2026, realised 15-08-2026: fourteen days, beyond the tolerance of seven.
    assert row[column("Phase 2 timeliness")].value == "14 dage for sent"
    assert row[column("Phase 2 timeliness")].font.color.rgb == "FF9C0006"
    assert row[column("Current period")].value == "Fase 2"


@pytest.mark.django_db
def test_the_legend_explains_the_columns_and_says_when_the_plan_was_extracted(
    our_courses, homelessness, today
):
    with translation.override("da"):
        content = phase_plan_xlsx(sections_for(homelessness, today=today), today=today)
        headings = [str(c.heading) for c in COLUMNS]

    legend = workbook_of(content).worksheets[-1]
    text = [cell.value for row in legend.iter_rows() for cell in row if cell.value]

    assert any("22-11-2026" in value for value in text)
    assert any("Hjemløshed" in value and "7" in value for value in text)  # the programme's tolerance
    assert "Overskredet faseskift" in text
    assert set(headings) <= set(text)


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_stays_text(alice, homelessness, make_course, today):
    make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Eve", last_name='=HYPERLINK("x")')

    content = phase_plan_xlsx(sections_for(homelessness, today=today), today=today)

    cell = workbook_of(content)["Hjemløshed"]["A2"]
    assert cell.value == 'Eve =HYPERLINK("x")'
    assert cell.data_type == "s"


@pytest.mark.django_db
def test_the_files_are_built_without_a_query_per_row(
    our_courses, homelessness, job_programme, today, django_assert_num_queries
):
    sections = sections_for(homelessness, job_programme, today=today)

    with django_assert_num_queries(0):
        phase_plan_xlsx(sections, today=today)
        phase_plan_pdf_html(sections, today=today)


def test_sheet_titles_are_valid_for_excel_and_unique():
    used = {"history"}

    titles = [
        sheet_title("Hjemløshed", used),
        sheet_title("HJEMLØSHED", used),
        sheet_title("Job/uddannelse: [forsøg]?", used),
        sheet_title("Et meget langt programnavn der ikke kan stå i en fane", used),
        sheet_title("Et meget langt programnavn der ikke kan stå i en fane", used),
        sheet_title("History", used),
        sheet_title("'", used),
    ]

    assert titles[:3] == ["Hjemløshed", "HJEMLØSHED (2)", "Job-uddannelse- -forsøg--"]
    assert titles[3] == "Et meget langt programnavn der"
    assert titles[4] == "Et meget langt programnavn (2)"
    assert titles[5] == "History (2)"
    assert all(len(t) <= 31 and not re.search(r"[\[\]:*?/\\]", t) for t in titles)
    assert len({t.casefold() for t in titles}) == len(titles)


@pytest.mark.django_db
def test_a_plan_without_programmes_is_just_the_legend(today):
    workbook = workbook_of(phase_plan_xlsx([], today=today))

    assert len(workbook.worksheets) == 1


# --- PDF --------------------------------------------------------------------------------------------


def media_boxes(pdf: bytes) -> list[tuple[float, ...]]:
    """Every /MediaBox, also those inside compressed object streams."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            chunks.append(zlib.decompressobj().decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return [
        tuple(float(n) for n in box.split())
        for chunk in chunks
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", chunk)
    ]


def pdf_text(pdf: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        pass
    else:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("No PDF text extraction here: neither pypdf nor pdftotext (poppler-utils) is installed")
    return subprocess.run(  # noqa: S603 (a fixed local tool on our own bytes)
        [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.django_db
def test_the_pdf_html_has_danish_headings_names_and_no_external_urls(our_courses, homelessness, today):
    with translation.override("da"):
        html = phase_plan_pdf_html(sections_for(homelessness, today=today), today=today)

    for text in ("Borger", "CTI-medarbejder", "Fase 1", "Planlagt", "Realiseret", "Afslutning", "Pauser"):
        assert f">{text}</th>" in html
    for name in ("Karen Jensen", "Lars Nielsen", "Mette Hansen"):
        assert name in html
    assert "14 dage for sent" in html
    assert "overskredet" in html
    assert "22-11-2026" in html
    assert "size: A4 landscape" in html
    assert "counter(page)" in html and "counter(pages)" in html
    assert not re.search(r"(?:https?:)?//(?!/)", html.replace("file:///", ""))


def test_the_page_counter_is_translatable_css():
    with translation.override("en"):
        assert page_counter_css() == '"Page " counter(page) " of " counter(pages)'


@needs_weasyprint
@pytest.mark.django_db
def test_the_pdf_is_a4_landscape(our_courses, homelessness, today):
    with translation.override("da"):
        pdf = phase_plan_pdf(sections_for(homelessness, today=today), today=today)

    assert pdf.startswith(b"%PDF")
    boxes = media_boxes(pdf)
    assert boxes
    for _x0, _y0, width, height in boxes:
        assert width > height
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (297, 210)


@needs_weasyprint
@pytest.mark.django_db
def test_the_pdf_fetches_nothing_from_the_network(our_courses, homelessness, today, monkeypatch):
    from weasyprint import URLFetcher

    fetched = []
    original = URLFetcher.fetch

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(URLFetcher, "fetch", spy)

    phase_plan_pdf(sections_for(homelessness, today=today), today=today)

    assert fetched, "the vendored fonts should be loaded"
    assert all(url.startswith("file://") for url in fetched)


@needs_weasyprint
@pytest.mark.django_db
def test_the_pdf_names_the_citizens_under_danish_headings(our_courses, homelessness, today):
    with translation.override("da"):
        pdf = phase_plan_pdf(sections_for(homelessness, today=today), today=today)

    text = pdf_text(pdf)

    for expected in ("Karen Jensen", "Lars Nielsen", "Mette Hansen", "Borger", "CTI-medarbejder", "Pauser"):
        assert expected in text


# --- the views: access, files and the audit log -----------------------------------------------------


@pytest.mark.usefixtures("frozen_today")
def test_a_worker_downloads_only_her_own_rows(our_courses, alice, client_for):
    response = client_for(alice).get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="faseplan-2026-11-22.xlsx"'
    assert names_in(response.content) == {"Karen Jensen", "Lars Nielsen", "Jens Larsen"}


@pytest.mark.usefixtures("frozen_today")
def test_a_coordinator_downloads_her_programme(our_courses, carol, client_for):
    response = client_for(carol).get(XLSX_URL)

    workbook = workbook_of(response.content)
    assert workbook.sheetnames[:-1] == ["Hjemløshed"]
    assert names_in(response.content) == {"Karen Jensen", "Lars Nielsen", "Mette Hansen"}


@pytest.mark.usefixtures("frozen_today")
def test_the_export_keeps_the_pages_filters(our_courses, carol, bob, client_for):
    response = client_for(carol).get(XLSX_URL, {"worker": bob.pk})

    assert names_in(response.content) == {"Mette Hansen"}


@pytest.mark.usefixtures("frozen_today")
def test_an_outsider_downloads_none_of_ours(our_courses, mallory, client_for):
    response = client_for(mallory).get(XLSX_URL)

    assert response.status_code == 200
    assert names_in(response.content) == set()
    assert AuditEntry.objects.get(action="phase_plan.exported_xlsx").after["courses"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", [XLSX_URL, PDF_URL])
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert not AuditEntry.objects.filter(action__startswith="phase_plan.").exists()


@pytest.mark.usefixtures("frozen_today")
def test_the_xlsx_export_is_written_to_the_audit_log(our_courses, carol, homelessness, client_for):
    client_for(carol).get(XLSX_URL)

    entry = AuditEntry.objects.get(action="phase_plan.exported_xlsx")
    assert entry.actor == carol
    assert entry.municipality_id == carol.municipality_id
    assert entry.after["programmes"] == [homelessness.pk]
    assert entry.after["courses"] == 3


@needs_weasyprint
@pytest.mark.usefixtures("frozen_today")
def test_the_pdf_export_is_a_pdf_and_is_written_to_the_audit_log(our_courses, alice, client_for):
    response = client_for(alice).get(PDF_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="faseplan-2026-11-22.pdf"'
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="phase_plan.exported_pdf")
    assert entry.actor == alice
    assert entry.after["courses"] == 3  # Karen, Lars and Jens: not bob's Mette


@needs_weasyprint
@pytest.mark.usefixtures("frozen_today")
def test_an_outsiders_pdf_has_none_of_our_rows(our_courses, mallory, client_for):
    response = client_for(mallory).get(PDF_URL)

    assert response.status_code == 200
    assert AuditEntry.objects.get(action="phase_plan.exported_pdf").after["courses"] == 0
