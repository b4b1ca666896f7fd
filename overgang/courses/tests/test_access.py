"""Who sees which course: one door, and anything outside looks exactly like something missing."""

import datetime as dt

import pytest
from django.http import Http404

from overgang.courses import services
from overgang.courses.access import citizens_visible_to, courses_visible_to, get_course_for_user
from overgang.courses.models import Course, Pause
from overgang.courses.selectors import citizen_search

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def courses(alice, bob, homelessness, job_programme, make_course):
    """Alice has a homelessness and a job course, Bob a homelessness course."""
    return {
        "alice_home": make_course(alice, homelessness, phase_1=d("2026-08-01"), first_name="Anna"),
        "alice_job": make_course(alice, job_programme, phase_1=d("2026-09-01"), first_name="Jakob"),
        "bob_home": make_course(bob, homelessness, phase_1=d("2026-07-01"), first_name="Bente"),
    }


def visible(user):
    return set(courses_visible_to(user).values_list("pk", flat=True))


def pks(courses, *names):
    return {courses[name].pk for name in names}


# --- who sees what ------------------------------------------------------------------------------------


def test_a_worker_sees_only_her_own_courses(alice, courses):
    assert visible(alice) == pks(courses, "alice_home", "alice_job")


def test_a_colleague_sees_only_his_own_courses(bob, courses):
    assert visible(bob) == pks(courses, "bob_home")
    with pytest.raises(Http404):
        get_course_for_user(bob, courses["alice_home"].pk)


def test_the_coordinator_sees_every_course_of_her_programme(carol, courses):
    assert visible(carol) == pks(courses, "alice_home", "bob_home")


def test_the_job_coordinator_does_not_see_homelessness_courses(dave, courses):
    assert visible(dave) == pks(courses, "alice_job")
    with pytest.raises(Http404):
        get_course_for_user(dave, courses["alice_home"].pk)


def test_the_manager_sees_every_course_in_the_municipality(manny, courses):
    assert visible(manny) == pks(courses, "alice_home", "alice_job", "bob_home")


def test_an_outsider_sees_nothing(mallory, courses):
    assert visible(mallory) == set()
    assert not citizens_visible_to(mallory).exists()


def test_an_anonymous_visitor_sees_nothing(courses):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_citizen_search_finds_only_visible_citizens(alice, bob, carol, courses):
    assert [c.first_name for c in citizen_search(alice, "Borgersen")] == ["Anna", "Jakob"]
    assert [c.first_name for c in citizen_search(bob, "Borgersen")] == ["Bente"]
    assert [c.first_name for c in citizen_search(carol, "Borgersen")] == ["Anna", "Bente"]


def test_citizen_search_by_cpr_number_respects_access_too(bob, courses):
    cpr = Course.objects.get(pk=courses["alice_home"].pk).citizen.cpr

    assert citizen_search(bob, cpr) == []


# --- pages ------------------------------------------------------------------------------------------------


def test_the_worker_sees_her_course_page(alice, courses, client_for):
    assert client_for(alice).get(f"/courses/{courses['alice_home'].pk}/").status_code == 200


def test_the_worker_does_not_see_her_colleagues_course_page(alice, courses, client_for):
    assert client_for(alice).get(f"/courses/{courses['bob_home'].pk}/").status_code == 404


def test_the_overview_lists_only_the_workers_own_citizens(alice, courses, client_for):
    page = client_for(alice).get("/courses/").content.decode()

    assert "Anna Borgersen" in page
    assert "Jakob Borgersen" in page
    assert "Bente Borgersen" not in page


def test_the_coordinators_overview_lists_her_programmes_courses(carol, courses, client_for):
    page = client_for(carol).get("/courses/").content.decode()

    assert "Anna Borgersen" in page
    assert "Bente Borgersen" in page
    assert "Jakob Borgersen" not in page


def test_the_job_coordinator_gets_404_for_a_homelessness_course_page(dave, courses, client_for):
    client = client_for(dave)

    assert client.get(f"/courses/{courses['alice_job'].pk}/").status_code == 200
    assert client.get(f"/courses/{courses['alice_home'].pk}/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(courses, client):
    response = client.get(f"/courses/{courses['alice_home'].pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- the manager reads, and only reads ----------------------------------------------------------


def action_requests(course_pk):
    """Every POST that changes a course, with data that would be accepted from its worker."""
    return [
        (f"/courses/{course_pk}/contact/", {"contact-on": "2026-11-20", "contact-version": "2"}),
        (f"/courses/{course_pk}/phase/", {"phase-on": "2026-11-20", "phase-version": "2"}),
        (
            f"/courses/{course_pk}/pause/",
            {"pause-start": "2026-11-20", "pause-reason": "hospital", "pause-version": "2"},
        ),
        (f"/courses/{course_pk}/resume/", {"resume-on": "2026-11-21", "resume-version": "2"}),
        (f"/courses/{course_pk}/end/", {"on": "2026-11-20", "reason": "moved", "version": "2"}),
        (f"/courses/{course_pk}/reassign/", {"on": "2026-11-20", "version": "2"}),
        (f"/courses/{course_pk}/restart/", {"restart-referral_date": "2026-11-21"}),
    ]


def snapshot(course):
    course = Course.objects.get(pk=course.pk)
    return (
        course.version,
        course.worker_id,
        course.phase_2_start,
        course.end_date,
        Pause.objects.filter(course=course).count(),
        Course.objects.count(),
    )


def test_the_manager_sees_the_course_page(manny, courses, client_for):
    assert client_for(manny).get(f"/courses/{courses['alice_home'].pk}/").status_code == 200


def test_the_manager_gets_403_for_every_action(manny, bob, courses, client_for):
    client = client_for(manny)
    course = courses["alice_home"]
    before = snapshot(course)

    for url, data in action_requests(course.pk):
        if url.endswith("/reassign/"):
            data = {**data, "worker": str(bob.pk)}
        assert client.post(url, data).status_code == 403, url

    assert snapshot(course) == before


def test_the_manager_gets_403_for_the_confirmation_pages(manny, courses, client_for):
    client = client_for(manny)
    course = courses["alice_home"]

    assert client.get(f"/courses/{course.pk}/end/").status_code == 403
    assert client.get(f"/courses/{course.pk}/reassign/").status_code == 403


def test_the_manager_cannot_start_an_ended_course_over(manny, alice, courses, client_for, today):
    course = services.course_end(
        course=courses["alice_home"], on=d("2026-11-01"), reason="moved", actor=alice, today=today
    )

    response = client_for(manny).post(
        f"/courses/{course.pk}/restart/", {"restart-referral_date": "2026-11-21"}
    )

    assert response.status_code == 403
    assert Course.objects.count() == 3


def test_a_worker_cannot_reassign_her_own_course(alice, bob, courses, client_for):
    client = client_for(alice)
    course = courses["alice_home"]

    assert client.get(f"/courses/{course.pk}/reassign/").status_code == 403
    response = client.post(
        f"/courses/{course.pk}/reassign/", {"worker": bob.pk, "on": "2026-11-20", "version": "2"}
    )
    assert response.status_code == 403
    assert Course.objects.get(pk=course.pk).worker == alice


# --- the outsider finds nothing -------------------------------------------------------------------


def test_the_outsider_gets_404_for_our_course_page(mallory, courses, client_for):
    assert client_for(mallory).get(f"/courses/{courses['alice_home'].pk}/").status_code == 404


def test_the_outsider_gets_404_for_every_action_url(mallory, courses, client_for):
    client = client_for(mallory)
    course = courses["alice_home"]
    before = snapshot(course)

    for url, data in action_requests(course.pk):
        assert client.post(url, data).status_code == 404, url
    assert client.get(f"/courses/{course.pk}/end/").status_code == 404
    assert client.get(f"/courses/{course.pk}/reassign/").status_code == 404
    assert client.post(f"/courses/{course.pk}/no-such-action/", {}).status_code == 404

    assert snapshot(course) == before


def test_the_outsider_gets_404_for_the_restart_of_an_ended_course(mallory, alice, courses, client_for, today):
    course = services.course_end(
        course=courses["alice_home"], on=d("2026-11-01"), reason="moved", actor=alice, today=today
    )

    response = client_for(mallory).post(
        f"/courses/{course.pk}/restart/", {"restart-referral_date": "2026-11-21"}
    )

    assert response.status_code == 404
    assert Course.objects.count() == 3


def test_forbidden_and_missing_look_the_same(mallory, courses, client_for):
    client = client_for(mallory)
    forbidden = courses["alice_home"].pk
    missing = Course.objects.order_by("-pk").first().pk + 1000

    for template in ("/courses/{}/", "/courses/{}/end/", "/courses/{}/reassign/"):
        a = client.get(template.format(forbidden))
        b = client.get(template.format(missing))
        assert a.status_code == b.status_code == 404
        assert a.content == b.content
    for url, data in action_requests(forbidden):
        assert client.post(url, data).status_code == 404
        assert client.post(url.replace(f"/{forbidden}/", f"/{missing}/"), data).status_code == 404


def test_a_colleagues_course_is_404_for_every_action_too(bob, courses, client_for):
    client = client_for(bob)
    course = courses["alice_home"]
    before = snapshot(course)

    for url, data in action_requests(course.pk):
        assert client.post(url, data).status_code == 404, url

    assert snapshot(course) == before
