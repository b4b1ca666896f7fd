"""The citizen's right of access (GDPR art. 15, EU Court C-579/21): the dates, times and purposes
of the lookups of one citizen's data, without employees' names unless asked for with a reason."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from overgang.audit.models import AuditEntry


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def url(course: Any) -> str:
    return reverse("audit:citizen_lookups", args=[course.pk])


def xlsx_rows(response: Any) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def looked_up(world: Any, alice: Any, carol: Any, client_for: Any) -> Any:
    """Alice reads Hanne's journal, carol her course; alice reads the other citizen's safety plan."""
    client_for(alice).get(reverse("journal:journal", args=[world.course.pk]))
    client_for(carol).get(reverse("courses:detail", args=[world.course.pk]))
    client_for(alice).get(reverse("safety:plan", args=[world.shelter_course.pk]))
    return world


def test_the_list_has_dates_and_purposes_and_no_names_by_default(
    looked_up: Any, alice: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    course = looked_up.course
    expected = AuditEntry.objects.filter(citizen_id=course.citizen_id).count()

    response = client_for(alice).post(url(course), {"file_format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0] == ["Date and time", "Purpose"]
    assert len(rows) - 1 == expected
    purposes = {row[1] for row in rows[1:]}
    assert {"The contact journal was read", "The case was read"} <= purposes
    text = str(rows)
    for person in (alice, carol):
        assert person.first_name not in text and person.last_name not in text
    assert course.citizen.cpr not in text


def test_other_citizens_lookups_are_not_in_the_list(
    looked_up: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(alice).post(url(looked_up.course), {"file_format": "csv"})

    text = response.content.decode("utf-8-sig")
    assert "The safety plan was read" not in text  # only the shelter citizen's safety plan was read
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == ["Date and time", "Purpose"]
    assert len(lines) - 1 == AuditEntry.objects.filter(citizen_id=looked_up.course.citizen_id).count() - 1


def test_the_names_are_added_only_on_request_with_a_reason_and_the_reason_is_logged(
    looked_up: Any, alice: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(carol)
    since = last_pk()

    response = client.post(
        url(looked_up.course),
        {"file_format": "xlsx", "with_names": "on", "reason": "DPO: the citizen asked who read her journal"},
    )

    rows = xlsx_rows(response)
    assert rows[0] == ["Date and time", "Purpose", "Employee"]
    names = {row[2] for row in rows[1:]}
    assert alice.get_full_name() in names and carol.get_full_name() in names
    entry = AuditEntry.objects.get(pk__gt=since)
    assert entry.action == "audit.citizen_lookups_exported"
    assert (entry.actor_id, entry.citizen_id) == (carol.pk, looked_up.course.citizen_id)
    assert entry.after == {
        "format": "xlsx",
        "with_names": True,
        "reason": "DPO: the citizen asked who read her journal",
        "rows": len(rows) - 1,
    }
    assert entry.request_id == response["X-Request-ID"]


def test_names_without_a_reason_are_refused_and_nothing_is_exported(
    looked_up: Any, alice: Any, client_for: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    since = last_pk()

    response = client.post(url(looked_up.course), {"file_format": "xlsx", "with_names": "on", "reason": "  "})

    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert list(AuditEntry.objects.filter(pk__gt=since).values_list("action", flat=True)) == [
        "audit.citizen_lookups_viewed"
    ]


def test_the_page_shows_the_lookups_without_names(
    looked_up: Any, alice: Any, carol: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(alice).get(url(looked_up.course))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The contact journal was read" in page
    assert carol.last_name not in page.split('data-testid="lookup-rows"')[1]


@pytest.mark.parametrize("person", ["bob", "mallory", "manny", "erin"])
def test_who_may_not_see_the_citizen_gets_404(
    request: Any, person: str, world: Any, client_for: Any, frozen_today: Any
) -> None:
    user = request.getfixturevalue(person)
    client = client_for(user)

    assert client.get(url(world.course)).status_code == 404
    assert client.post(url(world.course), {"file_format": "csv"}).status_code == 404
    # Each refused attempt is logged once, about the citizen (by the door, or here for a manager,
    # who may read the course but not its lookups).
    denied = AuditEntry.objects.filter(actor=user, action="access.denied", citizen_id=world.course.citizen_id)
    assert denied.count() == 2


def test_the_page_shows_the_newest_lookups_a_page_at_a_time_and_the_download_holds_all(
    world: Any, alice: Any, client_for: Any
) -> None:
    from overgang.audit.services import audit_record
    from overgang.auditlog.views import LOOKUPS_PAGE_SIZE

    course = world.course
    for _number in range(LOOKUPS_PAGE_SIZE + 20):
        audit_record(actor=alice, action="course.viewed", obj=course, citizen_id=course.citizen_id)
    client = client_for(alice)

    first = client.get(url(course))
    second = client.get(url(course), {"page": 2})
    total = AuditEntry.objects.filter(citizen_id=course.citizen_id).count()
    download = client.post(url(course), {"file_format": "xlsx"})

    assert len(first.context["rows"]) == LOOKUPS_PAGE_SIZE
    # Each page view is logged after its page was read: the first saw neither view, the second
    # saw the first.
    assert first.context["page"].paginator.count == total - 2
    assert len(second.context["rows"]) == total - 1 - LOOKUPS_PAGE_SIZE
    assert 'data-testid="lookups-next"' in first.content.decode()
    assert len(xlsx_rows(download)) - 1 == total
