"""What the system says itself about four items of appendix 4, from hand-built courses.

Homelessness courses last 9 months: phase 2, phase 3 and the end are planned 3, 6 and 9 months after
the phase 1 start, each within a tolerance of 7 days. Today is 22 November 2026, so "the last 12
months" run from 22 November 2025.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from overgang.courses import services as course_services
from overgang.courses.models import Course
from overgang.fidelity import evidence
from overgang.fidelity.tests.conftest import d
from overgang.plans.services import plan_create


@pytest.fixture(autouse=True)
def _english():
    """The evidence is written in the active language: these tests read it in English."""
    with translation.override("en"):
        yield


def end(course, *, on, reason="completed", today):
    return course_services.course_end(course=course, on=on, reason=reason, actor=course.worker, today=today)


def phases(make_course, worker, programme, *starts, **kwargs):
    """A course with its phases started on the given days (phase 1, then 2, then 3)."""
    course = make_course(worker, programme, phase_1=starts[0], **kwargs)
    for number, day in enumerate(starts[1:], start=2):
        course = course_services.course_start_phase(
            course=course, phase=number, on=day, actor=worker, today=dt.date(2026, 11, 22)
        )
    return course


# --- caseload: at most 10 citizens per CTI worker -----------------------------------------------------


def referred(make_course, worker, programme, count):
    return [make_course(worker, programme, first_name=f"Borger{n}") for n in range(count)]


def test_caseload_is_ja_when_no_worker_has_more_than_ten(alice, bob, homelessness, make_course, today):
    referred(make_course, alice, homelessness, 10)
    referred(make_course, bob, homelessness, 1)

    found = evidence.caseload(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == (
        "Today at most 10 active citizens per CTI worker; 0 of 2 workers have more than 10."
    )


def test_caseload_is_nej_when_a_worker_has_eleven_across_her_programmes(
    alice, bob, homelessness, job_programme, make_course, today
):
    referred(make_course, alice, homelessness, 6)
    referred(make_course, alice, job_programme, 5)
    referred(make_course, bob, homelessness, 2)

    found = evidence.caseload(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == (
        "Today at most 11 active citizens per CTI worker; 1 of 2 workers have more than 10."
    )


def test_caseload_leaves_out_ended_courses(alice, bob, homelessness, make_course, today):
    courses = referred(make_course, alice, homelessness, 11)
    end(courses[0], on=today, reason="moved", today=today)

    found = evidence.caseload(homelessness, None, today)

    assert found.suggested == "yes"
    assert "at most 10 active citizens" in found.text


def test_caseload_counts_referred_and_running_courses_alike(alice, homelessness, make_course, today):
    referred(make_course, alice, homelessness, 5)
    for n in range(6):
        make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name=f"Fase{n}")

    found = evidence.caseload(homelessness, None, today)

    assert found.suggested == "no"
    assert "at most 11 active citizens" in found.text
    assert "1 of 1 workers" in found.text


def test_caseload_for_a_course_looks_at_the_courses_worker_only(alice, bob, homelessness, make_course, today):
    referred(make_course, alice, homelessness, 11)
    (bobs,) = referred(make_course, bob, homelessness, 1)
    alices = Course.objects.filter(worker=alice).first()

    for_bob = evidence.caseload(homelessness, bobs, today)
    for_alice = evidence.caseload(homelessness, alices, today)

    assert for_bob.suggested == "yes"
    assert for_bob.text == "Today at most 1 active citizens per CTI worker; 0 of 1 workers have more than 10."
    assert for_alice.suggested == "no"
    assert for_alice.text == (
        "Today at most 11 active citizens per CTI worker; 1 of 1 workers have more than 10."
    )


def test_caseload_cannot_say_without_workers(homelessness, carol, today):
    found = evidence.caseload(homelessness, None, today)

    assert found.suggested is None
    assert found.text == "The programme has no workers."


# --- timeliness: the three phases followed on time ---------------------------------------------------


def on_time_course(make_course, alice, homelessness, name="Rettid"):
    """Phase 2 two days after its plan (1 June), phase 3 on its day (1 September): 2 on time."""
    return phases(
        make_course, alice, homelessness, d("2026-03-01"), d("2026-06-03"), d("2026-09-01"), first_name=name
    )


def late_course(make_course, alice, homelessness):
    """Phase 2 planned on 1 September, started 19 days late; phase 3 not due until December."""
    return phases(make_course, alice, homelessness, d("2026-06-01"), d("2026-09-20"), first_name="Sen")


def test_timeliness_is_ja_when_every_transition_was_on_time(alice, homelessness, make_course, today):
    on_time_course(make_course, alice, homelessness)
    completed = phases(
        make_course,
        alice,
        homelessness,
        d("2025-12-01"),
        d("2026-03-01"),
        d("2026-06-01"),
        first_name="Færdig",
    )
    end(completed, on=d("2026-09-01"), today=today)

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "5 of 5 transitions in the last 12 months were on time; 0 overdue today."


def four_of_five_on_time(make_course, alice, homelessness):
    on_time_course(make_course, alice, homelessness, name="En")
    on_time_course(make_course, alice, homelessness, name="To")
    late_course(make_course, alice, homelessness)


def test_timeliness_counts_four_of_five_on_time(alice, homelessness, make_course, today):
    four_of_five_on_time(make_course, alice, homelessness)

    found = evidence.timeliness(homelessness, None, today)

    assert found.text == "4 of 5 transitions in the last 12 months were on time; 0 overdue today."


def test_timeliness_is_ja_at_exactly_80_percent_on_time(alice, homelessness, make_course, today):
    four_of_five_on_time(make_course, alice, homelessness)

    assert evidence.timeliness(homelessness, None, today).suggested == "yes"


def test_timeliness_is_ja_above_80_percent_on_time(alice, homelessness, make_course, today):
    four_of_five_on_time(make_course, alice, homelessness)
    on_time_course(make_course, alice, homelessness, name="Tre")  # 6 of 7: 86 %

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "6 of 7 transitions in the last 12 months were on time; 0 overdue today."


def test_timeliness_is_nej_below_80_percent_on_time(alice, homelessness, make_course, today):
    on_time_course(make_course, alice, homelessness)
    late_course(make_course, alice, homelessness)

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == "2 of 3 transitions in the last 12 months were on time; 0 overdue today."


@pytest.mark.parametrize(
    ("phase_2", "suggested", "on_time"), [("2026-06-08", "yes", 1), ("2026-06-09", "no", 0)]
)
def test_timeliness_allows_the_programmes_tolerance_of_7_days(
    alice, homelessness, make_course, today, phase_2, suggested, on_time
):
    phases(make_course, alice, homelessness, d("2026-03-01"), d(phase_2), d("2026-09-01"))

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == suggested
    assert found.text.startswith(f"{on_time + 1} of 2 transitions")


def test_an_overdue_course_makes_timeliness_nej(alice, homelessness, make_course, today):
    on_time_course(make_course, alice, homelessness)
    # Phase 1 on 1 July: phase 2 was planned on 1 October, and 7 days' tolerance ran out long ago.
    make_course(alice, homelessness, phase_1=d("2026-07-01"), first_name="Forsinket")

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == "2 of 2 transitions in the last 12 months were on time; 1 overdue today."


def test_an_overdue_course_alone_is_nej_not_unknown(alice, homelessness, make_course, today):
    make_course(alice, homelessness, phase_1=d("2026-07-01"))

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == "0 of 0 transitions in the last 12 months were on time; 1 overdue today."


def test_timeliness_cannot_say_without_transitions(alice, homelessness, make_course, today):
    make_course(alice, homelessness, phase_1=d("2026-10-01"))  # phase 2 not due until January
    make_course(alice, homelessness, contact=d("2026-11-01"), first_name="Kontakt")

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested is None
    assert found.text == "No transitions in the last 12 months to judge by."


def test_timeliness_leaves_out_transitions_older_than_12_months(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness)
    # Built by hand: the services refuse dates more than a year away.
    Course.objects.filter(pk=course.pk).update(
        referral_date=d("2024-05-01"),
        phase_1_start=d("2024-06-01"),
        phase_2_start=d("2024-09-01"),
        phase_3_start=d("2024-12-01"),
        end_date=d("2025-03-01"),
        end_reason="completed",
    )

    assert evidence.timeliness(homelessness, None, today).suggested is None


def test_an_end_before_the_full_time_is_not_a_transition(alice, homelessness, make_course, today):
    course = phases(make_course, alice, homelessness, d("2026-03-01"), d("2026-06-01"))
    end(course, on=d("2026-07-01"), reason="moved", today=today)

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "1 of 1 transitions in the last 12 months were on time; 0 overdue today."


def test_timeliness_counts_only_the_programmes_courses(
    alice, homelessness, job_programme, make_course, today
):
    on_time_course(make_course, alice, homelessness)
    make_course(alice, job_programme, phase_1=d("2026-01-05"), first_name="Job")  # long overdue there

    found = evidence.timeliness(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "2 of 2 transitions in the last 12 months were on time; 0 overdue today."


def test_timeliness_for_a_course_looks_at_that_course_only(alice, homelessness, make_course, today):
    on_time_course(make_course, alice, homelessness)
    late = late_course(make_course, alice, homelessness)

    found = evidence.timeliness(homelessness, late, today)

    assert found.suggested == "no"
    assert found.text == "0 of 1 transitions in the last 12 months were on time; 0 overdue today."


# --- plans: a CTI plan for every course in phase 1-3 -------------------------------------------------


def plan_for(course, period, *, made_on, today):
    return plan_create(
        course=course,
        actor=course.worker,
        period=period,
        made_on=made_on,
        starts_on=made_on,
        ends_on=made_on + dt.timedelta(days=60),
        today=today,
    )


@pytest.fixture
def in_phase_1(alice, homelessness, make_course):
    return make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Ena")


@pytest.fixture
def in_phase_2(bob, homelessness, make_course):
    return phases(make_course, bob, homelessness, d("2026-06-01"), d("2026-09-01"), first_name="Tove")


def test_plans_is_ja_when_every_running_course_has_a_plan(in_phase_1, in_phase_2, homelessness, today):
    plan_for(in_phase_1, "phase_1", made_on=d("2026-10-05"), today=today)
    plan_for(in_phase_2, "phase_2", made_on=d("2026-09-05"), today=today)

    found = evidence.plans(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "2 of 2 active courses in phase 1–3 have a CTI plan."


def test_plans_is_nej_when_one_course_has_none(in_phase_1, in_phase_2, homelessness, today):
    plan_for(in_phase_2, "phase_2", made_on=d("2026-09-05"), today=today)

    found = evidence.plans(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == "1 of 2 active courses in phase 1–3 have a CTI plan."


def test_plans_leaves_out_contact_period_referred_and_ended_courses(
    alice, in_phase_1, homelessness, make_course, today
):
    plan_for(in_phase_1, "phase_1", made_on=d("2026-10-05"), today=today)
    make_course(alice, homelessness, contact=d("2026-11-01"), first_name="Kontakt")
    make_course(alice, homelessness, first_name="Henvist")
    ended = make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Slut")
    end(ended, on=d("2026-10-01"), reason="moved", today=today)

    found = evidence.plans(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "1 of 1 active courses in phase 1–3 have a CTI plan."


def test_plans_cannot_say_without_courses_in_phase_1_to_3(alice, homelessness, make_course, today):
    make_course(alice, homelessness, contact=d("2026-11-01"))

    found = evidence.plans(homelessness, None, today)

    assert found.suggested is None
    assert found.text == "No active courses in phase 1–3."


def test_plans_for_a_course_looks_at_that_course_only(in_phase_1, in_phase_2, homelessness, today):
    plan_for(in_phase_2, "phase_2", made_on=d("2026-09-05"), today=today)

    assert evidence.plans(homelessness, in_phase_2, today).suggested == "yes"
    without = evidence.plans(homelessness, in_phase_1, today)
    assert without.suggested == "no"
    assert without.text == "0 of 1 active courses in phase 1–3 have a CTI plan."


# --- supervision: every worker supervised within 4 weeks ---------------------------------------------


def test_supervision_is_ja_when_every_worker_took_part_within_4_weeks(
    alice, bob, homelessness, supervised, today
):
    supervised(homelessness, alice, bob, day=today - dt.timedelta(days=27))

    found = evidence.supervision(homelessness, None, today)

    assert found.suggested == "yes"
    assert found.text == "2 of 2 CTI workers took part in supervision in the last 4 weeks."


@pytest.mark.parametrize(("days_ago", "suggested", "recent"), [(28, "yes", 2), (29, "no", 1)])
def test_supervision_four_weeks_ago_still_counts(
    alice, bob, homelessness, supervised, today, days_ago, suggested, recent
):
    supervised(homelessness, alice, day=today - dt.timedelta(days=1))
    supervised(homelessness, bob, day=today - dt.timedelta(days=days_ago))

    found = evidence.supervision(homelessness, None, today)

    assert found.suggested == suggested
    assert found.text.startswith(f"{recent} of 2 CTI workers")


def test_supervision_is_nej_when_one_worker_was_last_supervised_long_ago(
    alice, bob, homelessness, supervised, today
):
    supervised(homelessness, alice, bob, day=d("2026-09-01"))
    supervised(homelessness, alice, day=d("2026-11-15"))

    found = evidence.supervision(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == "1 of 2 CTI workers took part in supervision in the last 4 weeks."


def test_supervision_is_nej_when_a_worker_never_took_part(alice, bob, homelessness, supervised, today):
    supervised(homelessness, alice, day=d("2026-11-15"))

    found = evidence.supervision(homelessness, None, today)

    assert found.suggested == "no"
    assert found.text == "1 of 2 CTI workers took part in supervision in the last 4 weeks."


def test_the_latest_session_is_what_counts(alice, bob, homelessness, supervised, today):
    supervised(homelessness, alice, bob, day=d("2026-09-01"))
    supervised(homelessness, alice, bob, day=d("2026-11-15"))

    assert evidence.supervision(homelessness, None, today).suggested == "yes"


def test_supervision_cannot_say_without_workers(homelessness, carol, today):
    found = evidence.supervision(homelessness, None, today)

    assert found.suggested is None
    assert found.text == "The programme has no workers."


def test_supervision_for_a_course_looks_at_the_courses_worker(
    alice, bob, homelessness, make_course, supervised, today
):
    supervised(homelessness, alice, day=d("2026-11-15"))
    alices = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    bobs = make_course(bob, homelessness, phase_1=d("2026-10-01"), first_name="Bo")

    for_alice = evidence.supervision(homelessness, alices, today)
    assert for_alice.suggested == "yes"
    assert for_alice.text == "1 of 1 CTI workers took part in supervision in the last 4 weeks."
    assert evidence.supervision(homelessness, bobs, today).suggested == "no"


def test_every_evidence_item_of_the_checklist_has_a_function(items):
    assert {item.evidence for item in items if item.evidence} == set(evidence.EVIDENCE)
    assert evidence.EVIDENCE["caseload"] is evidence.caseload
    assert evidence.EVIDENCE["timeliness"] is evidence.timeliness
    assert evidence.EVIDENCE["plans"] is evidence.plans
    assert evidence.EVIDENCE["supervision"] is evidence.supervision
