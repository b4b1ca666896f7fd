"""The import itself: all or nothing, once only, one audit row per created course."""

import datetime as dt

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses.models import Citizen, Course, Pause, WorkerAssignment
from overgang.imports import services
from overgang.imports.models import BatchStatus
from overgang.imports.services import ImportRefused, import_batch

pytestmark = pytest.mark.usefixtures("bob")  # Bob Testsen is the CTI worker of one of the rows


def rows(count):
    return [
        [
            f"Borger{i} Import",
            f"0101{80 + i // 1000:02d}{4000 + i % 1000:04d}",
            "alice",
            "01-10-2026",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        for i in range(count)
    ]


RICH = [
    [
        "Anna Andersen",
        "0101804000",
        "alice",
        "02-03-2026",
        "23-03-2026",
        "22-06-2026",
        "",
        "",
        "",
        "01-07-2026–03-08-2026",
    ],
    [
        "Bent Bentsen",
        "0101814007",
        "Bob Testsen",
        "10-11-2025",
        "01-12-2025",
        "02-03-2026",
        "01-06-2026",
        "01-09-2026",
        "Completed as planned",
        "",
    ],
    [
        "Carla Christensen",
        "0101824014",
        "alice",
        "03-08-2026",
        "24-08-2026",
        "",
        "",
        "05-10-2026",
        "Other: Moved abroad",
        "",
    ],
]


def test_it_creates_citizens_courses_assignments_and_pauses(alice, bob, homelessness, make_batch, today):
    batch = import_batch(batch=make_batch(alice, homelessness, RICH), actor=alice, today=today)
    assert (batch.status, batch.created, batch.unchanged, batch.rows) == (BatchStatus.DONE, 3, 0, [])
    anna = Course.objects.get(citizen__cpr="0101804000")
    assert (anna.worker, anna.referral_date, anna.phase_2_start, anna.end_date) == (
        alice,
        dt.date(2026, 3, 2),
        dt.date(2026, 6, 22),
        None,
    )
    assert anna.legal_basis == homelessness.legal_bases[0]["code"]
    assert [(p.start, p.resume) for p in anna.pauses.all()] == [(dt.date(2026, 7, 1), dt.date(2026, 8, 3))]
    bent = Course.objects.get(citizen__cpr="0101814007")
    assert (bent.worker, bent.end_reason, bent.phase_3_start) == (bob, "completed", dt.date(2026, 6, 1))
    carla = Course.objects.get(citizen__cpr="0101824014")
    assert (carla.end_reason, carla.end_reason_text) == ("other", "Moved abroad")
    assert WorkerAssignment.objects.get(course=carla).end == dt.date(2026, 10, 5)
    assert WorkerAssignment.objects.get(course=anna).end is None


def test_it_writes_one_audit_row_per_created_course_and_one_for_the_import(
    alice, homelessness, make_batch, today
):
    batch = import_batch(batch=make_batch(alice, homelessness, RICH), actor=alice, today=today)
    imported = AuditEntry.objects.filter(action="course.imported")
    assert sorted(e.citizen_id for e in imported) == sorted(Citizen.objects.values_list("pk", flat=True))
    assert all(e.actor == alice and e.after["import"] == batch.pk for e in imported)
    assert "cpr" not in str([e.after for e in imported]).lower()  # no CPR number in the audit values
    summary = AuditEntry.objects.get(action="import.completed")
    assert summary.after["created"] == 3 and summary.citizen_id is None


def test_importing_the_same_rows_again_creates_nothing(alice, homelessness, make_batch, today):
    import_batch(batch=make_batch(alice, homelessness, RICH), actor=alice, today=today)
    again = import_batch(batch=make_batch(alice, homelessness, RICH), actor=alice, today=today)
    assert (again.created, again.unchanged) == (0, 3)
    assert Course.objects.count() == 3 and Citizen.objects.count() == 3 and Pause.objects.count() == 1
    assert AuditEntry.objects.filter(action="course.imported").count() == 3


def test_a_row_changed_since_the_first_import_is_an_error_not_an_update(
    alice, homelessness, make_batch, today
):
    import_batch(batch=make_batch(alice, homelessness, RICH), actor=alice, today=today)
    changed = [list(r) for r in RICH]
    changed[0][5] = "23-06-2026"
    with pytest.raises(ImportRefused):
        import_batch(batch=make_batch(alice, homelessness, changed), actor=alice, today=today)
    assert Course.objects.get(citizen__cpr="0101804000").phase_2_start == dt.date(2026, 6, 22)


def test_any_row_with_an_error_refuses_the_whole_import(alice, homelessness, make_batch, today):
    bad = [*rows(5), ["No Worker", "0101904000", "zoe", "01-10-2026"] + [""] * 6]
    batch = make_batch(alice, homelessness, bad)
    with pytest.raises(ImportRefused, match="1 row has an error"):
        import_batch(batch=batch, actor=alice, today=today)
    assert Course.objects.count() == 0 and Citizen.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MAPPED and len(batch.rows) == 6


def test_a_failure_after_the_first_chunk_leaves_nothing_behind(
    alice, homelessness, make_batch, today, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK", 10)
    batch = make_batch(alice, homelessness, rows(35))
    seen = []

    def fail_at_row_20(done, total):
        seen.append(done)
        if done >= 20:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_batch(batch=batch, actor=alice, today=today, on_progress=fail_at_row_20)
    assert seen == [10, 20]  # two chunks had been written before the failure
    assert (Course.objects.count(), Citizen.objects.count(), WorkerAssignment.objects.count()) == (0, 0, 0)
    assert not AuditEntry.objects.filter(action="course.imported").exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MAPPED


def test_a_batch_imports_only_once(alice, homelessness, make_batch, today):
    batch = import_batch(batch=make_batch(alice, homelessness, rows(2)), actor=alice, today=today)
    with pytest.raises(ImportRefused):
        import_batch(batch=batch, actor=alice, today=today)
    assert Course.objects.count() == 2


def test_an_existing_citizen_gets_the_new_course_without_a_second_citizen_row(
    alice, homelessness, make_batch, today, make_course
):
    old = make_course(alice, homelessness, contact=dt.date(2026, 2, 1))
    from overgang.courses.services import course_end

    course_end(course=old, on=dt.date(2026, 3, 1), reason="moved", actor=alice, today=today)
    batch = make_batch(
        alice, homelessness, [["Test Borgersen", old.citizen.cpr, "alice", "01-10-2026"] + [""] * 6]
    )
    import_batch(batch=batch, actor=alice, today=today)
    assert Citizen.objects.count() == 1 and Course.objects.filter(citizen=old.citizen).count() == 2
    entry = AuditEntry.objects.get(action="course.imported")
    assert entry.after["citizen_created"] is False
