"""Posting extra fields changes nothing they name.

For a write endpoint of every app, the valid data is posted together with fields an attacker might
add (worker, municipality, programme, citizen, course, ids, author, dates, role, staff flags), all
pointing at someone else's objects. The write succeeds, every row it adds or changes belongs to the
course it was made on (its citizen, its municipality) with the poster as author, and no row of any
other course or citizen changes; nor does the poster's own account.

The forms are plain forms with explicit fields and the API's input serializers name theirs, so the
extras are dropped before a service sees them; this test holds that in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from overgang.security.tests.conftest import SecurityWorld

ACTOR_FIELDS = (
    "author",
    "created_by",
    "updated_by",
    "saved_by",
    "recorded_by",
    "answered_by",
    "actor",
    "user",
)


def extras(world: SecurityWorld) -> dict[str, Any]:
    """Fields that are not the form's, each pointing at another municipality's or programme's data."""
    foreign = world.other_municipality_course
    other = world.other_programme_course
    mallory = world.people["other_municipality"]
    return {
        "worker": mallory.pk,
        "worker_id": mallory.pk,
        "municipality": world.other_municipality.pk,
        "municipality_id": world.other_municipality.pk,
        "programme": other.programme_id,
        "programme_id": other.programme_id,
        "citizen": foreign.citizen_id,
        "citizen_id": foreign.citizen_id,
        "course": foreign.pk,
        "course_id": foreign.pk,
        "id": foreign.pk,
        "pk": foreign.pk,
        "author": mallory.pk,
        "actor": mallory.pk,
        "created_by": mallory.pk,
        "user": mallory.pk,
        "created_at": "2020-01-01T00:00:00Z",
        "role": "administrator",
        "is_staff": "on",
        "is_superuser": "on",
    }


@dataclass(frozen=True)
class WriteCase:
    name: str  # the URL name
    owner: str  # which course of the world it is made on
    payload: Callable[[Any, dt.date], dict[str, Any]]  # (course, today) -> the valid form data
    as_json: bool = False
    status: int = 302


def _pause(course: Any, today: dt.date) -> dict[str, Any]:
    return {"pause-start": today.isoformat(), "pause-reason": "hospital", "pause-version": course.version}


def _entry(course: Any, today: dt.date) -> dict[str, Any]:
    return {
        "occurred_at": f"{today - dt.timedelta(days=1)}T10:00",
        "status": "happened",
        "kind": "home_visit",
        "duration_minutes": 45,
        "note": "Talte om boligen.",
    }


def _frame(course: Any, today: dt.date) -> dict[str, Any]:
    from overgang.journal.models import ContactFrame

    frame = ContactFrame.objects.filter(course=course).first()
    data = {"frequency": "Hver uge", "reminder_channel": "none"}
    return data | ({"version": frame.version} if frame else {})


def _answer(course: Any, today: dt.date) -> dict[str, Any]:
    return {"answer": "yes", "comment": "Gjort."}


def _person(course: Any, today: dt.date) -> dict[str, Any]:
    return {"role": "family", "name": "Ny Netværksperson"}


def _meeting(course: Any, today: dt.date) -> dict[str, Any]:
    return {
        "kind": "handover",
        "held_on": (today - dt.timedelta(days=1)).isoformat(),
        "worker_attended": "on",
    }


def _safety(course: Any, today: dt.date) -> dict[str, Any]:
    from overgang.safety.models import SafetyPlan

    plan = SafetyPlan.objects.get(course=course)
    return {"version": plan.version, "reviewed_on": today.isoformat()}


def _consent(course: Any, today: dt.date) -> dict[str, Any]:
    from overgang.network.models import MapConsent

    latest = MapConsent.objects.filter(citizen=course.citizen).order_by("-pk").first()
    return {
        "scope": "worker",
        "given_on": today.isoformat(),
        "note": "",
        "expected_consent": latest.pk if latest else 0,
    }


def _api_pause(course: Any, today: dt.date) -> dict[str, Any]:
    return {"start": today.isoformat(), "reason": "hospital", "version": course.version}


WRITE_CASES = [
    WriteCase("courses:action", "homeless", _pause),
    WriteCase("journal:entry_new", "homeless", _entry),
    WriteCase("journal:frame_save", "homeless", _frame),
    WriteCase("checklists:answer", "homeless", _answer),
    WriteCase("network:person_add", "homeless", _person),
    WriteCase("network:map_consent", "homeless", _consent),
    WriteCase("handover:meeting_new", "homeless", _meeting),
    WriteCase("safety:plan_save", "shelter", _safety),
    WriteCase("journal:entry_new", "job", _entry),
    WriteCase("api:course-pause", "job", _api_pause, as_json=True, status=200),
]


def _url(case: WriteCase, course: Any) -> str:
    from overgang.checklists.models import ChecklistItem
    from overgang.checklists.selectors import course_checklist_ids

    kwargs: dict[str, Any] = {"pk": course.pk}
    if case.name == "courses:action":
        kwargs["action"] = "pause"
    if case.name == "checklists:answer":
        items = ChecklistItem.objects.filter(checklist_id__in=course_checklist_ids(course)).order_by("pk")
        kwargs["item_pk"] = items.values_list("pk", flat=True)[0]
    return reverse(case.name, kwargs=kwargs)


# Looking at the database before and after ------------------------------------------------------


def _owned_models() -> list[tuple[type[models.Model], str]]:
    """Every model of ours that belongs to a course or a citizen, with the path to the citizen."""
    from overgang.courses.models import Citizen, Course

    found: list[tuple[type[models.Model], str]] = [(Course, "citizen_id"), (Citizen, "pk")]
    for model in apps.get_models():
        if not model.__module__.startswith("overgang.") or model in (Course, Citizen):
            continue
        names = {f.name: f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)}
        if "course" in names and names["course"].related_model is Course:
            found.append((model, "course__citizen_id"))
        elif "citizen" in names and names["citizen"].related_model is Citizen:
            found.append((model, "citizen_id"))
    return found


def _rows(model: type[models.Model]) -> dict[Any, dict[str, Any]]:
    return {row["id"]: row for row in model._base_manager.values()}  # type: ignore[attr-defined]


def _snapshot() -> dict[str, dict[Any, dict[str, Any]]]:
    return {model._meta.label: _rows(model) for model, _path in _owned_models()}


def _digest(rows: dict[Any, dict[str, Any]]) -> str:
    return hashlib.sha256(repr(sorted(rows.items(), key=lambda item: item[0])).encode()).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize("case", WRITE_CASES, ids=lambda c: f"{c.name}-{c.owner}")
def test_extra_fields_change_nothing_they_name(
    case: WriteCase, security_world: SecurityWorld, on_security_today: dt.date, client_for: Any
) -> None:
    from overgang.accounts.models import User
    from overgang.courses.models import Course

    course = Course.objects.select_related("citizen").get(pk=security_world.courses[case.owner].pk)
    actor = course.worker
    account_before = User.objects.filter(pk=actor.pk).values().get()
    course_before = (
        Course.objects.filter(pk=course.pk)
        .values("worker_id", "municipality_id", "programme_id", "citizen_id")
        .get()
    )
    before = _snapshot()
    payload = {**extras(security_world), **case.payload(course, on_security_today)}
    client = client_for(actor)

    if case.as_json:
        response = client.post(_url(case, course), payload, content_type="application/json")
    else:
        response = client.post(_url(case, course), payload)

    assert response.status_code == case.status, response.content[:2000]
    after = _snapshot()
    touched = 0
    for model, path in _owned_models():
        label = model._meta.label
        old, new = before[label], after[label]
        mine = set(
            model._base_manager.filter(**{path: course.citizen_id}).values_list("pk", flat=True)  # type: ignore[attr-defined]
        )
        # Nobody else's rows changed, appeared or disappeared.
        assert _digest({k: v for k, v in old.items() if k not in mine}) == _digest(
            {k: v for k, v in new.items() if k not in mine}
        ), f"{label}: a row of another course or citizen changed"
        for pk, row in new.items():
            if old.get(pk) == row:
                continue
            touched += 1
            assert pk in mine, f"{label} {pk} belongs to someone else"
            if "municipality_id" in row:
                assert row["municipality_id"] == course.municipality_id, (label, row)
            if "course_id" in row:
                assert row["course_id"] == course.pk, (label, row)
            for name in ACTOR_FIELDS:
                if f"{name}_id" in row and pk not in old:
                    assert row[f"{name}_id"] == actor.pk, (label, name, row)
    assert touched, "the write saved nothing: the case is not testing a write"
    assert (
        Course.objects.filter(pk=course.pk)
        .values("worker_id", "municipality_id", "programme_id", "citizen_id")
        .get()
        == course_before
    )
    assert User.objects.filter(pk=actor.pk).values().get() | {"last_login": None} == account_before | {
        "last_login": None
    }


@pytest.mark.django_db
def test_registering_a_citizen_ignores_an_other_municipality_in_the_form(
    security_world: SecurityWorld, on_security_today: dt.date, client_for: Any
) -> None:
    from overgang.courses.models import Citizen, Course

    homeless = security_world.courses["homeless"]
    actor = homeless.worker
    programme = homeless.programme
    before = set(Course.objects.values_list("pk", flat=True))
    payload = {
        **extras(security_world),
        "first_name": "Ny",
        "last_name": "Borgersen",
        "cpr": "1505851000",
        "preferred_contact_form": "phone",
        "programme": programme.pk,
        "legal_basis": programme.legal_bases[0]["code"],
        "worker": actor.pk,
        "referral_date": on_security_today.isoformat(),
    }

    response = client_for(actor).post(reverse("courses:citizen_new"), payload)

    assert response.status_code == 302, response.content[:2000]
    new = Course.objects.exclude(pk__in=before).select_related("citizen").get()
    assert new.municipality_id == actor.municipality_id
    assert new.citizen.municipality_id == actor.municipality_id
    assert new.programme_id == programme.pk
    assert new.worker_id == actor.pk
    assert Citizen.objects.filter(municipality=security_world.other_municipality).count() == 1


@pytest.mark.django_db
def test_a_calendar_feed_is_always_the_posters_own(
    security_world: SecurityWorld, on_security_today: dt.date, client_for: Any
) -> None:
    from overgang.feeds.models import CalendarFeed

    actor = security_world.courses["homeless"].worker
    mallory = security_world.people["other_municipality"]

    response = client_for(actor).post(
        reverse("feeds:settings"), {**extras(security_world), "name_style": "initials"}
    )

    assert response.status_code in (200, 302)
    assert CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).count() == 1
    assert not CalendarFeed.objects.filter(user=mallory).exists()


@pytest.mark.django_db
def test_an_alert_comment_is_the_posters_own(
    security_world: SecurityWorld, on_security_today: dt.date, client_for: Any
) -> None:
    from overgang.desk.models import AlertAcknowledgement
    from overgang.desk.selectors import alerts_for

    actor = security_world.courses["homeless"].worker
    item = alerts_for(actor, today=on_security_today)[0]

    response = client_for(actor).post(
        reverse("desk:alert_acknowledge"),
        {**extras(security_world), "alert_key": item.alert.key, "comment": "Ringer i morgen."},
    )

    assert response.status_code == 302
    ack = AlertAcknowledgement.objects.get(alert_key=item.alert.key, user=actor)
    assert ack.municipality_id == actor.municipality_id
    assert ack.course_id == (item.course.pk if item.course else None)
