"""The audit-log page (/audit/): administrators see their municipality, coordinators the rows about
their programmes' citizens and their own actions; everyone else gets 404. Filters come by POST."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from overgang.audit.models import AuditEntry
from overgang.audit.services import audit_record

URL = "/audit/"


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def shown(response: Any) -> set[int]:
    return {entry.pk for entry in response.context["page"].object_list}


@pytest.fixture
def jonas(municipality: Any) -> Any:
    from overgang.accounts.models import User

    return User.objects.create_user(username="jonas", municipality=municipality, role="job_consultant")


@pytest.fixture
def rows(
    world: Any, alice: Any, erin: Any, carol: Any, mallory: Any, job_programme: Any, make_course: Any
) -> Any:
    """One row per kind: alice on her homelessness citizen, erin on a job citizen carol may not see,
    carol's own search, and mallory in another municipality."""
    job_course = make_course(erin, job_programme, first_name="Jens")
    return {
        "alice_on_hanne": audit_record(
            actor=alice, action="course.viewed", obj=world.course, citizen_id=world.course.citizen_id
        ),
        "erin_on_jens": audit_record(
            actor=erin, action="course.viewed", obj=job_course, citizen_id=job_course.citizen_id
        ),
        "carol_searching": audit_record(
            actor=carol, action="citizen.searched", municipality_id=carol.municipality_id, search_term="Jens"
        ),
        "mallory": audit_record(
            actor=mallory, action="course.viewed", municipality_id=mallory.municipality_id
        ),
    }


@pytest.mark.parametrize("person", ["alice", "manny", "jonas", "mallory"])
def test_the_page_does_not_exist_for_anyone_else(
    request: Any, person: str, world: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(request.getfixturevalue(person))

    assert client.get(URL).status_code == 404
    assert client.post(URL, {"citizen": "Hanne"}).status_code == 404


def test_the_page_does_not_exist_for_an_anonymous_visitor(client: Any, world: Any) -> None:
    since = last_pk()

    assert client.get(URL).status_code == 404
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_the_administrator_sees_every_row_of_the_municipality(
    rows: Any, administrator: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(administrator).get(URL)

    assert response.status_code == 200
    ids = shown(response)
    assert {rows["alice_on_hanne"].pk, rows["erin_on_jens"].pk, rows["carol_searching"].pk} <= ids
    assert rows["mallory"].pk not in ids


def test_the_coordinator_sees_her_programmes_citizens_and_her_own_actions(
    rows: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(carol).get(URL)

    ids = shown(response)
    assert rows["alice_on_hanne"].pk in ids
    assert rows["carol_searching"].pk in ids
    assert rows["erin_on_jens"].pk not in ids
    assert rows["mallory"].pk not in ids


def test_looking_at_the_log_writes_one_row(rows: Any, carol: Any, client_for: Any, frozen_today: Any) -> None:
    client = client_for(carol)
    since = last_pk()

    response = client.get(URL)

    entry = AuditEntry.objects.get(pk__gt=since)
    assert (entry.action, entry.actor_id, entry.municipality_id) == (
        "audit.searched",
        carol.pk,
        carol.municipality_id,
    )
    assert entry.request_id == response["X-Request-ID"]


def test_a_citizen_is_found_by_cpr_number_sent_by_post_and_the_term_is_logged(
    rows: Any, world: Any, administrator: Any, client_for: Any, frozen_today: Any
) -> None:
    cpr = world.course.citizen.cpr
    client = client_for(administrator)
    since = last_pk()

    response = client.post(URL, {"citizen": f"{cpr[:6]}-{cpr[6:]}"})

    assert response.status_code == 200
    ids = shown(response)
    assert rows["alice_on_hanne"].pk in ids
    assert rows["erin_on_jens"].pk not in ids
    assert 'method="post"' in response.content.decode()
    search_row = AuditEntry.objects.get(pk__gt=since)
    assert search_row.search_term == f"{cpr[:6]}-{cpr[6:]}"
    assert cpr not in str(search_row.after)


def test_the_filters_by_name_user_action_and_dates(
    rows: Any, world: Any, alice: Any, administrator: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(administrator)
    today = timezone.localtime(rows["alice_on_hanne"].at).date()
    AuditEntry.objects.filter(pk=rows["erin_on_jens"].pk).update(
        at=dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
    )

    by_name = shown(client.post(URL, {"citizen": "Jens"}))
    by_user = shown(client.post(URL, {"actor": str(alice.pk)}))
    by_action = shown(client.post(URL, {"action": "citizen.searched"}))
    by_dates = shown(client.post(URL, {"date_from": "2026-09-01", "date_to": "2026-10-31"}))
    today_only = shown(client.post(URL, {"date_from": today.isoformat(), "date_to": today.isoformat()}))

    assert rows["erin_on_jens"].pk in by_name and rows["alice_on_hanne"].pk not in by_name
    assert set(AuditEntry.objects.filter(pk__in=by_name).values_list("citizen_id", flat=True)) == {
        rows["erin_on_jens"].citizen_id
    }
    assert rows["alice_on_hanne"].pk in by_user and rows["erin_on_jens"].pk not in by_user
    assert rows["carol_searching"].pk in by_action and rows["alice_on_hanne"].pk not in by_action
    assert by_dates == {rows["erin_on_jens"].pk}
    assert rows["erin_on_jens"].pk not in today_only and rows["alice_on_hanne"].pk in today_only


def test_a_reversed_date_range_is_refused(
    rows: Any, administrator: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(administrator).post(URL, {"date_from": "2026-11-10", "date_to": "2026-11-01"})

    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors
    assert shown(response) == set()


def test_the_log_is_paginated_by_post(
    world: Any, alice: Any, administrator: Any, client_for: Any, frozen_today: Any
) -> None:
    for _ in range(60):
        audit_record(actor=alice, action="test.page", municipality_id=alice.municipality_id)
    client = client_for(administrator)

    first = client.post(URL, {"action": "test.page"})
    second = client.post(URL, {"action": "test.page", "page": "2"})

    assert first.context["page"].paginator.count == 60
    assert len(shown(first)) == 50 and len(shown(second)) == 10
    assert shown(first).isdisjoint(shown(second))
    assert 'name="page" value="2"' in first.content.decode()


@pytest.mark.parametrize(("person", "linked"), [("administrator", True), ("carol", True), ("alice", False)])
def test_the_header_links_the_log_for_those_who_may_see_it(
    request: Any, person: str, linked: bool, world: Any, client_for: Any, frozen_today: Any
) -> None:
    page = client_for(request.getfixturevalue(person)).get(reverse("courses:overview")).content.decode()

    assert ('data-testid="audit-link"' in page) is linked


def test_the_citizen_column_names_only_citizens_the_reader_may_see(
    rows: Any, carol: Any, erin: Any, client_for: Any, frozen_today: Any
) -> None:
    """Carol's refused attempt on erin's job citizen is her own row, so she sees it, but the
    citizen's name is not hers to see: only the id is shown."""
    jens = rows["erin_on_jens"].citizen_id
    refused = audit_record(
        actor=carol, action="access.denied", municipality_id=carol.municipality_id, citizen_id=jens
    )

    response = client_for(carol).get(URL)

    by_pk = {entry.pk: entry for entry in response.context["rows"]}
    assert by_pk[rows["alice_on_hanne"].pk].citizen_name == "Hanne Borgersen"
    assert by_pk[refused.pk].citizen_name == ""
    assert b"Jens Borgersen" not in response.content
    assert b"Hanne Borgersen" in response.content


def test_the_action_list_is_not_read_from_the_whole_log_on_every_search(
    rows: Any, carol: Any, client_for: Any
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from overgang.auditlog.selectors import ACTIONS_CACHE_KEY

    cache.delete(ACTIONS_CACHE_KEY)
    client = client_for(carol)
    client.get(URL)
    with CaptureQueriesContext(connection) as second:
        response = client.get(URL)

    assert response.status_code == 200
    assert not [q for q in second.captured_queries if 'DISTINCT "audit_auditentry"."action"' in q["sql"]]
    assert "course.viewed" in dict(response.context["form"].fields["action"].choices)


def test_an_action_newer_than_the_cached_list_can_still_be_searched(
    rows: Any, carol: Any, client_for: Any
) -> None:
    client = client_for(carol)
    client.get(URL)  # fills the cached list
    entry = audit_record(actor=carol, action="test.brand_new", municipality_id=carol.municipality_id)

    response = client.post(URL, {"action": "test.brand_new"})

    assert response.status_code == 200
    assert shown(response) == {entry.pk}
