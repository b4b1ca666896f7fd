"""The closing letter's placeholders: filled in from the course, unknown ones found."""

from __future__ import annotations

import datetime as dt

from overgang.handover.letters import DEFAULT_LETTER, fill_in, unknown_placeholders


def test_the_placeholders_are_filled_in():
    text = fill_in(
        "Kære {first_name}, fra {worker_name} i {programme}, slut {end_date}",
        first_name="Sofie",
        worker_name="Alice Testsen",
        programme="CTI Hjemløshed",
        end_date=dt.date(2026, 12, 10),
    )
    assert text == "Kære Sofie, fra Alice Testsen i CTI Hjemløshed, slut 10-12-2026"


def test_other_braces_are_left_as_written():
    text = fill_in(
        "Hej {first_name} {ukendt} {}", first_name="Sofie", worker_name="", programme="", end_date=None
    )
    assert text == "Hej Sofie {ukendt} {}"


def test_unknown_placeholders_are_found_once_in_order():
    assert unknown_placeholders("{navn} {first_name} {dato} {navn}") == ["{navn}", "{dato}"]
    assert unknown_placeholders("Kære {first_name}") == []


def test_the_default_letters_use_only_known_placeholders_and_name_the_citizen():
    for text in DEFAULT_LETTER.values():
        assert unknown_placeholders(text) == []
        assert "{first_name}" in text
        assert "{worker_name}" in text
