"""Small date helpers for the CTI clock."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    """Add calendar months, clipping a day past the end of a shorter month to its last day.

    2026-03-31 + 3 months is 2026-06-30; 2026-01-31 + 1 month is 2026-02-28.
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last_day))
