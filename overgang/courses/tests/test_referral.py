"""Registering a citizen and referring them to a programme: one active course per citizen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from overgang.courses import services
from overgang.courses.cpr import cpr_birth_date, validate_cpr
from overgang.courses.models import Citizen, Course, WorkerAssignment
from overgang.courses.services import CourseActionError


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def register(actor, programme, *, cpr="150585-4321", worker=None, today, **overrides):
    arguments = {
        "actor": actor,
        "citizen_data": {"first_name": "Nanna", "last_name": "Nielsen", "cpr": cpr},
        "programme": programme,
        "legal_basis": programme.legal_bases[0]["code"],
        "worker": worker or actor,
        "referral_date": today,
        "today": today,
    }
    arguments.update(overrides)
    return services.citizen_register_and_refer(**arguments)


# --- registering and referring --------------------------------------------------------------------


def test_it_registers_the_citizen_and_refers_her_to_the_programme(alice, homelessness, today):
    course = register(alice, homelessness, referral_date=d("2026-11-10"), today=today)

    course.refresh_from_db()
    assert course.citizen.full_name == "Nanna Nielsen"
    assert course.citizen.municipality == homelessness.municipality
    assert course.programme == homelessness
    assert course.legal_basis == "sel_85"
    assert course.duration_months == 9
    assert course.worker == alice
    assert course.referral_date == d("2026-11-10")
    assert course.contact_start is None
    assert course.phase_1_start is None
    assert course.is_active
    assert course.version == 1


def test_the_worker_is_the_citizens_first_assignment_from_the_referral_date(alice, homelessness, today):
    course = register(alice, homelessness, referral_date=d("2026-11-10"), today=today)

    assignment = WorkerAssignment.objects.get(course=course)
    assert (assignment.worker, assignment.start, assignment.end) == (alice, d("2026-11-10"), None)
    assert assignment.assigned_by == alice


def test_it_stores_the_cpr_number_without_the_dash(alice, homelessness, today):
    course = register(alice, homelessness, cpr="150585-4321", today=today)

    assert course.citizen.cpr == "1505854321"
    assert course.citizen.cpr_display == "150585-4321"


def test_a_coordinator_may_refer_a_citizen_to_a_worker_of_the_programme(carol, bob, homelessness, today):
    course = register(carol, homelessness, worker=bob, today=today)

    assert course.worker == bob


# --- one active course per citizen ----------------------------------------------------------------


def test_a_citizen_with_an_active_course_cannot_be_referred_again(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness)

    with pytest.raises(CourseActionError) as error:
        services.course_refer(
            actor=alice,
            citizen=course.citizen,
            programme=homelessness,
            legal_basis="sel_85",
            worker=alice,
            referral_date=today,
            today=today,
        )

    assert error.value.conflict
    assert error.value.field == "citizen"
    assert Course.objects.filter(citizen=course.citizen).count() == 1


def test_not_even_to_another_programme(alice, homelessness, job_programme, make_course, today):
    course = make_course(alice, homelessness)

    with pytest.raises(CourseActionError):
        services.course_refer(
            actor=alice,
            citizen=course.citizen,
            programme=job_programme,
            legal_basis="sel_85",
            worker=alice,
            referral_date=today,
            today=today,
        )

    assert Course.objects.filter(citizen=course.citizen).count() == 1


def test_the_database_refuses_a_second_active_course_for_the_same_citizen(
    alice, homelessness, make_course, today
):
    course = make_course(alice, homelessness)

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(
            municipality=course.municipality,
            citizen=course.citizen,
            programme=homelessness,
            legal_basis="sel_85",
            duration_months=9,
            worker=alice,
            referral_date=today,
        )


def test_the_database_allows_a_second_course_once_the_first_has_ended(
    alice, homelessness, make_course, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_end(course=course, on=d("2026-09-01"), reason="moved", actor=alice, today=today)

    again = services.course_refer(
        actor=alice,
        citizen=course.citizen,
        programme=homelessness,
        legal_basis="sel_85",
        worker=alice,
        referral_date=today,
        today=today,
    )

    assert again.citizen == course.citizen
    assert again.restarted_from is None
    assert Course.objects.filter(citizen=course.citizen, end_date__isnull=True).get() == again


# --- the CPR number -------------------------------------------------------------------------------


@pytest.mark.parametrize("cpr", ["150585-4321", "1505854321", "290296-1234", "290200-4234"])
def test_well_formed_cpr_numbers_with_a_real_birth_date_are_valid(cpr):
    validate_cpr(cpr)


def test_the_seventh_digit_decides_the_century():
    # 7th digit 0-3: 1900s; 4 or 9: 2000 up to year 36; 5-8: 2000 up to year 57, else 1800s.
    assert cpr_birth_date("150585-1234") == d("1985-05-15")
    assert cpr_birth_date("150505-4234") == d("2005-05-15")
    assert cpr_birth_date("150585-4234") == d("1985-05-15")
    assert cpr_birth_date("150505-5234") == d("2005-05-15")
    assert cpr_birth_date("150585-5234") == d("1885-05-15")


@pytest.mark.parametrize(
    "cpr",
    [
        "12345",  # too short
        "150585-123",  # nine digits
        "15058512345",  # eleven digits
        "1505851-234",  # dash in the wrong place
        "abcdef-ghij",
        "",
    ],
)
def test_a_cpr_number_that_is_not_ten_digits_is_refused(cpr):
    with pytest.raises(ValidationError) as error:
        validate_cpr(cpr)
    assert error.value.code == "cpr_format"


@pytest.mark.parametrize(
    "cpr",
    [
        "310285-1234",  # 31 February
        "300285-1234",  # 30 February
        "290285-1234",  # 29 February 1985, not a leap year
        "290200-1234",  # 29 February 1900 (7th digit 1): 1900 was not a leap year
        "000185-1234",  # day 0
        "151385-1234",  # month 13
        "310485-1234",  # 31 April
    ],
)
def test_a_cpr_number_whose_first_six_digits_are_not_a_date_is_refused(cpr):
    with pytest.raises(ValidationError) as error:
        validate_cpr(cpr)
    assert error.value.code == "cpr_date"


@pytest.mark.parametrize("cpr", ["310285-1234", "12345", "150585-123"])
def test_registering_with_a_bad_cpr_number_saves_nothing(alice, homelessness, today, cpr):
    with pytest.raises(CourseActionError) as error:
        register(alice, homelessness, cpr=cpr, today=today)

    assert error.value.field == "cpr"
    assert not Citizen.objects.exists()
    assert not Course.objects.exists()


def test_a_cpr_number_that_fails_modulus_11_is_accepted(alice, homelessness, today):
    # Modulus 11 was dropped in 2007: 150585-4320 fails it, and is still a valid number.
    from overgang.courses.cpr import cpr_passes_modulus_11

    assert not cpr_passes_modulus_11("1505854320")

    course = register(alice, homelessness, cpr="150585-4320", today=today)

    assert course.citizen.cpr == "1505854320"


# --- duplicate CPR numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["150585-4321", "1505854321", "150585 4321"])
def test_a_cpr_number_already_registered_in_the_municipality_is_refused(
    alice, bob, homelessness, today, second
):
    register(alice, homelessness, cpr="150585-4321", today=today)

    with pytest.raises(CourseActionError) as error:
        register(bob, homelessness, cpr=second, today=today)

    assert error.value.field == "cpr"
    assert error.value.conflict
    assert Citizen.objects.count() == 1
    assert Course.objects.count() == 1


def test_the_database_refuses_a_duplicate_cpr_number_in_the_municipality(alice, homelessness, today):
    course = register(alice, homelessness, cpr="150585-4321", today=today)

    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.create(
            municipality=course.municipality, first_name="Anden", last_name="Person", cpr="1505854321"
        )


def test_another_municipality_may_register_the_same_cpr_number(alice, mallory, homelessness, today):
    register(alice, homelessness, cpr="150585-4321", today=today)
    programme = mallory.programmes.get()

    course = register(mallory, programme, cpr="150585-4321", today=today)

    assert course.municipality == mallory.municipality
    assert Citizen.objects.filter(cpr="1505854321").count() == 2


# --- what a referral needs ------------------------------------------------------------------------


def test_a_referral_needs_one_of_the_programmes_legal_bases(alice, homelessness, today):
    with pytest.raises(CourseActionError) as error:
        register(alice, homelessness, legal_basis="sel_82b", today=today)

    assert error.value.field == "legal_basis"
    assert not Citizen.objects.exists()


def test_a_referral_needs_a_worker_of_the_programme(carol, dave, homelessness, today):
    with pytest.raises(CourseActionError) as error:
        register(carol, homelessness, worker=dave, today=today)

    assert error.value.field == "worker"
    assert not Citizen.objects.exists()


def test_a_referral_to_another_municipalitys_programme_is_refused(alice, mallory, today):
    programme = mallory.programmes.get()

    with pytest.raises(CourseActionError) as error:
        register(alice, programme, worker=mallory, today=today)

    assert error.value.field == "programme"
    assert not Citizen.objects.exists()


def test_a_closed_programme_takes_no_new_courses(alice, homelessness, today):
    homelessness.is_active = False
    homelessness.save(update_fields=["is_active"])

    with pytest.raises(CourseActionError) as error:
        register(alice, homelessness, today=today)

    assert error.value.field == "programme"
    assert not Citizen.objects.exists()


def test_a_referral_date_up_to_a_year_back_is_accepted(alice, homelessness, today):
    course = register(alice, homelessness, referral_date=d("2025-11-22"), today=today)

    assert course.referral_date == d("2025-11-22")


@pytest.mark.parametrize("referral_date", ["2025-11-21", "2027-11-23"])
def test_a_referral_date_more_than_a_year_away_is_refused(alice, homelessness, today, referral_date):
    with pytest.raises(CourseActionError) as error:
        register(alice, homelessness, referral_date=d(referral_date), today=today)

    assert error.value.field == "referral_date"
    assert not Citizen.objects.exists()


def test_a_citizen_needs_a_first_and_a_last_name(alice, homelessness, today):
    with pytest.raises(CourseActionError):
        services.citizen_register_and_refer(
            actor=alice,
            citizen_data={"first_name": "  ", "last_name": "Nielsen", "cpr": "150585-4321"},
            programme=homelessness,
            legal_basis="sel_85",
            worker=alice,
            referral_date=today,
            today=today,
        )

    assert not Citizen.objects.exists()
