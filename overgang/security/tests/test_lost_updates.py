"""No lost updates: two people save the same record from the same version at the same moment.

Each round, two threads (two users, each with their own database connection) load the record, wait
at a barrier, and call the real service with the version they both saw. Exactly one save goes
through; the other is refused with the project's conflict error, and the stored record is the
winner's, whole. Then one round through the screens: the loser sees the clear message, their input
still in the form, and the winner's data is intact.

Only PostgreSQL runs two writers at once with row locks; SQLite serialises every writer on its one
file, so a race there proves nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, connections
from django.urls import reverse

from overgang.courses import services as course_services
from overgang.courses.models import Citizen, Course
from overgang.courses.services import CourseActionError
from overgang.handover import services as handover_services
from overgang.handover.models import HandoverPlan
from overgang.journal import services as journal_services
from overgang.journal.models import ContactEntry, ContactFrame
from overgang.network import geometry
from overgang.network import services as network_services
from overgang.network.models import MapConsent, MapPlacement, NetworkMap, NetworkPerson
from overgang.plans import services as plan_services
from overgang.plans.models import CtiPlan
from overgang.safety import services as safety_services
from overgang.safety.models import PART_FIELDS, SafetyPlan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Races need PostgreSQL: SQLite lets only one writer at a time into its file, so two "
        "saves can never overlap there.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 50
CPH = ZoneInfo("Europe/Copenhagen")
TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=CPH)
PERSON = {
    "role": "gp",
    "role_text": "",
    "name": "Grete Lægesen",
    "direct_phone": "12345678",
    "main_phone": "87654321",
    "email": "grete@example.dk",
    "address": "Lægevej 1, 8000 Aarhus C",
    "is_active": True,
    "can_help_with": "Medicin og henvisninger",
}
HANDOVER = {
    "long_term_goals": "Bo i egen lejlighed",
    "support_needs": "Hjælp til post og økonomi",
    "continued_support_plan": "Bostøtte to gange om ugen",
    "responsible_id": None,
    "continued_support": "sel_85",
    "continued_support_text": "",
    "support_decided_on": dt.date(2026, 11, 10),
    "support_started_on": dt.date(2026, 12, 1),
}

# What each race took, printed at the end of the module (run with -s to see it).
FIGURES: dict[str, dict[str, Any]] = {}


@dataclass
class Outcome:
    saved: bool = False
    error: BaseException | None = None


@dataclass
class Tally:
    rounds: int = 0
    saved: int = 0
    conflicts: int = 0
    seconds: float = 0.0
    winners: list[str] = field(default_factory=list)


def race(*saves: Callable[[], Any]) -> list[Outcome]:
    """Run the saves at the same moment, each in its own thread with its own connection."""
    barrier = threading.Barrier(len(saves), timeout=30)
    outcomes = [Outcome() for _ in saves]

    def run(index: int, save: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()  # connected before the barrier: the saves start together
            barrier.wait()
            save()
            outcomes[index].saved = True
        except BaseException as error:  # every outcome is checked by the caller
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, save)) for i, save in enumerate(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save hung"
    return outcomes


def is_conflict(outcome: Outcome) -> bool:
    return isinstance(outcome.error, CourseActionError) and outcome.error.conflict


def run_rounds(
    name: str,
    *,
    version: Callable[[], int],
    save: Callable[[str, int, int], Any],
    stored: Callable[[], Any],
    expected: Callable[[str, int], Any],
    before_round: Callable[[int], None] | None = None,
    rounds: int = ROUNDS,
) -> Tally:
    """`save(who, round, version)` saves who's value ("a" or "b") for the round; `stored()` reads the
    record back; `expected(who, round)` is what it must hold when who won."""
    tally = Tally()
    started = time.perf_counter()
    for number in range(rounds):
        if before_round is not None:
            before_round(number)
        seen = version()
        outcomes = race(partial(save, "a", number, seen), partial(save, "b", number, seen))
        errors = [o.error for o in outcomes if o.error is not None and not is_conflict(o)]
        assert not errors, f"{name} round {number}: {errors!r}"
        winners = [who for who, o in zip("ab", outcomes, strict=True) if o.saved]
        assert len(winners) == 1, f"{name} round {number}: {len(winners)} saves went through"
        assert sum(is_conflict(o) for o in outcomes) == 1
        assert stored() == expected(winners[0], number), f"{name} round {number}: not the winner's"
        assert version() == seen + 1
        tally.rounds += 1
        tally.saved += 1
        tally.conflicts += 1
        tally.winners.append(winners[0])
    tally.seconds = time.perf_counter() - started
    FIGURES[name] = {
        "rounds": tally.rounds,
        "saved": tally.saved,
        "conflicts": tally.conflicts,
        "a_won": tally.winners.count("a"),
        "b_won": tally.winners.count("b"),
        "seconds": round(tally.seconds, 2),
    }
    return tally


@pytest.fixture(scope="module", autouse=True)
def print_figures() -> Any:
    yield
    if FIGURES:
        print("\nLost-update races on PostgreSQL:")
        for name, figures in FIGURES.items():
            print(f"  {name}: {figures}")


def text(who: str, number: int) -> str:
    return f"{who.upper()} wrote this in round {number}"


# The course ---------------------------------------------------------------------------------------------


def test_the_course_keeps_one_worker_when_two_reassign_it_at_once(
    alice: Any, bob: Any, frank: Any, carol: Any, homelessness: Any, make_course: Any
) -> None:
    course = make_course(alice, homelessness, phase_1=TODAY - dt.timedelta(days=30))
    workers = {w.pk: w for w in (alice, bob, frank)}
    targets: dict[int, dict[str, int]] = {}

    def pick(number: int) -> None:
        # Each user moves the course to one of the two workers who do not have it now.
        others = [pk for pk in workers if pk != Course.objects.get(pk=course.pk).worker_id]
        targets[number] = {"a": others[0], "b": others[1]}

    def save(who: str, number: int, seen: int) -> None:
        course_services.course_reassign_worker(
            course=Course.objects.get(pk=course.pk),
            worker=workers[targets[number][who]],
            on=TODAY,
            actor=carol,
            today=TODAY,
            expected_version=seen,
        )

    tally = run_rounds(
        "course (reassign worker)",
        before_round=pick,
        version=lambda: Course.objects.get(pk=course.pk).version,
        save=save,
        stored=lambda: Course.objects.get(pk=course.pk).worker_id,
        expected=lambda who, number: targets[number][who],
    )

    assert tally.saved == tally.conflicts == ROUNDS
    # One open assignment: the loser's never started.
    assert course.assignments.filter(end__isnull=True).count() == 1


# Records of a course --------------------------------------------------------------------------------------


@pytest.fixture
def course(alice: Any, homelessness: Any, make_course: Any) -> Course:
    return make_course(alice, homelessness, phase_1=TODAY - dt.timedelta(days=30))


def test_the_cti_plan_keeps_one_of_two_simultaneous_saves(course: Course, alice: Any, bob: Any) -> None:
    starts_on, ends_on = plan_services.period_dates(course, "phase_1", today=TODAY)
    plan = plan_services.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=TODAY - dt.timedelta(days=20),
        starts_on=starts_on,
        ends_on=ends_on,
        citizen_words="Jeg vil have min egen bolig",
        today=TODAY,
    )
    users = {"a": alice, "b": bob}

    def save(who: str, number: int, seen: int) -> None:
        plan_services.plan_update(
            plan=CtiPlan.objects.get(pk=plan.pk),
            actor=users[who],
            expected_version=seen,
            today=TODAY,
            citizen_words=text(who, number),
        )

    run_rounds(
        "CTI plan",
        version=lambda: CtiPlan.objects.get(pk=plan.pk).version,
        save=save,
        stored=lambda: CtiPlan.objects.get(pk=plan.pk).citizen_words,
        expected=text,
    )

    # One revision per accepted save, each holding the whole plan as its winner left it.
    revisions = list(plan.revisions.order_by("number"))
    assert [r.number for r in revisions] == list(range(1, ROUNDS + 2))
    latest = CtiPlan.objects.get(pk=plan.pk)
    assert revisions[-1].snapshot["citizen_words"] == latest.citizen_words


def test_a_journal_entry_keeps_one_of_two_simultaneous_saves(
    course: Course, alice: Any, carol: Any, contact_on: Any
) -> None:
    entry = contact_on(course, day=TODAY - dt.timedelta(days=1))
    users = {"a": alice, "b": carol}

    def save(who: str, number: int, seen: int) -> None:
        journal_services.contact_entry_update(
            entry=ContactEntry.objects.get(pk=entry.pk),
            actor=users[who],
            expected_version=seen,
            now=NOW,
            note=text(who, number),
            place=f"place {who}{number}",
        )

    run_rounds(
        "journal entry",
        version=lambda: ContactEntry.objects.get(pk=entry.pk).version,
        save=save,
        stored=lambda: tuple(ContactEntry.objects.filter(pk=entry.pk).values_list("note", "place").get()),
        expected=lambda who, number: (text(who, number), f"place {who}{number}"),
    )


def test_the_contact_frame_keeps_one_of_two_simultaneous_saves(
    course: Course, alice: Any, carol: Any
) -> None:
    journal_services.contact_frame_save(
        course=course, actor=alice, frequency="Hver uge", reminder_channel="none"
    )
    users = {"a": alice, "b": carol}

    def save(who: str, number: int, seen: int) -> None:
        journal_services.contact_frame_save(
            course=Course.objects.get(pk=course.pk),
            actor=users[who],
            expected_version=seen,
            frequency=text(who, number),
            place=f"place {who}{number}",
            reminder_channel="none",
        )

    run_rounds(
        "contact frame",
        version=lambda: ContactFrame.objects.get(course=course).version,
        save=save,
        stored=lambda: tuple(
            ContactFrame.objects.filter(course=course).values_list("frequency", "place").get()
        ),
        expected=lambda who, number: (text(who, number), f"place {who}{number}"),
    )


def test_two_first_saves_of_the_contact_frame_make_one_frame(course: Course, alice: Any, carol: Any) -> None:
    users = {"a": alice, "b": carol}

    def start_over(number: int) -> None:
        ContactFrame.objects.filter(course=course).delete()

    def save(who: str, number: int, seen: int) -> None:
        # Both users saw a course without a frame: their forms carry no version.
        journal_services.contact_frame_save(
            course=Course.objects.get(pk=course.pk),
            actor=users[who],
            expected_version=None,
            frequency=text(who, number),
            reminder_channel="none",
        )

    run_rounds(
        "contact frame, first save",
        before_round=start_over,
        version=lambda: ContactFrame.objects.filter(course=course).count(),
        save=save,
        stored=lambda: ContactFrame.objects.get(course=course).frequency,
        expected=text,
    )


def test_the_handover_plan_keeps_one_of_two_simultaneous_saves(
    course: Course, alice: Any, carol: Any
) -> None:
    handover_services.handover_plan_save(
        course=course, actor=alice, expected_version=None, today=TODAY, **HANDOVER
    )
    users = {"a": alice, "b": carol}

    def save(who: str, number: int, seen: int) -> None:
        handover_services.handover_plan_save(
            course=Course.objects.get(pk=course.pk),
            actor=users[who],
            expected_version=seen,
            today=TODAY,
            **(HANDOVER | {"long_term_goals": text(who, number), "support_needs": f"needs {who}{number}"}),
        )

    run_rounds(
        "handover plan",
        version=lambda: HandoverPlan.objects.get(course=course).version,
        save=save,
        stored=lambda: tuple(
            HandoverPlan.objects.filter(course=course).values_list("long_term_goals", "support_needs").get()
        ),
        expected=lambda who, number: (text(who, number), f"needs {who}{number}"),
    )


@pytest.fixture
def shelter_course(municipality: Any, alice: Any, carol: Any, make_course: Any) -> Course:
    from overgang.programmes.models import ProgrammeTemplate
    from overgang.programmes.services import programme_create

    shelter = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="shelter"), name="Krisecenter"
    )
    shelter.workers.add(alice)
    shelter.coordinators.add(carol)
    return make_course(alice, shelter, phase_1=TODAY - dt.timedelta(days=30))


def test_the_safety_plan_keeps_one_of_two_simultaneous_saves(
    shelter_course: Course, alice: Any, carol: Any
) -> None:
    safety_services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=0, today=TODAY, risks="Ekspartneren"
    )
    users = {"a": alice, "b": carol}

    def save(who: str, number: int, seen: int) -> None:
        safety_services.safety_plan_save(
            course=Course.objects.get(pk=shelter_course.pk),
            actor=users[who],
            expected_version=seen,
            today=TODAY,
            risks=text(who, number),
            escape_route=f"route {who}{number}",
        )

    run_rounds(
        "safety plan",
        version=lambda: SafetyPlan.objects.get(course=shelter_course).version,
        save=save,
        stored=lambda: tuple(
            SafetyPlan.objects.filter(course=shelter_course).values_list("risks", "escape_route").get()
        ),
        expected=lambda who, number: (text(who, number), f"route {who}{number}"),
    )

    plan = SafetyPlan.objects.get(course=shelter_course)
    assert [r.number for r in plan.revisions.order_by("number")] == list(range(1, ROUNDS + 2))


# The network ----------------------------------------------------------------------------------------------


def test_a_network_person_keeps_one_of_two_simultaneous_saves(course: Course, alice: Any, carol: Any) -> None:
    person = network_services.person_add(citizen=course.citizen, actor=alice, **PERSON)
    users = {"a": alice, "b": carol}

    def save(who: str, number: int, seen: int) -> None:
        network_services.person_change(
            person=NetworkPerson.objects.get(pk=person.pk),
            actor=users[who],
            expected_version=seen,
            **(PERSON | {"name": f"{who.upper()} {number}", "can_help_with": text(who, number)}),
        )

    run_rounds(
        "network person",
        version=lambda: NetworkPerson.objects.get(pk=person.pk).version,
        save=save,
        stored=lambda: tuple(
            NetworkPerson.objects.filter(pk=person.pk).values_list("name", "can_help_with").get()
        ),
        expected=lambda who, number: (f"{who.upper()} {number}", text(who, number)),
    )


def test_the_network_map_keeps_one_of_two_simultaneous_moves(course: Course, alice: Any, carol: Any) -> None:
    mother = network_services.person_add(citizen=course.citizen, actor=alice, **(PERSON | {"name": "Mor"}))
    network_services.map_place(
        citizen=course.citizen, person=mother, actor=alice, expected_version=0, x=0.5, y=0.0
    )
    users = {"a": alice, "b": carol}

    def point(who: str, number: int) -> tuple[float, float]:
        # a to the right of the citizen, b to the left, a little further out each round
        offset = 0.3 + number / 200
        return geometry.clamp(offset if who == "a" else -offset, 0.1)

    def save(who: str, number: int, seen: int) -> None:
        x, y = point(who, number)
        network_services.map_place(
            citizen=Citizen.objects.get(pk=course.citizen_id),
            person=NetworkPerson.objects.get(pk=mother.pk),
            actor=users[who],
            expected_version=seen,
            x=x,
            y=y,
        )

    run_rounds(
        "network map",
        version=lambda: NetworkMap.objects.get(citizen_id=course.citizen_id).version,
        save=save,
        stored=lambda: tuple(MapPlacement.objects.filter(person=mother).values_list("x", "y").get()),
        expected=point,
    )

    assert MapPlacement.objects.filter(person=mother).count() == 1


def test_the_map_consent_follows_from_the_one_the_user_saw(course: Course, alice: Any, carol: Any) -> None:
    """Consents are kept, never changed: each new one names the one in force it was made against, so
    two recorded at once from the same one cannot both land."""
    users = {"a": alice, "b": carol}
    scopes = {"a": "worker_and_coordinator", "b": "everyone"}

    def latest() -> MapConsent | None:
        return MapConsent.objects.filter(citizen_id=course.citizen_id).order_by("-pk").first()

    seen_consent: dict[int, int] = {}

    def look(number: int) -> None:
        current = latest()
        seen_consent[number] = current.pk if current else 0

    def save(who: str, number: int, seen: int) -> None:
        network_services.consent_record(
            citizen=Citizen.objects.get(pk=course.citizen_id),
            actor=users[who],
            scope=scopes[who],
            given_on=TODAY,
            shared_with=[],
            note=text(who, number),
            expected_consent=seen_consent[number],
            today=TODAY,
        )

    consents_before = MapConsent.objects.count()
    run_rounds(
        "map consent (append-only)",
        before_round=look,
        version=lambda: MapConsent.objects.filter(citizen_id=course.citizen_id).count(),
        save=save,
        stored=lambda: (latest().scope, latest().note),  # type: ignore[union-attr]
        expected=lambda who, number: (scopes[who], text(who, number)),
    )

    assert MapConsent.objects.count() == consents_before + ROUNDS


# The citizen ----------------------------------------------------------------------------------------------


def test_the_confidential_address_marker_changes_once_when_two_change_it_at_once(
    shelter_course: Course, alice: Any, carol: Any
) -> None:
    users = {"a": alice, "b": carol}
    wanted: dict[int, bool] = {}

    def look(number: int) -> None:
        # Both pages show the marker as it is and offer the opposite.
        wanted[number] = not Citizen.objects.get(pk=shelter_course.citizen_id).confidential_address

    def save(who: str, number: int, seen: int) -> None:
        safety_services.citizen_mark_confidential_address(
            citizen=Citizen.objects.get(pk=shelter_course.citizen_id),
            actor=users[who],
            confidential=wanted[number],
            expected_version=seen,
        )

    run_rounds(
        "citizen (confidential-address marker)",
        before_round=look,
        version=lambda: Citizen.objects.get(pk=shelter_course.citizen_id).version,
        save=save,
        stored=lambda: Citizen.objects.get(pk=shelter_course.citizen_id).confidential_address,
        expected=lambda who, number: wanted[number],
    )


# Through the screens --------------------------------------------------------------------------------------


def post_at_once(clients: dict[str, Any], url: str, data: dict[str, dict[str, str]]) -> dict[str, Any]:
    responses: dict[str, Any] = {}

    def post(who: str) -> None:
        responses[who] = clients[who].post(url, data[who])

    outcomes = race(partial(post, "a"), partial(post, "b"))
    assert [o.error for o in outcomes] == [None, None]
    return responses


def english_clients(client_for: Any, **users: Any) -> dict[str, Any]:
    clients = {who: client_for(user) for who, user in users.items()}
    for client in clients.values():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return clients


def test_on_screen_the_second_save_of_the_contact_frame_is_told_and_keeps_its_input(
    course: Course, alice: Any, carol: Any, client_for: Any
) -> None:
    journal_services.contact_frame_save(
        course=course, actor=alice, frequency="Hver uge", reminder_channel="none"
    )
    seen = ContactFrame.objects.get(course=course).version
    clients = english_clients(client_for, a=alice, b=carol)
    form = {"time": "", "place": "", "kind": "", "reminder_channel": "none", "version": str(seen)}

    responses = post_at_once(
        clients,
        reverse("journal:frame_save", args=[course.pk]),
        {who: form | {"frequency": f"{who.upper()}: every Tuesday"} for who in "ab"},
    )

    assert sorted(r.status_code for r in responses.values()) == [302, 400]
    winner = next(who for who, r in responses.items() if r.status_code == 302)
    loser = "b" if winner == "a" else "a"
    page = responses[loser].content.decode()
    assert "Someone else changed the contact frame while you were working" in page
    assert f'value="{loser.upper()}: every Tuesday"' in page  # the loser's input is still in the form
    stored = ContactFrame.objects.get(course=course)
    assert (stored.frequency, stored.version) == (f"{winner.upper()}: every Tuesday", seen + 1)


def test_on_screen_the_second_save_of_the_safety_plan_gets_409_and_keeps_its_text(
    shelter_course: Course, alice: Any, carol: Any, client_for: Any
) -> None:
    safety_services.safety_plan_save(
        course=shelter_course, actor=alice, expected_version=0, today=TODAY, risks="Ekspartneren"
    )
    clients = english_clients(client_for, a=alice, b=carol)
    form = dict.fromkeys(PART_FIELDS, "") | {"reviewed_on": "", "version": "1"}

    responses = post_at_once(
        clients,
        reverse("safety:plan_save", args=[shelter_course.pk]),
        {who: form | {"escape_route": f"{who.upper()}: out through the neighbour's garden"} for who in "ab"},
    )

    assert sorted(r.status_code for r in responses.values()) == [302, 409]
    winner = next(who for who, r in responses.items() if r.status_code == 302)
    loser = "b" if winner == "a" else "a"
    page = responses[loser].content.decode()
    assert "Someone else changed the safety plan while you were working. Nothing was saved." in page
    assert f"{loser.upper()}: out through the neighbour" in page
    stored = SafetyPlan.objects.get(course=shelter_course)
    assert stored.escape_route == f"{winner.upper()}: out through the neighbour's garden"
    assert stored.version == 2
    assert [r.values["escape_route"] for r in stored.revisions.order_by("number")] == [
        "",
        stored.escape_route,
    ]
