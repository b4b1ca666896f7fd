"""Writing a fidelity review: every item answered, a reason where the answer differs from the data,
a sensible date, the programme's own course; one audit row. Bad input saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.fidelity.evidence import Evidence
from overgang.fidelity.models import FidelityAnswer, FidelityReview
from overgang.fidelity.services import review_create
from overgang.fidelity.tests.conftest import answers_for, d


@pytest.fixture
def create(carol, homelessness, checklist, items, today):
    """review_create with everything right, any argument overridable."""

    def call(**overrides):
        arguments = {
            "programme": homelessness,
            "checklist": checklist,
            "reviewed_on": d("2026-11-20"),
            "answers": answers_for(items),
            "reasons": {},
            "evidence": {},
            "actor": carol,
            "today": today,
        } | overrides
        return review_create(**arguments)

    return call


def nothing_saved():
    return (
        not FidelityReview.objects.exists()
        and not FidelityAnswer.objects.exists()
        and not AuditEntry.objects.filter(action="fidelity.reviewed").exists()
    )


def test_it_saves_every_answer(create, items, carol, homelessness):
    answers = answers_for(items, f_caseload="no", f_coordination="unknown", f_referral="no")

    review = create(answers=answers, note="  Gennemgået på teammødet.  ")

    review = FidelityReview.objects.get(pk=review.pk)
    assert review.programme == homelessness
    assert review.course is None
    assert review.reviewer == carol
    assert review.reviewed_on == d("2026-11-20")
    assert review.note == "Gennemgået på teammødet."
    assert review.municipality_id == homelessness.municipality_id
    saved = {a.item_id: a.answer for a in review.answers.all()}
    assert saved == answers
    assert len(saved) == 31
    score = review.score()
    assert (score.yes, score.no, score.unknown, score.unanswered) == (28, 2, 1, 0)
    assert score.percent == 93  # 28 of 30


def test_a_missing_answer_is_refused_and_nothing_is_saved(create, items):
    answers = answers_for(items)
    del answers[items[17].pk]
    del answers[items[30].pk]

    with pytest.raises(CourseActionError) as refused:
        create(answers=answers)

    assert refused.value.field == "answers"
    assert "2" in refused.value.message  # how many are missing
    assert nothing_saved()


@pytest.mark.parametrize("answer", ["", "irrelevant", "ja", None])
def test_an_answer_off_the_scale_counts_as_missing(create, items, answer):
    answers = answers_for(items) | {items[0].pk: answer}

    with pytest.raises(CourseActionError):
        create(answers=answers)

    assert nothing_saved()


def test_no_answers_at_all_is_refused(create):
    with pytest.raises(CourseActionError):
        create(answers={})

    assert nothing_saved()


# --- answers that differ from the data ---------------------------------------------------------------


def test_an_answer_against_the_data_without_a_reason_is_refused(create, items, item_with):
    plans = item_with("plans")
    found = {plans.pk: Evidence("no", "1 of 2 active courses in phase 1–3 have a CTI plan.")}

    with pytest.raises(CourseActionError) as refused:
        create(answers=answers_for(items), evidence=found)

    assert refused.value.field == "answers"
    assert plans.label in refused.value.message
    assert nothing_saved()


def test_a_blank_reason_is_no_reason(create, items, item_with):
    plans = item_with("plans")
    found = {plans.pk: Evidence("no", "1 of 2")}

    with pytest.raises(CourseActionError):
        create(answers=answers_for(items), evidence=found, reasons={plans.pk: "   "})

    assert nothing_saved()


def test_an_answer_against_the_data_with_a_reason_is_kept_with_the_evidence(create, items, item_with):
    plans, caseload = item_with("plans"), item_with("caseload")
    found = {
        plans.pk: Evidence("no", "1 of 2 active courses in phase 1–3 have a CTI plan."),
        caseload.pk: Evidence("yes", "Today at most 9 active citizens per CTI worker."),
    }
    reason = "Planen for den sidste borger blev lavet i går, men er ikke indtastet."

    review = create(answers=answers_for(items), evidence=found, reasons={plans.pk: f"  {reason} "})

    answers = {a.item_id: a for a in FidelityAnswer.objects.filter(review=review)}
    overridden = answers[plans.pk]
    assert overridden.answer == "yes"
    assert overridden.suggested == "no"
    assert overridden.evidence == "1 of 2 active courses in phase 1–3 have a CTI plan."
    assert overridden.reason == reason
    assert overridden.overridden is True
    agreed = answers[caseload.pk]
    assert (agreed.answer, agreed.suggested, agreed.reason) == ("yes", "yes", "")
    assert agreed.evidence == "Today at most 9 active citizens per CTI worker."
    assert agreed.overridden is False


def test_evidence_without_a_suggestion_needs_no_reason(create, items, item_with):
    timeliness = item_with("timeliness")
    found = {timeliness.pk: Evidence(None, "No transitions in the last 12 months to judge by.")}

    review = create(answers=answers_for(items, f_three_phases="no"), evidence=found)

    kept = FidelityAnswer.objects.get(review=review, item=timeliness)
    assert (kept.answer, kept.suggested, kept.reason) == ("no", "", "")
    assert kept.evidence == "No transitions in the last 12 months to judge by."
    assert kept.overridden is False


def test_ved_ikke_against_the_data_needs_a_reason_too(create, items, item_with):
    supervision = item_with("supervision")
    found = {supervision.pk: Evidence("yes", "2 of 2")}

    with pytest.raises(CourseActionError):
        create(answers=answers_for(items, f_supervision="unknown"), evidence=found)

    review = create(
        answers=answers_for(items, f_supervision="unknown"),
        evidence=found,
        reasons={supervision.pk: "Supervisionen var aflyst; loggen er ikke rettet."},
    )
    assert FidelityAnswer.objects.get(review=review, item=supervision).overridden is True


def test_items_without_evidence_keep_no_suggestion(create, items):
    review = create()

    first = FidelityAnswer.objects.get(review=review, item=items[0])
    assert (first.suggested, first.evidence) == ("", "")
    assert first.overridden is False


# --- the date, the course ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", [None, dt.date(2026, 11, 23), dt.date(2027, 1, 1), dt.date(2023, 11, 21)])
def test_a_date_in_the_future_missing_or_over_three_years_ago_is_refused(create, day):
    with pytest.raises(CourseActionError) as refused:
        create(reviewed_on=day)

    assert refused.value.field == "reviewed_on"
    assert nothing_saved()


@pytest.mark.parametrize("day", [dt.date(2026, 11, 22), dt.date(2023, 11, 22)])
def test_today_and_exactly_three_years_ago_are_accepted(create, day):
    assert create(reviewed_on=day).reviewed_on == day


def test_a_course_from_another_programme_is_refused(create, alice, job_programme, make_course):
    elsewhere = make_course(alice, job_programme)

    with pytest.raises(CourseActionError) as refused:
        create(course=elsewhere)

    assert refused.value.field == "course"
    assert nothing_saved()


def test_a_review_of_one_course_names_the_course(create, alice, homelessness, make_course):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))

    review = create(course=course)

    assert FidelityReview.objects.get(pk=review.pk).course == course
    entry = AuditEntry.objects.get(action="fidelity.reviewed")
    assert entry.citizen_id == course.citizen_id
    assert entry.after["course"] == course.pk


# --- the audit row, the database --------------------------------------------------------------------


def test_it_writes_one_audit_row_with_the_counts(create, items, carol, homelessness):
    review = create(
        answers=answers_for(items, f_caseload="no", f_referral="unknown", f_coordination="unknown")
    )

    (entry,) = AuditEntry.objects.filter(action="fidelity.reviewed")
    assert entry.actor == carol
    assert entry.municipality_id == homelessness.municipality_id
    assert entry.object_id == str(review.pk)
    assert entry.citizen_id is None
    assert entry.after == {
        "programme": homelessness.pk,
        "course": None,
        "reviewed_on": "2026-11-20",
        "yes": 28,
        "no": 1,
        "unknown": 2,
    }


@pytest.fixture
def saved(create):
    return create()


def bypassing_the_service(review, item, **values):
    FidelityAnswer.objects.filter(review=review, item=item).delete()
    with transaction.atomic():
        return FidelityAnswer.objects.create(review=review, item=item, **values)


def test_the_database_refuses_an_override_without_a_reason(saved, items):
    with pytest.raises(IntegrityError):
        bypassing_the_service(saved, items[0], answer="no", suggested="yes", reason="")


@pytest.mark.parametrize(
    "values",
    [
        {"answer": "no", "suggested": "yes", "reason": "Vi ved bedre."},
        {"answer": "yes", "suggested": "yes", "reason": ""},
        {"answer": "no", "suggested": "", "reason": ""},
    ],
)
def test_the_database_accepts_agreement_a_reason_or_no_suggestion(saved, items, values):
    assert bypassing_the_service(saved, items[0], **values).pk is not None


def test_the_database_refuses_an_answer_off_the_scale(saved, items):
    with pytest.raises(IntegrityError):
        bypassing_the_service(saved, items[0], answer="irrelevant")


def test_the_database_refuses_a_second_answer_to_an_item(saved, items):
    with pytest.raises(IntegrityError), transaction.atomic():
        FidelityAnswer.objects.create(review=saved, item=items[0], answer="yes")


def test_a_note_of_4000_characters_is_kept(create):
    assert len(create(note="n" * 4000).note) == 4000


def test_a_note_over_4000_characters_is_refused(create):
    with pytest.raises(CourseActionError):
        create(note="n" * 4001)

    assert nothing_saved()
