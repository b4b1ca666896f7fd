"""The desk's alert for a worker without supervision (homelessness manual 3.6): the coordinator, the
manager and the administrator see it; a new session clears it; one query whatever the team's size."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains

from overgang.accounts.models import User
from overgang.desk.selectors import alerts_for
from overgang.method.alerts import AlertCode

from .conftest import d

pytestmark = pytest.mark.usefixtures("frozen_today")


def supervision_alerts_of(user, today, **filters):
    return [
        (item.worker, item.alert.due)
        for item in alerts_for(user, today=today, **filters)
        if item.alert.code is AlertCode.NO_SUPERVISION
    ]


def test_a_worker_whose_first_citizen_came_long_ago_and_who_had_no_supervision_is_named(
    carol, alice, sen, today
):
    # Alice's first (and only) citizen started on 1 October: more than four weeks without supervision.
    assert supervision_alerts_of(carol, today) == [(alice, d("2026-10-01"))]


def test_it_counts_from_the_last_session(carol, alice, sen, supervised, homelessness, today):
    supervised(homelessness, alice, day=d("2026-10-20"))

    (item,) = [i for i in alerts_for(carol, today=today) if i.alert.code is AlertCode.NO_SUPERVISION]
    assert item.worker == alice
    assert item.course is None
    assert item.alert.due == d("2026-10-20")
    assert item.alert.days == 33


def test_a_recent_session_clears_the_alert(carol, alice, sen, supervised, homelessness, today):
    supervised(homelessness, alice, day=d("2026-11-08"))

    assert supervision_alerts_of(carol, today) == []


def test_case_supervision_counts_too(carol, alice, sen, homelessness, today):
    from overgang.supervision.services import session_create

    session_create(
        programme=homelessness,
        actor=carol,
        held_on=d("2026-11-20"),
        kind="case",
        supervisor="Signe",
        participants=[alice],
        conclusions="Sagssparring.",
        today=today,
    )

    assert supervision_alerts_of(carol, today) == []


def test_a_new_worker_without_citizens_is_not_named_yet(carol, frank, today):
    assert supervision_alerts_of(carol, today) == []


def test_the_worker_is_not_shown_her_own_supervision_alert(alice, sen, today):
    assert supervision_alerts_of(alice, today) == []


def test_the_manager_sees_it(manny, alice, sen, today):
    assert supervision_alerts_of(manny, today) == [(alice, d("2026-10-01"))]


def test_the_coordinator_of_another_programme_she_works_in_sees_it_too(dave, alice, sen, today):
    # Alice also works in Dave's job programme, so he sees her, and her alert.
    assert supervision_alerts_of(dave, today) == [(alice, d("2026-10-01"))]
    assert supervision_alerts_of(dave, today, programme=alice.programmes.get(name="Job")) == [
        (alice, d("2026-10-01"))
    ]


def test_the_outsider_sees_none(mallory, alice, sen, today):
    assert supervision_alerts_of(mallory, today) == []


def test_the_alert_has_its_words_and_source_on_the_page(carol, alice, sen, client_for):
    response = client_for(carol).get("/desk/alerts/")

    assertContains(response, 'data-alert="no_supervision"')
    assertContains(response, "No supervision session since 01-10-2026: 52 days.")
    assertContains(response, "Hjemløshed 3.6")


def test_a_comment_on_the_alert_is_kept(carol, alice, sen, client_for, today):
    (item,) = [i for i in alerts_for(carol, today=today) if i.alert.code is AlertCode.NO_SUPERVISION]

    response = client_for(carol).post(
        "/desk/alerts/acknowledge/",
        {"alert_key": item.alert.key, "comment": "Supervision aftalt til fredag."},
    )

    assert response.status_code == 302
    (again,) = [i for i in alerts_for(carol, today=today) if i.alert.code is AlertCode.NO_SUPERVISION]
    assert [ack.comment for ack in again.acknowledgements] == ["Supervision aftalt til fredag."]


# The phase plan's (with one for the courses' handover meetings), the caseload board's and the
# acknowledgements' queries, and one for the last supervision sessions of all the workers.
QUERIES = 10

# --- queries --------------------------------------------------------------------------------------


def make_team(size, homelessness, make_course, supervised):
    workers = []
    for n in range(size):
        worker = User.objects.create_user(
            username=f"worker{n}", municipality=homelessness.municipality, role="worker"
        )
        homelessness.workers.add(worker)
        make_course(worker, homelessness, phase_1=d("2026-09-01"), first_name=f"Borger{n}")
        workers.append(worker)
    supervised(homelessness, *workers[: size // 2], day=d("2026-11-15"))
    supervised(homelessness, *workers[size // 2 :], day=d("2026-09-15"))
    return workers


@pytest.mark.parametrize("size", [2, 12])
def test_the_alerts_take_the_same_number_of_queries_whatever_the_team_size(
    size, carol, homelessness, make_course, supervised, today, django_assert_max_num_queries
):
    workers = make_team(size, homelessness, make_course, supervised)
    carol.refresh_from_db()

    with django_assert_max_num_queries(QUERIES):
        named = supervision_alerts_of(carol, today)

    assert {worker for worker, _ in named} == set(workers[size // 2 :])
