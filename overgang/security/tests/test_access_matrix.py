"""Who gets what: every page and action on a course × every role × three courses.

The endpoints come from the URL resolver (every pattern with a course id), so a new sub-page is in
the matrix without anyone adding it; `test_every_course_pattern_is_in_the_matrix` fails otherwise.
The roles, relative to the course: its own CTI worker, a colleague on the same team, the programme's
coordinator, a coordinator of another programme, an administrator and a manager of the
municipality, a job consultant attached to the job course and one attached to nothing, a worker of
another municipality, and an anonymous visitor. The courses: a homelessness course, a job course and
a shelter course (the only one with a safety plan), each with one of every citizen-owned object.

What the code answers, and this test holds it to:
- 404 for whoever may not see the course (forbidden looks exactly like missing);
- 403 for someone who may see the course but not change it (a manager, a job consultant) when
  they ask for a change or a change form: the code says "you can see it, but not change it";
- a login redirect for an anonymous visitor; 401/403 from the API;
- for a POST by someone who may not make it, nothing in the database changes (no INSERT, UPDATE or
  DELETE outside the session, the audit log and the login bookkeeping).
A POST by someone who may make it reaches the form or the service (200, 201, 302, or 400 for the
deliberately empty form); it runs inside a rolled-back savepoint so every combination starts from
the same world. Lists and exports are checked apart: they never carry a row the user may not see.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overgang.security.tests.conftest import (
    OTHER_MUNICIPALITY_CITIZEN,
    OTHER_PROGRAMME_CITIZEN,
    SecurityWorld,
)
from overgang.security.tests.urlwalk import WalkedPattern, all_url_patterns

ROLES = [
    "worker",
    "colleague",
    "coordinator",
    "other_coordinator",
    "administrator",
    "job_consultant",
    "unattached_job_consultant",
    "manager",
    "other_municipality",
    "anonymous",
]
OWNERS = ["homeless", "job", "shelter"]

COURSE_PATTERNS = [
    walked
    for walked in all_url_patterns()
    if walked.kwargs and walked.kwargs[0] == "pk" and re.search(r"(^|/)courses/<int:pk>/", walked.route)
]
PROGRAMME_PATTERNS = [walked for walked in all_url_patterns() if "programmes/<int:pk>/" in walked.route]

# Pages that show a form for a change: someone who may only read gets 403 on GET as well.
CHANGE_FORM_PAGES = {
    "courses:end",
    "courses:reassign",
    "journal:entry_edit",
    "plans:plan_new",
    "plans:plan_edit",
    "plans:focus_area_new",
    "plans:focus_area_edit",
    "network:person_edit",
    "compass:worker_rate",
    "compass:citizen_mode",
    "compass:citizen_done",
    "handover:plan_edit",
    "handover:meeting_new",
    "handover:meeting_edit",
    "handover:meeting_remove",
    "handover:celebration",
    "handover:letter",
    "jobs:start_meeting",
    "jobs:joint_plan",
    "jobs:job_match",
}
# The job programme's own steps: any other course looks missing.
JOB_ONLY = {name for name in (w.name for w in COURSE_PATTERNS) if name.startswith("jobs:")}
# The safety plan: shelter courses only, for the CTI worker and the programme's coordinators only.
SAFETY_PLAN = {"safety:plan", "safety:plan_save", "safety:history"}
# The network map: the CTI worker, and others within the citizen's consent (the shelter citizen
# shares with the worker and the coordinator; the others with everyone).
NETWORK_MAP = {name for name in (w.name for w in COURSE_PATTERNS) if name.startswith("network:map")}
# Marking an address confidential: the CTI worker and the coordinator of the running course;
# everyone else, managers included, finds no such page.
CONFIDENTIAL_MARKER = {"safety:confidential_address"}
# Reassigning is for coordinators and administrators.
REASSIGN = {"courses:reassign", "api:course-reassign"}
# Journal entries: a job consultant attached to the course writes their own.
JOURNAL_WRITE = {"journal:entry_new"}
# The ending (celebration, closing letter): written in phase 3 only; the letter is read once written.
ENDING = {"handover:celebration", "handover:letter"}
LETTER_READ = {"handover:letter", "handover:letter_pdf"}
# Attaching job consultants: job courses only.
JOB_CONSULTANT_ATTACH = {"courses:job_consultants"}
# The citizen's data export (GDPR art. 15/20) and the list of lookups of the citizen's data: the
# worker, coordinators and administrators; for a manager or a job consultant, who only read, there
# is no such page.
DATA_EXPORT = {"privacy:data_export", "audit:citizen_lookups"}

LOGIN = "login"
REACHED = {200, 201, 302, 400, 409}  # 409: a stale version, refused by the service
WRITE_SQL = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
BOOKKEEPING_TABLES = ("django_session", "audit_", "otp_", "axes_", "accounts_usersession", "authtoken_")


# The rule, written out independently of overgang/courses/access.py ------------------------------


def sees_course(role: str, owner: str) -> bool:
    if role in ("worker", "coordinator", "administrator", "manager"):
        return True  # the coordinator ("koordinator") coordinates all three programmes
    return role == "job_consultant" and owner == "job"


def changes_course(role: str, owner: str) -> bool:
    return sees_course(role, owner) and role in ("worker", "coordinator", "administrator")


def sees_map(role: str, owner: str) -> bool:
    if not sees_course(role, owner):
        return False
    if owner == "shelter":
        return role in ("worker", "coordinator")
    return True


def expected(
    name: str, method: str, role: str, owner: str, *, in_phase_3: bool, has_letter: bool
) -> set[int] | str:
    if role == "anonymous":
        return {401, 403} if name.startswith("api:") else LOGIN
    if not sees_course(role, owner):
        return {404}
    if name.startswith("api:") and role in ("job_consultant", "unattached_job_consultant"):
        return {404}  # the API does not exist for a job consultant
    if name in JOB_ONLY and owner != "job":
        return {404}
    if name in SAFETY_PLAN:
        if owner != "shelter" or role not in ("worker", "coordinator"):
            return {404}
        return {200} if method == "GET" else REACHED
    if name in CONFIDENTIAL_MARKER:
        return REACHED if role in ("worker", "coordinator") else {404}
    if name in NETWORK_MAP and not sees_map(role, owner):
        return {404}
    if name in DATA_EXPORT:
        return ({200} if method == "GET" else REACHED) if changes_course(role, owner) else {404}
    may_change = changes_course(role, owner)
    if name in REASSIGN:
        may_change = role in ("coordinator", "administrator")
    if name in JOURNAL_WRITE and role == "job_consultant":
        may_change = True
    if name in JOB_CONSULTANT_ATTACH and owner != "job":
        may_change = False
    if name in ENDING and not in_phase_3:
        may_change = False
    if name in LETTER_READ and method == "GET":
        # Nothing to read until a letter is written; the one who may write it gets the form.
        if has_letter or (name == "handover:letter" and may_change):
            return {200}
        return {404}
    if method == "GET" and name not in CHANGE_FORM_PAGES:
        return {200}
    return REACHED if may_change else {403}


# Filling in a pattern for one course ---------------------------------------------------------------


def sub_objects(course: Any, today: dt.date) -> dict[str, Any]:
    """A value for every kwarg a course pattern has, taken from the course itself."""
    from overgang.checklists.models import ChecklistItem
    from overgang.checklists.selectors import course_checklist_ids
    from overgang.compass.selectors import open_slots
    from overgang.handover.models import HandoverMeeting
    from overgang.journal.models import ContactEntry
    from overgang.network.models import MapLine, NetworkPhoto
    from overgang.plans.models import CtiPlan, SubGoal

    plan = CtiPlan.objects.filter(course=course, focus_areas__sub_goals__isnull=False).order_by("-pk").first()
    assert plan is not None, f"course {course.pk} has no plan with a sub-goal"
    goal = SubGoal.objects.filter(focus_area__plan=plan).order_by("pk").first()
    slots = open_slots(course, today=today)
    assert slots, f"course {course.pk} has no open compass round"
    values = {
        "pk": course.pk,
        "entry_pk": ContactEntry.objects.filter(course=course).order_by("pk").values_list("pk", flat=True)[0],
        "plan_pk": plan.pk,
        "area_pk": goal.focus_area_id if goal else None,
        "goal_pk": goal.pk if goal else None,
        "item_pk": ChecklistItem.objects.filter(checklist_id__in=course_checklist_ids(course))
        .order_by("pk")
        .values_list("pk", flat=True)[0],
        "person_pk": NetworkPhoto.objects.filter(person__citizen_id=course.citizen_id).values_list(
            "person_id", flat=True
        )[0],
        "line_pk": MapLine.objects.filter(network_map__citizen_id=course.citizen_id).values_list(
            "pk", flat=True
        )[0],
        "meeting_pk": HandoverMeeting.objects.filter(course=course).values_list("pk", flat=True)[0],
        "slot": slots[-1],
        "action": "pause",
        "step": "start_meeting",
    }
    return values


def url_for(walked: WalkedPattern, values: dict[str, Any]) -> str:
    return reverse(walked.name, kwargs={name: values[name] for name in walked.kwargs})


# Running one request and judging it -------------------------------------------------------------


def _writes(queries: list[dict[str, str]]) -> list[str]:
    tables = []
    for query in queries:
        match = WRITE_SQL.match(query["sql"])
        if match and not match[2].startswith(BOOKKEEPING_TABLES):
            tables.append(f"{match[1].split()[0]} {match[2]}")
    return tables


def request_and_judge(
    client: Client, method: str, url: str, want: set[int] | str, *, api: bool
) -> str | None:
    """The request inside a savepoint that is rolled back; a mismatch as text, or None."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        if method == "GET":
            response = client.get(url)
        elif api:
            response = client.post(url, {}, content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    status = response.status_code
    if want == LOGIN:
        location = urlsplit(response.headers.get("Location", ""))
        if status != 302 or location.path != "/login/":
            return f"{status} (wanted the login page)"
    elif status not in want:
        return f"{status} (wanted {sorted(want)})"
    if method == "POST" and (want == LOGIN or want <= {403, 404, 401}):
        written = _writes(queries.captured_queries)
        if written:
            return f"{status} but wrote {written}"
    return None


@dataclass
class Matrix:
    world: SecurityWorld
    clients: dict[str, dict[str, Client]]  # owner -> role -> client
    values: dict[str, dict[str, Any]]  # owner -> kwarg values
    in_phase_3: dict[str, bool]
    has_letter: dict[str, bool]


@pytest.fixture
def matrix(
    security_world: SecurityWorld, security_clients: dict[int, Client], on_security_today: dt.date, db: Any
) -> Iterator[Matrix]:
    from overgang.handover.models import ClosingLetter

    world = security_world

    def client(user: Any) -> Client:
        return Client() if user is None else security_clients[user.pk]

    clients = {}
    values = {}
    phase_3 = {}
    letters = {}
    for owner, course in world.courses.items():
        people = {**world.people, "worker": course.worker, "anonymous": None}
        clients[owner] = {role: client(people[role]) for role in ROLES}
        values[owner] = sub_objects(course, on_security_today)
        phase_3[owner] = course.phase_3_start is not None and course.end_date is None
        letters[owner] = ClosingLetter.objects.filter(course=course).exists()
    yield Matrix(world=world, clients=clients, values=values, in_phase_3=phase_3, has_letter=letters)


def _methods(walked: WalkedPattern, matrix: Matrix) -> list[str]:
    """GET and/or POST, as the view accepts them (asked of the course's own worker)."""
    client = matrix.clients["homeless"]["worker"]
    url = url_for(walked, matrix.values["homeless"])
    methods = []
    for method in ("GET", "POST"):
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            transaction.set_rollback(True)
        if response.status_code != 405:
            methods.append(method)
    return methods


COMBINATIONS: list[int] = []


@pytest.mark.django_db
@pytest.mark.parametrize("walked", COURSE_PATTERNS, ids=lambda w: w.name)
def test_every_role_gets_what_the_rule_says(walked: WalkedPattern, matrix: Matrix) -> None:
    mismatches = []
    methods = _methods(walked, matrix)
    assert methods, walked.name
    for owner in OWNERS:
        url = url_for(walked, matrix.values[owner])
        for role in ROLES:
            for method in methods:
                want = expected(
                    walked.name,
                    method,
                    role,
                    owner,
                    in_phase_3=matrix.in_phase_3[owner],
                    has_letter=matrix.has_letter[owner],
                )
                problem = request_and_judge(
                    matrix.clients[owner][role], method, url, want, api=walked.name.startswith("api:")
                )
                COMBINATIONS.append(1)
                if problem:
                    mismatches.append(f"{method} {url} as {role} on the {owner} course: {problem}")
    assert not mismatches, "\n".join(mismatches)


def test_every_course_pattern_is_in_the_matrix() -> None:
    """Any pattern with a course id is picked up; here we check the pick-up itself did not miss one
    (a pattern whose course id is not called `pk`, say)."""
    for walked in all_url_patterns():
        if re.search(r"(^|/)courses/<int:", walked.route):
            assert walked in COURSE_PATTERNS, walked.route
    assert len(COURSE_PATTERNS) > 60


# Lists and exports: zero foreign rows -----------------------------------------------------------

LIST_URLS = [
    "/courses/?ended=1",
    "/desk/phase-plan/?ended=1",
    "/desk/phase-plan.xlsx?ended=1",
    "/desk/phase-plan.pdf?ended=1",
    "/desk/alerts/",
    "/desk/caseload/",
    "/desk/digest/",
    "/figures/",
    "/figures/intensity/",
    "/checklists/items/",
    "/supervision/",
    "/fidelity/",
    "/api/v1/courses/",
]
# Who sees which citizens, by the rule (README: "sees"), as usernames.
VISIBLE = {
    "mette": {"homeless"},
    "ali": {"job"},
    "sara": {"shelter"},
    "bob": {"other_programme"},
    "koordinator": {"homeless", "job", "shelter"},
    "dave": {"other_programme"},
    "admin": {"homeless", "job", "shelter", "other_programme"},
    "leder": {"homeless", "job", "shelter", "other_programme"},
    "jobkonsulent": {"job"},
    "jules": set(),
    "mallory": {"other_municipality"},
}
EVERY_CITIZEN = {"homeless", "job", "shelter", "other_programme", "other_municipality"}


def _citizen_names(world: SecurityWorld) -> dict[str, str]:
    names = {owner: course.citizen.full_name for owner, course in world.courses.items()}
    # Their last names alone are unique in the world; a PDF may break a full name over two lines.
    names["other_programme"] = OTHER_PROGRAMME_CITIZEN[1]
    names["other_municipality"] = OTHER_MUNICIPALITY_CITIZEN[1]
    return names


def _text(response: Any) -> str:
    content_type = response.headers.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    if "pdf" in content_type:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", errors="replace")


def _users(world: SecurityWorld) -> dict[str, Any]:
    from overgang.accounts.models import User

    return {user.username: user for user in User.objects.filter(username__in=VISIBLE)}


@pytest.mark.django_db
def test_lists_and_exports_carry_no_foreign_rows(
    security_world: SecurityWorld, on_security_today: dt.date, client_for: Any
) -> None:
    names = _citizen_names(security_world)
    full_names = names | {
        "other_programme": " ".join(OTHER_PROGRAMME_CITIZEN),
        "other_municipality": " ".join(OTHER_MUNICIPALITY_CITIZEN),
    }
    users = _users(security_world)
    problems = []
    checked = 0
    for username, visible in VISIBLE.items():
        client = client_for(users[username])
        foreign = EVERY_CITIZEN - visible
        for url in LIST_URLS:
            response = client.get(url)
            if response.status_code not in (200, 404):
                problems.append(f"{url} as {username}: {response.status_code}")
                continue
            text = _text(response)
            checked += 1
            for key in foreign:
                if names[key] in text:
                    problems.append(f"{url} as {username} shows the {key} citizen {names[key]!r}")
        # The overview lists the user's own citizens: the names are found where they belong.
        own = _text(client.get("/courses/"))
        for key in visible:
            if names[key] not in own:
                problems.append(f"/courses/ as {username} does not show their {key} citizen")
        # Search by each foreign last name finds nothing: the full name is not in the answer (the
        # search box repeats the last name typed).
        for key in foreign:
            full_name = full_names[key]
            response = client.get("/citizens/search/", {"q": full_name.split()[-1]})
            checked += 1
            if response.status_code == 200 and full_name in _text(response):
                problems.append(f"search as {username} finds the {key} citizen")
    COMBINATIONS.extend([1] * checked)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_calendar_feeds_carry_no_foreign_rows(
    security_world: SecurityWorld, on_security_today: dt.date, db: Any
) -> None:
    from overgang.feeds.models import NameStyle
    from overgang.feeds.services import calendar_feed_create, user_may_have_calendar_feed

    names = _citizen_names(security_world)
    problems = []
    fed = 0
    for username, user in _users(security_world).items():
        if not user_may_have_calendar_feed(user):
            continue
        _feed, token = calendar_feed_create(user=user, name_style=NameStyle.FULL_NAME)
        response = Client().get(f"/feeds/{token}.ics")
        assert response.status_code == 200, username
        text = _text(response).replace("\r\n ", "")  # unfold iCalendar lines
        fed += 1
        for key in EVERY_CITIZEN - VISIBLE[username]:
            if names[key] in text:
                problems.append(f"the feed of {username} shows the {key} citizen")
        for key in VISIBLE[username] & set(security_world.courses):
            if names[key] not in text:
                problems.append(f"the feed of {username} misses their {key} citizen")
    COMBINATIONS.extend([1] * fed)
    assert fed >= 8
    assert not problems, "\n".join(problems)


def test_zz_report_the_number_of_combinations() -> None:
    """Runs last in the module: how many (endpoint, method, role, course) combinations were checked."""
    print(f"\naccess matrix: {len(COMBINATIONS)} combinations checked")
