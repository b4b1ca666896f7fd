"""Who may see and change the plan: the one door (forbidden looks like missing), the manager who only
reads, plans and focus areas of another course, and the audit rows every read and write leaves."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from overgang.audit.models import AuditEntry
from overgang.plans import services
from overgang.plans.tests.conftest import CITIZEN_WORDS, GOAL, SUB_GOALS, fresh

pytestmark = pytest.mark.usefixtures("frozen_today")


def read_urls(plan):
    base = f"/courses/{plan.course_id}/plan/"
    return [
        base,
        f"{base}{plan.pk}/history/",
        f"{base}{plan.pk}/citizen-copy.pdf",
        f"{base}{plan.pk}/section-141/",
    ]


def form_urls(plan, area):
    base = f"/courses/{plan.course_id}/plan/"
    return [
        f"{base}new/",
        f"{base}{plan.pk}/edit/",
        f"{base}{plan.pk}/focus/new/",
        f"{base}{plan.pk}/focus/{area.pk}/",
    ]


def post_only_urls(plan, area):
    base = f"/courses/{plan.course_id}/plan/{plan.pk}/"
    goal = area.sub_goals.first()
    return [
        f"{base}focus/{area.pk}/remove/",
        f"{base}sub-goals/{goal.pk}/",
        f"{base}follow-up/",
    ]


def write_posts(plan, area):
    """A plausible, valid POST for every write URL, with the current version."""
    version = str(fresh(plan).version)
    goal = area.sub_goals.first()
    base = f"/courses/{plan.course_id}/plan/"
    area_form = {
        "version": version,
        "goal": "Indtrængerens mål",
        "responsibility": "both",
        "goals-TOTAL_FORMS": "0",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
    }
    plan_form = {
        "version": version,
        "made_on": "2026-10-05",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "citizen_words": "Indtrængerens ord",
    }
    return [
        (
            f"{base}new/",
            plan_form | {"period": "phase_2", "ends_on": "2027-03-31", "starts_on": "2027-01-01"},
        ),
        (f"{base}{plan.pk}/edit/", plan_form),
        (f"{base}{plan.pk}/focus/new/", area_form),
        (f"{base}{plan.pk}/focus/{area.pk}/", area_form),
        (f"{base}{plan.pk}/focus/{area.pk}/remove/", {"version": version}),
        (f"{base}{plan.pk}/sub-goals/{goal.pk}/", {"version": version, "achieved_on": "2026-11-20"}),
        (
            f"{base}{plan.pk}/follow-up/",
            {"version": version, "on": "2026-11-20", "note": "Indtrængerens note"},
        ),
    ]


# Outsiders ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mallory", "bob", "erin", "dave", "frank"])
def test_someone_without_access_to_the_course_gets_404_on_every_plan_url(
    request, plan, area, client_for, plan_state, who
):
    client = client_for(request.getfixturevalue(who))
    before = plan_state(plan)

    for url in read_urls(plan) + form_urls(plan, area):
        assert client.get(url).status_code == 404, url
    for url, data in write_posts(plan, area):
        assert client.post(url, data).status_code == 404, url

    assert plan_state(plan) == before


def test_an_anonymous_visitor_is_sent_to_the_login_page(plan, area, client, plan_state):
    before = plan_state(plan)

    for url in read_urls(plan) + form_urls(plan, area):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    for url, data in write_posts(plan, area):
        assert client.post(url, data).status_code == 302, url

    assert plan_state(plan) == before


# The coordinator changes, the manager reads ---------------------------------------------------


def test_the_programmes_coordinator_can_read_and_change_the_plan(plan, area, carol, client_for):
    client = client_for(carol)

    for url in read_urls(plan) + form_urls(plan, area):
        assert client.get(url).status_code == 200, url
    response = client.post(
        f"/courses/{plan.course_id}/plan/{plan.pk}/follow-up/",
        {"version": "2", "on": "2026-11-20", "note": "Koordinatorens opfølgning"},
    )

    assert response.status_code == 302
    assert fresh(plan).revisions.first().saved_by == carol


def test_the_manager_reads_the_plan_its_history_the_pdf_and_the_section_141(plan, area, manny, client_for):
    client = client_for(manny)

    responses = [client.get(url) for url in read_urls(plan)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert GOAL in responses[0].content.decode()
    assert not responses[0].context["can_change"]
    assert 'data-testid="plan-edit"' not in responses[0].content.decode()
    assert responses[2]["Content-Type"] == "application/pdf"
    assert GOAL in responses[3].content.decode()


def test_the_manager_is_refused_every_write_and_nothing_changes(plan, area, manny, client_for, plan_state):
    client = client_for(manny)
    before = plan_state(plan)

    for url in form_urls(plan, area):
        assert client.get(url).status_code == 403, url
    for url, data in write_posts(plan, area):
        assert client.post(url, data).status_code == 403, url

    assert plan_state(plan) == before


# Ids that belong elsewhere --------------------------------------------------------------------


@pytest.fixture
def other_plan(alice, homelessness, make_course, today):
    """Alice's other citizen, with a plan and a focus area of their own."""
    course = make_course(alice, homelessness, phase_1=dt.date(2026, 10, 1), first_name="Anden")
    plan = services.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=today,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
        today=today,
    )
    services.focus_area_save(
        plan=plan,
        actor=alice,
        expected_version=1,
        goal="Den andens mål",
        sub_goals=[services.SubGoalInput(text="Den andens skridt")],
    )
    return fresh(plan)


def test_a_plan_of_another_course_is_404_under_this_course(
    plan, area, other_plan, alice, client_for, plan_state
):
    client = client_for(alice)
    base = f"/courses/{plan.course_id}/plan/{other_plan.pk}/"
    other_area = other_plan.focus_areas.get()
    other_goal = other_area.sub_goals.get()
    before, other_before = plan_state(plan), plan_state(other_plan)

    for url in [
        "history/",
        "citizen-copy.pdf",
        "section-141/",
        "edit/",
        "focus/new/",
        f"focus/{other_area.pk}/",
    ]:
        assert client.get(base + url).status_code == 404, url
    for url, data in [
        (
            "edit/",
            {"version": "2", "made_on": "2026-11-20", "starts_on": "2026-10-01", "ends_on": "2026-12-31"},
        ),
        ("follow-up/", {"version": "2", "on": "2026-11-20", "note": "Forkert borger"}),
        (f"focus/{other_area.pk}/remove/", {"version": "2"}),
        (f"sub-goals/{other_goal.pk}/", {"version": "2", "achieved_on": "2026-11-20"}),
    ]:
        assert client.post(base + url, data).status_code == 404, url

    assert (plan_state(plan), plan_state(other_plan)) == (before, other_before)


def test_a_focus_area_or_sub_goal_of_another_plan_is_404_under_this_plan(
    plan, area, other_plan, alice, client_for, plan_state
):
    client = client_for(alice)
    base = f"/courses/{plan.course_id}/plan/{plan.pk}/"
    other_area = other_plan.focus_areas.get()
    other_goal = other_area.sub_goals.get()
    before, other_before = plan_state(plan), plan_state(other_plan)

    assert client.get(f"{base}focus/{other_area.pk}/").status_code == 404
    assert client.post(f"{base}focus/{other_area.pk}/remove/", {"version": "2"}).status_code == 404
    assert (
        client.post(
            f"{base}sub-goals/{other_goal.pk}/", {"version": "2", "achieved_on": "2026-11-20"}
        ).status_code
        == 404
    )

    assert (plan_state(plan), plan_state(other_plan)) == (before, other_before)


def test_a_plan_of_another_course_is_not_shown_on_this_courses_plan_page(plan, other_plan, alice, client_for):
    response = client_for(alice).get(f"/courses/{plan.course_id}/plan/?plan={other_plan.pk}")

    assert response.context["plan"].plan == plan
    assert "Den andens mål" not in response.content.decode()


# The audit log --------------------------------------------------------------------------------


def test_every_write_is_audited_by_its_kind_and_never_with_the_plans_text(plan, area, alice, today):
    goal = area.sub_goals.first()
    services.sub_goal_mark(plan=plan, sub_goal=goal, achieved_on=today, actor=alice, expected_version=2)
    services.sub_goal_mark(plan=plan, sub_goal=goal, achieved_on=None, actor=alice, expected_version=3)
    services.plan_update(
        plan=plan, actor=alice, expected_version=4, citizen_words=CITIZEN_WORDS + " Også job."
    )
    services.plan_follow_up(
        plan=fresh(plan), actor=alice, expected_version=5, on=today, note="Hemmelig opfølgningsnote"
    )
    services.focus_area_save(
        plan=plan, actor=alice, expected_version=6, focus_area=area, goal=GOAL + " Eller før.", sub_goals=[]
    )
    services.focus_area_remove(plan=plan, focus_area=area, actor=alice, expected_version=7)
    services.plan_create(
        course=plan.course,
        actor=alice,
        period="phase_2",
        made_on=today,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 3, 31),
        today=today,
    )

    entries = list(AuditEntry.objects.filter(action__startswith="cti_plan.").order_by("pk"))
    assert [e.action for e in entries] == [
        "cti_plan.created",
        "cti_plan.focus_area_added",
        "cti_plan.sub_goal_achieved",
        "cti_plan.sub_goal_reopened",
        "cti_plan.changed",
        "cti_plan.follow_up",
        "cti_plan.focus_area_changed",
        "cti_plan.focus_area_removed",
        "cti_plan.carried_forward",
    ]
    assert all(e.actor == alice for e in entries)
    assert all(e.citizen_id == plan.course.citizen_id for e in entries)
    assert all(e.municipality_id == plan.municipality_id for e in entries)
    assert [e.after["revision"] for e in entries[:8]] == [1, 2, 3, 4, 5, 6, 7, 8]
    logged = json.dumps([[e.before, e.after] for e in entries], ensure_ascii=False)
    for secret in [GOAL, CITIZEN_WORDS, "Også job", "Hemmelig", "herberg", "Boligrådgiver", *SUB_GOALS]:
        assert secret not in logged


def test_reading_the_plan_page_is_audited(plan, alice, client_for):
    client_for(alice).get(f"/courses/{plan.course_id}/plan/")

    entry = AuditEntry.objects.get(action="cti_plan.viewed")
    assert entry.actor == alice
    assert entry.citizen_id == plan.course.citizen_id
    assert entry.municipality_id == plan.municipality_id


def test_the_managers_reading_of_history_pdf_and_section_is_audited_too(plan, manny, client_for):
    client = client_for(manny)
    for url in read_urls(plan):
        client.get(url)

    actions = set(AuditEntry.objects.filter(actor=manny).values_list("action", flat=True))
    assert actions == {
        "cti_plan.viewed",
        "cti_plan.history_viewed",
        "cti_plan.citizen_copy",
        "cti_plan.section_141",
    }


def test_an_outsiders_attempt_leaves_only_the_denied_row(plan, mallory, client_for):
    client = client_for(mallory)
    audit_rows = AuditEntry.objects.count()

    client.get(f"/courses/{plan.course_id}/plan/")

    new = AuditEntry.objects.order_by("pk")[audit_rows:]
    assert [(e.action, e.actor_id) for e in new] == [("access.denied", mallory.pk)]
