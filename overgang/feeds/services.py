"""Every write to calendar feeds, as named operations that write the audit log.

The raw token leaves `calendar_feed_create` once, for the page that shows the subscribe address;
only its hash is saved, and neither the token nor the hash is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.accounts.models import User
from overgang.audit.services import audit_record
from overgang.feeds.models import CalendarFeed, NameStyle

TOKEN_BYTES = 32  # 256 bits of randomness: 43 URL-safe characters


class CalendarFeedError(Exception):
    """The request for a feed cannot be met; `message` is translated for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_may_have_calendar_feed(user: Any) -> bool:
    """Anyone who can see courses: an active user attached to a municipality; not a job consultant,
    who reads their attached courses in Overgang only."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.municipality_id is not None
        and getattr(user, "role", None) != "job_consultant"
    )


def _revoke_active(*, user: User, now: dt.datetime) -> CalendarFeed | None:
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    if feed is None:
        return None
    # Counted rather than trusted: a concurrent revoke may already have done it.
    touched = CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=now)
    if touched == 0:
        return None
    feed.revoked_at = now
    audit_record(
        actor=user,
        action="calendar_feed.revoked",
        obj=feed,
        municipality_id=user.municipality_id,
        before={"revoked_at": None},
        after={"revoked_at": now.isoformat()},
    )
    return feed


def calendar_feed_create(
    *, user: User, name_style: str, now: dt.datetime | None = None
) -> tuple[CalendarFeed, str]:
    """A new feed for the user, revoking any active one; returns the feed and its raw token."""
    now = now or timezone.now()
    if not user_may_have_calendar_feed(user):
        raise CalendarFeedError(_("Only users who work with courses can have a calendar feed."))
    if name_style not in NameStyle.values:
        raise CalendarFeedError(_("Choose how citizens are named in the calendar."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        # One user's feed requests in a queue, so two clicks cannot both end up active.
        User.objects.select_for_update().filter(pk=user.pk).first()
        previous = _revoke_active(user=user, now=now)
        feed = CalendarFeed(user=user, token_hash=token_hash(token), name_style=name_style, created_at=now)
        try:
            with transaction.atomic():
                feed.save()
        except IntegrityError:
            raise CalendarFeedError(
                _("Another calendar link was made at the same moment. Reload the page and try again.")
            ) from None
        audit_record(
            actor=user,
            action="calendar_feed.created",
            obj=feed,
            municipality_id=user.municipality_id,
            after={
                "name_style": feed.name_style,
                "replaces": previous.pk if previous is not None else None,
            },
        )
    return feed, token


def calendar_feed_revoke(*, user: User, now: dt.datetime | None = None) -> CalendarFeed | None:
    """Stop the user's active feed; returns it, or None when there was none."""
    now = now or timezone.now()
    with transaction.atomic():
        return _revoke_active(user=user, now=now)


def calendar_feed_record_read(*, feed: CalendarFeed, course_ids: list[int]) -> None:
    """One audit entry per fetch: the feed's owner is the actor, the courses it disclosed the object."""
    audit_record(
        actor=feed.user,
        action="calendar_feed.read",
        obj=feed,
        municipality_id=feed.user.municipality_id,
        after={"course_ids": course_ids},
    )
