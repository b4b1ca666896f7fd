"""The job consultant walks every page: the limited read view of their own job courses, or nothing.

A job consultant (jobkonsulent) is attached to job courses and reads them, adds their own contact
entries, and sees nothing else: no caseload, no team figures, no other citizens, no search across
citizens, no programme pages, no exports, feeds or API, no safety plan, no confidential address.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The course pages a job consultant may read on a course they are attached to.
READABLE_ON_OWN_COURSE = [
    "courses:detail",
    "journal:journal",
    "plans:plan",
    "handover:handover",
    "network:overview",
    "checklists:checklist",
    "compass:compass",
    "jobs:steps",
    "jobs:work_agreement",
]

# Pages about the whole municipality, a programme, a team or a worker: never for a job consultant.
CLOSED_PAGES: list[tuple[str, dict[str, Any]]] = [
    ("desk:phase_plan", {}),
    ("desk:phase_plan_xlsx", {}),
    ("desk:phase_plan_pdf", {}),
    ("desk:alerts", {}),
    ("desk:board", {}),
    ("desk:digest_preview", {}),
    ("figures:dashboard", {}),
    ("figures:courses", {}),
    ("figures:intensity", {}),
    ("fidelity:list", {}),
    ("fidelity:new", {}),
    ("supervision:list", {}),
    ("supervision:new", {}),
    ("supervision:prepare", {}),
    ("checklists:item_figures", {}),
    ("courses:citizen_new", {}),
    ("courses:referral_options", {}),
    ("feeds:settings", {}),
    ("api:course-list", {}),
]

PROGRAMME_PAGES = [
    "desk:contact_norms",
    "compass:instrument",
    "handover:letter_template",
]

# Course pages that change something, or hold what a job consultant is not trusted with.
CLOSED_ON_OWN_COURSE = [
    ("courses:end", {}),
    ("courses:reassign", {}),
    ("handover:plan_edit", {}),
    ("handover:meeting_new", {}),
    ("handover:letter", {}),
    ("handover:letter_pdf", {}),
    ("network:map_pdf", {}),
    ("network:map", {}),
    ("safety:plan", {}),
    ("safety:history", {}),
    ("plans:plan_new", {}),
    ("api:course-detail", {}),
    ("jobs:start_meeting", {}),
]


def _ok_or_closed(status: int) -> bool:
    return status in (403, 404)


@pytest.mark.parametrize("name", READABLE_ON_OWN_COURSE)
def test_it_reads_the_pages_of_a_course_it_is_attached_to(
    name: str, jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, args=[job_course.pk]))
    assert response.status_code == 200, name


@pytest.mark.parametrize("name", READABLE_ON_OWN_COURSE)
def test_it_gets_404_on_a_job_course_it_is_not_attached_to(
    name: str, jonas: Any, job_course: Any, other_job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, args=[other_job_course.pk]))
    assert response.status_code == 404, name


@pytest.mark.parametrize("name", READABLE_ON_OWN_COURSE)
def test_it_gets_404_on_a_homelessness_course(
    name: str, jonas: Any, homeless_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, args=[homeless_course.pk]))
    assert response.status_code == 404, name


@pytest.mark.parametrize(("name", "kwargs"), CLOSED_PAGES)
def test_it_cannot_open_pages_about_the_team_or_programme(
    name: str, kwargs: dict[str, Any], jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, kwargs=kwargs))
    assert _ok_or_closed(response.status_code), (name, response.status_code)


@pytest.mark.parametrize("name", PROGRAMME_PAGES)
def test_it_cannot_open_programme_pages(
    name: str, jonas: Any, job_course: Any, job_programme: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, args=[job_programme.pk]))
    assert _ok_or_closed(response.status_code), (name, response.status_code)


@pytest.mark.parametrize(("name", "kwargs"), CLOSED_ON_OWN_COURSE)
def test_it_cannot_change_its_course_or_see_what_it_is_not_trusted_with(
    name: str, kwargs: dict[str, Any], jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, kwargs={"pk": job_course.pk, **kwargs}))
    assert _ok_or_closed(response.status_code), (name, response.status_code)


@pytest.mark.parametrize(
    "name",
    [
        "courses:restart",
        "handover:celebration",
        "network:person_add",
        "jobs:work_agreement",
        "jobs:hours_update",
        "jobs:start_meeting",
    ],
)
def test_it_cannot_post_to_course_writes(
    name: str, jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).post(reverse(name, args=[job_course.pk]), {})
    assert _ok_or_closed(response.status_code), (name, response.status_code)


def test_the_overview_lists_only_its_courses_and_no_workers(
    jonas: Any,
    job_course: Any,
    other_job_course: Any,
    homeless_course: Any,
    client_for: Any,
    frozen_today: Any,
) -> None:
    response = client_for(jonas).get(reverse("courses:overview"))
    assert response.status_code == 200
    assert list(response.context["rows"]) and {row.course.pk for row in response.context["rows"]} == {
        job_course.pk
    }
    assert not response.context["workers"]
    assert response.context["caseload"] is None
    assert 'data-testid="alert-panel"' not in response.content.decode()
    assert reverse("desk:alert_acknowledge") not in response.content.decode()


def test_it_cannot_search_for_citizens(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).post(reverse("courses:search"), {"q": "Borgersen"})
    assert response.status_code == 404


def test_the_navigation_offers_only_its_courses(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    page = client_for(jonas).get(reverse("courses:overview")).content.decode()
    for name in ("desk:phase_plan", "desk:board", "desk:alerts", "figures:dashboard", "courses:search"):
        assert f'href="{reverse(name)}"' not in page, name
    assert f'href="{reverse("feeds:settings")}"' not in page


def test_course_actions_are_refused(jonas: Any, job_course: Any, client_for: Any, frozen_today: Any) -> None:
    response = client_for(jonas).post(
        reverse("courses:action", args=[job_course.pk, "pause"]),
        {"pause-start": "2026-11-22", "pause-reason": "illness", "pause-version": job_course.version},
    )
    assert response.status_code == 403
    job_course.refresh_from_db()
    assert not job_course.pauses.exists()


def test_the_course_page_is_read_only(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse("courses:detail", args=[job_course.pk]))
    assert response.context["can_change"] is False
    assert reverse("courses:end", args=[job_course.pk]) not in response.content.decode()
    assert job_course.citizen.cpr_display not in response.content.decode()  # not theirs to see


def test_the_api_lists_nothing_but_its_courses(
    jonas: Any, job_course: Any, other_job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse("api:course-list"))
    if response.status_code == 200:
        ids = {row["id"] for row in response.json().get("results", response.json())}
        assert other_job_course.pk not in ids
    else:
        assert _ok_or_closed(response.status_code)


def test_a_confidential_address_is_hidden_from_it(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    citizen = job_course.citizen
    citizen.address = "Skjultvej 7"
    citizen.confidential_address = True
    citizen.save(update_fields=["address", "confidential_address"])
    response = client_for(jonas).get(reverse("courses:detail", args=[job_course.pk]))
    assert response.status_code == 200
    assert "Skjultvej 7" not in response.content.decode()


@pytest.mark.parametrize("name", ["compass:worker_rate", "compass:citizen_mode"])
def test_it_cannot_rate_the_compass(
    name: str, jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = client_for(jonas).get(reverse(name, args=[job_course.pk, "phase_1"]))
    assert _ok_or_closed(response.status_code), (name, response.status_code)


def _consent(course: Any, scope: str) -> None:
    from overgang.network.models import MapConsent

    MapConsent.objects.create(
        citizen=course.citizen,
        municipality_id=course.municipality_id,
        scope=scope,
        given_on=course.referral_date,
        recorded_by=course.worker,
    )


def test_it_sees_the_network_map_when_the_citizen_lets_everyone_see_it(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    _consent(job_course, "everyone")
    response = client_for(jonas).get(reverse("network:map", args=[job_course.pk]))
    assert response.status_code == 200


def test_it_does_not_see_the_network_map_shown_only_to_worker_and_coordinator(
    jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    _consent(job_course, "worker_and_coordinator")
    response = client_for(jonas).get(reverse("network:map", args=[job_course.pk]))
    assert _ok_or_closed(response.status_code)
