"""A refused attempt on something that exists writes one `access.denied` row; the answer stays
exactly the 404 of something missing, and a missing object writes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def without_nonces(content: bytes) -> str:
    """The page, without the parts that differ on every response (CSP nonces, CSRF tokens)."""
    text = content.decode()
    text = re.sub(r'nonce="[^"]*"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.fixture
def course(world: Any) -> Any:
    return world.course


@pytest.mark.parametrize("person", ["bob", "mallory", "erin"])
@pytest.mark.parametrize(
    "page", ["courses:detail", "journal:journal", "network:map_pdf", "api:course-detail"]
)
def test_a_refused_course_is_logged_once_and_answers_like_a_missing_one(
    request: Any, person: str, page: str, course: Any, client_for: Any, frozen_today: Any
) -> None:
    user = request.getfixturevalue(person)
    client = client_for(user)
    missing = client.get(reverse(page, args=[course.pk + 10_000]))
    since = last_pk()

    refused = client.get(reverse(page, args=[course.pk]))

    assert refused.status_code == missing.status_code == 404
    assert without_nonces(refused.content) == without_nonces(missing.content)
    assert refused["Content-Type"] == missing["Content-Type"]
    entries = list(AuditEntry.objects.filter(pk__gt=since))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.outcome) == ("access.denied", "denied")
    assert entry.actor_id == user.pk
    assert (entry.object_type, entry.object_id) == ("courses.course", str(course.pk))
    assert entry.citizen_id == course.citizen_id
    assert entry.municipality_id == user.municipality_id  # the user's own municipality
    assert entry.request_id == refused["X-Request-ID"]


def test_a_missing_course_writes_nothing(course: Any, bob: Any, client_for: Any, frozen_today: Any) -> None:
    client = client_for(bob)
    since = last_pk()

    response = client.get(reverse("courses:detail", args=[course.pk + 10_000]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_the_allowed_user_gets_no_denied_row(
    course: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    since = last_pk()

    client.get(reverse("courses:detail", args=[course.pk]))

    assert not AuditEntry.objects.filter(pk__gt=since, outcome="denied").exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_logged(course: Any, client: Any) -> None:
    since = last_pk()

    response = client.get(reverse("courses:detail", args=[course.pk]))

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_a_refused_programme_is_logged_once(
    homelessness: Any, dave: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(dave)  # coordinator of the job programme only
    missing = client.get(reverse("compass:instrument", args=[homelessness.pk + 10_000]))
    since = last_pk()

    refused = client.get(reverse("compass:instrument", args=[homelessness.pk]))

    assert refused.status_code == missing.status_code == 404
    assert without_nonces(refused.content) == without_nonces(missing.content)
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.actor_id) == ("access.denied", "denied", dave.pk)
    assert (entry.object_type, entry.object_id) == ("programmes.programme", str(homelessness.pk))
    assert entry.citizen_id is None
    assert entry.municipality_id == dave.municipality_id
    assert entry.request_id == refused["X-Request-ID"]


@pytest.mark.parametrize("person", ["manny", "administrator"])
def test_a_refused_safety_plan_is_logged_once(
    request: Any, person: str, world: Any, client_for: Any, frozen_today: Any
) -> None:
    """The manager and the administrator may read the course but not its safety plan."""
    user = request.getfixturevalue(person)
    client = client_for(user)
    since = last_pk()

    response = client.get(reverse("safety:plan", args=[world.shelter_course.pk]))

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.object_type) == (
        "access.denied",
        "denied",
        "safety.safetyplan",
    )
    assert entry.citizen_id == world.shelter_course.citizen_id
    assert entry.request_id == response["X-Request-ID"]


# --- Pages that do not exist for a job consultant ---------------------------------------------------


@pytest.fixture
def job_consultant(municipality: Any) -> Any:
    from overgang.accounts.models import User

    return User.objects.create_user(
        username="jonna",
        first_name="Jonna",
        last_name="Jobkonsulent",
        municipality=municipality,
        role="job_consultant",
    )


@pytest.mark.parametrize(
    ("page", "args"),
    [("desk:phase_plan", []), ("desk:board", []), ("api:course-list", []), ("api:course-detail", ["course"])],
)
def test_a_job_consultant_refused_a_page_is_logged_once_without_a_citizen(
    page: str, args: list[str], course: Any, job_consultant: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(job_consultant)
    since = last_pk()

    response = client.get(reverse(page, args=[course.pk for _ in args]))

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.actor_id) == ("access.denied", "denied", job_consultant.pk)
    assert entry.object_type == page  # the page asked for
    assert entry.object_id == (str(course.pk) if args else "")
    assert entry.citizen_id is None
    assert entry.municipality_id == job_consultant.municipality_id
    assert entry.request_id == response["X-Request-ID"]


# --- Another course's object asked for through a course the user may see -------------------------
#
# Alice may see both her homelessness course and her shelter course; the journal entry, the plan,
# the network person and so on belong to the homelessness course. Asked for through the shelter
# course they are refused and logged with the citizen they belong to; an id that exists nowhere is
# simply missing and logs nothing.


def _foreign(world: Any) -> list[tuple[str, str, dict[str, Any], str, Any]]:
    """(method, URL name, kwargs with the foreign id, object type, the foreign id's key)."""
    return [
        ("GET", "journal:entry_edit", {"entry_pk": world.entry.pk}, "journal.contactentry", "entry_pk"),
        ("GET", "network:person_edit", {"person_pk": world.person.pk}, "network.networkperson", "person_pk"),
        (
            "POST",
            "network:person_remove",
            {"person_pk": world.other_person.pk},
            "network.networkperson",
            "person_pk",
        ),
        ("GET", "network:person_photo", {"person_pk": world.person.pk}, "network.networkperson", "person_pk"),
        ("POST", "network:map_line_remove", {"line_pk": world.line.pk}, "network.mapline", "line_pk"),
        ("GET", "plans:history", {"plan_pk": world.plan.pk}, "plans.ctiplan", "plan_pk"),
        ("GET", "plans:plan_edit", {"plan_pk": world.plan.pk}, "plans.ctiplan", "plan_pk"),
        (
            "GET",
            "handover:meeting_edit",
            {"meeting_pk": world.meeting.pk},
            "handover.handovermeeting",
            "meeting_pk",
        ),
        (
            "POST",
            "handover:meeting_remove",
            {"meeting_pk": world.meeting.pk},
            "handover.handovermeeting",
            "meeting_pk",
        ),
    ]


FOREIGN_NAMES = [
    "journal:entry_edit",
    "network:person_edit",
    "network:person_remove",
    "network:person_photo",
    "network:map_line_remove",
    "plans:history",
    "plans:plan_edit",
    "handover:meeting_edit",
    "handover:meeting_remove",
]


@pytest.mark.parametrize("index", range(len(FOREIGN_NAMES)), ids=FOREIGN_NAMES)
def test_another_courses_object_is_refused_and_logged_once(
    index: int, world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    method, name, kwargs, object_type, key = _foreign(world)[index]
    through = world.shelter_course
    client = client_for(alice)

    def ask(values: dict[str, Any]) -> Any:
        url = reverse(name, kwargs={"pk": through.pk, **values})
        return client.post(url, {"version": "1"}) if method == "POST" else client.get(url)

    since = last_pk()
    missing = ask({key: kwargs[key] + 10_000})
    assert missing.status_code == 404
    assert not AuditEntry.objects.filter(pk__gt=since).exists(), "a missing id logs nothing"

    refused = ask(kwargs)

    assert refused.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.actor_id) == ("access.denied", "denied", alice.pk)
    assert (entry.object_type, entry.object_id) == (object_type, str(kwargs[key]))
    assert entry.citizen_id == world.course.citizen_id  # whose object it is, not the course asked through
    assert entry.municipality_id == alice.municipality_id
    assert entry.request_id == refused["X-Request-ID"]


def test_another_programmes_checklist_item_is_refused_and_logged_without_a_citizen(
    world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    from overgang.checklists.selectors import course_checklist_ids

    assert world.item.checklist_id not in course_checklist_ids(world.shelter_course)
    client = client_for(alice)
    since = last_pk()

    response = client.post(
        reverse("checklists:answer", args=[world.shelter_course.pk, world.item.pk]), {"answer": "yes"}
    )

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "access.denied",
        "checklists.checklistitem",
        str(world.item.pk),
    )
    assert entry.citizen_id is None


# --- The course may be read, this part of it not ---------------------------------------------------


def test_a_map_outside_the_citizens_consent_is_refused_and_logged_once(
    world: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    """No consent recorded: the coordinator reads the course but not the network map."""
    client = client_for(carol)
    assert client.get(reverse("courses:detail", args=[world.course.pk])).status_code == 200
    since = last_pk()

    response = client.get(reverse("network:map", args=[world.course.pk]))

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "access.denied",
        "network.networkmap",
        str(world.course.pk),
    )
    assert entry.citizen_id == world.course.citizen_id
    assert entry.request_id == response["X-Request-ID"]


@pytest.mark.parametrize(
    ("page", "method", "object_type"),
    [
        ("privacy:data_export", "GET", "privacy.data_export"),
        ("privacy:data_export", "POST", "privacy.data_export"),
        ("safety:confidential_address", "GET", "courses.citizen"),
        ("safety:confidential_address", "POST", "courses.citizen"),
    ],
)
def test_a_manager_refused_a_part_of_a_course_is_logged_once(
    page: str, method: str, object_type: str, world: Any, manny: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(manny)
    url = reverse(page, args=[world.course.pk])
    since = last_pk()

    response = client.post(url, {}) if method == "POST" else client.get(url)

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.outcome, entry.actor_id) == ("access.denied", "denied", manny.pk)
    assert entry.object_type == object_type
    assert entry.citizen_id == world.course.citizen_id
    assert entry.request_id == response["X-Request-ID"]


def test_saving_the_safety_plan_of_an_ended_course_is_refused_and_logged_once(
    world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    from overgang.courses.services import course_end

    course = course_end(
        course=world.shelter_course, on=frozen_today, reason="moved", actor=alice, today=frozen_today
    )
    client = client_for(alice)
    since = last_pk()

    response = client.post(reverse("safety:plan_save", args=[course.pk]), {"version": "0"})

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.object_type, entry.citizen_id) == (
        "access.denied",
        "safety.safetyplan",
        course.citizen_id,
    )


def test_another_programmes_worker_is_refused_and_logged_once(
    world: Any, carol: Any, erin: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(carol)
    missing = client.get(reverse("api:worker-courses", args=[erin.pk + 10_000]))
    since = last_pk()

    response = client.get(reverse("api:worker-courses", args=[erin.pk]))

    assert response.status_code == missing.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "access.denied",
        "accounts.user",
        str(erin.pk),
    )
    assert entry.citizen_id is None


def test_moving_another_programmes_workers_caseload_is_refused_and_logged_once(
    world: Any, carol: Any, erin: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(carol)
    since = last_pk()

    response = client.get(reverse("desk:move_caseload", args=[erin.pk]))

    assert response.status_code == 404
    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "access.denied",
        "accounts.user",
        str(erin.pk),
    )
    assert entry.citizen_id is None
