"""Entering ratings and editing a programme's instrument: validated, versioned, audited without
the values, and nothing saved when refused."""

from __future__ import annotations

import datetime as dt

import pytest

from overgang.audit.models import AuditEntry
from overgang.compass.instruments import instrument_for_programme
from overgang.compass.models import CompassInstrument, CompassRating, CompassRound
from overgang.compass.selectors import course_rounds, dimensions_shown
from overgang.compass.services import instrument_change, round_rate
from overgang.courses import services as course_services
from overgang.courses.services import CourseActionError

from .conftest import HOMELESSNESS_KEYS

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_citizen_and_the_worker_rate_separately_at_different_times(course, rate, today):
    rate(course, "phase_1", "citizen", {"housing": 7, "finances": 3}, on=today - dt.timedelta(days=2))
    compass_round = rate(
        course, "phase_1", "worker", {"housing": 5, "finances": 4}, notes={"housing": "Ny bolig"}
    )
    view = course_rounds(course)["phase_1"]
    assert view.citizen == {"housing": 7, "finances": 3}
    assert view.worker == {"housing": 5, "finances": 4}
    assert view.worker_notes == {"housing": "Ny bolig"}
    assert view.citizen_on == today - dt.timedelta(days=2)
    assert view.worker_on == today
    assert compass_round.held_on == today - dt.timedelta(days=2)
    assert compass_round.version == 2


def test_rating_again_replaces_the_respondents_own_ratings_only(course, rate):
    rate(course, "phase_1", "citizen", {"housing": 7, "finances": 3})
    rate(course, "phase_1", "worker", {"housing": 5})
    rate(course, "phase_1", "citizen", {"housing": 8})
    view = course_rounds(course)["phase_1"]
    assert view.citizen == {"housing": 8}
    assert view.worker == {"housing": 5}


def test_a_rating_is_audited_without_values_or_notes(course, rate, alice):
    rate(course, "phase_1", "citizen", {"housing": 7}, notes={"housing": "Hemmelig note"})
    entry = AuditEntry.objects.get(action="compass.rated")
    assert entry.actor == alice
    assert entry.citizen_id == course.citizen_id
    assert entry.after == {
        "slot": "phase_1",
        "respondent": "citizen",
        "dimensions": ["housing"],
        "notes": ["housing"],
        "corrected": False,
    }
    assert "7" not in str(entry.after) and "Hemmelig" not in str(entry.after)


@pytest.mark.parametrize("bad", ["0", "11", "syv", "7.5", "-3"])
def test_a_rating_outside_1_to_10_is_refused_and_nothing_saved(course, rate, bad):
    with pytest.raises(CourseActionError) as refused:
        rate(course, "phase_1", "citizen", {"housing": 7, "finances": bad})
    assert refused.value.field == "finances"
    assert "1" in refused.value.message and "10" in refused.value.message
    assert not CompassRound.objects.exists()
    assert not CompassRating.objects.exists()
    assert not AuditEntry.objects.filter(action="compass.rated").exists()


def test_an_unknown_dimension_is_refused(course, rate):
    with pytest.raises(CourseActionError) as refused:
        rate(course, "phase_1", "citizen", {"housing": 7, "safety": 5})
    assert refused.value.field == "safety"
    assert not CompassRating.objects.exists()


def test_no_rating_at_all_is_refused(course, rate):
    with pytest.raises(CourseActionError):
        rate(course, "phase_1", "citizen", {"housing": ""})
    assert not CompassRound.objects.exists()


def test_a_note_needs_a_rating_and_a_future_date_is_refused(course, rate, today):
    with pytest.raises(CourseActionError):
        rate(course, "phase_1", "worker", {"housing": 5}, notes={"finances": "Uden tal"})
    with pytest.raises(CourseActionError) as refused:
        rate(course, "phase_1", "worker", {"housing": 5}, on=today + dt.timedelta(days=1))
    assert refused.value.field == "rated_on"
    assert not CompassRound.objects.exists()


def test_a_round_of_a_phase_not_reached_is_refused(course, rate):
    with pytest.raises(CourseActionError) as refused:
        rate(course, "phase_2", "citizen", {"housing": 5})
    assert refused.value.field == "slot"


def test_a_stale_version_is_a_conflict_and_saves_nothing(course, rate, alice, today):
    rate(course, "phase_1", "citizen", {"housing": 7})
    with pytest.raises(CourseActionError) as refused:
        round_rate(
            course=course,
            slot="phase_1",
            respondent="worker",
            values={"housing": "4"},
            rated_on=today,
            actor=alice,
            expected_version=0,
            today=today,
        )
    assert refused.value.conflict
    assert course_rounds(course)["phase_1"].worker == {}


def test_an_ended_course_cannot_be_rated(course, rate, alice, today):
    course = course_services.course_end(course=course, on=today, reason="moved", actor=alice, today=today)
    with pytest.raises(CourseActionError):
        rate(course, "phase_1", "citizen", {"housing": 7})


# --- the instrument ---------------------------------------------------------------------------


def editor_rows(programme, **changes):
    rows = []
    for d in instrument_for_programme(programme).dimensions:
        row = {"key": d.key, "label_da": d.label["da"], "label_en": d.label["en"], "retired": d.retired}
        row |= {"help_da": d.help.get("da", ""), "help_en": d.help.get("en", "")}
        row |= changes.get(d.key, {})
        rows.append(row)
    return rows


def test_a_programme_uses_its_templates_file_until_edited(homelessness):
    instrument = instrument_for_programme(homelessness)
    assert instrument.version == 0
    assert [d.key for d in instrument.active] == HOMELESSNESS_KEYS


def test_the_coordinator_renames_retires_adds_and_reorders(homelessness, carol):
    rows = editor_rows(
        homelessness,
        housing={"label_da": "Egen bolig", "label_en": "Own home"},
        substance_use={"retired": True},
    )
    rows.insert(0, {"key": "", "label_da": "Sikkerhed", "label_en": "Safety", "help_da": "", "help_en": ""})
    rows.append(rows.pop(1))  # housing last
    instrument = instrument_change(programme=homelessness, actor=carol, expected_version=0, rows=rows)
    assert instrument.version == 1
    keys = [d.key for d in instrument.dimensions]
    assert (keys[0], keys[-1]) == ("safety", "housing")
    assert instrument.get("housing").label == {"da": "Egen bolig", "en": "Own home"}
    assert instrument.get("substance_use").retired
    assert "substance_use" not in [d.key for d in instrument.active]
    entry = AuditEntry.objects.get(action="compass.instrument_changed")
    assert entry.after["added"] == ["safety"]
    assert entry.after["renamed"] == ["housing"]
    assert entry.after["retired"] == ["substance_use"]
    assert entry.after["reordered"] is True
    assert entry.before["version"] == 0


def test_past_rounds_keep_showing_a_retired_dimension_with_its_label(course, rate, homelessness, carol):
    rate(course, "phase_1", "citizen", {"substance_use": 4, "housing": 6})
    instrument_change(
        programme=homelessness,
        actor=carol,
        expected_version=0,
        rows=editor_rows(homelessness, substance_use={"retired": True}),
    )
    instrument = instrument_for_programme(homelessness)
    shown = dimensions_shown(instrument, list(course_rounds(course).values()))
    misbrug = next(d for d in shown if d.key == "substance_use")
    assert misbrug.retired and misbrug.label["da"] == "Misbrug"
    # … but it is no longer rated in new entries.
    with pytest.raises(CourseActionError):
        rate(course, "phase_1", "worker", {"substance_use": 4})


def test_dimensions_cannot_be_deleted_only_retired(homelessness, carol):
    rows = editor_rows(homelessness)[1:]
    with pytest.raises(CourseActionError):
        instrument_change(programme=homelessness, actor=carol, expected_version=0, rows=rows)
    assert not CompassInstrument.objects.exists()


def test_retiring_every_dimension_or_a_missing_label_is_refused(homelessness, carol):
    all_retired = [row | {"retired": True} for row in editor_rows(homelessness)]
    with pytest.raises(CourseActionError):
        instrument_change(programme=homelessness, actor=carol, expected_version=0, rows=all_retired)
    with pytest.raises(CourseActionError):
        instrument_change(
            programme=homelessness,
            actor=carol,
            expected_version=0,
            rows=editor_rows(homelessness, housing={"label_en": ""}),
        )
    assert not CompassInstrument.objects.exists()
    assert not AuditEntry.objects.filter(action="compass.instrument_changed").exists()


def test_a_stale_instrument_version_is_a_conflict(homelessness, carol):
    instrument_change(
        programme=homelessness,
        actor=carol,
        expected_version=0,
        rows=editor_rows(homelessness, housing={"label_en": "Home"}),
    )
    with pytest.raises(CourseActionError) as refused:
        instrument_change(
            programme=homelessness,
            actor=carol,
            expected_version=0,
            rows=editor_rows(homelessness, housing={"label_en": "X"}),
        )
    assert refused.value.conflict
    assert instrument_for_programme(homelessness).get("housing").label["en"] == "Home"


def test_saving_without_a_change_writes_nothing(homelessness, carol):
    instrument_change(programme=homelessness, actor=carol, expected_version=0, rows=editor_rows(homelessness))
    assert not CompassInstrument.objects.exists()
