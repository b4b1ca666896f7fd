"""The citizen's consent decides who else sees the network map (appendix 8). Outside the consent's
scope the map looks missing (404), even to people who see the course."""

from __future__ import annotations

import datetime as dt

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses.services import CourseActionError
from overgang.network import services
from overgang.network.models import ConsentScope, MapConsent

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness)


@pytest.fixture
def friend(course, alice):
    return services.person_add(
        citizen=course.citizen,
        actor=alice,
        role="other",
        role_text="ven",
        name="Ven Vennesen",
        direct_phone="",
        main_phone="",
        email="",
        address="",
        is_active=True,
        can_help_with="",
    )


def record(course, alice, today, scope, expected=0, shared_with=()):
    return services.consent_record(
        citizen=course.citizen,
        actor=alice,
        scope=scope,
        given_on=today,
        shared_with=list(shared_with),
        note="",
        expected_consent=expected,
        today=today,
    )


def map_url(course, tail=""):
    return f"/courses/{course.pk}/network/map/{tail}"


SEES = {
    # scope -> who may see the map (besides nobody else: bob, mallory and dave never see the course)
    None: {"alice"},
    ConsentScope.WORKER: {"alice"},
    ConsentScope.WORKER_AND_COORDINATOR: {"alice", "carol"},
    ConsentScope.EVERYONE: {"alice", "carol", "manny"},
    "withdrawn": {"alice"},
}


@pytest.mark.parametrize("scope", list(SEES))
@pytest.mark.parametrize("who", ["alice", "carol", "manny", "bob", "mallory", "dave"])
def test_consent_scope_matrix(course, alice, client_for, request, today, scope, who):
    if scope == "withdrawn":
        first = record(course, alice, today, ConsentScope.EVERYONE)
        services.consent_withdraw(
            citizen=course.citizen, actor=alice, on=today, expected_consent=first.pk, today=today
        )
    elif scope is not None:
        record(course, alice, today, scope)
    user = request.getfixturevalue(who)
    client = client_for(user)
    expected = 200 if who in SEES[scope] else 404
    assert client.get(map_url(course)).status_code == expected
    overview = client.get(f"/courses/{course.pk}/network/")
    if who in ("alice", "carol", "manny"):
        assert overview.status_code == 200  # they all see the course and its network overview
        assert ('data-testid="network-map-link"' in overview.content.decode()) == (expected == 200)
    viewed = AuditEntry.objects.filter(action="network.map_viewed", actor=user).exists()
    assert viewed == (expected == 200)


def test_carol_cannot_change_the_map_through_the_back_door_without_consent(course, friend, carol, client_for):
    response = client_for(carol).post(
        map_url(course, "place/"), {"person": friend.pk, "version": 0, "x": 0, "y": 0.5}
    )
    assert response.status_code == 404


def test_recording_consent_through_the_page(course, friend, alice, client_for, today):
    client = client_for(alice)
    response = client.post(
        map_url(course, "consent/"),
        {
            "scope": "worker_and_coordinator",
            "given_on": today.isoformat(),
            "shared_with": [friend.pk],
            "note": "Også bostøtten",
            "expected_consent": 0,
        },
    )
    assert response.status_code == 302
    consent = MapConsent.objects.get()
    assert consent.scope == ConsentScope.WORKER_AND_COORDINATOR
    assert consent.given_on == today
    assert consent.recorded_by == alice
    assert list(consent.shared_with.all()) == [friend]
    entry = AuditEntry.objects.get(action="network.map_consent_recorded")
    assert entry.after == {
        "scope": "worker_and_coordinator",
        "given_on": today.isoformat(),
        "shared_with": [friend.pk],
        "note": True,
    }
    assert "bostøtten" not in str(entry.after)
    html = client.get(map_url(course)).content.decode()
    assert "Ven Vennesen" in html.split('data-testid="map-consent-history"')[1]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"scope": "the_whole_town"}, "scope", id="unknown-scope"),
        pytest.param({"given_on": ""}, "given_on", id="no-date"),
        pytest.param({"given_on": "2026-11-23"}, "given_on", id="future"),
        pytest.param({"note": "x" * 1001}, "note", id="long-note"),
    ],
)
def test_bad_consent_is_400_nothing_saved_and_input_kept(course, alice, client_for, today, data, field):
    values = {"scope": "everyone", "given_on": today.isoformat(), "note": "Min note", "expected_consent": 0}
    response = client_for(alice).post(map_url(course, "consent/"), values | data)
    assert response.status_code == 400
    assert field in response.context["consent_form"].errors
    assert not MapConsent.objects.exists()
    if field != "note":
        assert "Min note" in response.content.decode()


def test_a_consent_recorded_in_another_tab_is_a_conflict(course, alice, client_for, today):
    record(course, alice, today, ConsentScope.EVERYONE)
    response = client_for(alice).post(
        map_url(course, "consent/"), {"scope": "worker", "given_on": today.isoformat(), "expected_consent": 0}
    )
    assert response.status_code == 409
    assert MapConsent.objects.count() == 1


def test_withdrawing_hides_the_map_again_and_is_audited(course, alice, carol, client_for, today):
    consent = record(course, alice, today, ConsentScope.WORKER_AND_COORDINATOR)
    assert client_for(carol).get(map_url(course)).status_code == 200
    response = client_for(alice).post(
        map_url(course, "consent/withdraw/"), {"on": today.isoformat(), "expected_consent": consent.pk}
    )
    assert response.status_code == 302
    assert client_for(carol).get(map_url(course)).status_code == 404
    entry = AuditEntry.objects.get(action="network.map_consent_withdrawn")
    assert entry.before == {"scope": "worker_and_coordinator"}
    assert MapConsent.objects.count() == 2  # the history is kept


def test_nothing_to_withdraw(course, alice, today):
    with pytest.raises(CourseActionError):
        services.consent_withdraw(
            citizen=course.citizen, actor=alice, on=today, expected_consent=0, today=today
        )


def test_consent_cannot_name_someone_from_another_citizens_network(
    course, alice, homelessness, make_course, today
):
    other = make_course(alice, homelessness)
    stranger = services.person_add(
        citizen=other.citizen,
        actor=alice,
        role="family",
        role_text="",
        name="Fremmed",
        direct_phone="",
        main_phone="",
        email="",
        address="",
        is_active=False,
        can_help_with="",
    )
    with pytest.raises(CourseActionError):
        record(course, alice, today, ConsentScope.WORKER, shared_with=[stranger])
    assert not MapConsent.objects.exists()


def test_a_manager_cannot_record_consent(course, alice, manny, client_for, today):
    record(course, alice, today, ConsentScope.EVERYONE)
    consent = MapConsent.objects.get()
    response = client_for(manny).post(
        map_url(course, "consent/"),
        {"scope": "worker", "given_on": today.isoformat(), "expected_consent": consent.pk},
    )
    assert response.status_code == 403
    assert MapConsent.objects.count() == 1


def test_the_worker_page_shows_who_may_see(course, alice, client_for, today):
    record(course, alice, today - dt.timedelta(days=3), ConsentScope.WORKER_AND_COORDINATOR)
    client = client_for(alice)
    client.cookies["django_language"] = "en"
    html = client.get(map_url(course)).content.decode()
    status = html.split('data-testid="map-consent-status"')[1].split("</p>")[0]
    assert "The CTI worker and the coordinator" in status
    assert "19-11-2026" in status
