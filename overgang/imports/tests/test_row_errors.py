"""Every kind of row error, with its message (English in tests; one in Danish from the catalogue)."""

import datetime as dt

import pytest
from django.utils import translation

from overgang.imports.services import check_rows

GOOD = ["Anna Andersen", "0101804000", "alice", "01-10-2026", "", "", "", "", "", ""]


def row(**changes):
    names = ["name", "cpr", "worker", "contact", "p1", "p2", "p3", "end", "reason", "pauses"]
    values = dict(zip(names, GOOD, strict=True))
    values.update(changes)
    return [values[n] for n in names]


@pytest.fixture
def check(alice, bob, homelessness, make_batch, today):
    def run(*rows):
        return check_rows(make_batch(alice, homelessness, list(rows)), today=today)

    return run


def errors_of(check, **changes):
    summary = check(row(**changes))
    assert summary.rows[0].status == "error"
    return summary.rows[0].errors


def test_a_good_row_is_new(check):
    summary = check(row())
    assert (summary.new, summary.unchanged, summary.errors) == (1, 0, 0)
    plan = summary.rows[0].plan
    assert (plan.first_name, plan.last_name, plan.contact_start) == ("Anna", "Andersen", dt.date(2026, 10, 1))


def test_a_worker_is_found_by_user_name_or_full_name(check, alice):
    assert check(row(worker="ALICE")).rows[0].plan.worker_id == alice.pk
    assert check(row(worker="Alice  Testsen")).rows[0].plan.worker_id == alice.pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "The citizen's name is missing."),
        ({"name": "Anna"}, "Write the citizen's first and last name."),
        ({"cpr": ""}, "The CPR number is missing."),
        ({"cpr": "12345"}, "Invalid CPR number: Enter a CPR number as ten digits, e.g. 010203-1234."),
        (
            {"cpr": "3213801234"},
            "Invalid CPR number: The first six digits of the CPR number are not a valid date.",
        ),
        ({"worker": ""}, "The CTI worker is missing."),
        (
            {"worker": "zoe"},
            "Unknown CTI worker “zoe”: no worker in the programme has that name or user name.",
        ),
        ({"contact": ""}, "The contact period start is missing."),
        (
            {"contact": "1. oktober"},
            "“1. oktober” in the column Contact period start is not a date. Write dates as dd-mm-yyyy.",
        ),
        ({"contact": "01-12-2026"}, "Contact period start (01-12-2026) lies in the future."),
        (
            {"p1": "01-09-2026"},
            "The dates are out of order: "
            "Phase 1 realised (01-09-2026) is before Contact period start (01-10-2026).",
        ),
        (
            {"p1": "05-10-2026", "p2": "05-10-2026"},
            "The dates are out of order: "
            "Phase 2 realised (05-10-2026) is before Phase 1 realised (05-10-2026).",
        ),
        (
            {"p2": "05-10-2026"},
            "Phase 2 realised has a date, but Phase 1 realised has none: phases cannot be skipped.",
        ),
        (
            {"p1": "05-10-2026", "end": "02-10-2026", "reason": "Died"},
            "The dates are out of order: End realised (02-10-2026) is before Phase 1 realised (05-10-2026).",
        ),
        ({"end": "05-10-2026", "reason": "Retired"}, "Unknown reason for ending “Retired”."),
        ({"end": "05-10-2026"}, "The course has an end date but no reason for ending."),
        ({"reason": "Died"}, "The course has a reason for ending but no end date."),
        ({"end": "05-10-2026", "reason": "Other"}, "Describe the other reason for ending after “Other:”."),
        (
            {"end": "05-10-2026", "reason": "Completed as planned"},
            "A course is completed as planned only after phase 3.",
        ),
        ({"pauses": "in October"}, "“in October” is not a pause. Write pauses as dd-mm-yyyy–dd-mm-yyyy."),
        (
            {"p1": "05-10-2026", "pauses": "03-10-2026–10-10-2026"},
            "The pause 03-10-2026–10-10-2026 does not fit the course: "
            "pauses lie inside the course, do not overlap and contain no phase start.",
        ),
    ],
)
def test_each_error_has_a_plain_message(check, changes, message):
    assert message in errors_of(check, **changes)


def test_several_workers_with_the_same_name_ask_for_the_user_name(check, homelessness, municipality):
    from conftest import _user

    namesake = _user("alice2", municipality, "worker")
    namesake.first_name = "Alice"
    namesake.save()
    homelessness.workers.add(namesake)
    assert "Several CTI workers are called “Alice Testsen”: write the user name instead." in errors_of(
        check, worker="Alice Testsen"
    )


def test_a_worker_outside_the_programme_is_unknown(check, erin):
    assert errors_of(check, worker="erin")[0].startswith("Unknown CTI worker “erin”")


def test_the_same_course_twice_in_the_file_is_an_error_on_the_second(check):
    summary = check(row(), row())
    assert summary.rows[0].status == "new"
    assert summary.rows[1].errors == ["The same course is also in row 2 of the file."]


def test_two_running_courses_for_one_citizen_in_the_file_are_refused(check):
    summary = check(row(), row(contact="05-10-2026"))
    assert summary.rows[1].errors == [
        "The citizen has another course that has not ended in row 2 of the file."
    ]


def test_an_ended_and_a_running_course_for_one_citizen_are_fine(check):
    summary = check(
        row(contact="01-02-2026", p1="01-03-2026", end="01-04-2026", reason="Moved to another municipality"),
        row(),
    )
    assert summary.errors == 0
    assert summary.rows[0].plan.end_reason == "moved"


def test_other_reasons_keep_their_text_in_either_language(check):
    plan = check(row(end="05-10-2026", reason="Andet: Flyttet til udlandet")).rows[0].plan
    assert (plan.end_reason, plan.end_reason_text) == ("other", "Flyttet til udlandet")


def test_a_citizen_with_a_running_course_in_overgang_cannot_get_another(
    check, make_course, alice, homelessness
):
    course = make_course(alice, homelessness, contact=dt.date(2026, 9, 1))
    assert errors_of(check, cpr=course.citizen.cpr) == ["The citizen already has an active CTI course."]


def test_the_cpr_error_reads_in_danish(check):
    with translation.override("da"):
        assert "Skriv CPR-nummeret med ti cifre, fx 010203-1234." in errors_of(check, cpr="12345")[0]
