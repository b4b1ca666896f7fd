"""Every change writes exactly one audit row: all write endpoints, not a sample.

The write endpoints are found, not listed: every course pattern the access matrix walks (the URL
resolver's `courses/<int:pk>/...`, web and API) and every API pattern, each asked with a POST; what
does not answer 405 takes POST. `test_every_write_endpoint_has_a_case` fails when a new one appears
without a case in CASES below.

Each case makes one valid, successful change as the course's CTI worker (a coordinator where only
they may), and the POST's own request must write exactly one row: the right action, actor, citizen,
the actor's municipality, the response's request id, and a before and an after where an existing
record is edited (before where one is removed, after where one is made). What they hold is the
services' choice: field names, versions and revision numbers, never the citizen's texts. A redirect
the browser would follow is a request of its own and is not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.audit.tests.test_coverage import kwargs_for, last_pk
from overgang.security.tests.test_access_matrix import COURSE_PATTERNS
from overgang.security.tests.urlwalk import WalkedPattern, all_url_patterns

API_PATTERNS = [walked for walked in all_url_patterns() if walked.name.startswith("api:")]
CANDIDATES = {walked.name: walked for walked in [*COURSE_PATTERNS, *API_PATTERNS]}

EDIT, CREATE, DELETE, EXPORT = "edit", "create", "delete", "export"


@dataclass
class Setup:
    """What a case is made on: the world, the course, the day, and the people it may need."""

    world: Any
    course: Any
    today: dt.date
    people: dict[str, Any]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    name: str  # the URL name
    action: str  # the one audit action the change writes
    kind: str  # EDIT, CREATE, DELETE or EXPORT
    data: Callable[[Setup], dict[str, Any]]
    prepare: Callable[[Setup], Any] | None = None  # brings the course where the change is possible
    variant: str = ""
    asked_by: str = "alice"
    course: str = "course"  # which course of the world: course, shelter_course, job_course, fresh
    status: tuple[int, ...] = (302,)
    as_json: bool = False
    # Rows of other records the same request makes, written before the case's own (see CASES).
    preceded_by: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.name} ({self.variant})" if self.variant else self.name


# Bringing a course to where a change can be made (through the services, before counting) -------


def _course_services() -> Any:
    from overgang.courses import services

    return services


def _pause(setup: Setup) -> None:
    _course_services().course_pause(
        course=setup.course,
        start=setup.today - dt.timedelta(days=3),
        reason="hospital",
        actor=setup.course.worker,
        today=setup.today,
    )


def _end(setup: Setup) -> None:
    _course_services().course_end(
        course=setup.course, on=setup.today, reason="moved", actor=setup.course.worker, today=setup.today
    )


def _to_phase_3(setup: Setup) -> None:
    services = _course_services()
    course = setup.course
    for phase, day in ((2, dt.date(2026, 10, 20)), (3, dt.date(2026, 11, 10))):
        course = services.course_start_phase(
            course=course, phase=phase, on=day, actor=course.worker, today=setup.today
        )
    setup.course.refresh_from_db()


def _job_consultant(setup: Setup) -> Any:
    from overgang.accounts.models import User

    user = User.objects.create_user(
        username="jonna",
        first_name="Jonna",
        last_name="Jobkonsulent",
        municipality_id=setup.course.municipality_id,
        role="job_consultant",
    )
    setup.people["consultant"] = user
    return user


def _attach_consultant(setup: Setup) -> None:
    from overgang.courses.job_people import course_attach_job_consultant

    course_attach_job_consultant(
        course=setup.course, consultant=_job_consultant(setup), actor=setup.course.worker
    )


def _start_meeting(setup: Setup) -> None:
    from overgang.jobs.services import start_meeting_save

    start_meeting_save(
        course=setup.course,
        actor=setup.course.worker,
        expected_version=0,
        held_on=setup.today - dt.timedelta(days=10),
        attendees="Borgeren og CTI-medarbejderen.",
        today=setup.today,
    )


def _joint_plan(setup: Setup) -> None:
    from overgang.jobs.services import joint_plan_save

    _start_meeting(setup)
    joint_plan_save(
        course=setup.course,
        actor=setup.course.worker,
        expected_version=0,
        today=setup.today,
        **_joint_plan_values(setup),
    )


def _job_match(setup: Setup) -> None:
    from overgang.jobs.services import job_match_register

    _joint_plan(setup)
    job_match_register(
        course=setup.course,
        actor=setup.course.worker,
        employer="Bageriet",
        position="Bagermedhjælper",
        found_on=setup.today - dt.timedelta(days=5),
        today=setup.today,
    )
    setup.course.refresh_from_db()


def _work_agreement(setup: Setup) -> None:
    from overgang.jobs.services import work_agreement_revise

    _job_match(setup)
    work_agreement_revise(
        course=setup.course,
        actor=setup.course.worker,
        expected_number=0,
        valid_from=setup.today - dt.timedelta(days=5),
        employer="Bageriet",
        hours_per_week="10",
        hours_kind="ordinary",
        today=setup.today,
    )


def _consent(setup: Setup) -> Any:
    from overgang.network.models import MapConsent
    from overgang.network.services import consent_record

    return consent_record(
        citizen=setup.course.citizen,
        actor=setup.course.worker,
        scope="worker",
        given_on=setup.today - dt.timedelta(days=2),
        shared_with=[],
        note="",
        expected_consent=0,
        today=setup.today,
    ) or MapConsent.objects.filter(citizen=setup.course.citizen).latest("pk")


def _new_person(setup: Setup) -> None:
    from overgang.network.services import person_add

    setup.people["third"] = person_add(
        citizen=setup.course.citizen, actor=setup.course.worker, name="Tredje Person", role="family"
    )


def _new_person_on_the_map(setup: Setup) -> None:
    from overgang.network.services import map_place

    _new_person(setup)
    map_place(
        citizen=setup.course.citizen,
        person=setup.people["third"],
        actor=setup.course.worker,
        expected_version=_map_version(setup),
        x=0.0,
        y=0.6,
    )


# The values posted ------------------------------------------------------------------------------


def _version(setup: Setup) -> int:
    setup.course.refresh_from_db()
    return int(setup.course.version)


def _map_version(setup: Setup) -> int:
    from overgang.network.models import NetworkMap

    return int(NetworkMap.objects.get(citizen_id=setup.course.citizen_id).version)


def _latest_consent(setup: Setup) -> int:
    from overgang.network.models import MapConsent

    latest = MapConsent.objects.filter(citizen_id=setup.course.citizen_id).order_by("-pk").first()
    return latest.pk if latest else 0


def _joint_plan_values(setup: Setup) -> dict[str, Any]:
    return {
        "made_on": setup.today - dt.timedelta(days=8),
        "job_centre_case_worker": "Jens Jobcenter",
        "social_services_case_worker": "Susanne Social",
        "purpose": "Et job med faste timer.",
    }


def _iso(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _plan_form(setup: Setup, plan: Any) -> dict[str, Any]:
    return {
        "period": plan.period,
        "made_on": plan.made_on.isoformat(),
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "dimensions": plan.dimensions,
        "citizen_words": "Jeg vil have min egen lejlighed og et job.",
        "version": plan.version,
    }


def _focus_area(setup: Setup, *, goal: Any = None) -> dict[str, Any]:
    setup.world.plan.refresh_from_db()
    data = {
        "dimension": "housing",
        "reason": "Har boet på herberg i et år.",
        "goal": "Egen bolig.",
        "responsibility": "both",
        "version": setup.world.plan.version,
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "1" if goal else "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
        "goals-0-text": "Ringe til boligselskabet",
    }
    if goal is not None:
        data["goals-0-id"] = goal.pk
    return data


def _meeting_form(setup: Setup, *, version: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "handover",
        "held_on": (setup.today - dt.timedelta(days=1)).isoformat(),
        "worker_attended": "on",
        "agreed": "Vi ses igen om en måned.",
    }
    if version is not None:
        data["version"] = version
    return data


def _person_form(name: str, version: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"role": "family", "name": name}
    if version is not None:
        data["version"] = version
    return data


def _safety_plan(setup: Setup) -> dict[str, Any]:
    from overgang.safety.models import PART_FIELDS, SafetyPlan

    plan = SafetyPlan.objects.filter(course=setup.course).first()
    return dict.fromkeys(PART_FIELDS, "") | {
        "escape_route": "Gennem haven",
        "reviewed_on": "",
        "version": plan.version if plan else 0,
    }


def _handover_plan(setup: Setup) -> dict[str, Any]:
    from overgang.handover.models import HandoverPlan

    plan = HandoverPlan.objects.filter(course=setup.course).first()
    data: dict[str, Any] = {
        "long_term_goals": "At blive boende.",
        "support_needs": "Hjælp til økonomi.",
        "responsible": "",
        "continued_support": "",
    }
    if plan is not None:
        data["version"] = plan.version
    return data


def _letter(setup: Setup) -> dict[str, Any]:
    from overgang.handover.models import ClosingLetter

    letter = ClosingLetter.objects.get(course=setup.course)
    return {"text": "Kære Hanne. Tak for forløbet.", "version": letter.version}


CASES = [
    # The API ------------------------------------------------------------------------------------
    Case(
        "api:course-contact-period",
        "course.contact_period_started",
        EDIT,
        lambda s: {"on": s.today.isoformat(), "version": _version(s)},
        course="fresh",
        status=(200,),
        as_json=True,
    ),
    Case(
        "api:course-phase",
        "course.phase_2_started",
        EDIT,
        lambda s: {"phase": 2, "on": s.today.isoformat(), "version": _version(s)},
        status=(200,),
        as_json=True,
    ),
    Case(
        "api:course-pause",
        "course.paused",
        CREATE,
        lambda s: {"start": s.today.isoformat(), "reason": "hospital", "version": _version(s)},
        status=(200,),
        as_json=True,
    ),
    Case(
        "api:course-resume",
        "course.resumed",
        EDIT,
        lambda s: {"on": s.today.isoformat(), "version": _version(s)},
        prepare=_pause,
        status=(200,),
        as_json=True,
    ),
    Case(
        "api:course-end",
        "course.ended",
        EDIT,
        lambda s: {"on": s.today.isoformat(), "reason": "moved", "version": _version(s)},
        status=(200,),
        as_json=True,
    ),
    Case(
        "api:course-restart",
        "course.restarted",
        CREATE,
        lambda s: {"referral_date": s.today.isoformat()},
        prepare=_end,
        status=(201,),
        as_json=True,
    ),
    Case(
        "api:course-reassign",
        "course.worker_reassigned",
        EDIT,
        lambda s: {"worker": s.people["frank"].pk, "on": s.today.isoformat(), "version": _version(s)},
        asked_by="carol",
        status=(200,),
        as_json=True,
    ),
    Case(
        "api:referral-create",
        "course.referred",
        CREATE,
        lambda s: {
            "first_name": "Ny",
            "last_name": "Borgersen",
            "cpr": "1505859990",
            "programme": s.course.programme_id,
            "legal_basis": s.course.legal_basis,
            "worker": s.course.worker_id,
            "referral_date": s.today.isoformat(),
        },
        course="none",
        status=(201,),
        as_json=True,
        # Two records come into being, the citizen and the course, and each keeps its own row (as
        # overgang/courses/tests/test_audit.py holds): the one request that writes two rows.
        preceded_by=("citizen.registered",),
    ),
    # The course page -----------------------------------------------------------------------------
    Case(
        "courses:action",
        "course.contact_period_started",
        EDIT,
        lambda s: {"contact-on": s.today.isoformat(), "contact-version": _version(s)},
        variant="contact",
        course="fresh",
    ),
    Case(
        "courses:action",
        "course.phase_2_started",
        EDIT,
        lambda s: {"phase-on": s.today.isoformat(), "phase-version": _version(s)},
        variant="phase",
    ),
    Case(
        "courses:action",
        "course.paused",
        CREATE,
        lambda s: {
            "pause-start": s.today.isoformat(),
            "pause-reason": "hospital",
            "pause-reason_text": "",
            "pause-version": _version(s),
        },
        variant="pause",
    ),
    Case(
        "courses:action",
        "course.resumed",
        EDIT,
        lambda s: {"resume-on": s.today.isoformat(), "resume-version": _version(s)},
        prepare=_pause,
        variant="resume",
    ),
    Case(
        "courses:end",
        "course.ended",
        EDIT,
        lambda s: {"on": s.today.isoformat(), "reason": "moved", "reason_text": "", "version": _version(s)},
    ),
    Case(
        "courses:reassign",
        "course.worker_reassigned",
        EDIT,
        lambda s: {"worker": s.people["frank"].pk, "on": s.today.isoformat(), "version": _version(s)},
        asked_by="carol",
    ),
    Case(
        "courses:restart",
        "course.restarted",
        CREATE,
        lambda s: {"restart-referral_date": s.today.isoformat()},
        prepare=_end,
    ),
    Case(
        "courses:job_consultants",
        "course.job_consultant_attached",
        CREATE,
        lambda s: {"consultant": s.people["consultant"].pk},
        prepare=_job_consultant,
        variant="attach",
        course="job_course",
    ),
    Case(
        "courses:job_consultants",
        "course.job_consultant_detached",
        DELETE,
        lambda s: {"consultant": s.people["consultant"].pk, "do": "detach"},
        prepare=_attach_consultant,
        variant="detach",
        course="job_course",
    ),
    # The checklist and the compass --------------------------------------------------------------
    Case("checklists:answer", "checklist.answered", CREATE, lambda s: {"answer": "yes", "comment": "Gjort."}),
    Case(
        "compass:worker_rate",
        "compass.rated",
        EDIT,
        lambda s: {"rating-housing": "4", "rated_on": s.today.isoformat(), "version": 1},
    ),
    Case(
        "compass:citizen_mode",
        "compass.rated",
        CREATE,
        lambda s: {"rating-housing": "2", "version": 1},
    ),
    # The contact journal ---------------------------------------------------------------------------
    Case(
        "journal:entry_new",
        "contact.created",
        CREATE,
        lambda s: {
            "occurred_at": f"{s.today - dt.timedelta(days=2)}T10:00",
            "status": "happened",
            "kind": "home_visit",
            "duration_minutes": "60",
            "note": "Talte om budget.",
        },
    ),
    Case(
        "journal:entry_edit",
        "contact.changed",
        EDIT,
        lambda s: {
            "occurred_at": f"{s.today - dt.timedelta(days=1)}T10:00",
            "status": "happened",
            "kind": "home_visit",
            "duration_minutes": "90",
            "note": "Talte om huslejen.",
            "version": s.world.entry.version,
        },
    ),
    Case(
        "journal:frame_save",
        "contact_frame.saved",
        CREATE,
        lambda s: {"frequency": "Hver uge", "reminder_channel": "none"},
    ),
    # The plan ---------------------------------------------------------------------------------------
    Case(
        "plans:plan_new",
        "cti_plan.created",
        CREATE,
        lambda s: {
            "period": "phase_2",
            "made_on": s.today.isoformat(),
            "starts_on": s.today.isoformat(),
            "ends_on": (s.today + dt.timedelta(days=90)).isoformat(),
            "dimensions": ["housing"],
            "citizen_words": "Jeg vil blive boende.",
        },
    ),
    Case("plans:plan_edit", "cti_plan.changed", EDIT, lambda s: _plan_form(s, _refreshed(s.world.plan))),
    Case("plans:focus_area_new", "cti_plan.focus_area_added", CREATE, lambda s: _focus_area(s)),
    Case(
        "plans:focus_area_edit",
        "cti_plan.focus_area_changed",
        EDIT,
        lambda s: _focus_area(s, goal=s.world.goal),
    ),
    Case(
        "plans:focus_area_remove",
        "cti_plan.focus_area_removed",
        DELETE,
        lambda s: {"version": _refreshed(s.world.plan).version},
    ),
    Case(
        "plans:sub_goal_mark",
        "cti_plan.sub_goal_achieved",
        EDIT,
        lambda s: {"achieved_on": s.today.isoformat(), "version": _refreshed(s.world.plan).version},
    ),
    Case(
        "plans:follow_up",
        "cti_plan.follow_up",
        EDIT,
        lambda s: {
            "on": s.today.isoformat(),
            "note": "Gennemgået.",
            "version": _refreshed(s.world.plan).version,
        },
    ),
    # The network and its map -----------------------------------------------------------------------
    Case("network:person_add", "network.person_added", CREATE, lambda s: _person_form("Ny Person")),
    Case(
        "network:person_edit",
        "network.person_changed",
        EDIT,
        lambda s: _person_form("Søs Borgersen-Hansen", _refreshed(s.world.person).version),
    ),
    Case(
        "network:person_remove",
        "network.person_removed",
        DELETE,
        lambda s: {"version": _refreshed(s.world.person).version},
    ),
    Case(
        "network:map_place",
        "network.map_person_placed",
        CREATE,
        lambda s: {"person": s.people["third"].pk, "x": "0.1", "y": "0.5", "version": _map_version(s)},
        prepare=_new_person,
    ),
    Case(
        "network:map_unplace",
        "network.map_person_removed",
        DELETE,
        lambda s: {"person": s.world.other_person.pk, "version": _map_version(s)},
    ),
    Case(
        "network:map_line_add",
        "network.map_line_added",
        CREATE,
        lambda s: {
            "person_a": s.world.person.pk,
            "person_b": s.people["third"].pk,
            "version": _map_version(s),
        },
        prepare=_new_person_on_the_map,
    ),
    Case(
        "network:map_line_remove",
        "network.map_line_removed",
        DELETE,
        lambda s: {"version": _map_version(s)},
    ),
    Case(
        "network:map_consent",
        "network.map_consent_recorded",
        CREATE,
        lambda s: {
            "scope": "worker",
            "given_on": s.today.isoformat(),
            "note": "",
            "expected_consent": _latest_consent(s),
        },
    ),
    Case(
        "network:map_consent_withdraw",
        "network.map_consent_withdrawn",
        EDIT,
        lambda s: {"on": s.today.isoformat(), "expected_consent": _latest_consent(s)},
        prepare=_consent,
    ),
    # The handover and the ending -----------------------------------------------------------------
    Case("handover:plan_edit", "handover.plan_created", CREATE, _handover_plan),
    Case("handover:meeting_new", "handover.meeting_added", CREATE, lambda s: _meeting_form(s)),
    Case(
        "handover:meeting_edit",
        "handover.meeting_changed",
        EDIT,
        lambda s: _meeting_form(s, version=_refreshed(s.world.meeting).version),
    ),
    Case(
        "handover:meeting_remove",
        "handover.meeting_removed",
        DELETE,
        lambda s: {"version": _refreshed(s.world.meeting).version},
    ),
    Case(
        "handover:celebration",
        "handover.celebration_marked",
        CREATE,
        lambda s: {"held_on": s.today.isoformat(), "note": "Kage."},
        prepare=_to_phase_3,
    ),
    Case("handover:letter", "handover.letter_changed", EDIT, _letter, prepare=_to_phase_3),
    # The job programme's steps -----------------------------------------------------------------------
    Case(
        "jobs:start_meeting",
        "jobs.start_meeting_created",
        CREATE,
        lambda s: {
            "held_on": (s.today - dt.timedelta(days=3)).isoformat(),
            "attendees": "Borgeren og CTI-medarbejderen.",
            "version": 0,
        },
        course="job_course",
    ),
    Case(
        "jobs:joint_plan",
        "jobs.joint_plan_created",
        CREATE,
        lambda s: _iso(_joint_plan_values(s)) | {"version": 0},
        prepare=_start_meeting,
        course="job_course",
    ),
    Case(
        "jobs:job_match",
        "jobs.job_match_registered",
        CREATE,
        lambda s: {
            "employer": "Bageriet",
            "position": "Bagermedhjælper",
            "found_on": (s.today - dt.timedelta(days=1)).isoformat(),
            "version": _version(s),
        },
        prepare=_joint_plan,
        course="job_course",
    ),
    Case(
        "jobs:work_agreement",
        "jobs.work_agreement_revised",
        CREATE,
        lambda s: {
            "valid_from": (s.today - dt.timedelta(days=1)).isoformat(),
            "employer": "Bageriet",
            "hours_per_week": "12",
            "hours_kind": "ordinary",
            "expected_number": 0,
        },
        prepare=_job_match,
        course="job_course",
    ),
    Case(
        "jobs:hours_update",
        "jobs.hours_updated",
        CREATE,
        lambda s: {"on": s.today.isoformat(), "hours_per_week": "15", "note": ""},
        prepare=_work_agreement,
        course="job_course",
    ),
    # The safety plan and the confidential address -------------------------------------------------
    Case("safety:plan_save", "safety.plan_created", CREATE, _safety_plan, course="shelter_course"),
    Case(
        "safety:confidential_address",
        "citizen.confidential_address_set",
        EDIT,
        lambda s: {"confidential": "yes", "version": _refreshed(s.course.citizen).version, "confirm": "on"},
    ),
    # Exports ------------------------------------------------------------------------------------------
    Case("privacy:data_export", "citizen.data_exported", EXPORT, lambda s: {}, status=(200,)),
    Case(
        "audit:citizen_lookups",
        "audit.citizen_lookups_exported",
        EXPORT,
        lambda s: {"file_format": "xlsx"},
        status=(200,),
    ),
]


def _refreshed(instance: Any) -> Any:
    instance.refresh_from_db()
    return instance


# Finding the write endpoints ---------------------------------------------------------------------


def _url(walked: WalkedPattern, setup: Setup) -> str:
    if not walked.kwargs:
        return reverse(walked.name)
    values, _course = kwargs_for(walked.name, walked.route, setup.world)
    values = {k: v for k, v in values.items() if k in walked.kwargs} | setup.kwargs
    if "pk" in values and setup.course is not None:
        values["pk"] = setup.course.pk
    return reverse(walked.name, kwargs=values)


def test_every_write_endpoint_has_a_case(world: Any, alice: Any, client_for: Any, frozen_today: Any) -> None:
    """A POST that is not refused with 405 finds a write endpoint; each must have a case."""
    client = client_for(alice)
    setup = Setup(world=world, course=world.course, today=frozen_today, people={})
    writes = set()
    for name, walked in CANDIDATES.items():
        with transaction.atomic():
            if name.startswith("api:"):
                response = client.post(_url(walked, setup), {}, content_type="application/json")
            else:
                response = client.post(_url(walked, setup), {})
            transaction.set_rollback(True)
        if response.status_code != 405:
            writes.add(name)
    covered = {case.name for case in CASES}
    assert writes - covered == set(), "a new write endpoint: add a case to CASES"
    assert covered - writes == set(), "a case for an endpoint that takes no POST"
    assert len(writes) > 45  # the walk found the apps' endpoints
    print(f"\nchange coverage: {len(writes)} write endpoints, {len(CASES)} cases")


@pytest.fixture
def people(alice: Any, carol: Any, frank: Any) -> dict[str, Any]:
    return {"alice": alice, "carol": carol, "frank": frank}


def _course_for(case: Case, world: Any, make_course: Any, people: dict[str, Any]) -> Any:
    if case.course in ("course", "none"):
        return world.course
    if case.course == "fresh":
        return make_course(people["alice"], world.course.programme, first_name="Frida")
    return getattr(world, case.course)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_change_writes_exactly_one_row(
    case: Case,
    request: Any,
    world: Any,
    people: dict[str, Any],
    make_course: Any,
    client_for: Any,
    frozen_today: dt.date,
) -> None:
    course = _course_for(case, world, make_course, people)
    setup = Setup(world=world, course=course, today=frozen_today, people=dict(people))
    if case.name == "courses:action":
        setup.kwargs["action"] = case.variant
    if case.prepare is not None:
        case.prepare(setup)
    course.refresh_from_db()
    actor = people[case.asked_by]
    data = case.data(setup)
    url = _url(CANDIDATES[case.name], setup)
    client = client_for(actor)
    since = last_pk()

    if case.as_json:
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, data)

    assert response.status_code in case.status, response.content[:3000]
    entries = list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))
    assert [e.action for e in entries] == [*case.preceded_by, case.action]
    for entry in entries:
        assert entry.actor_id == actor.pk
        assert entry.outcome == "allowed"
        assert entry.municipality_id == actor.municipality_id
        assert entry.request_id and entry.request_id == response["X-Request-ID"]
        if case.course == "none":
            assert entry.citizen_id is not None and entry.citizen_id != course.citizen_id
        else:
            assert entry.citizen_id == course.citizen_id
    entry = entries[-1]
    if case.kind == EDIT:
        assert entry.before and entry.after, "an edit keeps the values before and after"
        assert entry.before != entry.after
    elif case.kind == CREATE:
        assert entry.after, "a new record keeps its values"
    elif case.kind == DELETE:
        assert entry.before, "a removal keeps the values removed"
