"""The data files are loaded once per version, and each programme resolves the checklist it works with:
its own edited copy first, else the shared transcription, the newest version either way."""

from __future__ import annotations

import json

import pytest

from overgang.checklists import loading
from overgang.checklists.loading import load_checklists
from overgang.checklists.models import Checklist, ChecklistAnswer, ChecklistItem
from overgang.checklists.selectors import checklist_for, course_checklist
from overgang.programmes.models import Programme, ProgrammeTemplate
from overgang.programmes.services import programme_create

DATA_FILES = sorted(loading.DATA_DIR.glob("*.json"))


def read(path):
    return json.loads(path.read_text("utf-8"))


def rows_of(data):
    """The file's items as the loader should store them: (position, code, group, heading, transition,
    text, evidence)."""
    rows = []
    position = 0
    for group_no, group in enumerate(data["groups"], start=1):
        for item in group["items"]:
            position += 1
            rows.append(
                (
                    position,
                    item["code"],
                    group_no,
                    group.get("heading"),
                    group.get("transition") or "",
                    {"da": item["da"], "en": item["en"]},
                    item.get("evidence", ""),
                )
            )
    return rows


def shared_checklist(**overrides):
    values = {
        "code": "homelessness_phase_1",
        "version": 2,
        "kind": "phase",
        "period": "phase_1",
        "scale": "yes_no_irrelevant",
        "title": {"da": "Ny udgave", "en": "New edition"},
    }
    values.update(overrides)
    return Checklist.objects.create(**values)


# --- loading ----------------------------------------------------------------------------------------


def test_there_are_thirteen_data_files():
    assert len(DATA_FILES) == 13


@pytest.mark.django_db
def test_the_migration_loaded_one_checklist_per_data_file():
    codes = sorted(read(path)["code"] for path in DATA_FILES)

    loaded = sorted(Checklist.objects.filter(programme__isnull=True).values_list("code", flat=True))

    assert loaded == codes
    assert Checklist.objects.filter(programme__isnull=False).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_every_file_is_loaded_with_its_items_groups_headings_transitions_and_evidence(path):
    data = read(path)

    checklist = Checklist.objects.get(code=data["code"], version=data["version"], programme__isnull=True)

    assert (checklist.kind, checklist.period, checklist.scale) == (
        data["kind"],
        data["period"] or "",
        data["answers"],
    )
    assert checklist.title == data["title"]
    assert checklist.intro == (data.get("intro") or {})
    assert checklist.source == data.get("source", "")
    stored = list(
        checklist.items.order_by("position").values_list(
            "position", "code", "group", "heading", "transition", "text", "evidence"
        )
    )
    assert len(stored) == sum(len(group["items"]) for group in data["groups"])
    assert stored == rows_of(data)


@pytest.mark.django_db
def test_the_loaded_lists_have_the_manuals_item_counts():
    counts = {
        checklist.code: checklist.items.count() for checklist in Checklist.objects.filter(programme=None)
    }

    assert counts["homelessness_contact"] == 4
    assert counts["homelessness_phase_1"] == 56
    assert counts["homelessness_phase_3"] == 29
    assert counts["homelessness_fidelity"] == 31
    assert counts["generic_phase_1"] == 9


@pytest.mark.django_db
def test_the_fidelity_list_carries_what_the_system_can_answer_itself():
    evidence = set(
        ChecklistItem.objects.filter(checklist__code="homelessness_fidelity")
        .exclude(evidence="")
        .values_list("evidence", flat=True)
    )

    assert evidence == {"caseload", "timeliness", "plans", "supervision"}


@pytest.mark.django_db
def test_loading_again_creates_nothing():
    before = (Checklist.objects.count(), ChecklistItem.objects.count())

    created = load_checklists(Checklist, ChecklistItem)

    assert created == 0
    assert (Checklist.objects.count(), ChecklistItem.objects.count()) == before


def bump(tmp_path, monkeypatch, code="homelessness_phase_1"):
    """A data directory holding every file, with `code` at version 2 (one item reworded, one added)."""
    for path in DATA_FILES:
        (tmp_path / path.name).write_text(path.read_text("utf-8"), "utf-8")
    data = read(loading.DATA_DIR / f"{code}.json")
    data["version"] = 2
    first = data["groups"][0]["items"][0]
    first["da"] = first["da"] + " (revideret)"
    data["groups"][0]["items"].append({"code": "p1_new_item", "da": "Nyt punkt", "en": "New item"})
    (tmp_path / f"{code}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    return data


def test_a_bumped_version_loads_as_a_new_checklist_once(db, tmp_path, monkeypatch):
    bump(tmp_path, monkeypatch)

    assert load_checklists(Checklist, ChecklistItem) == 1
    assert load_checklists(Checklist, ChecklistItem) == 0

    versions = Checklist.objects.filter(code="homelessness_phase_1").order_by("version")
    assert [(c.version, c.items.count()) for c in versions] == [(1, 56), (2, 57)]
    old, new = versions
    assert old.items.get(code="p1_trusting_relation").text["da"].endswith("borger")
    assert new.items.get(code="p1_trusting_relation").text["da"].endswith("(revideret)")


def test_answers_to_the_old_version_remain_after_a_new_version_loads(
    alice, homelessness, course, item_of, answer, tmp_path, monkeypatch
):
    old_item = item_of("homelessness_phase_1", "p1_trusting_relation")
    given = answer(course, old_item, "yes", by=alice, comment="God kontakt")
    bump(tmp_path, monkeypatch)

    load_checklists(Checklist, ChecklistItem)

    given.refresh_from_db()
    assert given.item_id == old_item.pk
    assert given.item.checklist.version == 1
    assert (given.answer, given.comment) == ("yes", "God kontakt")
    assert Checklist.objects.filter(code="homelessness_phase_1", version=1).exists()
    # The course now works with version 2, where nothing has been answered yet.
    listed = course_checklist(course, "phase_1")
    assert listed.checklist.version == 2
    assert (listed.answered, listed.total) == (0, 57)
    assert ChecklistAnswer.objects.filter(course=course).count() == 1


# --- resolution -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["contact", "phase_1", "phase_2", "phase_3"])
def test_the_homelessness_programme_works_with_the_homelessness_lists(homelessness, period):
    checklist = checklist_for(homelessness, period)

    assert checklist.code == f"homelessness_{period}"
    assert checklist.programme is None


@pytest.mark.django_db
def test_the_homelessness_programme_has_the_fidelity_list(homelessness):
    assert checklist_for(homelessness, "fidelity").code == "homelessness_fidelity"


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["contact", "phase_1", "phase_2", "phase_3"])
def test_the_job_programme_works_with_the_generic_lists(job_programme, period):
    checklist = checklist_for(job_programme, period)

    assert checklist.code == f"generic_{period}"
    assert checklist.kind == "transition"


@pytest.mark.django_db
def test_the_job_programme_has_no_fidelity_list(job_programme):
    assert checklist_for(job_programme, "fidelity") is None


@pytest.mark.django_db
def test_a_programme_without_checklists_resolves_none(homelessness):
    homelessness.checklists = {}
    homelessness.save(update_fields=["checklists"])

    assert checklist_for(homelessness, "phase_1") is None


@pytest.mark.django_db
def test_the_newest_shared_version_wins(homelessness):
    newer = shared_checklist(version=2)

    assert checklist_for(homelessness, "phase_1") == newer
    assert checklist_for(homelessness, "phase_2").version == 1


@pytest.mark.django_db
def test_a_programmes_edited_copy_wins_for_that_programme_only(homelessness, municipality):
    north = programme_create(
        municipality=municipality,
        template=ProgrammeTemplate.objects.get(code="homelessness"),
        name="Hjemløshed Nord",
    )
    shared = checklist_for(homelessness, "phase_1")
    edited = shared_checklist(version=1, programme=homelessness, title={"da": "Vores", "en": "Ours"})

    assert checklist_for(homelessness, "phase_1") == edited
    assert checklist_for(north, "phase_1") == shared
    assert checklist_for(north, "phase_1").programme is None


@pytest.mark.django_db
def test_the_edited_copy_wins_over_a_newer_shared_version_and_its_own_newest_version_wins(homelessness):
    shared_checklist(version=3)
    shared_checklist(version=1, programme=homelessness)
    newest_own = shared_checklist(version=2, programme=homelessness)

    assert checklist_for(homelessness, "phase_1") == newest_own


@pytest.mark.django_db
def test_another_programmes_edited_copy_is_never_used(homelessness, mallory):
    theirs = Programme.objects.get(municipality=mallory.municipality)
    shared_checklist(version=5, programme=theirs)

    checklist = checklist_for(homelessness, "phase_1")

    assert checklist.programme is None
    assert checklist.version == 1
    assert checklist_for(theirs, "phase_1").programme == theirs
