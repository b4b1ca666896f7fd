"""The Danish CPR number: format and a valid date of birth (no modulus-11: dropped in 2007)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CPR_RE = re.compile(r"^(\d{6})-?(\d{4})$")


def normalise_cpr(value: str) -> str:
    """Strip spaces and the dash: '010203-1234' -> '0102031234'."""
    return re.sub(r"[\s-]", "", value or "")


def cpr_birth_date(cpr: str) -> dt.date:
    """The date of birth a CPR number encodes; the seventh digit decides the century."""
    digits = normalise_cpr(cpr)
    day, month, year2, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year2 <= 36 else 1900
    else:
        century = 2000 if year2 <= 57 else 1800
    return dt.date(century + year2, month, day)


def validate_cpr(value: str) -> None:
    if not _CPR_RE.match((value or "").strip().replace(" ", "")):
        raise ValidationError(_("Enter a CPR number as ten digits, e.g. 010203-1234."), code="cpr_format")
    try:
        cpr_birth_date(value)
    except ValueError:
        raise ValidationError(
            _("The first six digits of the CPR number are not a valid date."), code="cpr_date"
        ) from None


def cpr_passes_modulus_11(cpr: str) -> bool:
    digits = [int(c) for c in normalise_cpr(cpr)]
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def format_cpr(cpr: str) -> str:
    digits = normalise_cpr(cpr)
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else cpr
