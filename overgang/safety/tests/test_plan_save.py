"""Writing the safety plan: created and changed part by part, every change a numbered version;
stale writes refused with nothing lost; bad input refused with nothing changed; the audit names the
parts that changed and never what they say."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.services import CourseActionError
from overgang.safety import services
from overgang.safety.models import PART_FIELDS, SafetyPlan, SafetyPlanRevision

pytestmark = pytest.mark.django_db

SECRET = "Flugtvej over naboens have til krisecentret"


def form_data(version: int, **values: str) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(PART_FIELDS, "")
    data |= {"reviewed_on": "", "version": str(version)}
    data |= values
    return data


def test_the_worker_makes_the_plan(
    client_for: Any, alice: Any, shelter_course: Any, frozen_today: Any
) -> None:
    response = client_for(alice).post(
        reverse("safety:plan_save", args=[shelter_course.pk]),
        form_data(
            0, escape_route=SECRET, police_measures="Overfaldsalarm bevilget", reviewed_on="2026-11-20"
        ),
    )

    assert response.status_code == 302
    plan = SafetyPlan.objects.get(course=shelter_course)
    assert plan.escape_route == SECRET
    assert plan.police_measures == "Overfaldsalarm bevilget"
    assert plan.reviewed_on == dt.date(2026, 11, 20)
    assert plan.version == 1
    assert plan.revisions.get().values["escape_route"] == SECRET


def test_the_coordinator_can_change_the_plan(
    client_for: Any, alice: Any, carol: Any, shelter_course: Any, frozen_today: Any, today: dt.date
) -> None:
    services.safety_plan_save(course=shelter_course, actor=alice, expected_version=0, today=today, risks="A")

    response = client_for(carol).post(
        reverse("safety:plan_save", args=[shelter_course.pk]), form_data(1, risks="B")
    )

    assert response.status_code == 302
    assert SafetyPlan.objects.get(course=shelter_course).risks == "B"


@pytest.mark.parametrize("person", ["bob", "manny", "dave", "mallory"])
def test_others_cannot_write_the_plan(
    request: Any, client_for: Any, shelter_course: Any, person: str, frozen_today: Any
) -> None:
    response = client_for(request.getfixturevalue(person)).post(
        reverse("safety:plan_save", args=[shelter_course.pk]), form_data(0, risks=SECRET)
    )

    assert response.status_code == 404
    assert not SafetyPlan.objects.exists()


def test_the_audit_names_changed_parts_never_their_text(
    alice: Any, shelter_course: Any, today: dt.date
) -> None:
    plan = services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=0, today=today, escape_route=SECRET
    )
    services.safety_plan_save(
        course=shelter_course,
        actor=alice,
        expected_version=plan.version,
        today=today,
        escape_route=SECRET,
        worker_safety="Mød aldrig alene",
    )

    entries = list(AuditEntry.objects.filter(action__startswith="safety.plan_").order_by("pk"))
    assert [e.action for e in entries] == ["safety.plan_created", "safety.plan_changed"]
    assert entries[0].after["fields"] == ["escape_route"]
    assert entries[1].after["fields"] == ["worker_safety"]
    dumped = json.dumps([[e.before, e.after] for e in entries])
    assert SECRET not in dumped and "alene" not in dumped


def test_saving_nothing_new_makes_no_version(alice: Any, shelter_course: Any, today: dt.date) -> None:
    plan = services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=0, today=today, risks="A"
    )

    again = services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=1, today=today, risks="A "
    )

    assert again.version == 1
    assert plan.revisions.count() == 1
    assert AuditEntry.objects.filter(action="safety.plan_changed").count() == 0


def test_a_stale_version_is_refused_and_the_typed_text_is_kept(
    client_for: Any, alice: Any, carol: Any, shelter_course: Any, frozen_today: Any, today: dt.date
) -> None:
    services.safety_plan_save(course=shelter_course, actor=alice, expected_version=0, today=today, risks="A")
    services.safety_plan_save(course=shelter_course, actor=carol, expected_version=1, today=today, risks="B")

    response = client_for(alice).post(
        reverse("safety:plan_save", args=[shelter_course.pk]), form_data(1, risks="Alice's new words")
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "En anden har ændret sikkerhedsplanen" in page
    assert "Seneste ændring: version 2" in page
    assert "Alice&#x27;s new words" in page
    plan = SafetyPlan.objects.get(course=shelter_course)
    assert (plan.risks, plan.version) == ("B", 2)


def test_two_first_saves_cannot_both_create(
    alice: Any, carol: Any, shelter_course: Any, today: dt.date
) -> None:
    services.safety_plan_save(course=shelter_course, actor=alice, expected_version=0, today=today, risks="A")

    with pytest.raises(services.SafetyPlanConflict):
        services.safety_plan_save(
            course=shelter_course, actor=carol, expected_version=0, today=today, risks="B"
        )

    assert SafetyPlan.objects.get().risks == "A"


@pytest.mark.parametrize(
    "values",
    [
        {"reviewed_on": "2026-12-24"},  # in the future
        {"reviewed_on": "not a date"},
        {"risks": "x" * 4001},
        {"version": "abc"},
        {"version": ""},
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    client_for: Any,
    alice: Any,
    shelter_course: Any,
    today: dt.date,
    frozen_today: Any,
    values: dict[str, str],
) -> None:
    services.safety_plan_save(course=shelter_course, actor=alice, expected_version=0, today=today, risks="A")
    data = form_data(1, escape_route="New text the worker typed") | values

    response = client_for(alice).post(reverse("safety:plan_save", args=[shelter_course.pk]), data)

    assert response.status_code == 400
    assert "New text the worker typed" in response.content.decode()
    plan = SafetyPlan.objects.get(course=shelter_course)
    assert (plan.risks, plan.escape_route, plan.version) == ("A", "", 1)


def test_an_ended_course_keeps_its_plan_read_only(
    client_for: Any, alice: Any, shelter_course: Any, today: dt.date, frozen_today: Any
) -> None:
    services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=0, today=today, risks=SECRET
    )
    course_services.course_end(course=shelter_course, on=today, reason="refuses", actor=alice, today=today)
    client = client_for(alice)

    page = client.get(reverse("safety:plan", args=[shelter_course.pk])).content.decode()
    response = client.post(reverse("safety:plan_save", args=[shelter_course.pk]), form_data(1, risks="B"))

    assert SECRET in page
    assert 'data-testid="form-safety-plan"' not in page
    assert response.status_code == 404
    assert SafetyPlan.objects.get().risks == SECRET
    with pytest.raises(CourseActionError):
        services.safety_plan_save(
            course=shelter_course, actor=alice, expected_version=1, today=today, risks="B"
        )


def test_only_shelter_courses_get_a_plan(
    alice: Any, homelessness: Any, make_course: Any, today: dt.date
) -> None:
    course = make_course(alice, homelessness, phase_1=today)

    with pytest.raises(CourseActionError):
        services.safety_plan_save(course=course, actor=alice, expected_version=0, today=today, risks="A")

    assert not SafetyPlan.objects.exists()


def test_the_page_shows_the_manual_parts_with_their_guiding_questions(
    client_for: Any, alice: Any, shelter_course: Any, frozen_today: Any
) -> None:
    page = client_for(alice).get(reverse("safety:plan", args=[shelter_course.pk])).content.decode()

    for name in PART_FIELDS:
        assert f'data-testid="safety-part-{name}"' in page
    assert "Flugtvej og destination" in page
    assert "Familieretshuset" in page
    assert "Politiet træffer afgørelse herom." in page


def test_the_history_shows_every_version_with_what_changed(
    client_for: Any, alice: Any, carol: Any, shelter_course: Any, today: dt.date, frozen_today: Any
) -> None:
    services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=0, today=today, risks="First"
    )
    services.safety_plan_save(
        course=shelter_course, actor=carol, expected_version=1, today=today, risks="Second"
    )

    page = client_for(alice).get(reverse("safety:history", args=[shelter_course.pk])).content.decode()

    assert page.count('data-testid="revision"') == 2
    assert "<del>First</del>" in page and "<ins>Second</ins>" in page
    assert SafetyPlanRevision.objects.filter(plan__course=shelter_course).count() == 2
