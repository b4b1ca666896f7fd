"""The network pages: overview, add, edit and remove; who may read, who may write; query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.network import services
from overgang.network.models import NetworkPerson

pytestmark = pytest.mark.usefixtures("frozen_today")

GP = {
    "role": "gp",
    "role_text": "",
    "name": "Grete Lægesen",
    "direct_phone": "12345678",
    "main_phone": "",
    "email": "grete@example.dk",
    "address": "",
    "is_active": True,
    "can_help_with": "Medicin",
}
FAMILY = GP | {"role": "family", "name": "Mor Borgersen", "email": "", "is_active": False}


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness)


@pytest.fixture
def gp(course, alice):
    return services.person_add(citizen=course.citizen, actor=alice, **GP)


@pytest.fixture
def family(course, alice):
    return services.person_add(citizen=course.citizen, actor=alice, **FAMILY)


def url(course, tail=""):
    return f"/courses/{course.pk}/network/{tail}"


def section(html, testid):
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</section>", start)
    return html[start:end]


def post_data(values, **extra):
    data = {k: v for k, v in values.items() if k != "is_active"}
    if values.get("is_active"):
        data["is_active"] = "on"
    return data | extra


def test_worker_sees_overview_with_family_private_and_gp_professional(course, gp, family, alice, client_for):
    response = client_for(alice).get(url(course))
    assert response.status_code == 200
    html = response.content.decode()
    private = section(html, "network-private")
    professional = section(html, "network-professional")
    assert "Mor Borgersen" in private
    assert "Grete Lægesen" not in private
    assert "Grete Lægesen" in professional
    assert "Mor Borgersen" not in professional
    assert 'data-testid="form-network-person"' in html


def test_reading_the_overview_is_audited(course, alice, client_for):
    client_for(alice).get(url(course))
    entry = AuditEntry.objects.get(action="network.viewed")
    assert entry.actor == alice
    assert entry.citizen_id == course.citizen_id
    assert entry.object_id == str(course.pk)
    assert entry.municipality_id == course.municipality_id


def test_add_redirects_and_lists_the_person(course, alice, client_for):
    client = client_for(alice)
    response = client.post(url(course, "add/"), post_data(GP))
    assert response.status_code == 302
    assert response["Location"] == url(course)
    person = NetworkPerson.objects.get()
    assert person.citizen_id == course.citizen_id
    assert person.is_active is True
    assert person.email == "grete@example.dk"
    html = client.get(url(course)).content.decode()
    assert "Grete Lægesen" in section(html, "network-professional")


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"name": ""}, id="no-name"),
        pytest.param({"role": "astrologer"}, id="unknown-role"),
        pytest.param({"role": "other", "role_text": ""}, id="other-without-text"),
        pytest.param({"email": "not-an-email"}, id="bad-email"),
        pytest.param({"name": "x" * 151}, id="name-too-long"),
    ],
)
def test_bad_add_is_400_and_saves_nothing(course, alice, client_for, changes):
    response = client_for(alice).post(url(course, "add/"), post_data(GP | changes))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not NetworkPerson.objects.exists()
    assert not AuditEntry.objects.filter(action="network.person_added").exists()


def test_edit_get_and_post_with_version_saves(course, gp, alice, client_for):
    client = client_for(alice)
    page = client.get(url(course, f"{gp.pk}/edit/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="form-network-person-edit"' in html
    assert "Grete Lægesen" in html

    response = client.post(url(course, f"{gp.pk}/edit/"), post_data(GP | {"name": "Ny Læge"}, version=1))
    assert response.status_code == 302
    gp.refresh_from_db()
    assert gp.name == "Ny Læge"
    assert gp.version == 2
    assert AuditEntry.objects.filter(action="network.person_changed").count() == 1


def test_edit_post_with_stale_version_is_400_and_changes_nothing(course, gp, alice, client_for):
    response = client_for(alice).post(
        url(course, f"{gp.pk}/edit/"), post_data(GP | {"name": "Ny Læge"}, version=7)
    )
    assert response.status_code == 400
    gp.refresh_from_db()
    assert gp.name == "Grete Lægesen"
    assert gp.version == 1


def test_remove_deletes_the_person(course, gp, alice, client_for):
    client = client_for(alice)
    response = client.post(url(course, f"{gp.pk}/remove/"), {"version": "1"})
    assert response.status_code == 302
    assert not NetworkPerson.objects.filter(pk=gp.pk).exists()
    assert "Grete Lægesen" not in client.get(url(course)).content.decode()


def test_remove_with_stale_version_keeps_the_person(course, gp, alice, client_for):
    response = client_for(alice).post(url(course, f"{gp.pk}/remove/"), {"version": "9"})
    assert response.status_code == 302
    assert NetworkPerson.objects.filter(pk=gp.pk).exists()


def test_manager_reads_but_cannot_write(course, gp, manny, client_for):
    client = client_for(manny)
    page = client.get(url(course))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Grete Lægesen" in html
    assert 'data-testid="form-network-person"' not in html
    assert f"{gp.pk}/edit/" not in html

    assert client.post(url(course, "add/"), post_data(FAMILY)).status_code == 403
    assert client.get(url(course, f"{gp.pk}/edit/")).status_code == 403
    assert (
        client.post(url(course, f"{gp.pk}/edit/"), post_data(GP | {"name": "X"}, version=1)).status_code
        == 403
    )
    assert client.post(url(course, f"{gp.pk}/remove/"), {"version": "1"}).status_code == 403
    gp.refresh_from_db()
    assert gp.name == "Grete Lægesen"
    assert NetworkPerson.objects.count() == 1


@pytest.mark.parametrize("who", ["mallory", "bob"])
def test_outsiders_get_404_everywhere(request, course, gp, client_for, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(course)).status_code == 404
    assert client.post(url(course, "add/"), post_data(FAMILY)).status_code == 404
    assert client.get(url(course, f"{gp.pk}/edit/")).status_code == 404
    assert (
        client.post(url(course, f"{gp.pk}/edit/"), post_data(GP | {"name": "X"}, version=1)).status_code
        == 404
    )
    assert client.post(url(course, f"{gp.pk}/remove/"), {"version": "1"}).status_code == 404
    gp.refresh_from_db()
    assert gp.name == "Grete Lægesen"
    assert NetworkPerson.objects.count() == 1
    assert not AuditEntry.objects.filter(action="network.viewed").exists()


def test_person_of_another_citizen_is_404(course, alice, homelessness, make_course, client_for):
    other = make_course(alice, homelessness, first_name="Anden")
    stranger = services.person_add(citizen=other.citizen, actor=alice, **GP)
    client = client_for(alice)
    assert client.get(url(course, f"{stranger.pk}/edit/")).status_code == 404
    assert (
        client.post(url(course, f"{stranger.pk}/edit/"), post_data(GP | {"name": "X"}, version=1)).status_code
        == 404
    )
    assert client.post(url(course, f"{stranger.pk}/remove/"), {"version": "1"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.name == "Grete Lægesen"


def test_ended_course_is_read_only(course, gp, alice, client_for, today):
    course_services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    client = client_for(alice)
    page = client.get(url(course))
    assert page.status_code == 200
    assert 'data-testid="form-network-person"' not in page.content.decode()
    assert client.post(url(course, "add/"), post_data(FAMILY)).status_code == 403
    assert client.get(url(course, f"{gp.pk}/edit/")).status_code == 403
    assert (
        client.post(url(course, f"{gp.pk}/edit/"), post_data(GP | {"name": "X"}, version=1)).status_code
        == 403
    )
    assert client.post(url(course, f"{gp.pk}/remove/"), {"version": "1"}).status_code == 403
    gp.refresh_from_db()
    assert gp.name == "Grete Lægesen"
    assert NetworkPerson.objects.count() == 1


def test_overview_query_count_does_not_grow_with_people(
    course, alice, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    services.person_add(citizen=course.citizen, actor=alice, **GP)
    client.get(url(course))  # warm up session/caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(course)).status_code == 200
    for n in range(14):
        values = FAMILY if n % 2 else GP
        services.person_add(citizen=course.citizen, actor=alice, **(values | {"name": f"Person {n}"}))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url(course))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="network-person"') == 15


@pytest.mark.parametrize("marked", [False, True])
def test_a_relatives_address_is_hidden_from_the_manager_when_the_citizens_address_is_confidential(
    course, alice, carol, manny, client_for, marked
):
    services.person_add(
        citizen=course.citizen, actor=alice, **FAMILY | {"address": "Søstervej 3, 9999 Demoby"}
    )
    services.person_add(citizen=course.citizen, actor=alice, **GP | {"address": "Lægehuset, Torvet 1"})
    type(course.citizen).objects.filter(pk=course.citizen_id).update(confidential_address=marked)

    manager_html = client_for(manny).get(url(course)).content.decode()
    assert ("Søstervej 3" in manager_html) is not marked
    assert ('data-testid="address-hidden"' in manager_html) is marked
    assert "Lægehuset, Torvet 1" in manager_html  # a professional's address reveals nothing
    for allowed in (alice, carol):
        assert "Søstervej 3" in client_for(allowed).get(url(course)).content.decode()
