"""The contact journal: registering and changing contacts, and reading them back.

Alice, a CTI worker, keeps the journal for her citizen's course. The services are given a pinned
`now` (2026-11-22 12:00 in Copenhagen) so that "in the future" and "a year away" are fixed.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.courses.services import CourseActionError
from overgang.journal import selectors
from overgang.journal.models import ContactEntry, ContactStatus
from overgang.journal.services import contact_entry_create, contact_entry_update
from overgang.method.clock import Period

CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 11, 22, 12, tzinfo=CPH)
NOTE = "Borgeren fortalte om sin bror og om gælden til udlejer."
NEXT_AGREEMENT = "Vi mødes tirsdag hos lægen."


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def at(iso: str) -> dt.datetime:
    """A Copenhagen wall-clock time."""
    return dt.datetime.fromisoformat(iso).replace(tzinfo=CPH)


@pytest.fixture
def course(alice, homelessness, make_course):
    # Referred and in contact from 2026-09-01, phase 1 from 2026-10-01.
    return make_course(alice, homelessness, contact=d("2026-09-01"), phase_1=d("2026-10-01"))


def create(course, actor, **overrides):
    values = {
        "occurred_at": at("2026-11-20 10:00"),
        "duration_minutes": 60,
        "kind": "home_visit",
        "place": "Hjemme",
        "citizen_present": True,
        "third_parties": "",
        "status": "happened",
        "note": NOTE,
        "next_agreement": NEXT_AGREEMENT,
    } | overrides
    return contact_entry_create(course=course, actor=actor, now=NOW, **values)


def audits(action):
    return list(AuditEntry.objects.filter(action=action))


# Registering a contact ---------------------------------------------------------------------------


def test_it_stores_the_contact_with_the_courses_municipality_and_the_author(alice, course):
    entry = create(course, alice)

    entry = ContactEntry.objects.get(pk=entry.pk)
    assert entry.course == course
    assert entry.municipality_id == course.municipality_id
    assert entry.author == alice
    assert entry.occurred_at == at("2026-11-20 10:00")
    assert entry.duration_minutes == 60
    assert entry.kind == "home_visit"
    assert entry.status == ContactStatus.HAPPENED
    assert entry.note == NOTE
    assert entry.next_agreement == NEXT_AGREEMENT
    assert entry.version == 1


def test_it_writes_one_audit_entry_that_holds_the_notes_length_but_not_their_text(alice, course):
    entry = create(course, alice)

    [audit] = audits("contact.created")
    assert audit.actor == alice
    assert audit.object_id == str(entry.pk)
    assert audit.municipality_id == course.municipality_id
    assert audit.citizen_id == course.citizen_id
    assert audit.before is None
    assert audit.after["note_length"] == len(NOTE)
    assert audit.after["next_agreement_length"] == len(NEXT_AGREEMENT)
    assert audit.after["duration_minutes"] == 60
    assert audit.after["status"] == "happened"
    assert "note" not in audit.after
    assert "next_agreement" not in audit.after
    stored = json.dumps(audit.after, ensure_ascii=False)
    assert NOTE not in stored
    assert NEXT_AGREEMENT not in stored
    assert "gælden" not in stored


def test_it_registers_a_planned_contact_in_the_future(alice, course):
    entry = create(course, alice, status="planned", occurred_at=at("2026-11-25 09:00"), duration_minutes=0)

    assert entry.status == ContactStatus.PLANNED
    assert entry.duration_minutes == 0


def test_a_contact_that_took_place_may_be_registered_at_this_very_moment(alice, course):
    assert create(course, alice, occurred_at=NOW).pk is not None


def test_it_accepts_a_contact_on_the_referral_day(alice, course):
    assert create(course, alice, occurred_at=at("2026-09-01 08:00")).pk is not None


def test_it_reads_the_referral_day_in_copenhagen_time(alice, course):
    # 2026-08-31 23:30 UTC is 2026-09-01 01:30 in Copenhagen (summer time): the referral day.
    entry = create(course, alice, occurred_at=dt.datetime(2026, 8, 31, 23, 30, tzinfo=dt.UTC))

    assert entry.pk is not None


def test_it_accepts_a_contact_lasting_a_whole_day(alice, course):
    assert create(course, alice, duration_minutes=1440).duration_minutes == 1440


def test_it_accepts_a_planned_contact_exactly_a_year_ahead(alice, course):
    entry = create(course, alice, status="planned", occurred_at=at("2027-11-22 10:00"), duration_minutes=0)

    assert entry.pk is not None


def test_a_cancelled_contact_needs_no_duration(alice, course):
    assert create(course, alice, status="cancelled", duration_minutes=0).status == "cancelled"


REFUSED = {
    "a contact that took place without a duration": ({"duration_minutes": 0}, "duration_minutes"),
    "a contact that took place without any duration given": ({"duration_minutes": None}, "duration_minutes"),
    "a contact that took place in the future": ({"occurred_at": at("2026-11-22 12:01")}, "status"),
    "a planned contact in the past": (
        {"status": "planned", "occurred_at": at("2026-11-22 11:59"), "duration_minutes": 0},
        "status",
    ),
    "a planned contact right now": (
        {"status": "planned", "occurred_at": NOW, "duration_minutes": 0},
        "status",
    ),
    "a contact before the referral": ({"occurred_at": at("2026-08-31 23:30")}, "occurred_at"),
    "a contact more than a year ahead": (
        {"status": "planned", "occurred_at": at("2027-11-23 10:00"), "duration_minutes": 0},
        "occurred_at",
    ),
    "a contact longer than a day": ({"duration_minutes": 1441}, "duration_minutes"),
    "a negative duration": ({"status": "cancelled", "duration_minutes": -5}, "duration_minutes"),
    "an unknown kind": ({"kind": "carrier_pigeon"}, "kind"),
    "no kind": ({"kind": ""}, "kind"),
    "an unknown status": ({"status": "maybe"}, "status"),
    "a naive time": ({"occurred_at": dt.datetime(2026, 11, 20, 10, 0)}, "occurred_at"),
}


@pytest.mark.parametrize("overrides, field", REFUSED.values(), ids=REFUSED.keys())
def test_it_refuses_and_saves_nothing(alice, course, overrides, field):
    with pytest.raises(CourseActionError) as error:
        create(course, alice, **overrides)

    assert error.value.field == field
    assert not ContactEntry.objects.exists()
    assert audits("contact.created") == []


def test_it_refuses_a_contact_more_than_a_year_back(alice, homelessness, make_course):
    # The referral lies just under a year back, so only the year rule can refuse 2025-11-21.
    course = make_course(alice, homelessness, referral=d("2025-11-22"))

    with pytest.raises(CourseActionError) as error:
        create(course, alice, occurred_at=at("2025-11-21 10:00"))

    assert error.value.field == "occurred_at"
    assert not ContactEntry.objects.exists()


def test_it_refuses_a_contact_on_an_ended_course(alice, course, today):
    course = course_services.course_end(
        course=course, on=d("2026-11-21"), reason="moved", actor=alice, today=today
    )

    with pytest.raises(CourseActionError) as error:
        create(course, alice, occurred_at=at("2026-11-15 10:00"))

    assert error.value.conflict
    assert not ContactEntry.objects.exists()
    assert audits("contact.created") == []


# Changing a contact ------------------------------------------------------------------------------


def test_it_changes_a_contact_and_bumps_its_version(alice, course):
    entry = create(course, alice)

    changed = contact_entry_update(
        entry=entry, actor=alice, expected_version=1, now=NOW, duration_minutes=90, note="Kort."
    )

    stored = ContactEntry.objects.get(pk=entry.pk)
    assert changed.version == stored.version == 2
    assert stored.duration_minutes == 90
    assert stored.note == "Kort."
    assert stored.kind == "home_visit"  # fields not given are kept
    assert stored.next_agreement == NEXT_AGREEMENT


def test_it_audits_the_change_without_the_notes_text(alice, course):
    entry = create(course, alice)
    new_note = "Borgeren har fået nøglerne til sin nye lejlighed."

    contact_entry_update(
        entry=entry, actor=alice, expected_version=1, now=NOW, duration_minutes=90, note=new_note
    )

    [audit] = audits("contact.changed")
    assert audit.actor == alice
    assert audit.object_id == str(entry.pk)
    assert audit.citizen_id == course.citizen_id
    assert audit.municipality_id == course.municipality_id
    assert audit.before["duration_minutes"] == 60
    assert audit.after["duration_minutes"] == 90
    assert audit.before["note_length"] == len(NOTE)
    assert audit.after["note_length"] == len(new_note)
    stored = json.dumps([audit.before, audit.after], ensure_ascii=False)
    assert NOTE not in stored
    assert new_note not in stored
    assert NEXT_AGREEMENT not in stored


def test_it_turns_a_planned_contact_into_one_that_took_place(alice, course):
    entry = create(course, alice, status="planned", occurred_at=at("2026-11-25 09:00"), duration_minutes=0)
    later = dt.datetime(2026, 11, 25, 11, tzinfo=CPH)

    changed = contact_entry_update(
        entry=entry, actor=alice, expected_version=1, now=later, status="happened", duration_minutes=45
    )

    assert changed.status == ContactStatus.HAPPENED
    assert changed.duration_minutes == 45


def test_it_refuses_a_change_made_on_a_stale_version_and_saves_nothing(alice, bob, course):
    entry = create(course, alice)
    contact_entry_update(entry=entry, actor=alice, expected_version=1, now=NOW, duration_minutes=90)

    with pytest.raises(CourseActionError) as error:
        contact_entry_update(
            entry=entry, actor=bob, expected_version=1, now=NOW, duration_minutes=30, note=""
        )

    assert error.value.conflict
    stored = ContactEntry.objects.get(pk=entry.pk)
    assert stored.version == 2
    assert stored.duration_minutes == 90
    assert stored.note == NOTE
    assert len(audits("contact.changed")) == 1


def test_it_refuses_an_invalid_change_and_saves_nothing(alice, course):
    entry = create(course, alice)

    with pytest.raises(CourseActionError) as error:
        contact_entry_update(entry=entry, actor=alice, expected_version=1, now=NOW, duration_minutes=0)

    assert error.value.field == "duration_minutes"
    stored = ContactEntry.objects.get(pk=entry.pk)
    assert stored.version == 1
    assert stored.duration_minutes == 60
    assert audits("contact.changed") == []


def test_it_refuses_to_change_a_contact_once_the_course_has_ended(alice, course, today):
    entry = create(course, alice, occurred_at=at("2026-11-15 10:00"))
    course_services.course_end(course=course, on=d("2026-11-21"), reason="moved", actor=alice, today=today)

    with pytest.raises(CourseActionError) as error:
        contact_entry_update(entry=entry, actor=alice, expected_version=1, now=NOW, note="Efterskrift.")

    assert error.value.conflict
    assert ContactEntry.objects.get(pk=entry.pk).note == NOTE


# Reading the journal -----------------------------------------------------------------------------


def test_last_contact_days_gives_the_last_contact_that_took_place_per_course(
    alice, homelessness, make_course, django_assert_num_queries
):
    first = make_course(alice, homelessness, contact=d("2026-09-01"), first_name="Første")
    second = make_course(alice, homelessness, contact=d("2026-09-01"), first_name="Anden")
    silent = make_course(alice, homelessness, contact=d("2026-09-01"), first_name="Tavs")
    create(first, alice, occurred_at=at("2026-10-01 10:00"))
    create(first, alice, occurred_at=at("2026-11-18 10:00"))
    create(first, alice, occurred_at=at("2026-11-20 10:00"), status="no_show", duration_minutes=0)
    create(first, alice, occurred_at=at("2026-11-30 10:00"), status="planned", duration_minutes=0)
    create(second, alice, occurred_at=at("2026-11-02 10:00"))
    create(second, alice, occurred_at=at("2026-11-21 10:00"), status="cancelled", duration_minutes=0)
    create(silent, alice, occurred_at=at("2026-11-21 10:00"), status="cancelled", duration_minutes=0)

    with django_assert_num_queries(1):
        days = selectors.last_contact_days([first.pk, second.pk, silent.pk])

    assert days == {first.pk: d("2026-11-18"), second.pk: d("2026-11-02")}


def test_last_contact_days_gives_the_day_in_copenhagen_time(alice, course):
    # 2026-11-20 23:30 UTC is 2026-11-21 00:30 in Copenhagen (winter time).
    create(course, alice, occurred_at=dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))

    assert selectors.last_contact_days([course.pk]) == {course.pk: d("2026-11-21")}


def test_course_intensity_sums_the_minutes_of_contacts_that_took_place_only(alice, course, today):
    create(course, alice, occurred_at=at("2026-09-15 10:00"), duration_minutes=60)  # contact period
    create(course, alice, occurred_at=at("2026-10-01 10:00"), duration_minutes=90)  # phase 1 start day
    create(course, alice, occurred_at=at("2026-11-10 10:00"), duration_minutes=30)
    create(course, alice, occurred_at=at("2026-11-12 10:00"), status="cancelled", duration_minutes=45)
    create(course, alice, occurred_at=at("2026-11-13 10:00"), status="no_show", duration_minutes=20)
    create(course, alice, occurred_at=at("2026-11-25 10:00"), status="planned", duration_minutes=60)

    result = selectors.course_intensity(course, today=today)

    contact_period = result.of(Period.CONTACT)
    phase_1 = result.of(Period.PHASE_1)
    assert (contact_period.minutes, contact_period.contacts, contact_period.days) == (60, 1, 30)
    # Phase 1 from 2026-10-01 up to and including 2026-11-22: 31 + 22 = 53 days.
    assert (phase_1.minutes, phase_1.contacts, phase_1.days) == (120, 2, 53)
    assert result.of(Period.PHASE_2) is None
