"""Each registered transition keeps its checklist as it stood, with the timeliness from the CTI clock,
in the transaction that registers it. An incomplete list never blocks the transition."""

from __future__ import annotations

import pytest

from overgang.checklists.models import Checklist, TransitionRecord
from overgang.checklists.services import answer_save
from overgang.courses import services
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.courses.signals import course_transitioned

from .conftest import d

pytestmark = pytest.mark.usefixtures("frozen_today")

PHASE_1_TO_2 = [
    "p1_moved_in",
    "p1_support_needs_clarified",
    "p1_prioritised_plan",
    "p1_coordinated_services",
    "p1_agreements_in_place",
    "p1_activities_under_way",
]


def start(course, phase, on, actor, today):
    return services.course_start_phase(course=course, phase=phase, on=d(on), actor=actor, today=today)


def records(course, to=None):
    found = TransitionRecord.objects.filter(course=course)
    return found.filter(to_period=to) if to else found


@pytest.fixture
def in_phase_1(alice, homelessness, make_course):
    """Phase 1 from 1 August 2026: phase 2 is planned for 1 November 2026 (tolerance 7 days)."""
    return make_course(alice, homelessness, phase_1=d("2026-08-01"))


def test_phase_2_records_the_phase_1_transition_group_as_it_stood(alice, in_phase_1, item_of, answer, today):
    answer(in_phase_1, item_of("homelessness_phase_1", "p1_moved_in"), "yes", by=alice)
    answer(
        in_phase_1,
        item_of("homelessness_phase_1", "p1_support_needs_clarified"),
        "no",
        by=alice,
        comment="Mangler",
    )
    answer(
        in_phase_1, item_of("homelessness_phase_1", "p1_trusting_relation"), "yes", by=alice
    )  # not in the group

    start(in_phase_1, 2, "2026-11-03", alice, today)

    [record] = records(in_phase_1)
    assert record.to_period == "phase_2"
    assert record.on == d("2026-11-03")
    assert record.recorded_by == alice
    assert record.checklist == Checklist.objects.get(code="homelessness_phase_1", version=1)
    assert [item["code"] for item in record.items] == PHASE_1_TO_2
    assert [item["answer"] for item in record.items] == ["yes", "no", None, None, None, None]
    assert record.items[1]["comment"] == "Mangler"
    assert record.items[0]["text"] == item_of("homelessness_phase_1", "p1_moved_in").text
    assert (record.answered, record.total) == (2, 6)


@pytest.mark.parametrize(
    ("on", "timeliness", "days"),
    [
        ("2026-11-01", "on_time", 0),
        ("2026-11-05", "on_time", 4),
        ("2026-10-25", "on_time", 7),
        ("2026-11-08", "on_time", 7),
        ("2026-11-09", "late", 8),
        ("2026-11-15", "late", 14),
        ("2026-10-24", "early", 8),
        ("2026-10-20", "early", 12),
    ],
)
def test_the_record_keeps_the_timeliness_from_the_clock(alice, in_phase_1, today, on, timeliness, days):
    start(in_phase_1, 2, on, alice, today)

    record = records(in_phase_1, "phase_2").get()
    assert (record.timeliness, record.timeliness_days) == (timeliness, days)


def test_the_timeliness_label_reads_in_days(alice, in_phase_1, today):
    from django.utils import translation

    start(in_phase_1, 2, "2026-11-15", alice, today)
    record = records(in_phase_1, "phase_2").get()

    with translation.override("en"):
        assert record.timeliness_label == "14 days late"


def test_an_unanswered_checklist_never_blocks_the_transition(alice, in_phase_1, today):
    start(in_phase_1, 2, "2026-11-01", alice, today)

    assert Course.objects.get(pk=in_phase_1.pk).phase_2_start == d("2026-11-01")
    record = records(in_phase_1, "phase_2").get()
    assert (record.answered, record.total) == (0, 6)
    assert all(item["answer"] is None for item in record.items)


def test_later_answers_do_not_change_the_record(alice, in_phase_1, item_of, answer, today):
    answer(in_phase_1, item_of("homelessness_phase_1", "p1_moved_in"), "no", by=alice)
    start(in_phase_1, 2, "2026-11-01", alice, today)
    before = records(in_phase_1, "phase_2").get()

    answer_save(
        course=in_phase_1,
        item=item_of("homelessness_phase_1", "p1_moved_in"),
        answer="yes",
        actor=alice,
        expected_version=1,
    )
    answer(in_phase_1, item_of("homelessness_phase_1", "p1_prioritised_plan"), "yes", by=alice)

    after = records(in_phase_1, "phase_2").get()
    assert after.items == before.items
    assert after.items[0]["answer"] == "no"
    assert (after.answered, after.total) == (1, 6)


def test_each_transition_is_recorded_once(alice, in_phase_1, today):
    start(in_phase_1, 2, "2026-11-01", alice, today)
    with pytest.raises(CourseActionError):
        start(Course.objects.get(pk=in_phase_1.pk), 2, "2026-11-02", alice, today)

    assert records(in_phase_1).count() == 1


def test_phase_3_records_the_phase_2_transition_group(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, phase_1=d("2026-05-01"))
    start(course, 2, "2026-08-01", alice, today)

    start(Course.objects.get(pk=course.pk), 3, "2026-11-01", alice, today)

    record = records(course, "phase_3").get()
    assert record.checklist.code == "homelessness_phase_2"
    assert record.total == 3
    assert (record.timeliness, record.timeliness_days) == ("on_time", 0)


def test_phase_1_from_the_contact_period_records_the_contact_list(
    alice, homelessness, make_course, item_of, answer, today
):
    course = make_course(alice, homelessness, contact=d("2026-10-01"))
    answer(course, item_of("homelessness_contact", "c_contact_established"), "yes", by=alice)

    start(course, 1, "2026-11-01", alice, today)

    record = records(course).get()
    assert record.to_period == "phase_1"
    assert record.checklist.code == "homelessness_contact"
    assert [item["code"] for item in record.items] == [
        "c_contact_established",
        "c_contact_framework",
        "c_housing_in_view",
        "c_immediate_needs",
    ]
    assert (record.answered, record.total) == (1, 4)
    assert (record.timeliness, record.timeliness_days) == ("", None)  # the clock plans no phase 1 date


def test_phase_1_without_a_contact_period_records_nothing(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    start(course, 1, "2026-11-10", alice, today)

    assert not records(course).exists()


def test_the_end_records_the_end_group_of_phase_3(alice, homelessness, make_course, item_of, answer, today):
    course = make_course(alice, homelessness, phase_1=d("2026-02-16"))
    start(course, 2, "2026-05-16", alice, today)
    start(Course.objects.get(pk=course.pk), 3, "2026-08-16", alice, today)
    answer(course, item_of("homelessness_phase_3", "p3_celebrated"), "yes", by=alice)
    answer(course, item_of("homelessness_phase_3", "p3_has_141_plan"), "yes", by=alice)  # not in the group

    services.course_end(
        course=Course.objects.get(pk=course.pk),
        on=d("2026-11-20"),
        reason="completed",
        actor=alice,
        today=today,
    )

    record = records(course, "ended").get()
    assert record.checklist.code == "homelessness_phase_3"
    assert [item["code"] for item in record.items] == [
        "p3_network_established",
        "p3_support_tapered",
        "p3_handover_meetings",
        "p3_long_term_responsibility",
        "p3_handover_plan",
        "p3_network_meeting",
        "p3_celebrated",
    ]
    assert (record.answered, record.total) == (1, 7)
    assert (record.timeliness, record.timeliness_days) == ("on_time", 4)  # planned end 2026-11-16
    assert records(course).count() == 3  # phase 2, phase 3, the end


def test_the_job_programme_records_the_whole_generic_list(
    alice, job_programme, make_course, item_of, answer, today
):
    course = make_course(alice, job_programme, phase_1=d("2026-08-01"))
    answer(course, item_of("generic_phase_1", "p1_plan_made"), "yes", by=alice)

    start(course, 2, "2026-11-20", alice, today)

    record = records(course, "phase_2").get()
    assert record.checklist.code == "generic_phase_1"
    assert record.checklist.kind == "transition"
    assert record.total == 9 == Checklist.objects.get(code="generic_phase_1").items.count()
    assert record.answered == 1
    assert (record.timeliness, record.timeliness_days) == ("late", 19)


def test_the_job_programme_records_the_generic_contact_list_into_phase_1(
    alice, job_programme, make_course, today
):
    course = make_course(alice, job_programme, contact=d("2026-10-15"))

    start(course, 1, "2026-11-01", alice, today)

    record = records(course, "phase_1").get()
    assert (record.checklist.code, record.total) == ("generic_contact", 3)


def test_the_job_programme_records_the_generic_end_list(alice, job_programme, make_course, today):
    course = make_course(alice, job_programme, phase_1=d("2026-03-01"))
    start(course, 2, "2026-06-01", alice, today)
    start(course, 3, "2026-09-01", alice, today)

    services.course_end(course=course, on=d("2026-11-20"), reason="moved", actor=alice, today=today)

    record = records(course, "ended").get()
    assert (record.checklist.code, record.total) == ("generic_phase_3", 4)
    assert record.timeliness == "early"


def test_an_end_before_phase_3_records_no_end_of_course_list(alice, job_programme, make_course, today):
    course = make_course(alice, job_programme, phase_1=d("2026-09-01"))

    services.course_end(course=course, on=d("2026-11-20"), reason="moved", actor=alice, today=today)

    record = records(course, "ended").get()
    assert (record.checklist, record.total, record.items) == (None, 0, [])


def test_a_refused_transition_records_nothing(alice, in_phase_1, today):
    with pytest.raises(CourseActionError):
        start(in_phase_1, 2, "2026-07-01", alice, today)  # before phase 1

    assert not records(in_phase_1).exists()
    assert Course.objects.get(pk=in_phase_1.pk).phase_2_start is None


def test_a_refused_end_records_nothing(alice, in_phase_1, today):
    with pytest.raises(CourseActionError):
        services.course_end(course=in_phase_1, on=d("2026-07-01"), reason="moved", actor=alice, today=today)

    assert not records(in_phase_1).exists()


def test_the_record_is_written_in_the_transitions_transaction(alice, in_phase_1, today):
    def fail_after_recording(sender, **kwargs):
        assert TransitionRecord.objects.filter(course=kwargs["course"]).exists()
        raise RuntimeError("a later step of the transition failed")

    course_transitioned.connect(fail_after_recording, dispatch_uid="test.fail_after_recording")
    try:
        with pytest.raises(RuntimeError):
            start(in_phase_1, 2, "2026-11-01", alice, today)
    finally:
        course_transitioned.disconnect(dispatch_uid="test.fail_after_recording")

    assert not records(in_phase_1).exists()
    assert Course.objects.get(pk=in_phase_1.pk).phase_2_start is None


def test_registering_through_the_course_page_records_the_transition(alice, in_phase_1, client_for):
    response = client_for(alice).post(
        f"/courses/{in_phase_1.pk}/phase/",
        {"phase-on": "2026-11-02", "phase-version": in_phase_1.version},
    )

    assert response.status_code == 302
    assert Course.objects.get(pk=in_phase_1.pk).phase_2_start == d("2026-11-02")
    assert records(in_phase_1, "phase_2").get().recorded_by == alice
