"""The phase plan "for supervision" (appendix 5's purpose): the chosen courses with their period, the
period's checklist status and the CTI plan's focus areas, so the group can ask whether the work fits
the phase. Only courses the user can see are ever shown."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from overgang.audit.models import AuditEntry
from overgang.checklists.selectors import course_checklist
from overgang.checklists.services import answer_save
from overgang.plans import services as plans

from .conftest import d

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/supervision/prepare/"


@pytest.fixture
def sens_plan(sen, alice, today):
    """Sen's phase 1 plan with one focus area and two sub-goals, one achieved."""
    plan = plans.plan_create(
        course=sen,
        actor=alice,
        period="phase_1",
        made_on=d("2026-10-05"),
        starts_on=d("2026-10-01"),
        ends_on=d("2026-12-31"),
        dimensions=["housing"],
        today=today,
    )
    plans.focus_area_save(
        plan=plan,
        actor=alice,
        expected_version=1,
        dimension="housing",
        goal="Sen bor trygt i sin nye lejlighed.",
        activities="Indkøb af møbler; aftale med viceværten.",
        sub_goals=[
            plans.SubGoalInput(text="Møbler er købt", achieved_on=d("2026-10-20")),
            plans.SubGoalInput(text="Huslejen betales til tiden"),
        ],
        today=today,
    )
    return plan


def prepared_ids(response):
    return [item.course.pk for item, _ in response.context["prepared"]]


def test_without_courses_it_offers_the_programmes_courses_to_choose(
    carol, sen, bente, homelessness, client_for
):
    response = client_for(carol).get(URL, {"programme": homelessness.pk})

    assert response.status_code == 200
    assert response.context["prepared"] == []
    assertContains(response, f'name="course" value="{sen.pk}"')
    assertContains(response, f'name="course" value="{bente.pk}"')
    assert not AuditEntry.objects.filter(action="supervision.prepared").exists()


def test_it_shows_the_period_checklist_and_plan_of_the_chosen_courses(
    carol, alice, sen, bente, sens_plan, homelessness, client_for
):
    checklist = course_checklist(sen, "phase_1")
    if checklist is not None:
        answer_save(course=sen, item=checklist.groups[0].rows[0].item, answer="yes", actor=alice)

    response = client_for(carol).get(URL, {"programme": homelessness.pk, "course": [sen.pk]})

    assert response.status_code == 200
    assert prepared_ids(response) == [sen.pk]
    ((item, focus),) = response.context["prepared"]
    assert str(item.period) == "phase_1"
    assert focus[1] == "Hjemløshed 4.3"
    assertContains(response, "Phase 1 since 01-10-2026 (52 days)")
    if checklist is not None:
        assertContains(response, f"1 of {checklist.total} items answered")
    assertContains(response, "Sen bor trygt i sin nye lejlighed.")
    assertContains(response, "Indkøb af møbler; aftale med viceværten.")
    assertContains(response, "1 of 2 sub-goals achieved")
    assertNotContains(response, "Bente Borgersen</a></h2>")
    assertContains(response, f'href="/supervision/new/?programme={homelessness.pk}&amp;course={sen.pk}"')


def test_a_course_without_a_plan_for_its_period_says_so(carol, bente, homelessness, client_for):
    response = client_for(carol).get(URL, {"programme": homelessness.pk, "course": [bente.pk]})

    assert prepared_ids(response) == [bente.pk]
    assertContains(response, 'data-testid="no-plan"')
    assertContains(response, "Contact period since 01-11-2026")


def test_each_course_shown_is_audited(carol, sen, bente, homelessness, client_for):
    client_for(carol).get(URL, {"programme": homelessness.pk, "course": [sen.pk, bente.pk]})

    entries = AuditEntry.objects.filter(action="supervision.prepared")
    assert sorted(e.citizen_id for e in entries) == sorted([sen.citizen_id, bente.citizen_id])
    assert {e.actor for e in entries} == {carol}


def test_the_plans_and_schedules_take_no_query_per_course(
    carol, sen, bente, homelessness, client_for, django_assert_max_num_queries
):
    # The checklist of each course is read through the checklists app (a few queries per course);
    # everything else is constant.
    client = client_for(carol)
    client.get(URL, {"programme": homelessness.pk, "course": [sen.pk]})
    with django_assert_max_num_queries(40):
        response = client.get(URL, {"programme": homelessness.pk, "course": [sen.pk, bente.pk]})
    assert len(prepared_ids(response)) == 2


def test_a_worker_sees_only_her_own_courses(alice, sen, bente, homelessness, client_for):
    response = client_for(alice).get(URL, {"programme": homelessness.pk, "course": [sen.pk, bente.pk]})

    assert prepared_ids(response) == [sen.pk]
    assertNotContains(response, f'name="course" value="{bente.pk}"')
    assert response.context["log_url"] == ""


def test_the_outsiders_course_ids_show_nothing(carol, mallory, homelessness, make_course, client_for):
    theirs = make_course(mallory, mallory.programmes.get(), phase_1=d("2026-10-01"))

    response = client_for(carol).get(URL, {"programme": homelessness.pk, "course": [theirs.pk, "abc"]})

    assert response.status_code == 200
    assert response.context["prepared"] == []
    assert not AuditEntry.objects.filter(action="supervision.prepared").exists()


@pytest.mark.parametrize("who", ["dave", "mallory"])
def test_a_programme_the_user_cannot_see_is_not_found(who, request, sen, homelessness, client_for):
    response = client_for(request.getfixturevalue(who)).get(
        URL, {"programme": homelessness.pk, "course": [sen.pk]}
    )

    assert response.status_code == 404


def test_the_manager_reads_it(manny, sen, homelessness, client_for):
    response = client_for(manny).get(URL, {"programme": homelessness.pk, "course": [sen.pk]})

    assert prepared_ids(response) == [sen.pk]
    assert response.context["log_url"] == ""


def test_with_one_programme_it_is_chosen_for_the_user(carol, sen, client_for):
    response = client_for(carol).get(URL)

    assert response.context["programme"] == sen.programme


def test_the_session_form_starts_with_the_prepared_courses_ticked(carol, sen, homelessness, client_for):
    response = client_for(carol).get(f"/supervision/new/?programme={homelessness.pk}&course={sen.pk}")

    assertContains(response, f'name="courses" value="{sen.pk}" checked')
