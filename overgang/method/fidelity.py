"""Fidelity to the CTI method (appendix 4): the score of a review, pure Python.

Score = the share of Ja among the items answered Ja or Nej. Ved ikke ("don't know") is neither
fidelity nor its lack: it is counted and shown separately, and left out of the share, so not
knowing never looks like failing. Unanswered items are counted too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class FidelityScore:
    yes: int
    no: int
    unknown: int
    unanswered: int

    @property
    def share(self) -> Fraction | None:
        """Ja ÷ (Ja + Nej); None while nothing is answered Ja or Nej."""
        decided = self.yes + self.no
        return Fraction(self.yes, decided) if decided else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else int(share * 100 + Fraction(1, 2))  # half rounds up


def fidelity_score(answers: Iterable[str | None]) -> FidelityScore:
    """Count "yes", "no", "unknown" and missing answers (None or "")."""
    counts = {"yes": 0, "no": 0, "unknown": 0, "": 0}
    for answer in answers:
        counts[answer or ""] = counts.get(answer or "", 0) + 1
    return FidelityScore(yes=counts["yes"], no=counts["no"], unknown=counts["unknown"], unanswered=counts[""])
