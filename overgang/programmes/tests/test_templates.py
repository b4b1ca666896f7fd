"""The shipped programme templates, one per manual, and programmes made from them."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from overgang.method.caseload import RuleKind
from overgang.method.clock import Period
from overgang.programmes.models import Programme, ProgrammeSettings, ProgrammeTemplate
from overgang.programmes.services import programme_create

pytestmark = pytest.mark.django_db


def template(code):
    return ProgrammeTemplate.objects.get(code=code)


def dimension_codes(settings):
    return [d["code"] for d in settings.dimensions]


def test_the_migration_ships_four_templates():
    assert sorted(ProgrammeTemplate.objects.values_list("code", flat=True)) == [
        "generic",
        "homelessness",
        "job",
        "shelter",
    ]


def test_every_template_runs_nine_months_with_a_contact_period_and_a_week_of_tolerance():
    for shipped in ProgrammeTemplate.objects.all():
        assert shipped.duration_months == 9, shipped.code
        assert shipped.uses_contact_period, shipped.code
        assert shipped.tolerance_days == 7, shipped.code
        shipped.full_clean()


def test_homelessness_weighs_the_periods_half_two_one_half_with_at_most_ten():
    homelessness = template("homelessness")

    assert homelessness.caseload_rule == "weighted"
    assert {k: Decimal(v) for k, v in homelessness.caseload_weights.items()} == {
        "contact": Decimal("0.5"),
        "phase_1": Decimal("2"),
        "phase_2": Decimal("1"),
        "phase_3": Decimal("0.5"),
    }
    assert homelessness.caseload_max == 10
    rule = homelessness.caseload_rule_for()
    assert rule.kind is RuleKind.WEIGHTED
    assert rule.maximum == 10
    assert [rule.weight(p) for p in (Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3)] == [
        Fraction(1, 2),
        2,
        1,
        Fraction(1, 2),
    ]


def test_homelessness_works_in_the_manuals_eight_dimensions():
    assert dimension_codes(template("homelessness")) == [
        "housing",
        "mental_health",
        "physical_health",
        "finances",
        "daily_activities",
        "network",
        "substance_use",
        "education_employment",
    ]


def test_homelessness_starts_phase_1_at_a_signed_lease():
    homelessness = template("homelessness")

    assert homelessness.transition_event["en"] == "Lease signed"
    assert [b["code"] for b in homelessness.legal_bases] == ["sel_85", "sel_110"]


def test_the_shelter_counts_heads_up_to_ten_and_works_with_safety():
    shelter = template("shelter")

    assert shelter.caseload_rule == "headcount"
    assert shelter.caseload_max == 10
    assert "safety" in dimension_codes(shelter)
    assert len(shelter.dimensions) == 7
    assert [b["code"] for b in shelter.legal_bases] == ["sel_109_7"]
    rule = shelter.caseload_rule_for()
    assert rule.kind is RuleKind.HEADCOUNT
    assert rule.weight(Period.PHASE_1) == rule.weight(Period.PHASE_3) == 1


def test_the_job_programme_has_legal_bases_of_nine_and_six_months():
    job = template("job")

    assert job.caseload_rule == "headcount"
    assert dimension_codes(job) == ["job", "coping", "network"]
    assert {b["code"]: job.duration_for(b["code"]) for b in job.legal_bases} == {
        "sel_85": 9,
        "sel_82b": 6,
        "lab_31b": 6,
    }
    assert {b["code"]: job.caseload_rule_for(b["code"]).maximum for b in job.legal_bases} == {
        "sel_85": 10,
        "sel_82b": 15,
        "lab_31b": 15,
    }


def test_the_generic_manual_counts_heads_up_to_twelve():
    generic = template("generic")

    assert generic.caseload_rule == "headcount"
    assert generic.caseload_max == 12
    assert generic.caseload_rule_for().maximum == 12


def test_a_legal_basis_without_its_own_duration_uses_the_programmes():
    homelessness = template("homelessness")

    assert homelessness.duration_for("sel_110") == 9
    assert homelessness.duration_for("no_such_basis") == 9


# --- programmes made from templates -----------------------------------------------------------------


@pytest.fixture
def municipality():
    from overgang.accounts.models import Municipality

    return Municipality.objects.create(name="Skabelonkommune", code="T09")


@pytest.mark.parametrize("code", ["homelessness", "shelter", "job", "generic"])
def test_programme_create_copies_the_templates_settings(municipality, code):
    shipped = template(code)

    programme = programme_create(municipality=municipality, template=shipped, name=f"CTI {code}")

    programme = Programme.objects.get(pk=programme.pk)
    assert programme.template == shipped
    assert programme.municipality == municipality
    assert programme.is_active
    for field in ProgrammeSettings.SETTING_FIELDS:
        assert getattr(programme, field) == getattr(shipped, field), field


def test_changing_a_programme_leaves_its_template_alone(municipality):
    programme = programme_create(municipality=municipality, template=template("job"), name="CTI Job")

    programme.legal_bases[1]["caseload_max"] = "12"
    programme.caseload_max = Decimal("8")
    programme.save(update_fields=["legal_bases", "caseload_max"])

    assert template("job").legal_bases[1]["caseload_max"] == "15"
    assert template("job").caseload_max == 10
    assert Programme.objects.get(pk=programme.pk).caseload_rule_for("sel_82b").maximum == 12


# --- clean() ------------------------------------------------------------------------------------------


@pytest.fixture
def programme(municipality):
    return programme_create(municipality=municipality, template=template("homelessness"), name="CTI")


@pytest.mark.parametrize("months", [0, 1, 4, 8, 10])
def test_clean_rejects_a_duration_not_divisible_by_three(programme, months):
    programme.duration_months = months

    with pytest.raises(ValidationError) as error:
        programme.clean()

    assert "duration_months" in error.value.message_dict


@pytest.mark.parametrize("months", [3, 6, 12])
def test_clean_accepts_a_duration_divisible_by_three(programme, months):
    programme.duration_months = months

    programme.clean()


def test_clean_rejects_a_legal_basis_duration_not_divisible_by_three(programme):
    programme.legal_bases = [{"code": "sel_85", "label": "SEL § 85", "duration_months": 7}]

    with pytest.raises(ValidationError) as error:
        programme.clean()

    assert "legal_bases" in error.value.message_dict


def test_clean_rejects_a_programme_without_a_legal_basis(programme):
    programme.legal_bases = []

    with pytest.raises(ValidationError) as error:
        programme.clean()

    assert "legal_bases" in error.value.message_dict


def test_clean_rejects_a_weighted_rule_missing_a_weight(programme):
    programme.caseload_weights = {"contact": "0.5", "phase_1": "2", "phase_2": "1"}

    with pytest.raises(ValidationError) as error:
        programme.clean()

    assert "caseload_weights" in error.value.message_dict


def test_programme_create_refuses_a_template_that_does_not_clean(municipality):
    broken = template("generic")
    broken.duration_months = 8

    with pytest.raises(ValidationError):
        programme_create(municipality=municipality, template=broken, name="CTI Broken")

    assert not Programme.objects.filter(municipality=municipality).exists()
