"""The audit log: every named write leaves one entry with the values before and after."""

import datetime as dt
import json

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses import services
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def course(alice, homelessness, make_course):
    return make_course(alice, homelessness, referral=d("2026-05-01"), phase_1=d("2026-05-10"))


def only_new_entry(since: int) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(pk__gt=since))
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0]


def last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- registering and referring --------------------------------------------------------------------


def test_registering_and_referring_writes_one_entry_for_each(alice, homelessness, today):
    course = services.citizen_register_and_refer(
        actor=alice,
        citizen_data={"first_name": "Nanna", "last_name": "Nielsen", "cpr": "150585-4321"},
        programme=homelessness,
        legal_basis="sel_85",
        worker=alice,
        referral_date=d("2026-11-10"),
        today=today,
    )

    registered, referred = AuditEntry.objects.order_by("pk")
    assert registered.action == "citizen.registered"
    assert (registered.object_type, registered.object_id) == ("courses.citizen", str(course.citizen_id))
    assert registered.before is None
    assert registered.after["first_name"] == "Nanna"
    assert referred.action == "course.referred"
    assert (referred.object_type, referred.object_id) == ("courses.course", str(course.pk))
    assert referred.before is None
    assert referred.after["referral_date"] == "2026-11-10"
    assert referred.after["worker"] == alice.pk
    for entry in (registered, referred):
        assert entry.actor == alice
        assert entry.municipality_id == homelessness.municipality_id
        assert entry.citizen_id == course.citizen_id


def test_the_registration_entry_does_not_keep_the_cpr_number(alice, homelessness, today):
    services.citizen_register_and_refer(
        actor=alice,
        citizen_data={"first_name": "Nanna", "last_name": "Nielsen", "cpr": "150585-4321"},
        programme=homelessness,
        legal_basis="sel_85",
        worker=alice,
        referral_date=today,
        today=today,
    )

    for entry in AuditEntry.objects.all():
        stored = json.dumps([entry.before, entry.after])
        assert "1505854321" not in stored
        assert "150585-4321" not in stored


# --- every change to a course -----------------------------------------------------------------------


def test_starting_the_contact_period_writes_one_entry(alice, homelessness, make_course, today):
    course = make_course(alice, homelessness, referral=d("2026-11-01"))
    since = last_pk()

    services.course_start_contact_period(course=course, on=d("2026-11-05"), actor=alice, today=today)

    entry = only_new_entry(since)
    assert entry.action == "course.contact_period_started"
    assert entry.before["contact_start"] is None
    assert entry.after["contact_start"] == "2026-11-05"
    assert (entry.actor, entry.citizen_id, entry.object_id) == (alice, course.citizen_id, str(course.pk))


@pytest.mark.parametrize("phase", [1, 2, 3])
def test_each_transition_writes_one_entry(alice, homelessness, make_course, today, phase):
    course = make_course(alice, homelessness, referral=d("2026-02-01"))
    dates = {1: d("2026-02-10"), 2: d("2026-05-10"), 3: d("2026-08-10")}
    for earlier in range(1, phase):
        services.course_start_phase(course=course, phase=earlier, on=dates[earlier], actor=alice, today=today)
    since = last_pk()

    services.course_start_phase(course=course, phase=phase, on=dates[phase], actor=alice, today=today)

    entry = only_new_entry(since)
    assert entry.action == f"course.phase_{phase}_started"
    assert entry.before[f"phase_{phase}_start"] is None
    assert entry.after[f"phase_{phase}_start"] == dates[phase].isoformat()


def test_pausing_writes_one_entry(alice, course, today):
    since = last_pk()

    pause = services.course_pause(
        course=course,
        start=d("2026-06-01"),
        reason="other",
        reason_text="Udlandsophold",
        actor=alice,
        today=today,
    )

    entry = only_new_entry(since)
    assert entry.action == "course.paused"
    assert (entry.object_type, entry.object_id) == ("courses.pause", str(pause.pk))
    assert entry.before is None  # a new pause: there was nothing before
    assert entry.after == {"start": "2026-06-01", "reason": "other", "reason_text": "Udlandsophold"}
    assert entry.municipality_id == course.municipality_id
    assert entry.citizen_id == course.citizen_id


def test_resuming_writes_one_entry(alice, course, today):
    services.course_pause(course=course, start=d("2026-06-01"), reason="hospital", actor=alice, today=today)
    since = last_pk()

    services.course_resume(course=course, on=d("2026-06-11"), actor=alice, today=today)

    entry = only_new_entry(since)
    assert entry.action == "course.resumed"
    assert entry.before == {"start": "2026-06-01", "resume": None}
    assert entry.after == {"start": "2026-06-01", "resume": "2026-06-11"}
    assert entry.citizen_id == course.citizen_id


def test_ending_writes_one_entry(alice, course, today):
    since = last_pk()

    services.course_end(course=course, on=d("2026-11-20"), reason="moved", actor=alice, today=today)

    entry = only_new_entry(since)
    assert entry.action == "course.ended"
    assert (entry.before["end_date"], entry.before["end_reason"]) == (None, "")
    assert (entry.after["end_date"], entry.after["end_reason"]) == ("2026-11-20", "moved")


def test_ending_with_an_open_pause_records_the_pause_closing_and_the_end(alice, course, today):
    services.course_pause(course=course, start=d("2026-11-01"), reason="hospital", actor=alice, today=today)
    since = last_pk()

    services.course_end(course=course, on=d("2026-11-20"), reason="hospitalised", actor=alice, today=today)

    entries = list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))
    assert [e.action for e in entries] == ["course.resumed", "course.ended"]
    assert entries[0].before["resume"] is None
    assert entries[0].after["resume"] == "2026-11-20"


def test_reassigning_writes_one_entry(alice, bob, carol, course, today):
    since = last_pk()

    services.course_reassign_worker(course=course, worker=bob, on=d("2026-11-01"), actor=carol, today=today)

    entry = only_new_entry(since)
    assert entry.action == "course.worker_reassigned"
    assert entry.actor == carol
    assert entry.before["worker"] == alice.pk
    assert entry.after["worker"] == bob.pk


def test_starting_over_writes_one_entry(alice, course, today):
    services.course_end(course=course, on=d("2026-07-01"), reason="refuses", actor=alice, today=today)
    since = last_pk()

    new = services.course_restart(course=course, referral_date=d("2026-11-01"), actor=alice, today=today)

    entry = only_new_entry(since)
    assert entry.action == "course.restarted"
    assert entry.object_id == str(new.pk)
    assert entry.before is None
    assert entry.after["referral_date"] == "2026-11-01"
    assert entry.citizen_id == course.citizen_id


REFUSED = {
    "contact period after phase 1": lambda c, u, t: services.course_start_contact_period(
        course=c, on=d("2026-11-01"), actor=u, today=t
    ),
    "skipped phase": lambda c, u, t: services.course_start_phase(
        course=c, phase=3, on=d("2026-11-01"), actor=u, today=t
    ),
    "pause before the course": lambda c, u, t: services.course_pause(
        course=c, start=d("2026-05-02"), reason="hospital", actor=u, today=t
    ),
    "resume without a pause": lambda c, u, t: services.course_resume(
        course=c, on=d("2026-11-01"), actor=u, today=t
    ),
    "end before phase 1": lambda c, u, t: services.course_end(
        course=c, on=d("2026-05-09"), reason="moved", actor=u, today=t
    ),
    "stale version": lambda c, u, t: services.course_end(
        course=c, on=d("2026-11-20"), reason="moved", actor=u, today=t, expected_version=1
    ),
}


@pytest.mark.parametrize("refused", REFUSED)
def test_a_refused_change_writes_no_entry(alice, course, today, refused):
    since = last_pk()

    with pytest.raises(CourseActionError):
        REFUSED[refused](course, alice, today)

    assert not AuditEntry.objects.filter(pk__gt=since).exists()


# --- reading ----------------------------------------------------------------------------------------


def test_opening_the_course_page_writes_course_viewed(alice, course, client_for, frozen_today):
    since = last_pk()

    response = client_for(alice).get(f"/courses/{course.pk}/")

    assert response.status_code == 200
    entry = only_new_entry(since)
    assert entry.action == "course.viewed"
    assert entry.actor == alice
    assert (entry.object_type, entry.object_id) == ("courses.course", str(course.pk))
    assert entry.citizen_id == course.citizen_id
    assert entry.municipality_id == course.municipality_id
    assert entry.request_id == response["X-Request-ID"]


def test_a_page_not_found_writes_nothing(mallory, course, client_for, frozen_today):
    since = last_pk()

    response = client_for(mallory).get(f"/courses/{course.pk + 1000}/")

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(pk__gt=since).exists()


def test_a_refused_page_writes_one_denied_entry(mallory, course, client_for, frozen_today):
    # The full story is in overgang/audit/tests/test_denied.py.
    since = last_pk()

    response = client_for(mallory).get(f"/courses/{course.pk}/")

    assert response.status_code == 404
    entry = only_new_entry(since)
    assert (entry.action, entry.outcome, entry.actor) == ("access.denied", "denied", mallory)


def test_a_search_by_name_writes_one_entry_with_the_term(alice, course, client_for, frozen_today):
    since = last_pk()

    client_for(alice).post("/citizens/search/", {"q": "Borgersen"})

    entry = only_new_entry(since)
    assert entry.action == "citizen.searched"
    assert entry.actor == alice
    assert entry.municipality_id == alice.municipality_id
    assert entry.search_term == "Borgersen"
    assert entry.after == {"kind": "name", "results": 1}


@pytest.mark.parametrize("form", ["dashed", "digits"])
def test_a_search_by_cpr_number_keeps_the_number_only_as_the_search_term(
    alice, course, client_for, frozen_today, form
):
    cpr = Course.objects.get(pk=course.pk).citizen.cpr
    query = f"{cpr[:6]}-{cpr[6:]}" if form == "dashed" else cpr
    since = last_pk()

    client_for(alice).post("/citizens/search/", {"q": query})

    entry = only_new_entry(since)
    assert entry.search_term == query  # Datatilsynet: searches are logged with their terms
    assert entry.after == {"kind": "cpr", "results": 1}
    stored = json.dumps([entry.before, entry.after, entry.object_id])
    assert cpr not in stored
    assert cpr[:6] not in stored


def test_a_search_by_cpr_number_with_a_space_is_logged_as_typed(alice, course, client_for, frozen_today):
    # citizen_search strips spaces and searches by CPR; the term is kept as typed, in search_term only.
    cpr = Course.objects.get(pk=course.pk).citizen.cpr
    since = last_pk()

    client_for(alice).post("/citizens/search/", {"q": f"{cpr[:6]} {cpr[6:]}"})

    entry = only_new_entry(since)
    assert entry.search_term == f"{cpr[:6]} {cpr[6:]}"
    assert cpr[:6] not in json.dumps([entry.before, entry.after])
