"""The raw token is shown once and never stored: the database keeps its SHA-256 hash only."""

import hashlib

import pytest
from django.db import IntegrityError, transaction

from overgang.audit.models import AuditEntry
from overgang.feeds.models import CalendarFeed


def test_only_the_hash_of_the_token_is_stored(alice, feed_for):
    feed, token = feed_for(alice)

    stored = CalendarFeed.objects.filter(pk=feed.pk).values().get()

    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in stored.values()}


def test_neither_token_nor_hash_is_written_to_the_audit_log(alice, feed_for, fetch):
    feed, token = feed_for(alice)
    fetch(token)

    logged = " ".join(str(entry.before) + str(entry.after) for entry in AuditEntry.objects.all())

    assert token not in logged
    assert feed.token_hash not in logged


def test_tokens_are_long_and_different_every_time(alice, feed_for):
    _, first = feed_for(alice)
    _, second = feed_for(alice)

    assert len(first) >= 43
    assert first != second


def test_the_database_refuses_a_second_active_feed_for_one_user(alice, feed_for):
    feed, _ = feed_for(alice)

    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=alice, token_hash="0" * 64, created_at=feed.created_at)
