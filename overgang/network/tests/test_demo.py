"""The demo's networks and maps go through the services and stay within their rules."""

from __future__ import annotations

import random

import pytest

from overgang.courses import services as course_services
from overgang.network.demo import load_demo_data
from overgang.network.models import MapConsent, MapPlacement, NetworkMap, NetworkPerson

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_running_courses_get_a_network_and_most_a_map(alice, homelessness, make_course, today):
    running = [make_course(alice, homelessness) for _ in range(6)]
    ended = make_course(alice, homelessness)
    course_services.course_end(course=ended, on=today, reason="moved", actor=alice, today=today)
    load_demo_data(municipality=alice.municipality, today=today, rng=random.Random(6))
    for course in running:
        assert 4 <= NetworkPerson.objects.filter(citizen=course.citizen).count() <= 6
    assert not NetworkPerson.objects.filter(citizen=ended.citizen).exists()
    assert NetworkMap.objects.exists()
    assert MapPlacement.objects.exists()
    for network_map in NetworkMap.objects.all():
        assert network_map.version >= network_map.placements.count()
    assert all(c.given_on <= today for c in MapConsent.objects.all())
    count = NetworkPerson.objects.count()
    load_demo_data(municipality=alice.municipality, today=today, rng=random.Random(7))
    assert NetworkPerson.objects.count() == count
