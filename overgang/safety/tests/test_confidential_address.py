"""The confidential-address marker: set and cleared by the woman's CTI worker or the coordinator,
with a confirmation, audited. While it is set, her address, phone and e-mail (and the safety plan)
are shown only to the worker of her running course and the programme's coordinators; every look is
logged; and they are in no list, export, feed, digest or API answer for anyone else."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.access import contact_details_for, user_may_see_contact_details
from overgang.courses.models import Citizen
from overgang.safety import services
from overgang.safety.tests.conftest import ADDRESS, EMAIL, PHONE, with_contact_details

pytestmark = pytest.mark.django_db


def shows_contact_details(text: str) -> bool:
    return ADDRESS in text or PHONE in text or EMAIL in text


# Setting and clearing the marker --------------------------------------------------------------


def test_the_worker_marks_the_address_confidential_after_confirming(
    client_for: Any, alice: Any, shelter_course: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    url = reverse("safety:confidential_address", args=[shelter_course.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"confidential": "yes", "confirm": "on", "version": "1"})

    assert response.status_code == 302
    assert Citizen.objects.get(pk=shelter_course.citizen_id).confidential_address is True
    entry = AuditEntry.objects.get(action="citizen.confidential_address_set")
    assert entry.actor == alice
    assert entry.after == {"confidential_address": True}


def test_the_coordinator_clears_the_marker(
    client_for: Any, carol: Any, confidential: Any, frozen_today: Any
) -> None:
    response = client_for(carol).post(
        reverse("safety:confidential_address", args=[confidential.pk]),
        {"confidential": "no", "confirm": "on", "version": "1"},
    )

    assert response.status_code == 302
    assert Citizen.objects.get(pk=confidential.citizen_id).confidential_address is False
    assert AuditEntry.objects.filter(action="citizen.confidential_address_cleared", actor=carol).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"confidential": "yes", "version": "1"},  # not confirmed
        {"confidential": "maybe", "confirm": "on", "version": "1"},
        {"confirm": "on", "version": "1"},
        {"confidential": "yes", "confirm": "on"},  # the page's version missing
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    client_for: Any, alice: Any, shelter_course: Any, frozen_today: Any, data: dict[str, str]
) -> None:
    response = client_for(alice).post(reverse("safety:confidential_address", args=[shelter_course.pk]), data)

    assert response.status_code == 400
    assert Citizen.objects.get(pk=shelter_course.citizen_id).confidential_address is False
    assert not AuditEntry.objects.filter(action__startswith="citizen.confidential_address").exists()


@pytest.mark.parametrize("person", ["bob", "manny", "dave", "mallory", "administrator"])
def test_others_cannot_set_the_marker(
    request: Any, client_for: Any, shelter_course: Any, person: str, frozen_today: Any
) -> None:
    client = client_for(request.getfixturevalue(person))
    url = reverse("safety:confidential_address", args=[shelter_course.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"confidential": "yes", "confirm": "on", "version": "1"}).status_code == 404
    assert Citizen.objects.get(pk=shelter_course.citizen_id).confidential_address is False


def test_anonymous_is_sent_to_log_in(client: Any, shelter_course: Any) -> None:
    response = client.get(reverse("safety:confidential_address", args=[shelter_course.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_setting_the_marker_twice_logs_once(alice: Any, shelter_course: Any) -> None:
    services.citizen_mark_confidential_address(citizen=shelter_course.citizen, actor=alice, confidential=True)
    services.citizen_mark_confidential_address(citizen=shelter_course.citizen, actor=alice, confidential=True)

    assert AuditEntry.objects.filter(action="citizen.confidential_address_set").count() == 1


def test_a_stale_page_cannot_remove_a_marker_set_since(
    client_for: Any, alice: Any, carol: Any, confidential: Any, frozen_today: Any
) -> None:
    client = client_for(alice)
    client.cookies["django_language"] = "en"
    url = reverse("safety:confidential_address", args=[confidential.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    # Meanwhile the coordinator removes the marker and, told of a new threat, sets it again.
    citizen = confidential.citizen
    services.citizen_mark_confidential_address(
        citizen=citizen, actor=carol, confidential=False, expected_version=1
    )
    services.citizen_mark_confidential_address(
        citizen=citizen, actor=carol, confidential=True, expected_version=2
    )

    response = client.post(url, {"confidential": "no", "confirm": "on", "version": "1"})

    assert response.status_code == 400
    assert "Someone else changed the confidential-address marker" in response.content.decode()
    stored = Citizen.objects.get(pk=confidential.citizen_id)
    assert (stored.confidential_address, stored.version) == (True, 3)
    assert not AuditEntry.objects.filter(action="citizen.confidential_address_cleared", actor=alice).exists()


# The course page ------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["alice", "carol"])
def test_the_worker_and_coordinator_see_the_details_and_the_look_is_logged(
    request: Any, client_for: Any, confidential: Any, person: str, frozen_today: Any
) -> None:
    user = request.getfixturevalue(person)

    page = client_for(user).get(reverse("courses:detail", args=[confidential.pk])).content.decode()

    assert ADDRESS in page and PHONE in page
    assert 'data-testid="confidential-badge"' in page
    entry = AuditEntry.objects.get(action="citizen.confidential_contact_viewed")
    assert (entry.actor, entry.citizen_id) == (user, confidential.citizen_id)
    assert entry.before is None and entry.after is None


def test_the_manager_sees_the_course_but_not_the_details(
    client_for: Any, manny: Any, confidential: Any, frozen_today: Any
) -> None:
    response = client_for(manny).get(reverse("courses:detail", args=[confidential.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert not shows_contact_details(page)
    assert 'data-testid="contact-hidden"' in page
    assert 'data-testid="confidential-badge"' in page
    assert not AuditEntry.objects.filter(action="citizen.confidential_contact_viewed").exists()


def test_without_the_marker_the_manager_sees_the_address(
    client_for: Any, manny: Any, shelter_course: Any, frozen_today: Any
) -> None:
    page = client_for(manny).get(reverse("courses:detail", args=[shelter_course.pk])).content.decode()

    assert ADDRESS in page and PHONE in page
    assert 'data-testid="contact-hidden"' not in page


@pytest.fixture
def bob_had_her_before(
    alice: Any, bob: Any, shelter: Any, make_course: Any, today: dt.date
) -> tuple[Any, Any]:
    """The woman's earlier course was bob's and he may still read it; she now works with alice."""
    earlier = with_contact_details(make_course(bob, shelter, phase_1=today - dt.timedelta(days=200)))
    services.safety_plan_save(course=earlier, actor=bob, expected_version=0, today=today, risks="Old")
    course_services.course_end(
        course=earlier, on=today - dt.timedelta(days=20), reason="refuses", actor=bob, today=today
    )
    now = course_services.course_restart(
        course=earlier, referral_date=today - dt.timedelta(days=10), actor=alice, worker=alice, today=today
    )
    return earlier, now


def test_a_colleague_on_the_team_with_an_earlier_course_sees_nothing_once_marked(
    client_for: Any, bob: Any, bob_had_her_before: tuple[Any, Any], frozen_today: Any
) -> None:
    earlier, _ = bob_had_her_before
    client = client_for(bob)
    before = client.get(reverse("courses:detail", args=[earlier.pk])).content.decode()
    assert ADDRESS in before
    assert client.get(reverse("safety:plan", args=[earlier.pk])).status_code == 200

    Citizen.objects.filter(pk=earlier.citizen_id).update(confidential_address=True)

    after = client.get(reverse("courses:detail", args=[earlier.pk]))
    assert after.status_code == 200
    assert not shows_contact_details(after.content.decode())
    assert client.get(reverse("safety:plan", args=[earlier.pk])).status_code == 404
    assert client.get(reverse("safety:history", args=[earlier.pk])).status_code == 404


def test_the_rule_follows_the_running_course(
    alice: Any, bob: Any, carol: Any, dave: Any, manny: Any, bob_had_her_before: tuple[Any, Any]
) -> None:
    earlier, _ = bob_had_her_before
    citizen = Citizen.objects.get(pk=earlier.citizen_id)
    citizen.confidential_address = True

    assert user_may_see_contact_details(alice, citizen)
    assert user_may_see_contact_details(carol, citizen)
    assert not user_may_see_contact_details(bob, citizen)
    assert not user_may_see_contact_details(dave, citizen)
    assert not user_may_see_contact_details(manny, citizen)
    hidden = contact_details_for(manny, citizen)
    assert hidden.hidden and (hidden.address, hidden.phone, hidden.email) == ("", "", "")


def test_after_the_last_course_ends_its_worker_keeps_access(
    alice: Any, bob: Any, confidential: Any, today: dt.date
) -> None:
    course_services.course_end(course=confidential, on=today, reason="refuses", actor=alice, today=today)
    citizen = Citizen.objects.get(pk=confidential.citizen_id)

    assert user_may_see_contact_details(alice, citizen)
    assert not user_may_see_contact_details(bob, citizen)


# Lists, exports, feeds, digests and the API ------------------------------------------------------


def test_search_results_hold_no_contact_details(
    client_for: Any, manny: Any, alice: Any, confidential: Any, frozen_today: Any
) -> None:
    for user in (manny, alice):
        response = client_for(user).post(reverse("courses:search"), {"q": "Borgersen"})
        page = response.content.decode()
        assert 'data-testid="search-results"' in page
        assert not shows_contact_details(page)


def test_the_course_list_holds_no_contact_details(
    client_for: Any, manny: Any, carol: Any, confidential: Any, frozen_today: Any
) -> None:
    for user in (manny, carol):
        page = client_for(user).get(reverse("courses:overview")).content.decode()
        assert not shows_contact_details(page)


@pytest.mark.parametrize("person", ["manny", "carol", "alice"])
def test_the_api_never_holds_contact_details(
    request: Any, client_for: Any, confidential: Any, person: str, frozen_today: Any
) -> None:
    client = client_for(request.getfixturevalue(person))

    listing = client.get(reverse("api:course-list"))
    detail = client.get(reverse("api:course-detail", args=[confidential.pk]))

    assert listing.status_code == 200 and detail.status_code == 200
    assert confidential.pk in [row["id"] for row in listing.json()]
    assert not shows_contact_details(listing.content.decode() + detail.content.decode())


@pytest.mark.parametrize("person", ["manny", "carol"])
def test_the_phase_plan_exports_hold_no_contact_details(
    request: Any, client_for: Any, confidential: Any, person: str, frozen_today: Any
) -> None:
    from openpyxl import load_workbook

    from overgang.desk.exports import phase_plan_pdf_html
    from overgang.desk.selectors import phase_plan_sections_for
    from overgang.programmes.models import Programme

    user = request.getfixturevalue(person)
    response = client_for(user).get(reverse("desk:phase_plan_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    assert "Borgersen" in cells  # the course is in the export
    assert not shows_contact_details(cells)

    sections = phase_plan_sections_for(
        user, programmes=list(Programme.objects.filter(pk=confidential.programme_id)), today=frozen_today
    )
    html = phase_plan_pdf_html(sections, today=frozen_today)
    assert "Borgersen" in html
    assert not shows_contact_details(html)


@pytest.mark.parametrize("person", ["alice", "carol"])
def test_the_weekly_digest_holds_no_contact_details(
    request: Any, confidential: Any, person: str, frozen_today: Any
) -> None:
    from overgang.desk.digest import digest_for, digest_message

    user = request.getfixturevalue(person)
    user.email = f"{person}@example.invalid"
    user.save(update_fields=["email"])

    message = digest_message(digest_for(user, today=frozen_today))

    html = message.alternatives[0][0]
    assert "Borgersen" in str(html)
    assert not shows_contact_details(message.body + str(html))
    assert not any(ADDRESS.encode() in attachment[1] for attachment in message.attachments)


def test_the_calendar_feed_holds_no_contact_details(
    client: Any, alice: Any, confidential: Any, frozen_today: Any
) -> None:
    from overgang.feeds.services import calendar_feed_create

    _, token = calendar_feed_create(user=alice, name_style="full_name")

    body = client.get(reverse("feeds:feed", args=[token])).content.decode()

    assert "BEGIN:VCALENDAR" in body and "Borgersen" in body
    assert not shows_contact_details(body)
