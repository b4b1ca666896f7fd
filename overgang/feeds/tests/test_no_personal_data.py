"""The feed carries dates and the chosen name only: no CPR number, address, contact details or notes."""

from overgang.courses import services
from overgang.courses.models import Citizen
from overgang.feeds.models import NameStyle
from overgang.feeds.tests.helpers import d


def test_no_cpr_number_address_or_pause_note_is_anywhere_in_the_body(
    alice, homelessness, make_course, feed_for, fetch, today
):
    course = make_course(alice, homelessness, phase_1=d("2026-09-15"), first_name="Anna", last_name="Berg")
    Citizen.objects.filter(pk=course.citizen_id).update(
        address="Hemmeligvej 7", phone="12345678", email="anna@example.org"
    )
    services.course_pause(
        course=course,
        start=d("2026-11-10"),
        reason="other",
        reason_text="Indlagt på psykiatrisk afdeling",
        actor=alice,
        today=today,
    )
    citizen = Citizen.objects.get(pk=course.citizen_id)
    _, token = feed_for(alice, NameStyle.FULL_NAME)

    body = fetch(token).content.decode()

    assert "VEVENT" in body
    for secret in (
        citizen.cpr,
        citizen.cpr[:6],
        citizen.cpr_display,
        "Hemmeligvej",
        "12345678",
        "anna@example.org",
        "psykiatrisk",
    ):
        assert secret not in body
