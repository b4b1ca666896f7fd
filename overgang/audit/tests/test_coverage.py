"""Audit coverage: every page, export and endpoint that reads a citizen's data writes exactly one
audit row, with the right user, citizen, municipality, action and the response's request id.

The list of course pages is taken from the URL resolver: every route under `courses/<int:pk>/`
(web and API). A new view is therefore tested the day it is added; if it reads with GET it must
have an expected action in READ_ACTIONS, if it only takes POST it must be listed in POST_ONLY
(and its change is then covered per app in test_changes.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from overgang.audit.models import AuditEntry

COURSE_ROUTE = re.compile(r"^(api/v1/)?courses/<int:pk>/")


def _routes(patterns: Any, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route, name) of every named URL pattern, names with their namespaces."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name


def course_routes() -> list[tuple[str, str]]:
    return sorted(
        {(name, route) for route, name in _routes(get_resolver().url_patterns) if COURSE_ROUTE.match(route)}
    )


COURSE_ROUTES = course_routes()


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def kwargs_for(name: str, route: str, world: Any) -> tuple[dict[str, Any], Any]:
    course = world.course
    if name.startswith("safety:"):
        course = world.shelter_course
    elif name.startswith("jobs:"):
        course = world.job_course
    values: dict[str, Any] = {}
    for kwarg in re.findall(r"<(?:\w+:)?(\w+)>", route):
        values[kwarg] = {
            "pk": course.pk,
            "entry_pk": world.entry.pk,
            "plan_pk": world.plan.pk,
            "area_pk": world.area.pk,
            "goal_pk": world.goal.pk,
            "person_pk": world.person.pk,
            "line_pk": world.line.pk,
            "meeting_pk": world.meeting.pk,
            "item_pk": world.item.pk,
            "slot": "phase_1",
            "step": "start_meeting",
            "action": "pause",
        }[kwarg]
    return values, course


# Every course route that answers GET, and the one audit action its read writes.
READ_ACTIONS = {
    "api:course-detail": "course.viewed",
    "checklists:checklist": "checklist.viewed",
    "compass:citizen_done": "compass.citizen_done_viewed",
    "compass:citizen_mode": "compass.citizen_mode_viewed",
    "compass:compass": "compass.viewed",
    "compass:worker_rate": "compass.worker_rating_viewed",
    "courses:detail": "course.viewed",
    "courses:end": "course.end_form_viewed",
    "courses:reassign": "course.reassign_form_viewed",
    "handover:handover": "handover.viewed",
    "handover:letter": "handover.letter_viewed",
    "handover:letter_pdf": "handover.letter_pdf",
    "handover:meeting_edit": "handover.meeting_form_viewed",
    "handover:meeting_new": "handover.meeting_form_viewed",
    "handover:meeting_remove": "handover.meeting_remove_viewed",
    "handover:plan_edit": "handover.plan_form_viewed",
    "jobs:history": "jobs.start_meeting_history_viewed",
    "jobs:job_match": "jobs.job_match_form_viewed",
    "jobs:joint_plan": "jobs.joint_plan_form_viewed",
    "jobs:start_meeting": "jobs.start_meeting_form_viewed",
    "jobs:steps": "jobs.steps_viewed",
    "jobs:work_agreement": "jobs.work_agreement_viewed",
    "journal:entry_edit": "contact_journal.entry_form_viewed",
    "journal:journal": "contact_journal.viewed",
    "network:map": "network.map_viewed",
    "network:map_pdf": "network.map_viewed",
    "network:overview": "network.viewed",
    "network:person_edit": "network.person_form_viewed",
    "network:person_photo": "network.photo_viewed",
    "plans:citizen_copy": "cti_plan.citizen_copy",
    "plans:focus_area_edit": "cti_plan.focus_area_form_viewed",
    "plans:focus_area_new": "cti_plan.focus_area_form_viewed",
    "plans:history": "cti_plan.history_viewed",
    "plans:plan": "cti_plan.viewed",
    "plans:plan_edit": "cti_plan.form_viewed",
    "plans:plan_new": "cti_plan.form_viewed",
    "plans:section_141": "cti_plan.section_141",
    "safety:confidential_address": "citizen.confidential_address_form_viewed",
    "safety:history": "safety.plan_history_viewed",
    "safety:plan": "safety.plan_viewed",
    "audit:citizen_lookups": "audit.citizen_lookups_viewed",
    "privacy:data_export": "privacy.export_form_viewed",
}

# Course routes that only take POST (a GET is 405 and writes nothing); their writes are covered by
# CHANGES below (a representative per app) and by each app's own tests.
POST_ONLY = {
    "api:course-contact-period",
    "api:course-end",
    "api:course-pause",
    "api:course-phase",
    "api:course-reassign",
    "api:course-restart",
    "api:course-resume",
    "checklists:answer",
    "courses:action",
    "courses:job_consultants",
    "courses:restart",
    "handover:celebration",
    "jobs:hours_update",
    "journal:entry_new",
    "journal:frame_save",
    "network:map_consent",
    "network:map_consent_withdraw",
    "network:map_line_add",
    "network:map_line_remove",
    "network:map_place",
    "network:map_unplace",
    "network:person_add",
    "network:person_remove",
    "plans:focus_area_remove",
    "plans:follow_up",
    "plans:sub_goal_mark",
    "safety:plan_save",
}

# Who asks: the course's worker, except where only a coordinator may (reassigning).
ASKED_BY = {"courses:reassign": "carol"}

READ_ROUTES = [(name, route) for name, route in COURSE_ROUTES if name not in POST_ONLY]
POST_ROUTES = [(name, route) for name, route in COURSE_ROUTES if name in POST_ONLY]


def assert_one_row(
    since: int, response: Any, *, actor: Any, action: str, citizen_id: int | None
) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(pk__gt=since))
    assert [e.action for e in entries] == [action]
    entry = entries[0]
    assert entry.actor_id == actor.pk
    assert entry.citizen_id == citizen_id
    assert entry.municipality_id == actor.municipality_id
    assert entry.outcome == "allowed"
    assert entry.request_id and entry.request_id == response["X-Request-ID"]
    return entry


def test_every_course_route_is_either_a_read_or_post_only() -> None:
    names = {name for name, _route in COURSE_ROUTES}
    assert len(names) > 60  # the resolver walk found the apps' routes
    assert names - set(READ_ACTIONS) - POST_ONLY == set(), (
        "a new course route: add it to READ_ACTIONS or POST_ONLY"
    )
    assert POST_ONLY - names == set()
    assert set(READ_ACTIONS) - names == set()


@pytest.mark.parametrize(("name", "route"), READ_ROUTES, ids=[name for name, _ in READ_ROUTES])
def test_reading_a_course_page_writes_exactly_one_row(
    request: Any, name: str, route: str, world: Any, client_for: Any, frozen_today: Any
) -> None:
    user = request.getfixturevalue(ASKED_BY.get(name, "alice"))
    kwargs, course = kwargs_for(name, route, world)
    client = client_for(user)  # logging in is audited too: count from here
    since = last_pk()

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    assert_one_row(since, response, actor=user, action=READ_ACTIONS[name], citizen_id=course.citizen_id)


@pytest.mark.parametrize(("name", "route"), POST_ROUTES, ids=[name for name, _ in POST_ROUTES])
def test_a_post_only_route_refuses_a_read_and_writes_nothing(
    name: str, route: str, world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    kwargs, _course = kwargs_for(name, route, world)
    client = client_for(alice)
    since = last_pk()

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 405
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


# --- Lists, exports, the search and the feed: one row for the request ----------------------------
#
# A list of many citizens (overview, phase plan, alerts, caseload, digest preview, figures'
# drill-down, the API list) writes one row for the list, not one per citizen.

LIST_READS = [
    ("courses:overview", {}, "course_list.viewed"),
    ("desk:phase_plan", {}, "phase_plan.viewed"),
    ("desk:phase_plan_xlsx", {}, "phase_plan.exported_xlsx"),
    ("desk:phase_plan_pdf", {}, "phase_plan.exported_pdf"),
    ("desk:alerts", {}, "alerts.viewed"),
    ("desk:board", {}, "caseload_board.viewed"),
    ("desk:digest_preview", {}, "digest.previewed"),
    ("figures:courses", {"figure": "active", "key": "all"}, "figures.courses_viewed"),
    ("api:course-list", {}, "course_list.viewed"),
    ("supervision:prepare", {"programme": "<the course's programme>"}, "supervision.courses_listed"),
]


@pytest.mark.parametrize(("name", "query", "action"), LIST_READS, ids=[name for name, _q, _a in LIST_READS])
def test_reading_a_list_writes_one_row_for_the_list(
    name: str, query: dict[str, str], action: str, world: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    query = {k: str(world.course.programme_id) if k == "programme" else v for k, v in query.items()}
    client = client_for(carol)
    since = last_pk()

    response = client.get(reverse(name), query)

    assert response.status_code == 200
    assert_one_row(since, response, actor=carol, action=action, citizen_id=None)


def test_the_api_list_of_a_workers_courses_writes_one_row(
    world: Any, alice: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(carol)
    since = last_pk()

    response = client.get(reverse("api:worker-courses", args=[alice.pk]))

    assert response.status_code == 200
    entry = assert_one_row(since, response, actor=carol, action="course_list.viewed", citizen_id=None)
    assert entry.after is not None and entry.after["worker"] == alice.pk


@pytest.mark.parametrize("term", ["Hanne", "cpr"])
def test_a_search_writes_one_row_with_its_term(
    term: str, world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    query = world.course.citizen.cpr if term == "cpr" else term
    client = client_for(alice)
    since = last_pk()

    response = client.post(reverse("courses:search"), {"q": query})

    assert response.status_code == 200
    entry = assert_one_row(since, response, actor=alice, action="citizen.searched", citizen_id=None)
    assert entry.search_term == query


def test_a_calendar_feed_fetch_writes_one_row(world: Any, alice: Any, client: Any, frozen_today: Any) -> None:
    from overgang.feeds.services import calendar_feed_create

    _feed, token = calendar_feed_create(user=alice, name_style="initials")
    since = last_pk()

    response = client.get(reverse("feeds:feed", args=[token]))

    assert response.status_code == 200
    entry = assert_one_row(since, response, actor=alice, action="calendar_feed.read", citizen_id=None)
    assert world.course.pk in entry.after["course_ids"]


# --- Changes, deletions and exports: a representative per app --------------------------------------


def _changes(world: Any) -> dict[str, tuple[str, dict[str, Any], Any, str]]:
    """name -> (url, POST data, course, expected action)."""
    from overgang.network.models import NetworkMap
    from overgang.safety.models import PART_FIELDS

    course, plan = world.course, world.plan
    plan.refresh_from_db()
    course.refresh_from_db()
    return {
        "courses:action (pause)": (
            reverse("courses:action", args=[course.pk, "pause"]),
            {
                "pause-start": "2026-11-20",
                "pause-reason": "hospital",
                "pause-reason_text": "",
                "pause-version": str(course.version),
            },
            course,
            "course.paused",
        ),
        "journal:entry_new": (
            reverse("journal:entry_new", args=[course.pk]),
            {
                "occurred_at": "2026-11-20T10:00",
                "status": "happened",
                "kind": "home_visit",
                "duration_minutes": "60",
                "place": "I hjemmet",
                "note": "Talte om budget.",
            },
            course,
            "contact.created",
        ),
        "checklists:answer": (
            reverse("checklists:answer", args=[course.pk, world.item.pk]),
            {"answer": "yes", "comment": ""},
            course,
            "checklist.answered",
        ),
        "safety:plan_save": (
            reverse("safety:plan_save", args=[world.shelter_course.pk]),
            dict.fromkeys(PART_FIELDS, "")
            | {"escape_route": "Gennem haven", "reviewed_on": "", "version": "0"},
            world.shelter_course,
            "safety.plan_created",
        ),
        "network:person_remove (deletion)": (
            reverse("network:person_remove", args=[course.pk, world.other_person.pk]),
            {"version": str(world.other_person.version)},
            course,
            "network.person_removed",
        ),
        "network:map_line_remove (deletion)": (
            reverse("network:map_line_remove", args=[course.pk, world.line.pk]),
            {"version": str(NetworkMap.objects.get(citizen_id=course.citizen_id).version)},
            course,
            "network.map_line_removed",
        ),
        "handover:meeting_remove (deletion)": (
            reverse("handover:meeting_remove", args=[course.pk, world.meeting.pk]),
            {"version": str(world.meeting.version)},
            course,
            "handover.meeting_removed",
        ),
        "plans:focus_area_remove (deletion)": (
            reverse("plans:focus_area_remove", args=[course.pk, plan.pk, world.area.pk]),
            {"version": str(plan.version)},
            course,
            "cti_plan.focus_area_removed",
        ),
        "privacy:data_export (export)": (
            reverse("privacy:data_export", args=[course.pk]),
            {},
            course,
            "citizen.data_exported",
        ),
        "audit:citizen_lookups (export)": (
            reverse("audit:citizen_lookups", args=[course.pk]),
            {"file_format": "xlsx"},
            course,
            "audit.citizen_lookups_exported",
        ),
    }


CHANGE_NAMES = [
    "courses:action (pause)",
    "journal:entry_new",
    "checklists:answer",
    "safety:plan_save",
    "network:person_remove (deletion)",
    "network:map_line_remove (deletion)",
    "handover:meeting_remove (deletion)",
    "plans:focus_area_remove (deletion)",
    "privacy:data_export (export)",
    "audit:citizen_lookups (export)",
]


@pytest.mark.parametrize("change", CHANGE_NAMES)
def test_a_change_deletion_or_export_writes_exactly_one_row(
    change: str, world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    url, data, course, action = _changes(world)[change]
    client = client_for(alice)
    since = last_pk()

    response = client.post(url, data)

    assert response.status_code in (200, 302), response.content[:300]
    assert_one_row(since, response, actor=alice, action=action, citizen_id=course.citizen_id)


def test_an_api_change_writes_exactly_one_row(
    world: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    course = world.course
    client = client_for(alice)
    since = last_pk()

    response = client.post(
        reverse("api:course-pause", args=[course.pk]),
        {"start": "2026-11-20", "reason": "hospital", "version": course.version},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert_one_row(since, response, actor=alice, action="course.paused", citizen_id=course.citizen_id)
