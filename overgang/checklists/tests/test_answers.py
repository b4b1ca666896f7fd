"""Answering a checklist item on a course: through the service and through the page's form (htmx or
a plain POST). Validated, versioned, audited, behind the one door."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertTemplateUsed

from overgang.audit.models import AuditEntry
from overgang.checklists.models import ChecklistAnswer, ChecklistItem
from overgang.checklists.selectors import course_checklist
from overgang.checklists.services import answer_save
from overgang.courses import services
from overgang.courses.services import CourseActionError

pytestmark = pytest.mark.usefixtures("frozen_today")

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(course, item):
    return f"/courses/{course.pk}/checklist/items/{item.pk}/"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def stored(course, item):
    return ChecklistAnswer.objects.filter(course=course, item=item).first()


# --- the service ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["yes", "no", "irrelevant"])
def test_a_phase_item_takes_yes_no_or_not_relevant(alice, course, item_of, value):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    saved = answer_save(course=course, item=item, answer=value, actor=alice)

    assert stored(course, item).answer == value
    assert saved.version == 1


@pytest.mark.parametrize("value", ["unknown", "", "maybe"])
def test_a_phase_item_refuses_any_other_answer(alice, course, item_of, value):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    with pytest.raises(CourseActionError) as refused:
        answer_save(course=course, item=item, answer=value, actor=alice)

    assert refused.value.field == "answer"
    assert stored(course, item) is None


def test_only_the_fidelity_scale_has_dont_know(alice, course, item_of):
    fidelity = item_of("homelessness_fidelity", "f_caseload").checklist
    phase = item_of("homelessness_phase_1", "p1_trusting_relation").checklist

    assert "unknown" in fidelity.answer_choices
    assert "unknown" not in phase.answer_choices


def test_a_fidelity_item_cannot_be_answered_on_a_course(alice, course, item_of):
    item = item_of("homelessness_fidelity", "f_caseload")

    with pytest.raises(CourseActionError):
        answer_save(course=course, item=item, answer="yes", actor=alice)

    assert not ChecklistAnswer.objects.filter(course=course).exists()


def test_an_item_of_another_programmes_checklist_is_refused(alice, course, item_of):
    item = item_of("generic_phase_1", "p1_plan_made")

    with pytest.raises(CourseActionError):
        answer_save(course=course, item=item, answer="yes", actor=alice)

    assert not ChecklistAnswer.objects.filter(course=course).exists()


def test_items_of_every_period_of_the_programme_may_be_answered(alice, course):
    for code in ["homelessness_contact", "homelessness_phase_2", "homelessness_phase_3"]:
        item = ChecklistItem.objects.filter(checklist__code=code).order_by("position").first()
        answer_save(course=course, item=item, answer="no", actor=alice)

    assert ChecklistAnswer.objects.filter(course=course).count() == 3


def test_a_comment_of_500_characters_is_kept(alice, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    answer_save(course=course, item=item, answer="no", comment="x" * 500 + "  ", actor=alice)

    assert stored(course, item).comment == "x" * 500


def test_a_comment_over_500_characters_is_refused(alice, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    with pytest.raises(CourseActionError) as refused:
        answer_save(course=course, item=item, answer="no", comment="x" * 501, actor=alice)

    assert refused.value.field == "comment"
    assert stored(course, item) is None


def test_the_answer_records_who_and_when(alice, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    at = dt.datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))

    answer_save(course=course, item=item, answer="yes", comment="Godt", actor=alice, now=at)

    saved = stored(course, item)
    assert (saved.answered_by, saved.answered_at, saved.version) == (alice, at, 1)
    assert saved.comment == "Godt"


def test_the_answer_reads_the_clock_when_no_time_is_given(alice, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    answer_save(course=course, item=item, answer="yes", actor=alice)

    assert stored(course, item).answered_at == dt.datetime(
        2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen")
    )


def test_changing_an_answer_bumps_its_version_and_takes_the_new_answerer(alice, carol, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    answer_save(course=course, item=item, answer="no", actor=alice)

    answer_save(course=course, item=item, answer="yes", comment="Nu", actor=carol, expected_version=1)

    saved = stored(course, item)
    assert (saved.answer, saved.comment, saved.answered_by, saved.version) == ("yes", "Nu", carol, 2)
    assert ChecklistAnswer.objects.filter(course=course).count() == 1


def test_a_second_first_answer_is_refused_and_the_first_kept(alice, carol, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    answer_save(course=course, item=item, answer="yes", comment="Alice", actor=alice)

    with pytest.raises(CourseActionError) as refused:
        answer_save(
            course=course, item=item, answer="no", comment="Carol", actor=carol, expected_version=None
        )

    assert refused.value.conflict
    saved = stored(course, item)
    assert (saved.answer, saved.comment, saved.answered_by, saved.version) == ("yes", "Alice", alice, 1)


def test_a_change_on_a_stale_version_is_refused_and_the_newer_answer_kept(alice, carol, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    answer_save(course=course, item=item, answer="no", actor=alice)
    answer_save(course=course, item=item, answer="yes", comment="Carol", actor=carol, expected_version=1)

    with pytest.raises(CourseActionError) as refused:
        answer_save(course=course, item=item, answer="irrelevant", actor=alice, expected_version=1)

    assert refused.value.conflict
    saved = stored(course, item)
    assert (saved.answer, saved.answered_by, saved.version) == ("yes", carol, 2)


def test_the_stale_answer_message_says_what_happened(alice, carol, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    answer_save(course=course, item=item, answer="yes", actor=alice)

    with translation.override("en"), pytest.raises(CourseActionError) as refused:
        answer_save(course=course, item=item, answer="no", actor=carol)

    assert refused.value.message == (
        "Someone else answered this item while you were working. Their answer is shown now."
    )


def test_every_write_is_audited_without_the_comment_text(alice, carol, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    secret = "Borgeren fortalte om sin diagnose"
    first = answer_save(course=course, item=item, answer="no", comment=secret, actor=alice)
    answer_save(course=course, item=item, answer="yes", comment=secret + "!", actor=carol, expected_version=1)

    entries = list(AuditEntry.objects.filter(action="checklist.answered").order_by("pk"))

    assert len(entries) == 2
    created, changed = entries
    assert (created.actor, changed.actor) == (alice, carol)
    assert created.object_id == changed.object_id == str(first.pk)
    assert created.citizen_id == course.citizen_id
    assert created.municipality_id == course.municipality_id
    assert created.before is None
    assert created.after["comment_length"] == len(secret)
    assert changed.before["answer"] == "no"
    assert changed.after == {
        "item": "p1_trusting_relation",
        "checklist": "homelessness_phase_1",
        "answer": "yes",
        "comment_length": len(secret) + 1,
        "version": 2,
    }
    for entry in entries:
        assert "diagnose" not in json.dumps([entry.before, entry.after], ensure_ascii=False)


def test_a_refused_answer_writes_no_audit_row(alice, course, item_of):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    with pytest.raises(CourseActionError):
        answer_save(course=course, item=item, answer="unknown", actor=alice)

    assert not AuditEntry.objects.filter(action="checklist.answered").exists()


def test_an_ended_course_cannot_be_answered(alice, course, item_of, today):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    ended = services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)

    with pytest.raises(CourseActionError) as refused:
        answer_save(course=ended, item=item, answer="yes", actor=alice)

    assert refused.value.conflict
    assert stored(course, item) is None


def test_an_ended_course_cannot_be_answered_through_an_instance_read_before_it_ended(
    alice, course, item_of, today
):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    assert course.end_date is None  # the caller's copy, read before the end

    with pytest.raises(CourseActionError):
        answer_save(course=course, item=item, answer="yes", actor=alice)


def test_two_simultaneous_first_answers_end_in_a_conflict_not_an_error(
    alice, carol, course, item_of, monkeypatch
):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    manager = ChecklistAnswer.objects
    real_select_for_update = manager.select_for_update

    class CarolAnswersMeanwhile:
        """Alice's lock finds no answer; Carol's request commits hers right after."""

        def filter(self, **lookups):
            seen = real_select_for_update().filter(**lookups).first()
            manager.create(
                course=course, item=item, answer="no", answered_by=carol, answered_at=timezone.now()
            )
            return SimpleNamespace(first=lambda: seen)

    monkeypatch.setattr(manager, "select_for_update", CarolAnswersMeanwhile)

    with pytest.raises(CourseActionError) as refused:
        answer_save(course=course, item=item, answer="yes", actor=alice)

    assert refused.value.conflict


# --- progress ---------------------------------------------------------------------------------------


def test_progress_counts_answers_per_list_and_group(alice, course, item_of):
    for code, value in [
        ("p1_trusting_relation", "yes"),
        ("p1_asked_about_needs", "no"),
        ("p1_offered_141_plan", "no"),
        ("p1_housing_registered", "irrelevant"),
        ("p1_moved_in", "no"),
    ]:
        answer_save(course=course, item=item_of("homelessness_phase_1", code), answer=value, actor=alice)

    listed = course_checklist(course, "phase_1")

    assert (listed.answered, listed.total, listed.percent) == (5, 56, 9)
    coherence, housing = listed.groups[0], listed.groups[1]
    assert (coherence.heading, coherence.answered, coherence.total, coherence.no) == (
        "Sammenhæng i indsatsen",
        3,
        9,
        2,
    )
    assert (housing.answered, housing.total, housing.no) == (1, 5, 0)
    transition = listed.groups[-1]
    assert (transition.transition, transition.answered, transition.total, transition.no) == (
        "phase_2",
        1,
        6,
        1,
    )
    assert [len(group.rows) for group in listed.groups] == [9, 5, 4, 7, 4, 3, 8, 4, 3, 3, 6]


def test_progress_of_an_unanswered_list_is_zero(course):
    listed = course_checklist(course, "phase_2")

    assert (listed.answered, listed.total, listed.percent) == (0, 43, 0)


def test_a_fully_answered_list_is_100_percent(alice, course):
    listed = course_checklist(course, "contact")
    for group in listed.groups:
        for row in group.rows:
            answer_save(course=course, item=row.item, answer="yes", actor=alice)

    listed = course_checklist(course, "contact")

    assert (listed.answered, listed.total, listed.percent) == (4, 4, 100)


# --- the view ---------------------------------------------------------------------------------------


def test_an_htmx_answer_returns_the_item_fragment(alice, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    response = client_for(alice).post(url(course, item), {"answer": "yes", "comment": "Fint"}, **HTMX)

    assert response.status_code == 200
    assertTemplateUsed(response, "checklists/_item.html")
    assert "<html" not in response.content.decode()
    assertContains(response, 'data-testid="check-item"')
    assertContains(response, f'data-item="{item.code}"')
    assertContains(response, 'value="yes" checked')
    assertContains(response, 'name="version" value="1"')
    saved = stored(course, item)
    assert (saved.answer, saved.comment, saved.answered_by) == ("yes", "Fint", alice)


def test_an_htmx_answer_refused_returns_the_fragment_with_the_error_and_status_400(
    alice, course, item_of, client_for
):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client = english(client_for(alice))

    response = client.post(url(course, item), {"answer": "unknown"}, **HTMX)

    assert response.status_code == 400
    assertTemplateUsed(response, "checklists/_item.html")
    assertContains(response, 'data-testid="check-error"', status_code=400)
    assertContains(response, "Choose one of the answers.", status_code=400)
    assert stored(course, item) is None


def test_an_htmx_answer_with_a_long_comment_is_refused(alice, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client = english(client_for(alice))

    response = client.post(url(course, item), {"answer": "yes", "comment": "x" * 501}, **HTMX)

    assertContains(response, "Write at most 500 characters.", status_code=400)
    assert stored(course, item) is None


def test_a_stale_htmx_answer_shows_the_other_answer_and_keeps_it(alice, carol, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client_for(alice).post(url(course, item), {"answer": "yes", "version": ""}, **HTMX)

    response = english(client_for(carol)).post(url(course, item), {"answer": "no", "version": ""}, **HTMX)

    assertContains(response, "Someone else answered this item", status_code=400)
    assertContains(response, 'value="yes" checked', status_code=400)
    saved = stored(course, item)
    assert (saved.answer, saved.answered_by, saved.version) == ("yes", alice, 1)


def test_a_change_with_the_current_version_is_saved(alice, carol, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client_for(alice).post(url(course, item), {"answer": "yes"}, **HTMX)

    response = client_for(carol).post(url(course, item), {"answer": "no", "version": "1"}, **HTMX)

    assert response.status_code == 200
    saved = stored(course, item)
    assert (saved.answer, saved.answered_by, saved.version) == ("no", carol, 2)


def test_a_plain_post_redirects_back_to_the_item_with_a_message(alice, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client = english(client_for(alice))

    response = client.post(url(course, item), {"answer": "no"})

    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.pk}/checklist/?period=phase_1#item-{item.pk}"
    followed = client.get(response["Location"])
    assert [str(m) for m in followed.context["messages"]] == ["The answer is saved."]
    assert stored(course, item).answer == "no"


def test_a_refused_plain_post_redirects_back_with_the_error(alice, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client = english(client_for(alice))

    response = client.post(url(course, item), {"answer": "unknown"}, follow=True)

    assert response.redirect_chain[0][1] == 302
    assert [str(m) for m in response.context["messages"]] == ["Choose one of the answers. Nothing was saved."]
    assert stored(course, item) is None


def test_the_view_writes_one_audit_row_per_answer(alice, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    client = client_for(alice)

    client.post(url(course, item), {"answer": "no", "comment": "hemmeligt"}, **HTMX)
    client.post(url(course, item), {"answer": "yes", "comment": "hemmeligt", "version": "1"}, **HTMX)

    entries = AuditEntry.objects.filter(action="checklist.answered")
    assert entries.count() == 2
    assert all("hemmeligt" not in json.dumps([e.before, e.after]) for e in entries)


def test_a_fidelity_item_is_not_found_through_the_course(alice, course, item_of, client_for):
    item = item_of("homelessness_fidelity", "f_caseload")

    response = client_for(alice).post(url(course, item), {"answer": "yes"}, **HTMX)

    assert response.status_code == 404
    assert not ChecklistAnswer.objects.exists()


def test_an_item_of_another_programmes_checklist_is_not_found(alice, course, item_of, client_for):
    item = item_of("generic_phase_1", "p1_plan_made")

    response = client_for(alice).post(url(course, item), {"answer": "yes"}, **HTMX)

    assert response.status_code == 404
    assert not ChecklistAnswer.objects.exists()


def test_a_missing_item_is_not_found(alice, course, client_for):
    response = client_for(alice).post(f"/courses/{course.pk}/checklist/items/999999/", {"answer": "yes"})

    assert response.status_code == 404


def test_an_ended_course_refuses_the_answer_in_the_view(alice, course, item_of, client_for, today):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)

    response = english(client_for(alice)).post(url(course, item), {"answer": "yes"}, **HTMX)

    assertContains(response, "The course has ended", status_code=400)
    assert stored(course, item) is None


def test_the_coordinator_may_answer(carol, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    response = client_for(carol).post(url(course, item), {"answer": "yes"}, **HTMX)

    assert response.status_code == 200
    assert stored(course, item).answered_by == carol


def test_a_manager_reads_but_may_not_answer(manny, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    response = client_for(manny).post(url(course, item), {"answer": "yes"}, **HTMX)

    assert response.status_code == 403
    assert stored(course, item) is None


@pytest.mark.parametrize("who", ["bob", "mallory", "dave"])
def test_people_who_cannot_see_the_course_get_not_found(who, bob, mallory, dave, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")
    user = {"bob": bob, "mallory": mallory, "dave": dave}[who]

    response = client_for(user).post(url(course, item), {"answer": "yes"}, **HTMX)

    assert response.status_code == 404
    assert stored(course, item) is None


def test_answering_requires_a_login(course, item_of, client):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    response = client.post(url(course, item), {"answer": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert stored(course, item) is None


def test_answering_refuses_get(alice, course, item_of, client_for):
    item = item_of("homelessness_phase_1", "p1_trusting_relation")

    response = client_for(alice).get(url(course, item))

    assert response.status_code == 405
