"""The homelessness manual's checklists are transcribed word for word.

Five data files are held against the seed text: the contact period's transition list
(cti-metodemanual-hjemloshed-2021.txt, section 4.2.4) and appendices 1-4
(bilag-tjeklister-og-redskaber.txt). Each source region is cut out between two marker strings and
normalised (a line ending in a hyphenated "CTI-" is joined to the next without a space, keeping the
hyphen; all other whitespace becomes one space). Then:

(a) every group heading and item occurs in the region, in the file's order, exactly once (the one
    item the source itself repeats is listed in DUPLICATES);
(b) the region is exactly the file's introduction, headings and items in order, with nothing in
    between but the known non-item text (table captions, repeated table headers, bullets) - so no
    checklist line was left out or added, and none was shortened;
(c) the file follows SCHEMA.md: keys, codes, kinds, periods, answers, English alongside, counts.

No database needed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[3] / "docs" / "seeds"  # copies of ../shared/seeds

MANUAL = "cti-metodemanual-hjemloshed-2021.txt"
BILAG = "bilag-tjeklister-og-redskaber.txt"

PHASE_HEADER = "Dimension/aspekt Ja Nej Irrelevant"
FIDELITY_HEADER = "Aktivitet Ja Nej Ved ikke"

DIMENSIONS = [
    "Sammenhæng i indsatsen",
    "Bolig",
    "Social og praktisk støtte i hverdagen",
    "Økonomi",
    "Social situation/netværk",
    "Aktiviteter i hverdagen",
    "Fysisk helbred",
    "Psykisk helbred",
    "Misbrug",
    "Uddannelse og beskæftigelse",
]


@dataclass
class Source:
    seed: str
    start: str  # normalised; occurs once in the seed, the region starts right after it …
    end: str  # … and runs to the first occurrence of this after it
    noise: list[str]  # known non-item text that may stand between the file's entries
    kind: str
    period: str | None
    answers: str
    prefix: str
    headings: list[str | None]  # the groups' Danish headings, in order
    transitions: list[str | None]  # the groups' transitions, in order
    counts: list[int]  # items per group, counted by hand from the source
    duplicates: dict[str, int] = field(default_factory=dict)  # texts the source itself repeats


SOURCES = {
    "homelessness_contact": Source(
        seed=MANUAL,
        # the sentence that ends 4.2.4's opening paragraph, right before the checklist
        start="særligt er den praktiske støtte der gives i starten af 1. fase.",
        end="4.3. 1. CTI-FASE",
        noise=["•"],
        kind="transition",
        period="contact",
        answers="yes_no_irrelevant",
        prefix="c_",
        headings=[None],
        transitions=["phase_1"],
        counts=[4],
    ),
    "homelessness_phase_1": Source(
        seed=BILAG,
        start="Bilag 1: Tjekliste til 1. fase i CTI-indsatsen",
        end="Bilag 2: Tjekliste til 2. fase i CTI-indsatsen",
        noise=["Tabel 2. Tjekliste til 1.fase", PHASE_HEADER],
        kind="phase",
        period="phase_1",
        answers="yes_no_irrelevant",
        prefix="p1_",
        headings=[*DIMENSIONS, "Ved overgang til 2. fase"],
        transitions=[None] * 10 + ["phase_2"],
        counts=[9, 5, 4, 7, 4, 3, 8, 4, 3, 3, 6],
    ),
    "homelessness_phase_2": Source(
        seed=BILAG,
        start="Bilag 2: Tjekliste til 2. fase i CTI-indsatsen",
        end="Bilag 3: Tjekliste til 3. fase i CTI-indsatsen",
        noise=["Tabel 3. Tjekliste 2. fase", PHASE_HEADER],
        kind="phase",
        period="phase_2",
        answers="yes_no_irrelevant",
        prefix="p2_",
        headings=[*DIMENSIONS, "Ved overgang til 3. fase"],
        transitions=[None] * 10 + ["phase_3"],
        counts=[7, 3, 3, 6, 4, 3, 7, 3, 2, 2, 3],
    ),
    "homelessness_phase_3": Source(
        seed=BILAG,
        start="Bilag 3: Tjekliste til 3. fase i CTI-indsatsen",
        end="Bilag 4: Tjekliste til vurdering af CTI-indsatsens metodefidelitet",
        noise=["Tabel 4. Tjekliste fase 3", PHASE_HEADER],
        kind="phase",
        period="phase_3",
        answers="yes_no_irrelevant",
        prefix="p3_",
        headings=[*DIMENSIONS, "Ved afslutning af CTI-indsats"],
        transitions=[None] * 10 + ["end"],
        counts=[5, 2, 2, 2, 2, 1, 2, 2, 2, 2, 7],
        # The source repeats the mental-health item under "Misbrug" (a copy-paste slip in the
        # manual, kept word for word).
        duplicates={
            "Borgerens psykiske helbred og et eventuelt fortsat behov for behandling tages i "
            "betragtning ved udarbejdelsen af overdragelsesplanen for støtten efter "
            "CTI-indsatsens afslutning": 2,
        },
    ),
    "homelessness_fidelity": Source(
        seed=BILAG,
        start="Bilag 4: Tjekliste til vurdering af CTI-indsatsens metodefidelitet",
        end="Bilag 5: Faseplan",
        noise=["Tabel 5. Tjekliste til vurdering af CTI-indsatsens metodefidelitet", FIDELITY_HEADER],
        kind="fidelity",
        period=None,
        answers="yes_no_unknown",
        prefix="f_",
        headings=[None],
        transitions=[None],
        counts=[31],
    ),
}

# The fidelity items the system can answer from its own data.
EVIDENCE = {
    "Der er maksimalt 10 borgere tilknyttet én CTI-medarbejder": "caseload",
    "CTI-indsatsen følger de tre faser": "timeliness",
    "Der udarbejdes en CTI-plan for borgeren": "plans",
    "CTI-medarbejderen modtager regelmæssig supervision": "supervision",
}

TOP_KEYS = {"code", "version", "kind", "period", "answers", "title", "source", "intro", "groups"}
GROUP_KEYS = {"heading", "transition", "items"}
ITEM_KEYS = {"code", "da", "en"}
TRANSITIONS = {None, "phase_1", "phase_2", "phase_3", "end"}

# A line the PDF broke right after a real hyphen ("CTI-" / "indsatsen"): rejoin without a space.
LINE_END_HYPHEN = re.compile(r"(\w-)[ \t]*\n\s*(?=\w)")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", LINE_END_HYPHEN.sub(r"\1", text)).strip()


def load(code: str) -> dict:
    return json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))


def raw_region(source: Source) -> str:
    """The region in the seed's own lines (for checking where the PDF broke lines)."""
    text = (SEEDS / source.seed).read_text(encoding="utf-8")
    norm = normalise(text)
    begin = norm.index(source.start) + len(source.start)
    stop = norm.index(source.end, begin)
    return text[_raw_offset(text, begin) : _raw_offset(text, stop) - 1]


def _raw_offset(text: str, norm_offset: int) -> int:
    """The offset in `text` at which its normalised form reaches `norm_offset` characters."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        if len(normalise(text[:mid])) < norm_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def region(source: Source) -> str:
    """The normalised text between the two markers."""
    text = normalise((SEEDS / source.seed).read_text(encoding="utf-8"))
    assert text.count(source.start) == 1, f"start marker {source.start!r} is not unique"
    begin = text.index(source.start) + len(source.start)
    stop = text.index(source.end, begin)
    return text[begin:stop].strip()


def entries(doc: dict) -> list[str]:
    """The file's Danish text in reading order: intro, then each heading and its items."""
    out = [doc["intro"]["da"]]
    for group in doc["groups"]:
        if group["heading"] is not None:
            out.append(group["heading"]["da"])
        out.extend(item["da"] for item in group["items"])
    return out


def headings_and_items(doc: dict) -> list[str]:
    return entries(doc)[1:]


CODES = list(SOURCES)


@pytest.mark.parametrize("code", CODES)
def test_headings_and_items_occur_in_order_exactly_once(code: str) -> None:
    source, doc = SOURCES[code], load(code)
    text = region(source)
    cursor = 0
    for da in headings_and_items(doc):
        # whole entries only: bounded by spaces (or the region's ends), so a shortened text fails
        pattern = re.compile(r"(?<!\S)" + re.escape(da) + r"(?!\S)")
        expected = source.duplicates.get(da, 1)
        count = len(pattern.findall(text))
        assert count == expected, f"{code}: {da!r} occurs {count} times, not {expected}"
        found = pattern.search(text, cursor)
        assert found, f"{code}: {da!r} is not in the source after the previous entry"
        cursor = found.end()
    for da, times in source.duplicates.items():
        listed = sum(1 for entry in headings_and_items(doc) if entry == da)
        assert listed == times, f"{code}: the file lists {da!r} {listed} times, the source {times}"


@pytest.mark.parametrize("code", CODES)
def test_region_is_exactly_the_file_plus_known_non_item_text(code: str) -> None:
    """Walk the region: known non-item text may come between entries, anything else must be the
    file's next entry, starting exactly here and ending on a word boundary."""
    source, doc = SOURCES[code], load(code)
    text = region(source)
    pos = 0
    skipped: list[str] = []

    def skip_noise() -> None:
        nonlocal pos
        moved = True
        while moved:
            moved = False
            while pos < len(text) and text[pos] == " ":
                pos += 1
            for noise in source.noise:
                if text.startswith(noise, pos):
                    skipped.append(noise)
                    pos += len(noise)
                    moved = True

    for da in entries(doc):
        skip_noise()
        assert text.startswith(da, pos), (
            f"{code}: expected {da!r}\n  but the source has {text[pos : pos + len(da) + 40]!r}"
        )
        pos += len(da)
        assert pos == len(text) or text[pos] == " ", f"{code}: {da!r} stops mid-line in the source"
    skip_noise()
    assert pos == len(text), f"{code}: source text not in the file: {text[pos : pos + 200]!r}"
    # the caption comes once; table headers only repeat at page breaks; bullets one per item
    caption = [noise for noise in source.noise if noise.startswith("Tabel")]
    for noise in caption:
        assert skipped.count(noise) == 1
    if "•" in source.noise:
        assert skipped.count("•") == sum(source.counts)


@pytest.mark.parametrize("code", CODES)
def test_line_end_hyphens_are_real_hyphens(code: str) -> None:
    """The normalisation joins a line ending in "-" to the next without a space. In these regions
    that only happens after "CTI", whose hyphen is part of the word (CTI-indsatsen, CTI-metoden)."""
    raw = raw_region(SOURCES[code])
    broken = re.findall(r"(\S+-)[ \t]*\n", raw)
    assert all(word.endswith("CTI-") for word in broken), broken


@pytest.mark.parametrize("code", CODES)
def test_schema(code: str) -> None:
    source, doc = SOURCES[code], load(code)
    assert set(doc) == TOP_KEYS
    assert doc["code"] == code
    assert re.fullmatch(r"[a-z0-9_]+", doc["code"])
    assert isinstance(doc["version"], int)
    assert doc["version"] >= 1
    assert doc["kind"] == source.kind
    assert doc["period"] == source.period
    assert doc["answers"] == source.answers
    assert isinstance(doc["source"], str)
    assert doc["source"].strip()
    for key in ("title", "intro"):
        assert set(doc[key]) == {"da", "en"}
        assert doc[key]["da"].strip()
        assert doc[key]["en"].strip()

    assert [group["heading"] and group["heading"]["da"] for group in doc["groups"]] == source.headings
    assert [group["transition"] for group in doc["groups"]] == source.transitions
    codes = []
    for group in doc["groups"]:
        assert set(group) == GROUP_KEYS
        assert group["transition"] in TRANSITIONS
        if group["heading"] is not None:
            assert set(group["heading"]) == {"da", "en"}
            assert group["heading"]["da"].strip()
            assert group["heading"]["en"].strip()
        assert group["items"]
        for item in group["items"]:
            keys = ITEM_KEYS | ({"evidence"} if "evidence" in item else set())
            assert set(item) == keys, item
            assert re.fullmatch(re.escape(source.prefix) + r"[a-z0-9_]+", item["code"]), item["code"]
            assert item["da"].strip()
            assert item["en"].strip()
            codes.append(item["code"])
    assert len(codes) == len(set(codes)), f"{code}: item codes are not unique"

    for da in [doc["title"]["da"], doc["intro"]["da"], *headings_and_items(doc)]:
        assert da == normalise(da), f"{code}: {da!r} is not whitespace-normalised"


def test_bilag_titles_are_the_appendix_titles() -> None:
    for code, source in SOURCES.items():
        if source.seed == BILAG:
            assert source.start.endswith(": " + load(code)["title"]["da"])


@pytest.mark.parametrize("code", CODES)
def test_item_counts(code: str) -> None:
    source, doc = SOURCES[code], load(code)
    counts = [len(group["items"]) for group in doc["groups"]]
    assert counts == source.counts
    print(f"{code}: {sum(counts)} items {counts}")


def test_total_item_counts() -> None:
    totals = {code: sum(len(g["items"]) for g in load(code)["groups"]) for code in CODES}
    assert totals == {
        "homelessness_contact": 4,
        "homelessness_phase_1": 56,
        "homelessness_phase_2": 43,
        "homelessness_phase_3": 29,
        "homelessness_fidelity": 31,
    }


def test_fidelity_evidence() -> None:
    doc = load("homelessness_fidelity")
    found = {
        item["da"]: item["evidence"]
        for group in doc["groups"]
        for item in group["items"]
        if "evidence" in item
    }
    assert found == EVIDENCE
    for code in CODES:
        if code != "homelessness_fidelity":
            assert not any("evidence" in item for group in load(code)["groups"] for item in group["items"])
