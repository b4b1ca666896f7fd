"""Export the phase plan of one municipality, import it into an empty one: the same data.

The export leaves the CPR number out, so the CPR column is added as a team would (the sample
file is made the same way). The second municipality's workers have the same names: user names
are unique across the deployment, so the import finds them by full name."""

import datetime as dt
import io

from openpyxl import load_workbook

from conftest import _user
from overgang.courses import services
from overgang.courses.models import Course
from overgang.desk.exports import phase_plan_xlsx
from overgang.desk.selectors import phase_plan_sections_for
from overgang.imports.mapping import guess_mapping
from overgang.imports.models import BatchStatus, ImportBatch
from overgang.imports.parsing import parse_upload
from overgang.imports.sample_file import add_cpr_column
from overgang.imports.services import import_batch
from overgang.programmes.models import ProgrammeTemplate
from overgang.programmes.services import programme_create

D = dt.date


def _export(user, programme, today):
    sections = phase_plan_sections_for(user, programmes=[programme], today=today, include_ended=True)
    return phase_plan_xlsx(sections, today=today)


def _cells(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _facts(course):
    return (
        course.citizen.first_name,
        course.citizen.last_name,
        course.citizen.cpr,
        course.worker.get_full_name(),
        course.legal_basis,
        course.duration_months,
        course.contact_start,
        course.phase_1_start,
        course.phase_2_start,
        course.phase_3_start,
        course.end_date,
        course.end_reason,
        course.end_reason_text,
        [(p.start, p.resume) for p in course.pauses.all()],
    )


def test_an_exported_phase_plan_imports_into_an_empty_municipality_unchanged(
    alice, bob, carol, homelessness, make_course, other_municipality, today
):
    def course(worker, name, contact, *, phases=(), pause=None, end=None):
        c = make_course(worker, homelessness, contact=contact, first_name=name, last_name="Rundtur")
        for number, day in enumerate(phases, start=1):
            if number == 2 and pause:
                services.course_pause(course=c, start=pause[0], reason="hospital", actor=worker, today=today)
                services.course_resume(course=c, on=pause[1], actor=worker, today=today)
            c = services.course_start_phase(course=c, phase=number, on=day, actor=worker, today=today)
        if end:
            c = services.course_end(
                course=c, on=end[0], reason=end[1], reason_text=end[2], actor=worker, today=today
            )
        return c

    course(alice, "Ane", D(2026, 10, 1))
    course(bob, "Bo", D(2026, 7, 1), phases=[D(2026, 7, 20)])
    course(
        alice,
        "Cai",
        D(2026, 3, 2),
        phases=[D(2026, 3, 23), D(2026, 7, 1)],
        pause=(D(2026, 5, 4), D(2026, 6, 1)),
    )
    course(
        bob,
        "Dea",
        D(2025, 12, 1),
        phases=[D(2025, 12, 15), D(2026, 3, 16), D(2026, 6, 15)],
        end=(D(2026, 9, 15), "completed", ""),
    )
    course(
        alice, "Eli", D(2026, 4, 1), phases=[D(2026, 4, 20)], end=(D(2026, 7, 10), "other", "Moved abroad")
    )
    originals = {
        c.citizen.cpr: _facts(c) for c in Course.objects.filter(municipality=homelessness.municipality)
    }
    cpr_by_name = {f"{f[0]} {f[1]}": cpr for cpr, f in originals.items()}
    exported = _export(carol, homelessness, today)

    # The second municipality: the same programme template, workers with the same names.
    second = programme_create(
        municipality=other_municipality,
        template=ProgrammeTemplate.objects.get(code="homelessness"),
        name="CTI",
    )
    for person in (alice, bob):
        twin = _user(f"{person.username}-2", other_municipality, "worker")
        twin.first_name = person.first_name
        twin.save(update_fields=["first_name"])
        second.workers.add(twin)
    administrator = _user("admin-2", other_municipality, "administrator")

    parsed = parse_upload("faseplan.xlsx", add_cpr_column(exported, cpr_by_name.__getitem__))
    batch = ImportBatch.objects.create(
        municipality=other_municipality,
        created_by=administrator,
        programme=second,
        legal_basis=homelessness.legal_bases[0]["code"],
        filename="faseplan.xlsx",
        file_sha256="0" * 64,
        headers=parsed.headers,
        rows=[[n, cells] for n, cells in parsed.rows],
        mapping=guess_mapping(parsed.headers),
        status=BatchStatus.MAPPED,
    )
    batch = import_batch(batch=batch, actor=administrator, today=today)
    assert (batch.created, batch.unchanged) == (5, 0)

    imported = {c.citizen.cpr: _facts(c) for c in Course.objects.filter(municipality=other_municipality)}
    assert imported == originals
    # And the phase plan the second municipality now exports is the same, cell for cell: the
    # planned dates, timeliness and pauses follow from the imported facts.
    assert _cells(_export(administrator, second, today)) == _cells(exported)
