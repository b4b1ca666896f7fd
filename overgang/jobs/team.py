"""The people around the citizen on a job course (the job model): the CTI worker, the job
consultant(s) and the two case workers, who are people in the citizen's network (appendix 7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from overgang.accounts.models import User
from overgang.courses.models import Course
from overgang.network.models import NetworkPerson, NetworkRole

# Appendix 7's roles that stand for the job model's two case workers.
JOB_CENTRE_ROLES = (NetworkRole.JOB_CENTRE_CONSULTANT, NetworkRole.BENEFITS_CASE_WORKER)
SOCIAL_SERVICES_ROLES = (NetworkRole.CASE_WORKER_ADULTS, NetworkRole.CASE_WORKER_CHILDREN)


@dataclass(frozen=True)
class JobTeam:
    """Who works with the citizen on a job course, for the course page and the closing meeting."""

    worker: Any
    job_consultants: list[User]
    job_centre_case_workers: list[NetworkPerson]
    social_services_case_workers: list[NetworkPerson]

    @property
    def missing(self) -> list[str]:
        """Which of the model's people are not known yet (translated labels)."""
        missing = []
        if not self.job_consultants:
            missing.append(_("job consultant"))
        if not self.job_centre_case_workers:
            missing.append(_("case worker in the job centre"))
        if not self.social_services_case_workers:
            missing.append(_("case worker in social services"))
        return missing


def job_team(course: Course) -> JobTeam:
    people = list(
        NetworkPerson.objects.filter(
            citizen_id=course.citizen_id, role__in=[*JOB_CENTRE_ROLES, *SOCIAL_SERVICES_ROLES]
        ).order_by("name", "pk")
    )
    return JobTeam(
        worker=course.worker,
        job_consultants=list(course.job_consultants.order_by("first_name", "last_name", "pk")),
        job_centre_case_workers=[p for p in people if p.role in JOB_CENTRE_ROLES],
        social_services_case_workers=[p for p in people if p.role in SOCIAL_SERVICES_ROLES],
    )
