"""The worker's screens: overview, search, registration, the course page and its actions."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateNotUsed, assertTemplateUsed

from overgang.courses import services
from overgang.courses.models import Citizen, Course, Pause

pytestmark = pytest.mark.usefixtures("frozen_today")


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def fresh(course):
    return Course.objects.get(pk=course.pk)


# --- the overview -----------------------------------------------------------------------------------


def test_the_overview_lists_the_workers_active_courses(alice, homelessness, make_course, client_for, today):
    anna = make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Anna")
    ended = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Ebbe")
    services.course_end(course=ended, on=d("2026-10-01"), reason="moved", actor=alice, today=today)

    response = client_for(alice).get("/courses/")

    assert response.status_code == 200
    assertTemplateUsed(response, "courses/overview.html")
    assert [row.course.pk for row in response.context["rows"]] == [anna.pk]
    assertContains(response, f'data-course="{anna.pk}"')
    assertContains(response, "Anna Borgersen")
    assertNotContains(response, "Ebbe Borgersen")
    assert response.context["caseload"].worker == alice


def test_the_overview_shows_ended_courses_on_request(alice, homelessness, make_course, client_for, today):
    ended = make_course(alice, homelessness, phase_1=d("2026-06-01"), first_name="Ebbe")
    services.course_end(course=ended, on=d("2026-10-01"), reason="moved", actor=alice, today=today)

    response = client_for(alice).get("/courses/", {"ended": "1"})

    assertContains(response, "Ebbe Borgersen")


def test_the_overview_puts_the_overdue_course_first(alice, homelessness, make_course, client_for):
    calm = make_course(alice, homelessness, phase_1=d("2026-11-01"), first_name="Rolig")
    overdue = make_course(alice, homelessness, phase_1=d("2026-07-01"), first_name="Sen")

    rows = client_for(alice).get("/courses/").context["rows"]

    assert [row.course.pk for row in rows] == [overdue.pk, calm.pk]


def test_the_coordinator_filters_the_overview_by_worker(
    alice, bob, carol, homelessness, make_course, client_for
):
    make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Anna")
    bente = make_course(bob, homelessness, phase_1=d("2026-10-01"), first_name="Bente")
    client = client_for(carol)

    everyone = client.get("/courses/")
    only_bob = client.get("/courses/", {"worker": bob.pk})

    assert len(everyone.context["rows"]) == 2
    assert [row.course.pk for row in only_bob.context["rows"]] == [bente.pk]
    assert only_bob.context["caseload"].worker == bob
    assertNotContains(only_bob, "Anna Borgersen")


def test_an_unknown_worker_in_the_filter_shows_every_course(
    bob, carol, homelessness, make_course, client_for
):
    make_course(bob, homelessness, phase_1=d("2026-10-01"))

    response = client_for(carol).get("/courses/", {"worker": "999999"})

    assert response.status_code == 200
    assert response.context["selected_worker"] is None
    assert len(response.context["rows"]) == 1


@pytest.mark.parametrize("worker", ["abc", "1.5"])
def test_a_worker_filter_that_is_not_a_number_shows_every_course(
    bob, carol, homelessness, make_course, client_for, worker
):
    make_course(bob, homelessness, phase_1=d("2026-10-01"))
    client = client_for(carol)
    client.raise_request_exception = False

    response = client.get("/courses/", {"worker": worker})

    assert response.status_code == 200
    assert response.context["selected_worker"] is None
    assert len(response.context["rows"]) == 1


# --- search -------------------------------------------------------------------------------------------


@pytest.fixture
def anna(alice, homelessness, make_course):
    return make_course(alice, homelessness, phase_1=d("2026-10-01"), first_name="Anna", last_name="Andersen")


def test_it_finds_a_citizen_by_name(anna, alice, client_for):
    response = client_for(alice).post("/citizens/search/", {"q": "anna and"})

    assert response.status_code == 200
    assertTemplateUsed(response, "courses/search.html")
    assert [c.pk for c in response.context["results"]] == [anna.citizen_id]
    assertContains(response, f'href="/courses/{anna.pk}/"')


def test_it_finds_a_citizen_by_cpr_number(anna, alice, client_for):
    cpr = anna.citizen.cpr

    for query in (cpr, f"{cpr[:6]}-{cpr[6:]}", cpr[:6]):
        response = client_for(alice).post("/citizens/search/", {"q": query})
        assert [c.pk for c in response.context["results"]] == [anna.citizen_id], query


def test_htmx_gets_only_the_results_fragment(anna, alice, client_for):
    response = client_for(alice).post("/citizens/search/", {"q": "Andersen"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assertTemplateUsed(response, "courses/fragment_search_results.html")
    assertTemplateNotUsed(response, "courses/search.html")
    assertTemplateNotUsed(response, "base.html")
    assertNotContains(response, "<html")
    assertContains(response, 'data-testid="search-results"')
    assertContains(response, "Anna Andersen")


def test_htmx_gets_a_no_results_fragment(anna, alice, client_for):
    response = client_for(alice).post("/citizens/search/", {"q": "Zacharias"}, headers={"HX-Request": "true"})

    assertContains(response, 'data-testid="no-results"')
    assertNotContains(response, "<html")


def test_a_colleague_does_not_find_the_citizen(anna, bob, client_for):
    response = client_for(bob).post("/citizens/search/", {"q": "Andersen"})

    assert response.context["results"] == []
    assertNotContains(response, "Anna Andersen")


# --- registering a new citizen --------------------------------------------------------------------


def registration(programme, worker, **overrides):
    data = {
        "first_name": "Nanna",
        "last_name": "Nielsen",
        "cpr": "150585-4321",
        "address": "Vejen 1",
        "phone": "",
        "email": "",
        "preferred_contact_form": "phone",
        "programme": programme.pk,
        "legal_basis": "sel_85",
        "worker": worker.pk,
        "referral_date": "2026-11-20",
    }
    data.update(overrides)
    return data


def test_the_registration_form_is_shown(alice, client_for):
    response = client_for(alice).get("/citizens/new/")

    assert response.status_code == 200
    assertContains(response, 'data-testid="form-citizen"')
    assert response["Content-Language"] == "da"


# Regression: StyledForm once validated in __init__, before CitizenCourseForm / ReassignForm had set
# their querysets and choices, so every programme, legal basis and worker was refused.
def test_it_registers_and_refers_a_new_citizen(alice, homelessness, client_for):
    response = client_for(alice).post("/citizens/new/", registration(homelessness, alice))

    assert response.status_code == 302
    course = Course.objects.get()
    assert response["Location"] == f"/courses/{course.pk}/"
    assert (course.citizen.full_name, course.citizen.cpr, course.citizen.address) == (
        "Nanna Nielsen",
        "1505854321",
        "Vejen 1",
    )
    assert (course.worker, course.programme, course.referral_date) == (alice, homelessness, d("2026-11-20"))


@pytest.mark.parametrize("cpr", ["310285-1234", "12345"])
def test_a_bad_cpr_number_gives_400_and_saves_nothing(alice, homelessness, client_for, cpr):
    response = client_for(alice).post("/citizens/new/", registration(homelessness, alice, cpr=cpr))

    assert response.status_code == 400
    assert response["Content-Language"] == "da"
    assertTemplateUsed(response, "courses/citizen_new.html")
    assert not Citizen.objects.exists()
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("310285-1234", "The first six digits of the CPR number are not a valid date."),
        ("12345", "Enter a CPR number as ten digits, e.g. 010203-1234."),
    ],
)
def test_a_bad_cpr_number_is_shown_on_the_cpr_field(alice, homelessness, client_for, cpr, message):
    response = client_for(alice).post("/citizens/new/", registration(homelessness, alice, cpr=cpr))

    # The UI speaks Danish by default; the message is whatever the Danish catalogue gives.
    with translation.override("da"):
        expected = gettext(message)
    assert response.context["form"].errors == {"cpr": [expected]}
    assertContains(response, 'id="cpr-error"', status_code=400)
    assertContains(response, expected, status_code=400)


def test_a_duplicate_cpr_number_is_shown_in_the_form(alice, homelessness, make_course, client_for):
    existing = make_course(alice, homelessness)

    response = client_for(alice).post(
        "/citizens/new/", registration(homelessness, alice, cpr=existing.citizen.cpr)
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["cpr"]
    assert Citizen.objects.count() == 1


def test_the_manager_cannot_register_citizens(manny, client_for):
    assert client_for(manny).get("/citizens/new/").status_code == 403


# --- the course page ------------------------------------------------------------------------------


def test_the_course_page_shows_the_citizen_and_the_schedule(alice, homelessness, make_course, client_for):
    course = make_course(
        alice, homelessness, referral=d("2026-11-01"), phase_1=d("2026-11-10"), first_name="Anna"
    )

    response = client_for(alice).get(f"/courses/{course.pk}/")

    assert response.status_code == 200
    assertContains(response, "Anna Borgersen")
    assertContains(response, course.citizen.cpr_display)
    # Nine months from 2026-11-10: phase 2, phase 3 and the end as planned.
    assertContains(response, "10-02-2027")
    assertContains(response, "10-05-2027")
    assertContains(response, "10-08-2027")
    assertContains(response, 'data-testid="form-phase"')
    assert response.context["next_phase"] == 2


def test_the_course_page_of_an_ended_course_offers_no_actions(
    alice, homelessness, make_course, client_for, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_end(course=course, on=d("2026-10-01"), reason="moved", actor=alice, today=today)

    response = client_for(alice).get(f"/courses/{course.pk}/")

    assertNotContains(response, 'data-testid="actions"')
    assertContains(response, 'data-testid="form-restart"')
    assertContains(response, 'data-testid="end-reason"')


# --- the actions, each by POST --------------------------------------------------------------------


def test_it_starts_the_contact_period(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))

    response = client_for(alice).post(
        f"/courses/{course.pk}/contact/", {"contact-on": "2026-11-05", "contact-version": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.pk}/"
    assert fresh(course).contact_start == d("2026-11-05")


def test_it_registers_the_transitions_in_order(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, referral=d("2026-02-01"))
    client = client_for(alice)

    for version, on in enumerate(["2026-02-10", "2026-05-10", "2026-08-10"], start=1):
        response = client.post(
            f"/courses/{course.pk}/phase/", {"phase-on": on, "phase-version": str(version)}
        )
        assert response.status_code == 302, on

    course = fresh(course)
    assert (course.phase_1_start, course.phase_2_start, course.phase_3_start) == (
        d("2026-02-10"),
        d("2026-05-10"),
        d("2026-08-10"),
    )


def test_it_pauses_and_resumes(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-10-01"))
    client = client_for(alice)

    paused = client.post(
        f"/courses/{course.pk}/pause/",
        {
            "pause-start": "2026-11-01",
            "pause-reason": "hospital",
            "pause-reason_text": "",
            "pause-version": "2",
        },
    )
    resumed = client.post(f"/courses/{course.pk}/resume/", {"resume-on": "2026-11-08", "resume-version": "3"})

    assert (paused.status_code, resumed.status_code) == (302, 302)
    pause = Pause.objects.get(course=course)
    assert (pause.start, pause.resume, pause.reason) == (d("2026-11-01"), d("2026-11-08"), "hospital")


def test_the_end_confirmation_page_changes_nothing(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-03-31"))

    response = client_for(alice).get(f"/courses/{course.pk}/end/")

    assert response.status_code == 200
    assertContains(response, 'data-testid="form-end"')
    assert response.context["planned_end"] == d("2026-12-31")
    assert response.context["form"]["version"].value() == 2
    assert fresh(course).is_active


def test_it_ends_the_course(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(
        f"/courses/{course.pk}/end/",
        {"on": "2026-11-20", "reason": "other", "reason_text": "Flyttet til udlandet", "version": "2"},
    )

    assert response.status_code == 302
    course = fresh(course)
    assert (course.end_date, course.end_reason, course.end_reason_text) == (
        d("2026-11-20"),
        "other",
        "Flyttet til udlandet",
    )


def test_ending_with_other_and_no_text_is_shown_in_the_form(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(
        f"/courses/{course.pk}/end/",
        {"on": "2026-11-20", "reason": "other", "reason_text": "", "version": "2"},
    )

    assert response.status_code == 400
    assert "reason_text" in response.context["form"].errors
    assert fresh(course).is_active


def test_the_reassign_confirmation_page_changes_nothing(
    alice, bob, carol, homelessness, make_course, client_for
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(carol).get(f"/courses/{course.pk}/reassign/")

    assert response.status_code == 200
    assertContains(response, 'data-testid="form-reassign"')
    choices = list(response.context["form"].fields["worker"].queryset)
    assert bob in choices
    assert alice not in choices
    assert fresh(course).worker == alice


def test_the_coordinator_reassigns_the_course(alice, bob, carol, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(carol).post(
        f"/courses/{course.pk}/reassign/", {"worker": bob.pk, "on": "2026-11-20", "version": "2"}
    )

    assert response.status_code == 302
    assert fresh(course).worker == bob


def test_it_starts_an_ended_course_over(alice, homelessness, make_course, client_for, today):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_end(course=course, on=d("2026-10-01"), reason="imprisoned", actor=alice, today=today)

    response = client_for(alice).post(
        f"/courses/{course.pk}/restart/", {"restart-referral_date": "2026-11-20"}
    )

    new = Course.objects.get(restarted_from=course)
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{new.pk}/"
    assert new.referral_date == d("2026-11-20")


def test_an_unknown_action_changes_nothing(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(f"/courses/{course.pk}/delete/", {})

    assert response.status_code == 302
    assert fresh(course).version == 2


def test_an_action_by_get_is_not_allowed(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    assert client_for(alice).get(f"/courses/{course.pk}/phase/").status_code == 405


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("on", ["2026-02-30", "not a date", ""])
def test_a_bad_date_re_renders_the_page_with_400_and_changes_nothing(
    alice, homelessness, make_course, client_for, on
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(f"/courses/{course.pk}/phase/", {"phase-on": on, "phase-version": "2"})

    assert response.status_code == 400
    assertTemplateUsed(response, "courses/course_detail.html")
    assert "on" in response.context["phase_form"].errors
    course = fresh(course)
    assert (course.phase_2_start, course.version) == (None, 2)


def test_a_date_the_rules_refuse_re_renders_with_the_error_on_the_field(
    alice, homelessness, make_course, client_for
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(
        f"/courses/{course.pk}/phase/", {"phase-on": "2026-05-31", "phase-version": "2"}
    )

    assert response.status_code == 400
    assert "on" in response.context["phase_form"].errors
    assertContains(response, 'id="phase-on-error"', status_code=400)
    assert fresh(course).phase_2_start is None


def test_a_bad_pause_date_re_renders_with_the_pause_form_open(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(
        f"/courses/{course.pk}/pause/",
        {"pause-start": "2026-05-01", "pause-reason": "hospital", "pause-version": "2"},
    )

    assert response.status_code == 400
    assert response.context["open_form"] == "pause"
    assert "start" in response.context["pause_form"].errors
    assert not Pause.objects.exists()


def test_a_bad_end_date_re_renders_with_400_and_changes_nothing(alice, homelessness, make_course, client_for):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))

    response = client_for(alice).post(
        f"/courses/{course.pk}/end/", {"on": "2026-05-31", "reason": "moved", "version": "2"}
    )

    assert response.status_code == 400
    assert "on" in response.context["form"].errors
    assert fresh(course).is_active


def test_a_bad_restart_date_re_renders_with_400_and_changes_nothing(
    alice, homelessness, make_course, client_for, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-06-01"))
    services.course_end(course=course, on=d("2026-10-01"), reason="imprisoned", actor=alice, today=today)

    response = client_for(alice).post(
        f"/courses/{course.pk}/restart/", {"restart-referral_date": "2026-09-30"}
    )

    assert response.status_code == 400
    assert "referral_date" in response.context["restart_form"].errors
    assert Course.objects.count() == 1
