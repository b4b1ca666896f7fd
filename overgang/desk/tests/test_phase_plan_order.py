"""The phase plan page orders a programme from the courses' stored next steps; the files and the
digest compute every row's schedule. The order, the filters and the counts must be the same."""

import datetime as dt
import re

import pytest

from overgang.courses import services
from overgang.courses.models import PauseReason
from overgang.desk import views
from overgang.desk.selectors import (
    PERIOD_FILTERS,
    phase_plan_courses,
    phase_plan_order,
    phase_plan_sections_for,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/desk/phase-plan/"


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.fixture
def mixed_courses(alice, bob, homelessness, make_course, today):
    """Courses in every state the order tells apart (today is 2026-11-22)."""
    made = []

    def add(worker, name, **kwargs):
        course = make_course(worker, homelessness, first_name=name, **kwargs)
        made.append(course)
        return course

    add(alice, "Overdue", phase_1=d("2026-07-01"))  # phase 2 was due 1 October
    add(bob, "Overdue-later", phase_1=d("2026-07-20"))
    add(
        alice, "Due-soon", phase_1=d("2026-08-20")
    )  # phase 2 on 20 November, two days ago: within the tolerance
    add(alice, "Phase-1", phase_1=d("2026-10-01"))
    add(bob, "Contact-late", contact=d("2026-07-01"))  # the limit passed on 1 October
    add(bob, "Contact", contact=d("2026-10-20"))
    add(alice, "Referred", referral=d("2026-11-10"))
    paused = add(alice, "Paused", phase_1=d("2026-08-01"))
    services.course_pause(
        course=paused, start=d("2026-10-20"), reason=PauseReason.HOSPITAL, actor=alice, today=today
    )
    ahead = add(bob, "Ahead", contact=d("2026-11-01"))  # phase 1 registered ahead of time
    services.course_start_phase(course=ahead, phase=1, on=d("2026-11-30"), actor=bob, today=today)
    phase_3 = add(alice, "Phase-3", phase_1=d("2026-02-02"))
    for phase, on in ((2, "2026-05-04"), (3, "2026-08-03")):
        phase_3 = services.course_start_phase(course=phase_3, phase=phase, on=d(on), actor=alice, today=today)
    ended = add(bob, "Ended", phase_1=d("2026-06-01"))
    services.course_end(course=ended, on=d("2026-11-02"), reason="moved", actor=bob, today=today)
    # Two citizens of the same name: the order falls back on the course.
    add(alice, "Twin", phase_1=d("2026-09-01"), last_name="Samme")
    add(bob, "Twin", phase_1=d("2026-09-01"), last_name="Samme")
    return made


@pytest.mark.parametrize("period", ["", *PERIOD_FILTERS])
@pytest.mark.parametrize("include_ended", [False, True])
def test_the_stored_order_is_the_order_of_the_computed_rows(
    carol, homelessness, mixed_courses, today, period, include_ended
):
    full = phase_plan_sections_for(
        carol, programmes=[homelessness], today=today, period=period or None, include_ended=include_ended
    )
    expected = [row.course.pk for row in full[0][1]]
    order = phase_plan_order(
        phase_plan_courses(carol, include_ended=include_ended),
        today=today,
        period=period or None,
        programmes=[homelessness],
    )
    assert order == {homelessness.pk: expected}
    if not period:
        assert len(expected) == len(mixed_courses) - (not include_ended)


def test_the_pages_follow_the_computed_order_and_show_the_computed_rows(
    carol, homelessness, mixed_courses, client_for, monkeypatch, today
):
    monkeypatch.setattr(views, "PHASE_PLAN_PAGE_SIZE", 4)
    [(_programme, rows)] = phase_plan_sections_for(carol, programmes=[homelessness], today=today)
    client = client_for(carol)
    shown, shown_rows = [], []
    for number in range(1, -(-len(rows) // 4) + 1):
        response = client.get(URL, {"programme": homelessness.pk, f"page-{homelessness.pk}": number})
        html = response.content.decode()
        shown += [int(pk) for pk in re.findall(r'<tr data-course="(\d+)"', html)]
        shown_rows += response.context["plan_sections"][0].rows
    assert shown == [row.course.pk for row in rows]
    # The rows on the pages are the computed ones: the same schedule, days and alerts.
    for on_page, computed in zip(shown_rows, rows, strict=True):
        assert on_page.schedule == computed.schedule
        assert on_page.alerts == computed.alerts
    # Most urgent first: the overdue transitions, most overdue first, then what is due within 14
    # days (a contact period past its limit too), then the rest by days; the referred last.
    names = [row.course.citizen.first_name for row in rows]
    assert names[:3] == ["Overdue", "Overdue-later", "Phase-3"]
    assert [row.overdue for row in rows[:4]] == [True, True, True, False]
    assert names[3:5] == ["Contact-late", "Due-soon"]
    assert names.index("Paused") < names.index("Phase-1") < names.index("Ahead")
    assert names[-1] == "Referred"
    twins = [row.course.pk for row in rows if row.course.citizen.first_name == "Twin"]
    assert twins == sorted(twins)
    # A paused course's days stand still: phase 2 was 12 days away when the pause began.
    assert rows[names.index("Paused")].days_to_next == 12
