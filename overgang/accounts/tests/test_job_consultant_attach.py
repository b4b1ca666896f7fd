"""The CTI worker or the coordinator attaches job consultants to a job course, with audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from overgang.accounts.models import User
from overgang.audit.models import AuditEntry
from overgang.network.models import NetworkPerson

pytestmark = pytest.mark.django_db


def _consultant(username: str, municipality: Any) -> User:
    user = User(username=username, first_name=username.capitalize(), municipality=municipality)
    user.role = "job_consultant"
    user.save()
    return user


@pytest.fixture
def jytte(municipality: Any) -> User:
    return _consultant("jytte", municipality)


def _attach(client: Any, course: Any, consultant: Any, do: str = "attach") -> Any:
    return client.post(
        reverse("courses:job_consultants", args=[course.pk]), {"consultant": consultant.pk, "do": do}
    )


def test_the_worker_attaches_a_job_consultant(
    erin: Any, jytte: User, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = _attach(client_for(erin), job_course, jytte)
    assert response.status_code == 302
    assert job_course.job_consultants.filter(pk=jytte.pk).exists()
    entry = AuditEntry.objects.get(action="course.job_consultant_attached")
    assert entry.actor == erin and entry.after == {"job_consultant": jytte.pk}


def test_the_coordinator_detaches_one(
    dave: Any, jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = _attach(client_for(dave), job_course, jonas, do="detach")
    assert response.status_code == 302
    assert not job_course.job_consultants.exists()
    assert AuditEntry.objects.filter(action="course.job_consultant_detached", actor=dave).exists()


def test_only_a_job_consultant_of_the_municipality_can_be_attached(
    erin: Any, bob: Any, job_course: Any, other_municipality: Any, client_for: Any, frozen_today: Any
) -> None:
    outsider = _consultant("ole", other_municipality)
    client = client_for(erin)
    for candidate in (bob, outsider):
        response = _attach(client, job_course, candidate)
        assert response.status_code == 400
        assert "Choose a job consultant from the list." in response.content.decode()
    assert list(job_course.job_consultants.values_list("username", flat=True)) == ["jonas"]


def test_a_homelessness_course_has_no_job_consultant(
    alice: Any, jytte: User, homeless_course: Any, client_for: Any, frozen_today: Any
) -> None:
    response = _attach(client_for(alice), homeless_course, jytte)
    assert response.status_code == 403
    assert not homeless_course.job_consultants.exists()


@pytest.mark.parametrize("who", ["jonas", "manny", "carol", "mallory"])
def test_others_cannot_attach(
    who: str, request: Any, jytte: User, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    user = request.getfixturevalue(who)
    response = _attach(client_for(user), job_course, jytte)
    assert response.status_code in (403, 404)
    assert not job_course.job_consultants.filter(pk=jytte.pk).exists()


def test_the_course_page_shows_the_team_around_the_citizen(
    erin: Any, jonas: Any, job_course: Any, client_for: Any, frozen_today: Any
) -> None:
    for role, name in (("job_centre_consultant", "Jens Jobcenter"), ("case_worker_adults", "Sofie Social")):
        NetworkPerson.objects.create(
            citizen=job_course.citizen,
            municipality_id=job_course.municipality_id,
            role=role,
            name=name,
            created_by=erin,
        )
    for user in (erin, jonas):
        page = client_for(user).get(reverse("courses:detail", args=[job_course.pk])).content.decode()
        assert 'data-testid="job-team"' in page
        assert "Jens Jobcenter" in page and "Sofie Social" in page and "Jonas" in page
    assert (
        'data-testid="form-attach-job-consultant"'
        not in client_for(jonas).get(reverse("courses:detail", args=[job_course.pk])).content.decode()
    )


def test_a_homelessness_course_page_has_no_job_team(
    alice: Any, homeless_course: Any, client_for: Any, frozen_today: Any
) -> None:
    page = client_for(alice).get(reverse("courses:detail", args=[homeless_course.pk])).content.decode()
    assert 'data-testid="job-team"' not in page
