"""The instruments are data, one file per programme template, and their Danish labels are the
manuals' own words: each file is held against its section of the seed text. No database needed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from overgang.compass.instruments import DATA, dimensions_error, template_instrument

SEEDS = Path(__file__).resolve().parents[3] / "docs" / "seeds"
TEMPLATES = sorted(p.stem for p in (DATA.parent.parent / "programmes" / "data").glob("*.json"))


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    assert text.count(start) >= 1, start
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def squeeze(text: str) -> str:
    """The PDF's text breaks words with stray spaces ("s ikkerhed"): compare without whitespace."""
    return re.sub(r"\s+", "", text)


def load(code: str) -> dict:
    return json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))


def test_every_programme_template_has_an_instrument_file():
    assert TEMPLATES == ["generic", "homelessness", "job", "shelter"]
    assert sorted(p.stem for p in DATA.glob("*.json")) == TEMPLATES


@pytest.mark.parametrize("code", TEMPLATES)
def test_each_file_is_a_valid_instrument_with_a_source_and_the_scale(code):
    data = load(code)
    assert data["code"] == code
    assert dimensions_error(data["dimensions"]) is None
    assert data["scale"] == {"min": 1, "max": 10}
    assert len(data["source"]) > 40
    for entry in data["dimensions"]:
        assert set(entry["label"]) == {"da", "en"}
        assert set(entry.get("help", {"da": 1, "en": 1})) == {"da", "en"}
        assert not entry.get("retired")


def test_shelter_has_the_ten_dimensions_of_4_1_3_word_for_word_in_order():
    section = between(
        seed("cti-metodemanual-kvinder-krisecenter.txt"),
        "4.1.3 Forandringskompas",
        "Både kvinden og CTI-medarbejderen vurderer",
    )
    bullets = [line.strip().lstrip("•").strip().rstrip(".").strip() for line in section.splitlines()]
    bullets = [line for line in bullets if line and section.count("• " + line)]
    labels = [d["label"]["da"] for d in load("shelter")["dimensions"]]
    assert len(labels) == 10
    assert labels == bullets
    assert [d["key"] for d in load("shelter")["dimensions"]] == [
        "safety",
        "self_care",
        "social_network",
        "physical_health",
        "mental_health",
        "housing",
        "finances",
        "labour_market",
        "children",
        "stimulants",
    ]


def test_shelter_citizen_questions_are_the_manuals_chart_questions():
    chart = squeeze(
        between(
            seed("cti-metodemanual-kvinder-krisecenter.txt"),
            "Fase og respondent",
            "Sammenligning af borgerens og CTI-medarbejderens vurdering",
        )
    )
    for entry in load("shelter")["dimensions"]:
        assert squeeze(entry["help"]["da"]) in chart, entry["key"]


def test_homelessness_has_the_eight_dimensions_of_chapter_5_word_for_word_in_order():
    section = between(seed("cti-metodemanual-hjemloshed-2021.txt"), "De otte dimensioner er:", "5.2. Bolig")
    listed = re.findall(r"^\d\) (.+?)\s*$", section, flags=re.MULTILINE)
    assert len(listed) == 8
    assert [d["label"]["da"] for d in load("homelessness")["dimensions"]] == listed


def test_generic_uses_the_themes_the_generic_manual_names_with_the_compass():
    sentence = between(
        seed("cti-metodemanual-generisk-2018.txt"),
        "Afdækningen inddrager centrale temaer",
        "Det er CTI-medarbejderens",
    )
    assert "Forandringskompasset" in seed("cti-metodemanual-generisk-2018.txt")
    positions = []
    for entry in load("generic")["dimensions"]:
        label = entry["label"]["da"]
        found = sentence.find(label[0].lower() + label[1:])
        assert found >= 0, label
        positions.append(found)
    assert len(positions) == 7


def test_job_uses_the_three_tracks_of_the_job_model():
    text = seed("indsatsmodel-social-stotte-job.txt")
    section = between(text, "integration mellem de tre spor i indsatsen", "https://")
    labels = [d["label"]["da"] for d in load("job")["dimensions"]]
    assert labels == ["Job", "Mestring", "Netværk"]
    for number, label in enumerate(labels, start=1):
        assert f"{number}. {label}:" in section
    assert "tre spor" in load("job")["source"]


@pytest.mark.parametrize("code", ["homelessness", "job", "generic"])
def test_programmes_without_their_own_instrument_say_whose_they_borrow(code):
    assert "Forandringskompas" in load(code)["source"]
    assert "4.1.3" in load(code)["source"]


def test_template_instrument_reads_the_file_and_falls_back_to_generic():
    shelter = template_instrument("shelter")
    assert shelter.version == 0
    assert shelter.active[0].key == "safety"
    assert shelter.active[0].label == {"da": "Kvindens sikkerhed", "en": "The woman's safety"}
    assert template_instrument("no-such-template").active == template_instrument("generic").active


@pytest.mark.parametrize(
    "dimensions, fragment",
    [
        ([], "list of dimensions"),
        ([{"key": "Bad Key", "label": {"da": "a", "en": "b"}}], "Bad dimension key"),
        (
            [{"key": "a", "label": {"da": "a", "en": "b"}}, {"key": "a", "label": {"da": "a", "en": "b"}}],
            "twice",
        ),
        ([{"key": "a", "label": {"da": "a"}}], "Danish and an English"),
        ([{"key": "a", "label": {"da": "a", "en": "b"}, "retired": True}], "at least one"),
    ],
)
def test_invalid_instruments_are_refused(dimensions, fragment):
    assert fragment in (dimensions_error(dimensions) or "")
