"""The supervision pages: who reads and who writes, through the one door; the form; bad input."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from overgang.audit.models import AuditEntry
from overgang.supervision.models import SupervisionSession

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST = "/supervision/"


def new_url(programme) -> str:
    return f"/supervision/new/?programme={programme.pk}"


def form_data(*participants, courses=(), **overrides):
    data = {
        "held_on": "2026-11-20",
        "kind": "method",
        "supervisor": "Signe Supervisorsen",
        "participants": [p.pk for p in participants],
        "courses": [c.pk for c in courses],
        "conclusions": "Bente er i kontaktperioden: næste skridt er at finde en bolig.",
    }
    return data | overrides


# --- the list --------------------------------------------------------------------------------------


def test_the_coordinator_lists_her_programmes_sessions(carol, session, client_for):
    response = client_for(carol).get(LIST)

    assert response.status_code == 200
    assertTemplateUsed(response, "supervision/session_list.html")
    assert response.context["sessions"] == [session]
    assertContains(response, f'href="/supervision/{session.pk}/"')
    assertContains(response, 'data-testid="log-session"')


def test_the_list_filters_by_programme(carol, session, homelessness, job_programme, client_for):
    job_programme.coordinators.add(carol)
    client = client_for(carol)

    assert client.get(LIST, {"programme": homelessness.pk}).context["sessions"] == [session]
    assert client.get(LIST, {"programme": job_programme.pk}).context["sessions"] == []


def test_the_coordinator_sees_each_workers_last_session(carol, alice, frank, session, client_for):
    response = client_for(carol).get(LIST)

    rows = {row["worker"]: row for row in response.context["last_by_worker"]}
    assert rows[alice]["last"] == session.held_on
    assert rows[frank]["last"] is None


def test_a_worker_lists_only_the_sessions_she_took_part_in(alice, frank, session, client_for):
    assert client_for(alice).get(LIST).context["sessions"] == [session]
    response = client_for(frank).get(LIST)
    assert response.context["sessions"] == []
    assertNotContains(response, 'data-testid="log-session"')
    assert response.context["last_by_worker"] == []


def test_the_manager_reads_every_session_but_cannot_log(manny, session, client_for):
    response = client_for(manny).get(LIST)

    assert response.context["sessions"] == [session]
    assertNotContains(response, 'data-testid="log-session"')


@pytest.mark.parametrize("who", ["dave", "mallory"])
def test_outsiders_see_none_of_our_sessions(who, request, session, client_for):
    response = client_for(request.getfixturevalue(who)).get(LIST)

    assert response.context["sessions"] == []


def test_a_programme_of_another_municipality_is_not_found(mallory, carol, session, client_for):
    theirs = mallory.programmes.get()

    assert client_for(carol).get(LIST, {"programme": theirs.pk}).status_code == 404


def test_the_list_needs_a_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- the detail page -------------------------------------------------------------------------------


def test_the_detail_page_links_the_courses_discussed(carol, session, sen, client_for):
    response = client_for(carol).get(f"/supervision/{session.pk}/")

    assert response.status_code == 200
    assertContains(response, f'href="/courses/{sen.pk}/"')
    assertContains(response, "Sen Borgersen")
    assertContains(response, "planen skal have højst tre fokusområder")
    assertContains(response, 'data-testid="edit-session"')
    assert AuditEntry.objects.filter(action="supervision.viewed", object_id=str(session.pk)).count() == 1


def test_a_participant_reads_the_session_but_sees_only_her_own_citizens(bob, session, sen, client_for):
    response = client_for(bob).get(f"/supervision/{session.pk}/")

    assert response.status_code == 200
    assertNotContains(response, "Sen Borgersen")
    assertContains(response, 'data-testid="hidden-courses"')
    assertNotContains(response, 'data-testid="edit-session"')


@pytest.mark.parametrize("who", ["frank", "dave", "mallory"])
def test_a_session_the_user_may_not_read_is_not_found(who, request, session, client_for):
    client = client_for(request.getfixturevalue(who))

    assert client.get(f"/supervision/{session.pk}/").status_code == 404
    assert client.get(f"/supervision/{session.pk}/edit/").status_code == 404
    assert client.post(f"/supervision/{session.pk}/edit/", {}).status_code == 404


def test_a_missing_session_is_not_found(carol, client_for):
    assert client_for(carol).get("/supervision/999999/").status_code == 404


# --- logging a session -----------------------------------------------------------------------------


def test_the_form_offers_the_programmes_workers_and_active_courses(
    carol, alice, bob, erin, sen, bente, client_for
):
    response = client_for(carol).get(new_url(sen.programme))

    assert response.status_code == 200
    assertContains(response, f'name="participants" value="{alice.pk}"')
    assertContains(response, f'name="participants" value="{bob.pk}"')
    assertNotContains(response, f'name="participants" value="{erin.pk}"')
    # The courses, grouped by worker, with the citizen's name and period.
    groups = {group.worker: [c.course for c in group.choices] for group in response.context["course_groups"]}
    assert groups == {alice: [sen], bob: [bente]}
    assertContains(response, f'name="courses" value="{sen.pk}"')
    assertContains(response, "Sen Borgersen")
    assertContains(response, "Phase 1")
    assertContains(response, "since 01-10-2026")


def test_the_coordinator_logs_a_session_from_the_form(carol, alice, bob, bente, homelessness, client_for):
    response = client_for(carol).post(new_url(homelessness), form_data(alice, bob, courses=[bente]))

    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/supervision/{session.pk}/"
    assert set(session.participants.all()) == {alice, bob}
    assert list(session.courses.all()) == [bente]
    assert session.created_by == carol


def test_bad_input_shows_the_form_again_and_saves_nothing(carol, alice, homelessness, client_for):
    response = client_for(carol).post(new_url(homelessness), form_data(alice, held_on="2026-12-24"))

    assert response.status_code == 400
    assertContains(response, "cannot be in the future", status_code=400)
    assertContains(response, f'value="{alice.pk}" checked', status_code=400)
    assert not SupervisionSession.objects.exists()


def test_a_session_without_participants_is_refused(carol, homelessness, client_for):
    response = client_for(carol).post(new_url(homelessness), form_data())

    assert response.status_code == 400
    assert not SupervisionSession.objects.exists()


def test_a_worker_of_another_programme_cannot_be_slipped_in(carol, alice, erin, homelessness, client_for):
    response = client_for(carol).post(new_url(homelessness), form_data(alice, erin))

    assert response.status_code == 400
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("who", ["manny", "alice"])
def test_readers_may_not_log_a_session(who, request, alice, homelessness, client_for):
    client = client_for(request.getfixturevalue(who))

    assert client.post(new_url(homelessness), form_data(alice)).status_code == 403
    assert client.get(new_url(homelessness)).status_code == 403
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("who", ["dave", "mallory"])
def test_outsiders_cannot_find_the_programme_to_log_in(who, request, alice, homelessness, client_for):
    client = client_for(request.getfixturevalue(who))

    assert client.post(new_url(homelessness), form_data(alice)).status_code == 404
    assert not SupervisionSession.objects.exists()


def test_without_a_programme_the_form_goes_back_to_the_list(carol, client_for):
    response = client_for(carol).get("/supervision/new/")

    assert response.status_code == 302
    assert response["Location"] == LIST


# --- changing a session ----------------------------------------------------------------------------


def test_the_coordinator_changes_a_session(carol, alice, session, client_for):
    client = client_for(carol)
    assert client.get(f"/supervision/{session.pk}/edit/").status_code == 200

    response = client.post(f"/supervision/{session.pk}/edit/", form_data(alice, version=1, kind="case"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.kind == "case"
    assert session.version == 2


def test_a_stale_form_is_refused_and_keeps_the_users_input(carol, alice, session, client_for):
    client = client_for(carol)
    client.post(f"/supervision/{session.pk}/edit/", form_data(alice, version=1))

    response = client.post(
        f"/supervision/{session.pk}/edit/", form_data(alice, version=1, conclusions="Mit udkast fra før.")
    )

    assert response.status_code == 400
    assertContains(response, "Someone else changed this supervision session", status_code=400)
    assertContains(response, "Mit udkast fra før.", status_code=400)
    session.refresh_from_db()
    assert session.version == 2


def test_the_manager_reads_a_session_but_may_not_change_it(manny, alice, session, client_for):
    client = client_for(manny)

    assert client.get(f"/supervision/{session.pk}/").status_code == 200
    assert client.post(f"/supervision/{session.pk}/edit/", form_data(alice, version=1)).status_code == 403
    session.refresh_from_db()
    assert session.version == 1


def test_a_participant_may_not_change_the_session(alice, session, client_for):
    assert (
        client_for(alice).post(f"/supervision/{session.pk}/edit/", form_data(alice, version=1)).status_code
        == 403
    )
