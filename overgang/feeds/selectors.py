"""Reads: a feed by its token, and the dates a worker's calendar shows.

The courses come through the one door (`courses_visible_to`), so a reassigned course leaves the old
worker's calendar at once. The dates come from the CTI clock, read once per fetch.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from overgang.audit.models import AuditEntry
from overgang.courses.access import courses_visible_to
from overgang.courses.models import Citizen, Course
from overgang.courses.selectors import with_schedule_data
from overgang.feeds.models import CalendarFeed, NameStyle
from overgang.feeds.services import token_hash
from overgang.method.clock import LONG_PAUSE_DAYS, Period, compute_schedule

TOKEN_MAX_LENGTH = 100


class EventKind(enum.StrEnum):
    PHASE_2 = "phase-2"
    PHASE_3 = "phase-3"
    PLANNED_END = "planned-end"
    CONTACT_LIMIT = "contact-limit"
    PAUSE_REVIEW = "pause-review"


_KIND_FOR_TRANSITION = {
    Period.PHASE_2: EventKind.PHASE_2,
    Period.PHASE_3: EventKind.PHASE_3,
    Period.ENDED: EventKind.PLANNED_END,
}


@dataclass(frozen=True)
class FeedEvent:
    course_id: int
    kind: EventKind
    day: dt.date
    citizen_label: str

    @property
    def uid(self) -> str:
        """Stable across fetches, so a calendar moves the event instead of adding a new one."""
        return f"course-{self.course_id}-{self.kind}@overgang"


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed the token opens, if its owner is still an active user."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def calendar_feed_active_for(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_last_read(feed: CalendarFeed) -> dt.datetime | None:
    """When a calendar last fetched the feed, from the audit log."""
    entry = (
        AuditEntry.objects.filter(
            action="calendar_feed.read", object_type="feeds.calendarfeed", object_id=str(feed.pk)
        )
        .order_by("-at", "-pk")
        .only("at")
        .first()
    )
    return entry.at if entry is not None else None


def citizen_label(citizen: Citizen, name_style: str) -> str:
    """The citizen as the worker chose to show them; call with the calendar's language active."""
    if name_style == NameStyle.FULL_NAME:
        return citizen.full_name
    if name_style == NameStyle.FIRST_NAME:
        return citizen.first_name
    if name_style == NameStyle.INITIALS:
        return citizen.initials
    return _("Citizen")


def calendar_feed_courses(feed: CalendarFeed) -> list[Course]:
    """The feed owner's active courses, with what the clock needs, in a constant number of queries."""
    return list(
        with_schedule_data(courses_visible_to(feed.user).filter(end_date__isnull=True)).order_by("pk")
    )


def calendar_feed_events(feed: CalendarFeed, courses: list[Course], *, today: dt.date) -> list[FeedEvent]:
    """Planned transitions not yet realised, the contact-period limit and open pauses' reviews."""
    events: list[FeedEvent] = []
    for course in courses:
        schedule = compute_schedule(course.clock_dates(), today=today)
        dates = [
            (_KIND_FOR_TRANSITION[transition.to], transition.planned)
            for transition in schedule.transitions
            if transition.realised is None
        ]
        if course.phase_1_start is None and schedule.contact_limit is not None:
            dates.append((EventKind.CONTACT_LIMIT, schedule.contact_limit))
        if schedule.open_pause is not None:
            review = schedule.open_pause.start + dt.timedelta(days=LONG_PAUSE_DAYS)
            dates.append((EventKind.PAUSE_REVIEW, review))
        label = citizen_label(course.citizen, feed.name_style)
        events.extend(
            FeedEvent(course_id=course.pk, kind=kind, day=day, citizen_label=label) for kind, day in dates
        )
    events.sort(key=lambda event: (event.day, event.course_id, event.kind))
    return events
