"""Every fetch of a feed, and every new or stopped link, is written to the audit log."""

from overgang.audit.models import AuditEntry
from overgang.feeds.services import calendar_feed_revoke
from overgang.feeds.tests.helpers import d


def test_each_fetch_writes_one_read_entry_with_the_owner_as_actor(
    alice, homelessness, make_course, feed_for, fetch
):
    course = make_course(alice, homelessness, phase_1=d("2026-09-15"))
    feed, token = feed_for(alice)

    fetch(token)
    fetch(token)

    reads = AuditEntry.objects.filter(action="calendar_feed.read")
    assert reads.count() == 2
    entry = reads.first()
    assert entry.actor == alice
    assert entry.object_id == str(feed.pk)
    assert entry.municipality_id == alice.municipality_id
    assert entry.after == {"course_ids": [course.pk]}


def test_a_fetch_that_is_not_found_writes_nothing(alice, feed_for, fetch):
    _, token = feed_for(alice)
    calendar_feed_revoke(user=alice)

    fetch(token)

    assert not AuditEntry.objects.filter(action="calendar_feed.read").exists()


def test_making_and_stopping_links_is_audited(alice, feed_for):
    first, _ = feed_for(alice)
    second, _ = feed_for(alice)
    calendar_feed_revoke(user=alice)

    entries = list(
        AuditEntry.objects.filter(action__startswith="calendar_feed.")
        .order_by("pk")
        .values_list("action", "object_id")
    )
    assert entries == [
        ("calendar_feed.created", str(first.pk)),
        ("calendar_feed.revoked", str(first.pk)),
        ("calendar_feed.created", str(second.pk)),
        ("calendar_feed.revoked", str(second.pk)),
    ]
