"""The iCalendar text of a feed, written with the icalendar package.

All-day events, marked free (TRANSP:TRANSPARENT) so they never block the worker's calendar. An
event holds the date, a short summary with the citizen as the worker chose to name them, and a link
to the course behind the login: no CPR number, address or notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import TRANSP, Calendar, Event

from overgang.feeds.models import CalendarFeed
from overgang.feeds.selectors import EventKind, FeedEvent

PRODID = "-//Overgang//Calendar feed//DA"
REFRESH = dt.timedelta(hours=4)

SUMMARIES = {
    EventKind.PHASE_2: gettext_lazy("Phase 2 starts – %(name)s"),
    EventKind.PHASE_3: gettext_lazy("Phase 3 starts – %(name)s"),
    EventKind.PLANNED_END: gettext_lazy("Planned end – %(name)s"),
    EventKind.CONTACT_LIMIT: gettext_lazy("Phase 1 at the latest – %(name)s"),
    EventKind.PAUSE_REVIEW: gettext_lazy("Review pause – %(name)s"),
}


def calendar_name(feed: CalendarFeed) -> str:
    return _("Overgang – %(name)s") % {"name": feed.user.first_name or feed.user.username}


def render_calendar(
    *,
    feed: CalendarFeed,
    events: list[FeedEvent],
    now: dt.datetime,
    course_url: Callable[[int], str],
) -> bytes:
    """The feed as iCalendar bytes; call with the calendar's language active."""
    calendar = Calendar.new(
        name=calendar_name(feed),
        prodid=PRODID,
        uid=f"calendar-feed-{feed.pk}@overgang",
        method="PUBLISH",
        calscale="GREGORIAN",
    )
    # How often to fetch again: RFC 7986 for most clients, X-PUBLISHED-TTL for Outlook.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT4H")
    stamp = now.astimezone(dt.UTC)
    for event in events:
        calendar.add_component(
            Event.new(
                uid=event.uid,
                stamp=stamp,
                start=event.day,
                end=event.day + dt.timedelta(days=1),
                summary=str(SUMMARIES[event.kind] % {"name": event.citizen_label}),
                transparency=TRANSP.TRANSPARENT,
                url=course_url(event.course_id),
            )
        )
    return calendar.to_ical()
