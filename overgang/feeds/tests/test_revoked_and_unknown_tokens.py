"""Only the newest, unrevoked link of an active user opens a feed; anything else is not found."""

import secrets

from overgang.feeds.models import CalendarFeed
from overgang.feeds.services import calendar_feed_revoke


def test_a_revoked_link_is_not_found(alice, feed_for, fetch):
    _, token = feed_for(alice)
    assert fetch(token).status_code == 200

    calendar_feed_revoke(user=alice)

    assert fetch(token).status_code == 404


def test_a_new_link_replaces_the_old_one(alice, feed_for, fetch):
    _, old_token = feed_for(alice)

    _, new_token = feed_for(alice)

    assert fetch(old_token).status_code == 404
    assert fetch(new_token).status_code == 200
    assert CalendarFeed.objects.filter(user=alice, revoked_at__isnull=True).count() == 1


def test_an_unknown_link_is_not_found(alice, feed_for, fetch):
    feed_for(alice)

    assert fetch(secrets.token_urlsafe(32)).status_code == 404


def test_a_link_that_is_not_a_token_is_not_found(alice, feed_for, fetch):
    _, token = feed_for(alice)
    feed = CalendarFeed.objects.get(user=alice)

    assert fetch(feed.token_hash).status_code == 404  # the stored hash is not a key
    assert fetch("short").status_code == 404
    assert fetch(token + "x" * 100).status_code == 404


def test_a_deactivated_users_link_is_not_found(alice, feed_for, fetch):
    _, token = feed_for(alice)

    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert fetch(token).status_code == 404
