"""Reading a feed response the way a calendar program does: icalendar parses the body."""

from __future__ import annotations

import datetime as dt
from typing import Any

from icalendar import Calendar


def parse(response: Any) -> Calendar:
    assert response.status_code == 200, response.status_code
    return Calendar.from_ical(response.content)


def vevents(response: Any) -> list[Any]:
    return list(parse(response).walk("VEVENT"))


def dates_by_summary(response: Any) -> dict[str, dt.date]:
    return {str(event["SUMMARY"]): event.decoded("DTSTART") for event in vevents(response)}


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
