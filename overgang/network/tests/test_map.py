"""The network map (appendix 8): placing people as data, lines, versions, who may change it,
and the PDF."""

from __future__ import annotations

import pytest
from django.utils import translation

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.services import CourseActionError
from overgang.network import documents, geometry, services
from overgang.network.models import MapLine, MapPlacement, NetworkMap

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are matched in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def person(name, role="family", **extra):
    return {
        "role": role,
        "role_text": "",
        "name": name,
        "direct_phone": "",
        "main_phone": "",
        "email": "",
        "address": "",
        "is_active": True,
        "can_help_with": "",
    } | extra


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness)


@pytest.fixture
def mother(course, alice):
    return services.person_add(citizen=course.citizen, actor=alice, **person("Mor Borgersen"))


@pytest.fixture
def doctor(course, alice):
    return services.person_add(citizen=course.citizen, actor=alice, **person("Grete Lægesen", role="gp"))


@pytest.fixture
def both_placed(course, mother, doctor, alice):
    services.map_place(citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=0, y=-0.4)
    services.map_place(citizen=course.citizen, person=doctor, actor=alice, expected_version=1, x=-0.7, y=-0.2)
    return mother, doctor


def url(course, tail=""):
    return f"/courses/{course.pk}/network/map/{tail}"


JSON = {"HTTP_ACCEPT": "application/json"}


# --- Services ----------------------------------------------------------------------------------


def test_placing_at_a_point_saves_data_and_bumps_the_version(course, mother, alice):
    placement = services.map_place(
        citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=0.1, y=-0.5
    )
    assert (placement.x, placement.y) == (0.1, -0.5)
    assert geometry.sector_of(placement.x, placement.y) == "family"
    assert NetworkMap.objects.get(citizen=course.citizen).version == 1
    entry = AuditEntry.objects.get(action="network.map_person_placed")
    assert entry.after == {"person": mother.pk, "new": True}
    assert "Mor" not in str(entry.after)


def test_a_point_off_the_map_is_pulled_back_onto_it(course, mother, alice):
    placement = services.map_place(
        citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=1.5, y=0
    )
    assert placement.x == geometry.MAX_RADIUS
    with pytest.raises(CourseActionError):
        services.map_place(citizen=course.citizen, person=mother, actor=alice, expected_version=1, x=50, y=0)
    with pytest.raises(CourseActionError):
        services.map_place(
            citizen=course.citizen, person=mother, actor=alice, expected_version=1, x=float("nan"), y=0
        )


def test_placing_in_a_field_and_ring_finds_free_spots(course, mother, doctor, alice):
    first = services.map_place(
        citizen=course.citizen, person=mother, actor=alice, expected_version=0, sector="relatives", ring=1
    )
    second = services.map_place(
        citizen=course.citizen, person=doctor, actor=alice, expected_version=1, sector="relatives", ring=1
    )
    for placement in (first, second):
        assert geometry.sector_of(placement.x, placement.y) == "relatives"
        assert geometry.ring_of(placement.x, placement.y) == 1
    assert (first.x, first.y) != (second.x, second.y)


def test_a_stale_version_is_a_conflict_and_saves_nothing(course, mother, alice):
    services.map_place(citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=0, y=-0.4)
    with pytest.raises(CourseActionError) as caught:
        services.map_place(citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=0, y=0.9)
    assert caught.value.conflict
    assert MapPlacement.objects.get(person=mother).y == -0.4
    assert NetworkMap.objects.get().version == 1


def test_someone_from_another_citizens_network_cannot_be_placed(course, alice, homelessness, make_course):
    other = make_course(alice, homelessness)
    stranger = services.person_add(citizen=other.citizen, actor=alice, **person("Fremmed Person"))
    with pytest.raises(CourseActionError):
        services.map_place(
            citizen=course.citizen, person=stranger, actor=alice, expected_version=0, x=0, y=-0.5
        )
    assert not MapPlacement.objects.exists()


def test_lines_are_stored_once_per_pair(course, both_placed, alice):
    mother, doctor = both_placed
    line = services.map_line_add(
        citizen=course.citizen, person_a=doctor, person_b=mother, actor=alice, expected_version=2
    )
    assert (line.person_a_id, line.person_b_id) == tuple(sorted((mother.pk, doctor.pk)))
    with pytest.raises(CourseActionError, match="already"):
        services.map_line_add(
            citizen=course.citizen, person_a=mother, person_b=doctor, actor=alice, expected_version=3
        )
    with pytest.raises(CourseActionError, match="different"):
        services.map_line_add(
            citizen=course.citizen, person_a=mother, person_b=mother, actor=alice, expected_version=3
        )
    assert MapLine.objects.count() == 1


def test_a_line_needs_both_people_on_the_map(course, mother, doctor, alice):
    services.map_place(citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=0, y=-0.4)
    with pytest.raises(CourseActionError, match="Put both"):
        services.map_line_add(
            citizen=course.citizen, person_a=mother, person_b=doctor, actor=alice, expected_version=1
        )


def test_taking_a_person_off_the_map_removes_their_lines(course, both_placed, alice):
    mother, doctor = both_placed
    services.map_line_add(
        citizen=course.citizen, person_a=mother, person_b=doctor, actor=alice, expected_version=2
    )
    services.map_unplace(citizen=course.citizen, person=doctor, actor=alice, expected_version=3)
    assert not MapLine.objects.exists()
    assert list(MapPlacement.objects.values_list("person_id", flat=True)) == [mother.pk]


# --- Pages -------------------------------------------------------------------------------------


def test_the_worker_sees_the_map_with_fields_rings_and_people(course, both_placed, alice, client_for):
    client = client_for(alice)
    client.cookies["django_language"] = "en"
    response = client.get(url(course))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Family", "Relatives", "Others", "Work/school/offers", "Professionals"):
        assert f">{label}</text>" in html
    for label in ("Close by", "In between", "Further away"):
        assert f">{label}</text>" in html
    assert html.count('data-testid="map-person"') == 2
    assert 'data-interactive="1"' in html
    assert "network-map.js" in html
    entry = AuditEntry.objects.get(action="network.map_viewed")
    assert entry.citizen_id == course.citizen_id


def test_the_overview_links_to_the_map(course, alice, client_for):
    html = client_for(alice).get(f"/courses/{course.pk}/network/").content.decode()
    assert f'href="/courses/{course.pk}/network/map/"' in html


def test_dragging_posts_json_and_gets_the_new_version(course, mother, alice, client_for):
    response = client_for(alice).post(
        url(course, "place/"), {"person": mother.pk, "version": 0, "x": "0.05", "y": "0.8"}, **JSON
    )
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == 1
    assert data["sector"] == "others"
    assert data["ring"] == 3
    assert MapPlacement.objects.get(person=mother).y == 0.8


def test_a_stale_tab_gets_409_and_nothing_changes(course, mother, alice, client_for):
    client = client_for(alice)
    client.post(url(course, "place/"), {"person": mother.pk, "version": 0, "x": "0", "y": "0.5"}, **JSON)
    response = client.post(
        url(course, "place/"), {"person": mother.pk, "version": 0, "x": "0", "y": "-0.9"}, **JSON
    )
    assert response.status_code == 409
    assert response.json()["error"]
    assert MapPlacement.objects.get(person=mother).y == 0.5


def test_the_form_fallback_places_by_field_and_ring_and_redirects(course, mother, alice, client_for):
    response = client_for(alice).post(
        url(course, "place/"), {"person": mother.pk, "version": 0, "sector": "professionals", "ring": "3"}
    )
    assert response.status_code == 302
    placement = MapPlacement.objects.get(person=mother)
    assert geometry.sector_of(placement.x, placement.y) == "professionals"
    assert geometry.ring_of(placement.x, placement.y) == 3


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"sector": "moon", "ring": "1"}, id="unknown-field"),
        pytest.param({"sector": "family", "ring": "7"}, id="unknown-ring"),
        pytest.param({"sector": "", "ring": ""}, id="nothing-chosen"),
        pytest.param({"x": "abc", "y": "0"}, id="not-a-number"),
    ],
)
def test_bad_placing_is_400_and_keeps_the_choice(course, mother, alice, client_for, data):
    response = client_for(alice).post(url(course, "place/"), {"person": mother.pk, "version": 0} | data)
    assert response.status_code == 400
    assert response.context["place_form"].errors
    assert not MapPlacement.objects.exists()
    assert not AuditEntry.objects.filter(action="network.map_person_placed").exists()


def test_line_form_draws_and_removes_a_line(course, both_placed, alice, client_for):
    mother, doctor = both_placed
    client = client_for(alice)
    response = client.post(
        url(course, "lines/"), {"person_a": mother.pk, "person_b": doctor.pk, "version": 2}
    )
    assert response.status_code == 302
    line = MapLine.objects.get()
    html = client.get(url(course)).content.decode()
    assert html.count('data-testid="map-line"') == 1
    assert "Mor Borgersen — Grete Lægesen" in html or "Grete Lægesen — Mor Borgersen" in html
    response = client.post(url(course, f"lines/{line.pk}/remove/"), {"version": 2})
    assert response.status_code == 409
    assert MapLine.objects.exists()
    response = client.post(url(course, f"lines/{line.pk}/remove/"), {"version": 3})
    assert response.status_code == 302
    assert not MapLine.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="network.map_line").count() == 2


def test_a_line_to_oneself_is_400(course, both_placed, alice, client_for):
    mother, _doctor = both_placed
    response = client_for(alice).post(
        url(course, "lines/"), {"person_a": mother.pk, "person_b": mother.pk, "version": 2}
    )
    assert response.status_code == 400
    assert "person_b" in response.context["line_form"].errors
    assert not MapLine.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 404), ("mallory", 404), ("dave", 404), ("erin", 404)]
)
def test_who_sees_the_map_without_any_consent(course, client_for, request, who, status):
    user = request.getfixturevalue(who)
    assert client_for(user).get(url(course)).status_code == status


def test_anonymous_is_sent_to_log_in(course, client):
    response = client.get(url(course))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_manager_with_consent_sees_but_cannot_change(course, mother, alice, manny, client_for, today):
    services.consent_record(
        citizen=course.citizen,
        actor=alice,
        scope="everyone",
        given_on=today,
        shared_with=[],
        note="",
        expected_consent=0,
        today=today,
    )
    client = client_for(manny)
    html = client.get(url(course)).content.decode()
    assert 'data-interactive="1"' not in html
    assert 'data-testid="form-map-place"' not in html
    response = client.post(url(course, "place/"), {"person": mother.pk, "version": 0, "x": "0", "y": "0.5"})
    assert response.status_code == 403
    assert not MapPlacement.objects.exists()


def test_an_ended_course_map_is_read_only(course, mother, alice, client_for, today):
    course_services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    client = client_for(alice)
    html = client.get(url(course)).content.decode()
    assert 'data-interactive="1"' not in html
    response = client.post(url(course, "place/"), {"person": mother.pk, "version": 0, "x": "0", "y": "0.5"})
    assert response.status_code == 403
    assert not MapPlacement.objects.exists()


def test_get_on_a_write_url_is_405(course, alice, client_for):
    assert client_for(alice).get(url(course, "place/")).status_code == 405


# --- PDF ---------------------------------------------------------------------------------------


def test_the_pdf_has_the_drawing_and_is_audited(course, both_placed, alice, client_for):
    mother, doctor = both_placed
    services.map_line_add(
        citizen=course.citizen, person_a=mother, person_b=doctor, actor=alice, expected_version=2
    )
    html = documents.map_html(course)
    assert "<svg" in html
    assert "Mor Borgersen" in html
    assert 'data-interactive="1"' not in html
    response = client_for(alice).get(url(course, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="network.map_viewed", after={"format": "pdf"}).exists()


def test_the_pdf_is_404_outside_the_consent(course, carol, client_for):
    assert client_for(carol).get(url(course, "pdf/")).status_code == 404


def test_removing_a_person_from_the_network_takes_them_off_the_map(course, both_placed, alice):
    mother, doctor = both_placed
    services.map_line_add(
        citizen=course.citizen, person_a=mother, person_b=doctor, actor=alice, expected_version=2
    )
    services.person_remove(person=doctor, actor=alice, expected_version=doctor.version)
    assert list(MapPlacement.objects.values_list("person_id", flat=True)) == [mother.pk]
    assert not MapLine.objects.exists()


def test_the_map_page_reads_in_a_fixed_number_of_queries(course, both_placed, alice, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    client.get(url(course))
    with CaptureQueriesContext(connection) as few:
        client.get(url(course))
    people = []
    for index in range(6):
        people.append(services.person_add(citizen=course.citizen, actor=alice, **person(f"Person {index}")))
        services.map_place(
            citizen=course.citizen,
            person=people[-1],
            actor=alice,
            expected_version=2 + index,
            sector="others",
            ring=2,
        )
    services.map_line_add(
        citizen=course.citizen, person_a=people[0], person_b=people[1], actor=alice, expected_version=8
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url(course))
    assert len(many) == len(few)
