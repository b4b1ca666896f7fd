"""Finding CPR numbers in free text (URLs, log lines): ten digits, optionally with a dash after the
sixth, whose first six are a real date of birth. Used to keep CPR numbers out of URLs and logs."""

from __future__ import annotations

import re

from overgang.courses.cpr import cpr_birth_date

# Not preceded or followed by another digit, so longer numbers (ids, timestamps) do not match in part.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")


def find_cpr_numbers(text: str) -> list[str]:
    """Every CPR-shaped number in the text (as ten digits) whose first six digits are a valid date."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        digits = match.group(1) + match.group(2)
        try:
            cpr_birth_date(digits)
        except ValueError:
            continue
        found.append(digits)
    return found


def mask_cpr_numbers(text: str) -> str:
    """The text with the last four digits of every CPR number hidden, for reports about leaks."""

    def mask(match: re.Match[str]) -> str:
        digits = match.group(1) + match.group(2)
        return f"{match.group(1)}-****" if find_cpr_numbers(digits) else match.group(0)

    return _CANDIDATE.sub(mask, text or "")
