"""The fidelity score (appendix 4): the share of Ja among the items answered Ja or Nej.

Ved ikke and unanswered items are counted, each on their own, and left out of the share.
"""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overgang.method.fidelity import FidelityScore, fidelity_score

EXAMPLES = settings(max_examples=200, database=None)


def test_it_counts_each_kind_of_answer():
    score = fidelity_score(["yes", "yes", "no", "unknown", "yes", None, "", "unknown"])

    assert (score.yes, score.no, score.unknown, score.unanswered) == (3, 1, 2, 2)


def test_the_share_is_ja_of_ja_and_nej():
    score = fidelity_score(["yes"] * 3 + ["no"])

    assert score.share == Fraction(3, 4)
    assert score.percent == 75


def test_ved_ikke_is_left_out_of_the_share():
    with_unknown = fidelity_score(["yes", "yes", "yes", "no", "unknown", "unknown", "unknown"])

    assert with_unknown.share == Fraction(3, 4)
    assert with_unknown.unknown == 3


def test_unanswered_items_are_left_out_of_the_share():
    with_gaps = fidelity_score(["yes", None, "no", "", None])

    assert with_gaps.share == Fraction(1, 2)
    assert with_gaps.unanswered == 3


def test_not_knowing_never_looks_like_failing():
    assert fidelity_score(["yes", "unknown", "unknown"]).percent == 100


def test_there_is_no_share_without_a_ja_or_a_nej():
    only_unknown = fidelity_score(["unknown", "unknown", None])

    assert only_unknown.share is None
    assert only_unknown.percent is None


def test_an_empty_checklist_has_no_share():
    score = fidelity_score([])

    assert score == FidelityScore(yes=0, no=0, unknown=0, unanswered=0)
    assert score.share is None
    assert score.percent is None


def test_all_nej_is_zero_not_none():
    score = fidelity_score(["no", "no"])

    assert score.share == 0
    assert score.percent == 0


def test_it_reads_a_generator():
    assert fidelity_score(a for a in ["yes", "no"]).share == Fraction(1, 2)


@pytest.mark.parametrize(
    ("yes", "no", "percent"),
    [
        (1, 2, 33),  # 33.33…
        (2, 1, 67),  # 66.66…
        (1, 5, 17),  # 16.66…
        (5, 1, 83),  # 83.33…
        (29, 2, 94),  # 93.54…, a whole appendix 4 answered
        (30, 1, 97),  # 96.77…
        (1, 30, 3),  # 3.22…
    ],
)
def test_the_percent_is_the_share_rounded_to_a_whole_number(yes, no, percent):
    assert fidelity_score(["yes"] * yes + ["no"] * no).percent == percent


@pytest.mark.parametrize(("yes", "no", "percent"), [(1, 7, 13), (5, 3, 63), (1, 39, 3)])
def test_a_percent_exactly_half_way_rounds_up(yes, no, percent):
    assert fidelity_score(["yes"] * yes + ["no"] * no).percent == percent


answers = st.lists(st.sampled_from(["yes", "no", "unknown", None, ""]), max_size=60)


@EXAMPLES
@given(answers)
def test_every_answer_is_counted_once(given_answers):
    score = fidelity_score(given_answers)

    assert score.yes + score.no + score.unknown + score.unanswered == len(given_answers)
    assert score.yes == given_answers.count("yes")
    assert score.no == given_answers.count("no")
    assert score.unknown == given_answers.count("unknown")


@EXAMPLES
@given(answers)
def test_the_share_lies_between_nought_and_one(given_answers):
    share = fidelity_score(given_answers).share

    if "yes" in given_answers or "no" in given_answers:
        assert share is not None
        assert 0 <= share <= 1
    else:
        assert share is None


@EXAMPLES
@given(answers)
def test_the_percent_is_within_half_a_point_of_the_share(given_answers):
    score = fidelity_score(given_answers)

    if score.share is None:
        assert score.percent is None
    else:
        assert isinstance(score.percent, int)
        assert 0 <= score.percent <= 100
        assert abs(Fraction(score.percent) - score.share * 100) <= Fraction(1, 2)


@EXAMPLES
@given(answers, st.lists(st.sampled_from(["unknown", None, ""]), max_size=20))
def test_adding_ved_ikke_or_gaps_never_moves_the_share(given_answers, more):
    assert fidelity_score(given_answers + more).share == fidelity_score(given_answers).share


@EXAMPLES
@given(answers)
def test_the_order_of_the_answers_does_not_matter(given_answers):
    assert fidelity_score(reversed(given_answers)) == fidelity_score(given_answers)
