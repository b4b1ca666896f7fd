"""Contact-frequency norms as programme data: shipped with each template, copied to programmes,
validated by the model, and set by the migration for programmes that existed before it."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from overgang.programmes.models import (
    DEFAULT_CONTACT_NORMS,
    Programme,
    ProgrammeSettings,
    ProgrammeTemplate,
    contact_norms_error,
)
from overgang.programmes.services import programme_create

pytestmark = pytest.mark.django_db

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WEEKLY_WEEKLY_FORTNIGHTLY_MONTHLY = {"contact": 7, "phase_1": 7, "phase_2": 14, "phase_3": 30}


@pytest.fixture
def municipality():
    from overgang.accounts.models import Municipality

    return Municipality.objects.create(name="Normkommune", code="T08")


@pytest.fixture
def programme(municipality):
    return programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="homelessness"), name="CTI"
    )


def test_contact_norms_is_a_setting_a_programme_takes_from_its_template():
    assert "contact_norms" in ProgrammeSettings.SETTING_FIELDS


@pytest.mark.parametrize("code", ["homelessness", "shelter", "job", "generic"])
def test_every_shipped_template_has_its_data_files_norms(code):
    data = json.loads((DATA_DIR / f"{code}.json").read_text("utf-8"))

    shipped = ProgrammeTemplate.objects.get(code=code)

    assert shipped.contact_norms == data["contact_norms"]
    # The manuals name no frequency: the default falls weekly, weekly, fortnightly, monthly.
    assert shipped.contact_norms == WEEKLY_WEEKLY_FORTNIGHTLY_MONTHLY
    assert "4 : 2 : 1" in data["contact_norms_source"] or "phase 1" in data["contact_norms_source"]
    shipped.full_clean()


def test_the_default_norm_halves_from_phase_to_phase_after_phase_1():
    assert DEFAULT_CONTACT_NORMS["phase_2"] == 2 * DEFAULT_CONTACT_NORMS["phase_1"]
    assert DEFAULT_CONTACT_NORMS["phase_3"] >= 2 * DEFAULT_CONTACT_NORMS["phase_2"]


def test_a_new_programme_copies_its_templates_norms(programme):
    assert Programme.objects.get(pk=programme.pk).contact_norms == WEEKLY_WEEKLY_FORTNIGHTLY_MONTHLY
    assert programme.version == 1


def test_the_norms_as_the_core_reads_them(programme):
    programme.contact_norms = {"phase_1": 5, "phase_3": 21}

    assert programme.contact_norm_days() == {"phase_1": 5, "phase_3": 21}


def test_changing_a_programmes_norms_leaves_the_template_alone(programme):
    programme.contact_norms = {"contact": 3, "phase_1": 3, "phase_2": 10, "phase_3": 21}
    programme.save(update_fields=["contact_norms"])

    assert (
        ProgrammeTemplate.objects.get(code="homelessness").contact_norms == WEEKLY_WEEKLY_FORTNIGHTLY_MONTHLY
    )


# --- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "norms",
    [
        {"contact": 7, "phase_1": 7, "phase_2": 14, "phase_3": 30},
        {"phase_1": 1, "phase_3": 92},
        {},
    ],
)
def test_clean_accepts_whole_days_from_1_to_92_for_known_periods(programme, norms):
    programme.contact_norms = norms

    programme.clean()
    assert contact_norms_error(norms) is None


@pytest.mark.parametrize(
    "norms",
    [
        {"phase_1": 0},
        {"phase_1": 93},
        {"phase_1": -7},
        {"phase_1": 7.5},
        {"phase_1": "7"},
        {"phase_1": True},
        {"phase_1": None},
        {"phase_4": 7},
        {"referred": 7},
        [7, 7, 14, 30],
        "weekly",
    ],
)
def test_clean_rejects_bad_norms_with_a_message_on_the_field(programme, norms):
    programme.contact_norms = norms

    with pytest.raises(ValidationError) as error:
        programme.clean()

    messages = error.value.message_dict["contact_norms"]
    assert messages and all(isinstance(m, str) and m for m in messages)


def test_an_unknown_period_is_named_in_the_message():
    message = contact_norms_error({"phase_4": 7, "phase_1": 7})

    assert "phase_4" in message


def test_the_message_says_what_is_allowed():
    from django.utils import translation

    with translation.override("en"):
        message = contact_norms_error({"phase_1": 0})

    assert message == "A contact norm must be a whole number of days from 1 to 92."


# --- the migration ------------------------------------------------------------------------------------


def test_the_migration_sets_templates_from_their_files_and_programmes_from_their_template(
    programme, municipality, tmp_path, monkeypatch
):
    job = programme_create(
        municipality=municipality, template=ProgrammeTemplate.objects.get(code="job"), name="CTI Job"
    )
    Programme.objects.filter(pk__in=[programme.pk, job.pk]).update(contact_norms={})
    data = json.loads((DATA_DIR / "job.json").read_text("utf-8"))
    data["contact_norms"] = {"contact": 3, "phase_1": 3, "phase_2": 10, "phase_3": 21}
    (tmp_path / "job.json").write_text(json.dumps(data), "utf-8")
    migration = importlib.import_module("overgang.programmes.migrations.0003_contact_norms")
    monkeypatch.setattr(migration, "DATA_DIR", tmp_path)

    migration.set_norms(django_apps, None)

    job_norms = {"contact": 3, "phase_1": 3, "phase_2": 10, "phase_3": 21}
    assert ProgrammeTemplate.objects.get(code="job").contact_norms == job_norms
    assert Programme.objects.get(pk=job.pk).contact_norms == job_norms
    assert Programme.objects.get(pk=programme.pk).contact_norms == WEEKLY_WEEKLY_FORTNIGHTLY_MONTHLY
