"""The generic and the shelter manual's transition checklists are transcribed word for word.

Each data file is held against its section of the seed text: the section is cut out between two
marker strings, the PDF's wrapped lines are joined, bullets and markdown are dropped, and then the
file must say exactly what the section says: the same introduction and the same list items, in the
same order, nothing left out and nothing added. No database needed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[3] / "docs" / "seeds"  # copies of ../shared/seeds

GENERIC = "cti-metodemanual-generisk-2018.txt"
SHELTER = "cti-metodemanual-kvinder-krisecenter.txt"


class Section:
    def __init__(self, *, seed, start, end, heading, period, transition, items):
        self.seed = seed
        self.start = start  # occurs once in the seed; the section runs from here …
        self.end = end  # … to the first occurrence of this after it
        self.heading = heading  # the section's own heading line, as normalised
        self.period = period
        self.transition = transition
        self.items = items  # counted by hand from the source


SECTIONS = {
    "generic_contact": Section(
        seed=GENERIC,
        start="\n#### Tjekliste\n",
        end="\n# 1. CTI-FASE\n",
        heading="Tjekliste",
        period="contact",
        transition="phase_1",
        items=3,
    ),
    "generic_phase_1": Section(
        seed=GENERIC,
        start="\n### Tjekliste\n",
        end="\n## 2. CTI-FASE\n",
        heading="Tjekliste",
        period="phase_1",
        transition="phase_2",
        items=9,
    ),
    "generic_phase_2": Section(
        seed=GENERIC,
        start="\n**Tjekliste**\n",
        end="\n## 3. CTI-FASE\n",
        heading="Tjekliste",
        period="phase_2",
        transition="phase_3",
        items=2,
    ),
    "generic_phase_3": Section(
        seed=GENERIC,
        start="\n#### **Tjekliste**\n",
        end="\n**Socialstyrelsen**\n",
        heading="Tjekliste",
        period="phase_3",
        transition="end",
        items=4,
    ),
    "shelter_contact": Section(
        seed=SHELTER,
        start="2.1.4 Tjekliste",
        end="2.2 Første CTI-fase",
        heading="2.1.4 Tjekliste",
        period="contact",
        transition="phase_1",
        items=3,
    ),
    "shelter_phase_1": Section(
        seed=SHELTER,
        start="2.2.9 Tjekliste",
        end="2.3 Anden CTI-fase",
        heading="2.2.9 Tjekliste",
        period="phase_1",
        transition="phase_2",
        items=9,
    ),
    "shelter_phase_2": Section(
        seed=SHELTER,
        start="2.3.4 Tjekliste",
        end="2.4 Tredje CTI-fase",
        heading="2.3.4 Tjekliste",
        period="phase_2",
        transition="phase_3",
        items=2,
    ),
    "shelter_phase_3": Section(
        seed=SHELTER,
        start="2.4.3 Tjekliste",
        end="Case: Udfordring med at afslutte kontakten",
        heading="2.4.3 Tjekliste",
        period="phase_3",
        transition="end",
        items=4,
    ),
}

CODE_PREFIX = {"contact": "c_", "phase_1": "p1_", "phase_2": "p2_", "phase_3": "p3_"}
BULLET = re.compile(r"^[•-]\s+")


def load(code: str) -> dict:
    return json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))


def region(section: Section) -> str:
    text = (SEEDS / section.seed).read_text(encoding="utf-8")
    assert text.count(section.start) == 1, f"start marker {section.start!r} is not unique"
    start = text.index(section.start)
    end = text.index(section.end, start + len(section.start))
    return text[start:end]


def clean(line: str) -> str:
    """One source line without markdown markers and surrounding whitespace (bullets are kept)."""
    return re.sub(r"\s+", " ", line.replace("**", "").lstrip("#")).strip()


def join(lines: list[str]) -> str:
    """Join wrapped lines with one space; a word the PDF split at its own hyphen ("CTI-" / "fase 2")
    is rejoined without a space, keeping the hyphen."""
    text = ""
    for line in lines:
        if text and not re.search(r"\w-$", text):
            text += " "
        text += line
    return text


def parse(section: Section) -> tuple[str, str, list[str]]:
    """The section's heading, its introduction, and its list items, each joined across wraps."""
    lines = [clean(line) for line in region(section).splitlines()]
    lines = [line for line in lines if line]
    heading, intro, items = lines[0], [], []
    for line in lines[1:]:
        if BULLET.match(line):
            items.append([BULLET.sub("", line)])
        elif items:
            items[-1].append(line)  # a wrapped continuation of the item above
        else:
            intro.append(line)
    return heading, join(intro), [join(item) for item in items]


def flat(section: Section) -> str:
    """The whole section as one normalised string, bullets and markdown dropped."""
    lines = [BULLET.sub("", clean(line)) for line in region(section).splitlines()]
    return join([line for line in lines if line])


def items_of(data: dict) -> list[dict]:
    return [item for group in data["groups"] for item in group["items"]]


@pytest.mark.parametrize("code", SECTIONS)
def test_every_item_and_heading_occurs_in_the_section_once_and_in_order(code):
    data, text = load(code), flat(SECTIONS[code])
    wanted = []
    for group in data["groups"]:
        if group["heading"] is not None:
            wanted.append(group["heading"]["da"])
        wanted.extend(item["da"] for item in group["items"])
    assert data["intro"]["da"] in text
    position = text.index(data["intro"]["da"]) + len(data["intro"]["da"])
    for da in wanted:
        assert text.count(da) == 1, f"{da!r} occurs {text.count(da)} times in the section"
        assert text.index(da) >= position, f"{da!r} is out of order"
        position = text.index(da) + len(da)


@pytest.mark.parametrize("code", SECTIONS)
def test_the_file_holds_exactly_the_sections_list(code):
    section, data = SECTIONS[code], load(code)
    heading, intro, items = parse(section)
    assert heading == section.heading
    assert data["intro"]["da"] == intro
    assert [group["heading"] for group in data["groups"]] == [None]  # the sections have no sub-headings
    assert [item["da"] for item in items_of(data)] == items
    assert len(items) == section.items


@pytest.mark.parametrize("code", SECTIONS)
def test_the_file_follows_the_schema(code):
    section, path = SECTIONS[code], DATA / f"{code}.json"
    data = load(code)
    assert path.read_text(encoding="utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert set(data) == {"code", "version", "kind", "period", "answers", "title", "source", "intro", "groups"}
    assert data["code"] == code
    assert data["version"] == 1
    assert data["kind"] == "transition"
    assert data["answers"] == "yes_no_irrelevant"
    assert data["period"] == section.period
    assert data["source"].strip()
    for texts in (data["title"], data["intro"]):
        assert set(texts) == {"da", "en"}
        assert all(texts[language].strip() for language in texts)
    assert data["groups"]
    for group in data["groups"]:
        assert set(group) == {"heading", "transition", "items"}
        assert group["transition"] == section.transition
        assert group["items"]
    codes = [item["code"] for item in items_of(data)]
    assert len(codes) == len(set(codes)) == section.items
    for item in items_of(data):
        assert set(item) == {"code", "da", "en"}
        assert re.fullmatch(r"[a-z0-9_]+", item["code"])
        assert item["code"].startswith(CODE_PREFIX[section.period])
        for language in ("da", "en"):
            assert item[language].strip() == item[language] != ""
            assert "  " not in item[language]
