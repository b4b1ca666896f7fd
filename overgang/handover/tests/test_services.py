"""The handover's writes: the rules they check, versions, and audit rows without personal values."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.services import CourseActionError
from overgang.handover import services
from overgang.handover.models import (
    Celebration,
    ClosingLetter,
    ClosingLetterTemplate,
    HandoverMeeting,
    HandoverPlan,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

GOALS = "Bo i egen lejlighed og se sin datter hver uge"
PLAN = {
    "long_term_goals": GOALS,
    "support_needs": "Hjælp til post og økonomi",
    "continued_support_plan": "Bostøtte to gange om ugen",
    "responsible_id": None,
    "continued_support": "sel_85",
    "continued_support_text": "",
    "support_decided_on": dt.date(2026, 11, 10),
    "support_started_on": dt.date(2026, 12, 1),
}


def save_plan(course, actor, today, expected_version=None, **changes):
    return services.handover_plan_save(
        course=course, actor=actor, expected_version=expected_version, today=today, **(PLAN | changes)
    )


def audit_text(action):
    return json.dumps(
        [[e.before, e.after] for e in AuditEntry.objects.filter(action=action)], ensure_ascii=False
    )


# The handover plan -----------------------------------------------------------------------------------


def test_the_plan_is_made_with_the_responsible_person_from_the_network(course, alice, today, case_worker):
    plan = save_plan(course, alice, today, responsible_id=case_worker.pk)

    plan.refresh_from_db()
    assert plan.course == course
    assert plan.responsible == case_worker
    assert plan.long_term_goals == GOALS
    assert plan.version == 1
    assert plan.support_needed is True
    entry = AuditEntry.objects.get(action="handover.plan_created")
    assert entry.citizen_id == course.citizen_id
    assert "responsible" in entry.after["fields"]
    assert GOALS not in audit_text("handover.plan_created")
    assert "Sara" not in audit_text("handover.plan_created")


def test_a_person_from_another_citizens_network_is_refused(course, alice, today, stranger):
    with pytest.raises(CourseActionError) as error:
        save_plan(course, alice, today, responsible_id=stranger.pk)

    assert error.value.field == "responsible"
    assert not HandoverPlan.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="handover.").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"continued_support": "astrology"}, "continued_support", id="unknown-support"),
        pytest.param(
            {"continued_support": "other", "continued_support_text": ""},
            "continued_support_text",
            id="other-without-text",
        ),
        pytest.param(
            {"continued_support": "none", "support_started_on": None},
            "support_decided_on",
            id="dates-without-support",
        ),
        pytest.param(
            {"support_decided_on": dt.date(2026, 12, 1), "support_started_on": dt.date(2026, 11, 1)},
            "support_started_on",
            id="started-before-decided",
        ),
        pytest.param({"support_started_on": dt.date(2028, 1, 1)}, "support_started_on", id="date-far-away"),
        pytest.param({"long_term_goals": "x" * 4001}, "long_term_goals", id="too-long"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_saved(course, alice, today, changes, field):
    with pytest.raises(CourseActionError) as error:
        save_plan(course, alice, today, **changes)

    assert error.value.field == field
    assert not HandoverPlan.objects.exists()


def test_changing_the_plan_needs_the_version_seen(course, alice, bob, today, case_worker):
    save_plan(course, alice, today)
    plan = save_plan(course, alice, today, expected_version=1, responsible_id=case_worker.pk)
    assert plan.version == 2
    entry = AuditEntry.objects.get(action="handover.plan_changed")
    assert entry.after == {"fields": ["responsible"]}

    with pytest.raises(CourseActionError) as error:
        save_plan(course, alice, today, expected_version=1, long_term_goals="Overskrevet")
    assert error.value.conflict
    assert "Reload the page" in error.value.message
    plan.refresh_from_db()
    assert plan.long_term_goals == GOALS
    assert plan.version == 2


def test_a_new_plan_over_one_made_meanwhile_is_a_conflict(course, alice, today):
    save_plan(course, alice, today)

    with pytest.raises(CourseActionError) as error:
        save_plan(course, alice, today, expected_version=None, long_term_goals="Min version")

    assert error.value.conflict
    assert HandoverPlan.objects.get().long_term_goals == GOALS


def test_saving_an_unchanged_plan_writes_nothing(course, alice, today):
    save_plan(course, alice, today)
    plan = save_plan(course, alice, today, expected_version=1)
    assert plan.version == 1
    assert not AuditEntry.objects.filter(action="handover.plan_changed").exists()


def test_an_ended_course_cannot_get_a_plan(course, alice, today):
    course = course_services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    with pytest.raises(CourseActionError):
        save_plan(course, alice, today)
    assert not HandoverPlan.objects.exists()


def test_removing_the_responsible_person_from_the_network_keeps_the_plan(course, alice, today, case_worker):
    save_plan(course, alice, today, responsible_id=case_worker.pk)
    case_worker.delete()
    plan = HandoverPlan.objects.get()
    assert plan.responsible is None
    assert plan.long_term_goals == GOALS


# Handover meetings ---------------------------------------------------------------------------------


def test_a_meeting_is_registered_with_network_people_and_others(course, alice, today, case_worker, sister):
    meeting = services.meeting_add(
        course=course,
        actor=alice,
        today=today,
        held_on=dt.date(2026, 11, 20),
        participant_ids=[case_worker.pk, sister.pk],
        other_participants="Bostøttemedarbejder fra Vejen",
        agreed="Bostøtte starter 1. december",
    )

    assert set(meeting.participants.all()) == {case_worker, sister}
    assert meeting.other_participants == "Bostøttemedarbejder fra Vejen"
    entry = AuditEntry.objects.get(action="handover.meeting_added")
    assert entry.citizen_id == course.citizen_id
    assert "Bostøtte" not in audit_text("handover.meeting_added")


def test_a_meeting_with_someone_outside_the_network_is_refused(course, alice, today, case_worker, stranger):
    with pytest.raises(CourseActionError) as error:
        services.meeting_add(
            course=course,
            actor=alice,
            today=today,
            held_on=today,
            participant_ids=[case_worker.pk, stranger.pk],
        )
    assert error.value.field == "participants"
    assert not HandoverMeeting.objects.exists()


def test_a_meeting_needs_a_date_and_someone_taking_part(course, alice, today):
    with pytest.raises(CourseActionError) as no_date:
        services.meeting_add(course=course, actor=alice, today=today, held_on=None, other_participants="Mor")
    with pytest.raises(CourseActionError) as nobody:
        services.meeting_add(course=course, actor=alice, today=today, held_on=today)
    assert no_date.value.field == "held_on"
    assert nobody.value.field == "participants"
    assert not HandoverMeeting.objects.exists()


def test_a_meeting_is_changed_and_removed_with_its_version(course, alice, today, case_worker, sister):
    meeting = services.meeting_add(
        course=course, actor=alice, today=today, held_on=today, participant_ids=[case_worker.pk]
    )
    changed = services.meeting_change(
        meeting=meeting,
        actor=alice,
        expected_version=1,
        today=today,
        held_on=today,
        participant_ids=[sister.pk],
        agreed="Aftalt",
    )
    assert changed.version == 2
    assert list(changed.participants.all()) == [sister]
    assert AuditEntry.objects.get(action="handover.meeting_changed").after == {
        "fields": ["agreed", "participants"]
    }

    with pytest.raises(CourseActionError) as stale:
        services.meeting_change(
            meeting=meeting,
            actor=alice,
            expected_version=1,
            today=today,
            held_on=today,
            other_participants="X",
        )
    assert stale.value.conflict
    with pytest.raises(CourseActionError):
        services.meeting_remove(meeting=meeting, actor=alice, expected_version=1)
    assert HandoverMeeting.objects.filter(pk=meeting.pk).exists()

    services.meeting_remove(meeting=meeting, actor=alice, expected_version=2)
    assert not HandoverMeeting.objects.exists()
    assert AuditEntry.objects.filter(action="handover.meeting_removed").count() == 1


# The ending ----------------------------------------------------------------------------------------


def test_the_celebration_is_marked_and_changed_with_its_version(course, alice, today):
    celebration = services.celebration_save(
        course=course,
        actor=alice,
        expected_version=None,
        today=today,
        held_on=today,
        note="Kaffe og kage på café",
    )
    assert celebration.version == 1
    with pytest.raises(CourseActionError) as error:
        services.celebration_save(
            course=course, actor=alice, expected_version=None, today=today, held_on=today
        )
    assert error.value.conflict
    services.celebration_save(
        course=course, actor=alice, expected_version=1, today=today, held_on=today, note=""
    )
    celebration.refresh_from_db()
    assert celebration.note == ""
    assert celebration.version == 2
    assert "Kaffe" not in audit_text("handover.celebration_marked") + audit_text(
        "handover.celebration_changed"
    )


def test_the_celebration_needs_a_date(course, alice, today):
    with pytest.raises(CourseActionError) as error:
        services.celebration_save(
            course=course, actor=alice, expected_version=None, today=today, held_on=None
        )
    assert error.value.field == "held_on"
    assert not Celebration.objects.exists()


def test_the_letter_is_written_and_rewritten_with_its_version(course, alice, today):
    letter = services.closing_letter_save(course=course, actor=alice, expected_version=None, text="Kære Test")
    assert letter.version == 1
    services.closing_letter_save(course=course, actor=alice, expected_version=1, text="Kære Test, tak")
    with pytest.raises(CourseActionError) as error:
        services.closing_letter_save(course=course, actor=alice, expected_version=1, text="Overskriver")
    assert error.value.conflict
    letter.refresh_from_db()
    assert letter.text == "Kære Test, tak"
    assert letter.version == 2
    assert "Kære" not in audit_text("handover.letter_written") + audit_text("handover.letter_changed")


def test_an_empty_letter_is_refused(course, alice):
    with pytest.raises(CourseActionError) as error:
        services.closing_letter_save(course=course, actor=alice, expected_version=None, text="   ")
    assert error.value.field == "text"
    assert not ClosingLetter.objects.exists()


def test_the_template_refuses_unknown_placeholders(homelessness, carol):
    with pytest.raises(CourseActionError) as error:
        services.letter_template_save(
            programme=homelessness,
            actor=carol,
            expected_version=None,
            text_da="Kære {fornavn}",
            text_en="Dear {first_name}",
        )
    assert error.value.field == "text_da"
    assert "{fornavn}" in error.value.message
    assert not ClosingLetterTemplate.objects.exists()


def test_the_template_is_saved_and_versioned(homelessness, carol):
    own = services.letter_template_save(
        programme=homelessness,
        actor=carol,
        expected_version=None,
        text_da="Kære {first_name}",
        text_en="Dear {first_name}",
    )
    assert own.version == 1
    with pytest.raises(CourseActionError) as error:
        services.letter_template_save(
            programme=homelessness, actor=carol, expected_version=None, text_da="Hej", text_en="Hi"
        )
    assert error.value.conflict
    services.letter_template_save(
        programme=homelessness,
        actor=carol,
        expected_version=1,
        text_da="Hej {first_name}",
        text_en="Dear {first_name}",
    )
    own.refresh_from_db()
    assert (own.text_da, own.version) == ("Hej {first_name}", 2)
    assert AuditEntry.objects.filter(action="handover.letter_template_changed").count() == 2
