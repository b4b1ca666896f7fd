"""Municipalities are kept apart at the query level (overgang/tenancy.py), and nothing leaks.

Two municipalities are seeded with the whole demo each (every kind of citizen-owned object, built
through the real services), plus the few kinds the demo does not make. Municipality B is loaded
first and its citizens, network people and staff are renamed to carry the marker "Qzx~" and CPR
numbers of their own, so that any of them showing up for a user of A is a leak. Then:

(a) every model of the project is enumerated from the app registry: each is either scoped by
    `TenantManager` or on the explicit allow-list of global models below, with its reason; with the
    scope set to A, `objects.all()` of every scoped model holds exactly A's rows (and the rows every
    municipality shares), none of B's;
(b) users of A in every role walk every URL pattern of the project with A's ids, B's ids and A's
    course with B's sub-object ids: no page, export or API answer holds a B citizen's name, CPR
    number or id, and B's ids answer 404; A's administrator walks /admin/ likewise;
(c) the scope is really set per request: a test-only view with a deliberately unscoped query sees
    only the user's own municipality, through the session, a DRF token and the calendar feed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models, transaction
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.urls import include, path, reverse
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from overgang import tenancy
from overgang.security.tests.urlwalk import all_url_patterns

TODAY = dt.date(2026, 11, 22)
NOON = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=ZoneInfo("Europe/Copenhagen"))
# In every name of B's citizens, network people and staff; in no name of A's. The "~" keeps it out
# of random tokens (CSRF, signed values: letters, digits, "-", "_", ":"), where "Qzx" alone turned up.
MARKER = "Qzx~"

# Models deliberately global (not scoped by TenantManager), with the reason. A new model of the
# project must be scoped or added here: test_every_model_is_scoped_or_deliberately_global fails.
GLOBAL_MODELS = {
    "accounts.Municipality": "the tenant itself (a name and a code, no citizen data); forward foreign "
    "keys to it are unscoped anyway; /admin/ scopes it (accounts/admin.py)",
    "accounts.User": "logging in, sessions, password reset, API tokens and django-axes must find a user "
    "before any municipality is known; staff, no citizen data; every user list in the app is filtered "
    "by municipality in its selector and /admin/ scopes it",
    "sso.SsoIdentity": "found by the identity provider's (issuer, subject) at single sign-on, before any "
    "municipality is known; links a user to that identity, no citizen data",
    "accounts.UserSession": "written and pruned at login and logout, before and after a tenant is "
    "known; a user's session keys, no citizen data",
    "programmes.ProgrammeTemplate": "the method's programme templates, shared by every municipality "
    "(loaded by migration from programmes/data)",
    "scheduler.JobRun": "the claim of a scheduled job's period, shared by every app server and run for "
    "every municipality at once; job names, counts and errors, no citizen data; not in /admin/",
}


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("overgang.")]


def _pks() -> dict[str, set[int]]:
    return {m._meta.label: set(m._base_manager.values_list("pk", flat=True)) for m in project_models()}


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _add_every_other_kind(municipality: Any) -> str:
    """The kinds of rows the demo does not make, for one municipality; returns a calendar-feed token."""
    from overgang.accounts.models import Role, User
    from overgang.checklists.models import Checklist
    from overgang.compass.instruments import template_instrument
    from overgang.compass.models import CompassInstrument, CompassRound
    from overgang.courses.models import Course
    from overgang.desk.models import AlertAcknowledgement, DigestDelivery
    from overgang.feeds.services import calendar_feed_create
    from overgang.handover.models import Celebration, ClosingLetter, ClosingLetterTemplate
    from overgang.journal.services import contact_frame_save
    from overgang.network.photos import reencode
    from overgang.network.services import person_add
    from overgang.privacy.models import PreservationMarker

    admin = User.objects.get(municipality=municipality, role=Role.ADMINISTRATOR)
    course = (
        Course.objects.filter(municipality=municipality, end_date__isnull=True, phase_1_start__isnull=False)
        .order_by("pk")
        .first()
    )
    assert course is not None
    worker = course.worker
    _feed, token = calendar_feed_create(user=worker, name_style="full_name")
    contact_frame_save(
        course=course,
        actor=worker,
        frequency="Hver uge",
        time="Tirsdag",
        place="Hjemme",
        kind="",
        reminder_channel="",
    )
    AlertAcknowledgement.objects.create(
        course=course,
        municipality=municipality,
        alert_key="no-contact",
        user=worker,
        comment="Ringer i morgen.",
    )
    DigestDelivery.objects.create(user=worker, week="2026-W47")
    person_add(
        citizen=course.citizen,
        actor=worker,
        photo=reencode(BytesIO(_png())),
        name="Foto Person",
        role="family",
        is_active=True,
    )
    Celebration.objects.create(course=course, municipality=municipality, held_on=TODAY, created_by=worker)
    ClosingLetter.objects.create(
        course=course, municipality=municipality, created_by=worker, text="Kære dig."
    )
    ClosingLetterTemplate.objects.create(
        programme=course.programme, text_da="Kære {fornavn}.", text_en="Dear {first_name}.", updated_by=admin
    )
    compass_round = (
        CompassRound.objects.filter(municipality=municipality).select_related("course__programme").first()
    )
    assert compass_round is not None
    programme = compass_round.course.programme
    CompassInstrument.objects.create(
        programme=programme,
        municipality=municipality,
        dimensions=[d.as_data() for d in template_instrument(programme.template.code).dimensions],
        updated_by=admin,
    )
    PreservationMarker.objects.create(citizen=course.citizen, reason="Klagesag verserer.", marked_by=admin)
    # A spreadsheet import waiting at its preview, holding a citizen's name and CPR number.
    from overgang.imports.models import ImportBatch

    ImportBatch.objects.create(
        municipality=municipality,
        created_by=admin,
        programme=course.programme,
        filename="faseplan.xlsx",
        file_sha256="0" * 64,
        headers=["Borger", "CPR-nummer"],
        rows=[[2, [course.citizen.full_name, course.citizen.cpr]]],
    )
    # The administrator's security key.
    import os

    from django_otp_webauthn.models import WebAuthnCredential

    WebAuthnCredential.objects.create(
        user=admin, name="Nøglering", credential_id=os.urandom(32), public_key=b"\x00", sign_count=0
    )
    # An edited copy of a shared checklist for one programme (what an administrator makes in /admin/).
    shared = Checklist.objects.filter(programme__isnull=True).order_by("pk").first()
    assert shared is not None
    items = list(shared.items.all())
    shared.pk = None
    shared.programme = course.programme
    shared.version += 100
    shared.save()
    for item in items:
        item.pk = None
        item.checklist = shared
        item.save()
    return token


def _mark_as_other_municipality(municipality: Any) -> None:
    """B's people get names with the marker and CPR numbers no demo citizen of A has."""
    from overgang.accounts.models import Municipality, User
    from overgang.courses.models import Citizen
    from overgang.network.models import NetworkPerson

    Municipality.objects.filter(pk=municipality.pk).update(code="998", name="Andenkommune")
    for n, user in enumerate(User.objects.filter(municipality=municipality).order_by("pk")):
        user.username = f"b-{user.username}"
        user.first_name = f"{MARKER}staff{n}"
        user.last_name = f"{MARKER}sen"
        user.save(update_fields=["username", "first_name", "last_name"])
    for n, citizen in enumerate(Citizen.objects.filter(municipality=municipality).order_by("pk")):
        citizen.first_name = f"{MARKER}citizen{n}"
        citizen.last_name = f"{MARKER}borger"
        citizen.cpr = f"0101{n % 100:02d}{7000 + n}"
        citizen.save(update_fields=["first_name", "last_name", "cpr"])
    for n, person in enumerate(NetworkPerson.objects.filter(municipality=municipality).order_by("pk")):
        NetworkPerson.objects.filter(pk=person.pk).update(name=f"{MARKER}network{n}")


@dataclass
class TwoMunicipalities:
    a: Any
    b: Any
    shared: dict[str, set[int]]  # rows from before either municipality: migrations' shared data
    rows_a: dict[str, set[int]]
    rows_b: dict[str, set[int]]
    token_a: str
    token_b: str
    b_cprs: set[str] = field(default_factory=set)

    def leaks(self, text: str) -> list[str]:
        """The B citizen names and CPR numbers (raw or formatted) found in the text."""
        found = [MARKER] if MARKER in text else []
        for cpr in self.b_cprs:
            if cpr in text or f"{cpr[:6]}-{cpr[6:]}" in text:
                found.append(cpr)
        return found


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[TwoMunicipalities]:
    """Both municipalities, built once for the module and rolled back after it."""
    from overgang.accounts.models import Municipality
    from overgang.courses.models import Citizen
    from overgang.demo.management.commands.load_demo import DEMO_MUNICIPALITY_CODE

    with django_db_blocker.unblock(), time_machine.travel(NOON, tick=False), transaction.atomic():
        shared = _pks()
        call_command("load_demo", stdout=StringIO())
        b = Municipality.objects.get(code=DEMO_MUNICIPALITY_CODE)
        token_b = _add_every_other_kind(b)
        _mark_as_other_municipality(b)
        after_b = _pks()
        call_command("load_demo", stdout=StringIO())
        a = Municipality.objects.get(code=DEMO_MUNICIPALITY_CODE)
        token_a = _add_every_other_kind(a)
        after_a = _pks()
        rows_b = {label: after_b[label] - shared[label] for label in shared}
        rows_a = {label: after_a[label] - after_b[label] for label in shared}
        b_cprs = set(Citizen.objects.filter(municipality=b).values_list("cpr", flat=True))
        a_cprs = set(Citizen.objects.filter(municipality=a).values_list("cpr", flat=True))
        assert not b_cprs & a_cprs
        yield TwoMunicipalities(
            a=a,
            b=b,
            shared=shared,
            rows_a=rows_a,
            rows_b=rows_b,
            token_a=token_a,
            token_b=token_b,
            b_cprs=b_cprs,
        )
        transaction.set_rollback(True)


@pytest.fixture
def on_today(world: TwoMunicipalities) -> Iterator[None]:
    with time_machine.travel(NOON, tick=False):
        yield


# --- (a) every model ---------------------------------------------------------------------------------


def test_every_model_is_scoped_or_deliberately_global() -> None:
    unaccounted = [
        m._meta.label
        for m in project_models()
        if not tenancy.is_scoped(m) and m._meta.label not in GLOBAL_MODELS
    ]
    assert unaccounted == [], "scope these with TenantManager or add them to GLOBAL_MODELS with a reason"
    scoped_and_listed = [label for label in GLOBAL_MODELS if tenancy.is_scoped(apps.get_model(label))]
    assert scoped_and_listed == []


SCOPED_MODELS = [m for m in project_models() if tenancy.is_scoped(m)]


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
def test_a_scoped_model_holds_none_of_the_other_municipalitys_rows(
    world: TwoMunicipalities, model: type[models.Model]
) -> None:
    label = model._meta.label
    a_rows, b_rows, shared = world.rows_a[label], world.rows_b[label], world.shared[label]
    assert a_rows and b_rows, f"the seed must hold rows of {label} in both municipalities"

    with tenancy.scope(world.a.pk):
        seen_by_a = set(model.objects.values_list("pk", flat=True))
    with tenancy.scope(world.b.pk):
        seen_by_b = set(model.objects.values_list("pk", flat=True))
    with tenancy.scope(None):
        seen_by_nobody = set(model.objects.values_list("pk", flat=True))
    everything = set(model.objects.values_list("pk", flat=True))  # unscoped, as in a system job

    assert seen_by_a & b_rows == set()
    assert seen_by_b & a_rows == set()
    assert seen_by_a - shared == a_rows
    assert seen_by_b - shared == b_rows
    assert seen_by_a & shared == seen_by_b & shared  # what is shared, every municipality shares
    assert seen_by_nobody == set()
    assert everything == shared | a_rows | b_rows


# --- (b) every page, export and API answer --------------------------------------------------------------

ROLES = ["mette", "jonas", "sara", "ali", "koordinator", "jobkonsulent", "leder", "admin"]
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_COURSE_LINK = re.compile(r"/courses/(\d+)/")

# Parameters that name no object: one fixed value each.
FIXED = {"slot": "phase_1", "action": "pause", "step": "start_meeting"}


@dataclass
class Ids:
    """The ids to put in the URL patterns, for one municipality."""

    course: int
    programme: int
    worker: int
    fidelity: int
    supervision: int
    sub: dict[str, int]  # entry_pk, plan_pk, area_pk, goal_pk, item_pk, person_pk, line_pk, meeting_pk
    import_batch: int = 0
    security_key: int = 0


def _ids_for(municipality: Any, user: Any | None = None) -> Ids:
    """A course (the user's richest one when given) with one of every sub-object."""
    from django.db.models import Count
    from django_otp_webauthn.models import WebAuthnCredential

    from overgang.checklists.models import ChecklistItem
    from overgang.courses.access import courses_visible_to
    from overgang.courses.models import Course
    from overgang.fidelity.models import FidelityReview
    from overgang.handover.models import HandoverMeeting
    from overgang.imports.models import ImportBatch
    from overgang.journal.models import ContactEntry
    from overgang.network.models import MapLine, NetworkPerson
    from overgang.plans.models import CtiPlan, FocusArea, SubGoal
    from overgang.supervision.models import SupervisionSession

    courses = (
        courses_visible_to(user) if user is not None else Course.objects.filter(municipality=municipality)
    )
    course = (
        courses.filter(end_date__isnull=True)
        .annotate(n=Count("contacts", distinct=True) + Count("plans", distinct=True))
        .order_by("-n", "pk")
        .first()
    ) or Course.objects.filter(municipality=municipality, end_date__isnull=True).order_by("pk").first()
    assert course is not None

    def first(queryset: Any, fallback: Any) -> int:
        found = queryset.order_by("pk").first() or fallback.order_by("pk").first()
        assert found is not None
        return int(found.pk)

    in_municipality = {"municipality": municipality}
    plan = first(CtiPlan.objects.filter(course=course), CtiPlan.objects.filter(**in_municipality))
    area = first(
        FocusArea.objects.filter(plan_id=plan), FocusArea.objects.filter(plan__municipality=municipality)
    )
    return Ids(
        course=course.pk,
        import_batch=first(ImportBatch.objects.filter(**in_municipality), ImportBatch.objects.none()),
        security_key=first(
            WebAuthnCredential.objects.filter(user__municipality=municipality),
            WebAuthnCredential.objects.none(),
        ),
        programme=course.programme_id,
        worker=course.worker_id,
        fidelity=first(FidelityReview.objects.filter(**in_municipality), FidelityReview.objects.none()),
        supervision=first(
            SupervisionSession.objects.filter(**in_municipality), SupervisionSession.objects.none()
        ),
        sub={
            "entry_pk": first(
                ContactEntry.objects.filter(course=course), ContactEntry.objects.filter(**in_municipality)
            ),
            "plan_pk": plan,
            "area_pk": area,
            "goal_pk": first(
                SubGoal.objects.filter(focus_area_id=area),
                SubGoal.objects.filter(focus_area__plan__municipality=municipality),
            ),
            "item_pk": first(
                ChecklistItem.objects.filter(checklist__programme__municipality=municipality),
                ChecklistItem.objects.none(),
            ),
            "person_pk": first(
                NetworkPerson.objects.filter(citizen_id=course.citizen_id),
                NetworkPerson.objects.filter(**in_municipality),
            ),
            "line_pk": first(
                MapLine.objects.filter(network_map__citizen_id=course.citizen_id),
                MapLine.objects.filter(network_map__municipality=municipality),
            ),
            "meeting_pk": first(
                HandoverMeeting.objects.filter(course=course),
                HandoverMeeting.objects.filter(**in_municipality),
            ),
        },
    )


MISSING_ID = 999_999_999
MISSING = Ids(
    course=MISSING_ID,
    import_batch=MISSING_ID,
    security_key=MISSING_ID,
    programme=MISSING_ID,
    worker=MISSING_ID,
    fidelity=MISSING_ID,
    supervision=MISSING_ID,
    sub=dict.fromkeys(
        ("entry_pk", "plan_pk", "area_pk", "goal_pk", "item_pk", "person_pk", "line_pk", "meeting_pk"),
        MISSING_ID,
    ),
)


def _object_of(route: str, name: str, ids: Ids) -> int:
    if name in ids.sub:
        return ids.sub[name]
    if name == "worker_pk":
        return ids.worker
    assert name == "pk", f"{route}: unknown parameter {name}; teach this test which object it names"
    if route.startswith("courses/"):
        return ids.course
    if route.startswith(("programmes/", "desk/programmes/")):
        return ids.programme
    if route.startswith("fidelity/"):
        return ids.fidelity
    if route.startswith("supervision/"):
        return ids.supervision
    if route.startswith("api/v1/courses/"):
        return ids.course
    if route.startswith("api/v1/workers/"):
        return ids.worker
    if route.startswith("import/"):
        return ids.import_batch
    if route.startswith("account/security/keys/"):
        return ids.security_key
    raise AssertionError(f"{route}: which object does <pk> name? Teach this test.")


def _fill(route: str, ids: Ids, *, sub_ids: Ids | None = None) -> str:
    """The route with its parameters filled from `ids` (the sub-objects from `sub_ids` if given)."""

    def value(match: re.Match[str]) -> str:
        name = match["name"]
        if name in FIXED:
            return FIXED[name]
        source = sub_ids if sub_ids is not None and name in ids.sub else ids
        return str(_object_of(route, name, source))

    return "/" + _PARAMETER.sub(value, route)


def _walked_routes() -> list[str]:
    """Every route of the app and the API; the admin (walked by its own test) and the feed (a token,
    not an id: its own test) aside."""
    routes = []
    for walked in all_url_patterns():
        if walked.route.startswith("admin/") or "(?P<token>" in walked.route or walked.route == "logout/":
            continue
        routes.append(walked.route)
    return routes


ROUTES = _walked_routes()
ID_ROUTES = [
    r for r in ROUTES if _PARAMETER.search(r) and any(m["name"] not in FIXED for m in _PARAMETER.finditer(r))
]
SUB_NAMES = ("entry_pk", "plan_pk", "area_pk", "goal_pk", "item_pk", "person_pk", "line_pk", "meeting_pk")
SUB_ROUTES = [r for r in ID_ROUTES if any(m["name"] in SUB_NAMES for m in _PARAMETER.finditer(r))]


def _client(user: Any) -> Client:
    from overgang.accounts.testing import log_in_verified

    return log_in_verified(Client(), user)


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    content = response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)
    if "spreadsheet" in response.get("Content-Type", ""):
        from openpyxl import load_workbook

        book = load_workbook(BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    # Random per-request tokens (CSRF, CSP nonces) can spell the marker by chance: they are no data.
    return _RANDOM_TOKENS.sub("", content.decode("utf-8", "replace"))


_RANDOM_TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"|"X-CSRFToken": "[^"]*"')


@dataclass
class Tally:
    checked: int = 0
    problems: list[str] = field(default_factory=list)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_a_user_of_every_role_sees_nothing_of_the_other_municipality_anywhere(
    world: TwoMunicipalities, on_today: None, username: str
) -> None:
    from overgang.accounts.models import User
    from overgang.courses.models import Citizen, Course

    user = User.objects.get(username=username, municipality=world.a)
    client = _client(user)
    own, other = _ids_for(world.a, user), _ids_for(world.b)
    b_courses = {str(pk) for pk in Course.objects.filter(municipality=world.b).values_list("pk", flat=True)}
    b_citizens = set(Citizen.objects.filter(municipality=world.b).values_list("pk", flat=True))
    tally = Tally()

    def check(url: str, *, same_as: str | None = None, data: dict[str, str] | None = None) -> None:
        """No B data in the answer; with `same_as`, the same status as that URL of missing ids."""
        response = client.post(url, data) if data is not None else client.get(url)
        tally.checked += 1
        if response.status_code >= 500:
            tally.problems.append(f"{url}: {response.status_code}")
            return
        if same_as is not None:
            missing = client.get(same_as).status_code
            if response.status_code != missing or missing not in (302, 403, 404, 405):
                tally.problems.append(
                    f"{url}: B's id answered {response.status_code}, a missing id {missing}"
                )
        text = _text(response)
        for term in (data or {}).values():  # the search page shows the term searched for
            text = text.replace(term, "").replace(f"{term[:6]}-{term[6:]}", "")
        leaks = world.leaks(text)
        leaks += [f"link to B's course {pk}" for pk in _COURSE_LINK.findall(text) if pk in b_courses]
        if response.get("Content-Type", "").startswith("application/json"):
            leaks += [
                f"B's citizen {pk} in JSON" for pk in _json_citizen_ids(response.json()) if pk in b_citizens
            ]
        if leaks:
            tally.problems.append(f"{url} ({response.status_code}): {sorted(set(leaks))}")

    for route in ROUTES:
        check(_fill(route, own))
    for route in ID_ROUTES:
        check(_fill(route, other), same_as=_fill(route, MISSING))
    for route in SUB_ROUTES:
        check(_fill(route, own, sub_ids=other), same_as=_fill(route, own, sub_ids=MISSING))
    # Lists that take a filter by id: B's worker and programme.
    for url in (
        f"/desk/phase-plan/?worker={other.worker}",
        f"/desk/phase-plan/?programme={other.programme}",
        f"/desk/phase-plan.xlsx?programme={other.programme}",
        f"/api/v1/courses/?worker={other.worker}",
        f"/figures/courses/?programme={other.programme}",
    ):
        check(url)
    # The search takes its term in a POST body: B's marker and one of B's CPR numbers find nothing.
    for term in (MARKER, next(iter(world.b_cprs))):
        check("/citizens/search/", data={"q": term})

    assert tally.problems == [], "\n".join(tally.problems)
    assert client.get("/courses/").status_code == 200  # still logged in: every page was really seen
    assert tally.checked == len(ROUTES) + len(ID_ROUTES) + len(SUB_ROUTES) + 7
    assert len(ROUTES) > 90 and len(SUB_ROUTES) > 15


def _json_citizen_ids(data: Any) -> list[int]:
    found: list[int] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("citizen", "citizen_id") and isinstance(value, int):
                found.append(value)
            elif isinstance(value, dict) and key == "citizen" and isinstance(value.get("id"), int):
                found.append(value["id"])
            found += _json_citizen_ids(value) if isinstance(value, (dict, list)) else []
    elif isinstance(data, list):
        for item in data:
            found += _json_citizen_ids(item)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["mette", "koordinator", "leder", "admin"])
def test_the_api_with_a_token_returns_nothing_of_the_other_municipality(
    world: TwoMunicipalities, on_today: None, username: str
) -> None:
    from overgang.accounts.models import User
    from overgang.courses.models import Course

    user = User.objects.get(username=username, municipality=world.a)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    own, other = _ids_for(world.a, user), _ids_for(world.b)

    listed = client.get("/api/v1/courses/?active=false")
    assert listed.status_code == 200
    ids = {row["id"] for row in listed.json()}
    assert ids, "the user sees courses of their own"
    assert ids <= set(Course.objects.filter(municipality=world.a).values_list("pk", flat=True))
    assert world.leaks(listed.content.decode()) == []
    assert client.get(f"/api/v1/courses/{other.course}/").status_code == 404
    assert client.get(f"/api/v1/workers/{other.worker}/courses/").status_code == 404
    assert client.get(f"/api/v1/workers/{other.worker}/caseload/").status_code == 404
    assert client.get(f"/api/v1/courses/{own.course}/").status_code == 200


@pytest.mark.django_db
def test_the_calendar_feed_holds_only_its_owners_municipality(
    world: TwoMunicipalities, on_today: None
) -> None:
    client = Client()
    own = client.get(reverse("feeds:feed", kwargs={"token": world.token_a}))
    other = client.get(reverse("feeds:feed", kwargs={"token": world.token_b}))

    assert own.status_code == 200 and other.status_code == 200
    assert "BEGIN:VEVENT" in own.content.decode()
    assert world.leaks(own.content.decode()) == []
    assert MARKER in other.content.decode()  # B's own feed holds B's citizens: the check can fail


ADMIN_MODELS = [m for m in SCOPED_MODELS if m in admin.site._registry]


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_the_administrator_sees_only_their_municipality_in_the_admin(
    world: TwoMunicipalities, on_today: None, model: type[models.Model]
) -> None:
    from overgang.accounts.models import User

    client = _client(User.objects.get(username="admin", municipality=world.a))
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    b_row = min(world.rows_b[opts.label])
    a_row = min(world.rows_a[opts.label])
    b_page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[b_row]))
    a_page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[a_row]))

    assert changelist.status_code == 200
    assert world.leaks(changelist.content.decode()) == []
    assert b_page.status_code == 302  # the admin's "does not exist", back to the index
    assert a_page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["accounts_user", "accounts_municipality", "accounts_team"])
def test_the_administrators_lists_of_users_and_municipalities_are_their_own(
    world: TwoMunicipalities, on_today: None, page: str
) -> None:
    from overgang.accounts.models import User

    client = _client(User.objects.get(username="admin", municipality=world.a))
    text = client.get(reverse(f"admin:{page}_changelist")).content.decode()
    user_form = client.get(reverse("admin:accounts_user_add")).content.decode()

    assert MARKER not in text and "Andenkommune" not in text and "b-mette" not in text
    assert "Andenkommune" not in user_form  # the municipality choice offers only their own
    assert "Demokommune" in client.get(reverse("admin:accounts_municipality_changelist")).content.decode()


@pytest.mark.django_db
def test_an_operator_without_a_municipality_sees_no_citizen_data_in_the_admin(
    world: TwoMunicipalities, on_today: None
) -> None:
    from overgang.accounts.models import User

    operator = User.objects.create_superuser("operator", password="correct horse battery staple")
    client = _client(operator)
    programmes = client.get(reverse("admin:programmes_programme_changelist")).content.decode()
    municipalities = client.get(reverse("admin:accounts_municipality_changelist")).content.decode()

    assert "CTI Hjemløshed" not in programmes
    assert "Andenkommune" in municipalities and "Demokommune" in municipalities  # set-up is theirs


# --- (c) the request sets the scope -----------------------------------------------------------------


def forgetful_view(request: HttpRequest) -> JsonResponse:
    """A deliberately careless view: every citizen, no municipality filter, no access check."""
    from overgang.courses.models import Citizen, Course

    return JsonResponse(
        {
            "citizens": sorted(Citizen.objects.values_list("first_name", flat=True)),
            "courses": Course.objects.count(),
        }
    )


@api_view(["GET"])
def forgetful_api_view(request: Request) -> Response:
    from overgang.courses.models import Citizen

    return Response({"citizens": sorted(Citizen.objects.values_list("first_name", flat=True))})


urlpatterns = [
    path("forgetful/", forgetful_view),
    path("forgetful-api/", forgetful_api_view),
    path("", include("overgang.urls")),
]


def _b_names(world: TwoMunicipalities) -> set[str]:
    from overgang.courses.models import Citizen

    return set(Citizen.objects.filter(municipality=world.b).values_list("first_name", flat=True))


def _a_names(world: TwoMunicipalities) -> set[str]:
    from overgang.courses.models import Citizen

    return set(Citizen.objects.filter(municipality=world.a).values_list("first_name", flat=True))


@pytest.mark.django_db
@pytest.mark.urls("overgang.security.tests.test_tenant_isolation")
def test_a_view_that_forgets_the_municipality_still_sees_only_the_users_own(world: TwoMunicipalities) -> None:
    from overgang.accounts.models import User

    response = _client(User.objects.get(username="mette", municipality=world.a)).get("/forgetful/")

    seen = set(response.json()["citizens"])
    assert seen == _a_names(world)
    assert seen & _b_names(world) == set()
    # Outside a request (a system job) the same query sees both: the scope is what kept B out.
    everything = {
        c for c in forgetful_view(HttpRequest()).content.decode().split('"') if c.startswith(MARKER)
    }
    assert everything == _b_names(world)


@pytest.mark.django_db
@pytest.mark.urls("overgang.security.tests.test_tenant_isolation")
def test_an_api_token_request_that_forgets_the_municipality_sees_only_the_users_own(
    world: TwoMunicipalities,
) -> None:
    from overgang.accounts.models import User

    user = User.objects.get(username="mette", municipality=world.a)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = client.get("/forgetful-api/")

    assert response.status_code == 200
    assert set(response.json()["citizens"]) == _a_names(world)


@pytest.mark.django_db
@pytest.mark.urls("overgang.security.tests.test_tenant_isolation")
def test_anonymous_and_municipality_less_requests_see_nothing(world: TwoMunicipalities) -> None:
    from overgang.accounts.models import User

    operator = User.objects.create_superuser("operator", password="correct horse battery staple")

    assert Client().get("/forgetful/").json() == {"citizens": [], "courses": 0}
    assert _client(operator).get("/forgetful/").json() == {"citizens": [], "courses": 0}


@pytest.mark.django_db
@pytest.mark.urls("overgang.security.tests.test_tenant_isolation")
def test_the_scope_ends_with_the_response(world: TwoMunicipalities) -> None:
    from overgang.accounts.models import User

    _client(User.objects.get(username="mette", municipality=world.a)).get("/forgetful/")

    assert tenancy.current() is tenancy.UNSCOPED


# --- the manager's mechanics ------------------------------------------------------------------------


@pytest.mark.django_db
def test_relations_follow_the_scope_and_forward_keys_do_not(world: TwoMunicipalities) -> None:
    from overgang.courses.models import Course
    from overgang.journal.models import ContactEntry

    b_course = Course.objects.filter(municipality=world.b).order_by("pk").first()
    a_course = Course.objects.filter(municipality=world.a, contacts__isnull=False).order_by("pk").first()
    assert b_course is not None and a_course is not None
    b_entry = ContactEntry.objects.filter(course=b_course).first()
    with tenancy.scope(world.a.pk):
        assert a_course.contacts.count() == ContactEntry._base_manager.filter(course=a_course).count() > 0
        assert not b_course.contacts.exists()  # a reverse relation is a query like any other
        assert ContactEntry.objects.filter(pk=getattr(b_entry, "pk", 0)).first() is None
        if b_entry is not None:
            assert b_entry.course == b_course  # a forward key uses the base manager: never filtered
        with tenancy.unscoped():
            assert b_course.contacts.exists()
        assert tenancy.current() == world.a.pk
        locked = list(
            ContactEntry.objects.select_for_update().filter(course=a_course).values_list("pk", flat=True)
        )
        assert len(locked) == a_course.contacts.count()
