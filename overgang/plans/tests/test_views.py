"""The plan's pages: making the plan with dates from the CTI clock, focus areas and sub-goals, the
warning about more than three focus areas, follow-ups, the history with its diff, and bad input that
saves nothing."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib import messages as message_levels
from django.contrib.messages import get_messages

from overgang.audit.models import AuditEntry
from overgang.courses import services as course_services
from overgang.plans import services
from overgang.plans.documents import citizen_copy_html
from overgang.plans.models import CtiPlan, FocusArea, PlanRevision, SubGoal
from overgang.plans.tests.conftest import CITIZEN_WORDS, GOAL, SUB_GOALS, fresh

pytestmark = pytest.mark.usefixtures("frozen_today")


def plan_url(plan, tail=""):
    return f"/courses/{plan.course_id}/plan/{plan.pk}/{tail}"


def messages_of(response):
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


def new_area_post(version, goal="Et nyt mål", sub_goals=("Første skridt", ""), **fields):
    data = {
        "version": str(version),
        "dimension": "",
        "reason": "",
        "goal": goal,
        "responsibility": "both",
        "responsible_name": "",
        "activities": "",
        "time_horizon": "",
        "contacts": "",
        "goals-TOTAL_FORMS": str(len(sub_goals)),
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
    }
    for index, text in enumerate(sub_goals):
        data |= {f"goals-{index}-id": "", f"goals-{index}-text": text, f"goals-{index}-achieved_on": ""}
    return data | fields


def plan_post(**fields):
    return {
        "period": "phase_1",
        "made_on": "2026-11-20",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "dimensions": ["housing", "finances"],
        "citizen_words": "Jeg vil have et sted at bo.",
        "carry_forward": "on",
    } | fields


# The plan page --------------------------------------------------------------------------------


def test_the_plan_page_shows_the_plan_its_focus_areas_and_progress(plan, area, alice, client_for):
    services.sub_goal_mark(
        plan=plan,
        sub_goal=area.sub_goals.first(),
        achieved_on=dt.date(2026, 11, 10),
        actor=alice,
        expected_version=fresh(plan).version,
    )

    response = client_for(alice).get(f"/courses/{plan.course_id}/plan/")

    assert response.status_code == 200
    html = response.content.decode()
    assert GOAL in html
    assert CITIZEN_WORDS in html
    for text in SUB_GOALS:
        assert text in html
    assert 'data-testid="achieved"' in html
    for fact in [
        "05-10-2026",  # date made
        "01-10-2026 – 31-12-2026",  # the period
        "Alice Testsen",  # the CTI worker
        "Test Borgersen",  # the citizen
        "Bolig",  # dimension
        "Hun har boet på herberg i to år.",  # reason
        "Besøg hos boligselskabet.",  # activities
        "Inden udgangen af fase 1",  # time horizon
        "Boligrådgiver Hanne, 12 34 56 78",  # contacts
    ]:
        assert fact in html, fact
    view = response.context["plan"]
    assert view.plan == plan
    assert (view.achieved, view.total) == (1, 2)
    assert response.context["can_change"]


def test_the_plan_page_offers_to_make_the_plan_for_the_current_period(course, alice, client_for):
    response = client_for(alice).get(f"/courses/{course.pk}/plan/")

    assert response.status_code == 200
    assert response.context["plan"] is None
    assert response.context["missing_current"]
    assert f"/courses/{course.pk}/plan/new/?period=phase_1" in response.content.decode()


def test_the_plan_page_says_joint_plan_in_the_job_programme(
    alice, job_programme, make_course, today, client_for
):
    course = make_course(alice, job_programme, phase_1=dt.date(2026, 10, 1))
    services.plan_create(
        course=course,
        actor=alice,
        period="phase_1",
        made_on=today,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
        dimensions=["job", "coping", "network"],
        today=today,
    )
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.get(f"/courses/{course.pk}/plan/")

    assert response.context["plan"].is_job_plan
    html = response.content.decode()
    assert "The joint plan" in html
    assert "job, coping and network" in html


def test_the_homelessness_plan_page_is_not_called_the_joint_plan(plan, alice, client_for):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.get(f"/courses/{plan.course_id}/plan/")

    assert not response.context["plan"].is_job_plan
    assert "The joint plan" not in response.content.decode()


# Making the plan ------------------------------------------------------------------------------


def test_the_new_plan_form_is_prefilled_with_the_periods_dates_from_the_clock(
    course, alice, client_for, today
):
    response = client_for(alice).get(f"/courses/{course.pk}/plan/new/")

    initial = response.context["form"].initial
    assert initial["period"] == "phase_1"  # the course's current period
    assert initial["made_on"] == today
    assert (initial["starts_on"], initial["ends_on"]) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_the_next_periods_form_is_prefilled_with_planned_dates_and_the_previous_dimensions(
    plan, alice, client_for
):
    response = client_for(alice).get(f"/courses/{plan.course_id}/plan/new/?period=phase_2")

    initial = response.context["form"].initial
    assert (initial["starts_on"], initial["ends_on"]) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert initial["dimensions"] == ["housing", "network"]
    assert response.context["previous"] == plan


def test_the_worker_makes_the_plan_with_the_citizen(course, alice, client_for):
    response = client_for(alice).post(f"/courses/{course.pk}/plan/new/", plan_post())

    plan = CtiPlan.objects.get(course=course)
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.pk}/plan/?plan={plan.pk}"
    assert (plan.period, plan.made_on) == ("phase_1", dt.date(2026, 11, 20))
    assert plan.dimensions == ["housing", "finances"]
    assert plan.citizen_words == "Jeg vil have et sted at bo."
    assert plan.worker == alice
    assert PlanRevision.objects.get(plan=plan).kind == "created"
    assert AuditEntry.objects.filter(action="cti_plan.created", object_id=str(plan.pk)).count() == 1


def test_the_plan_is_carried_forward_from_the_page(plan, area, alice, client_for):
    response = client_for(alice).post(
        f"/courses/{plan.course_id}/plan/new/",
        plan_post(period="phase_2", starts_on="2027-01-01", ends_on="2027-03-31", citizen_words=""),
    )

    assert response.status_code == 302
    carried = CtiPlan.objects.get(course=plan.course, period="phase_2")
    assert carried.carried_from == plan
    assert carried.citizen_words == CITIZEN_WORDS
    assert [a.goal for a in carried.focus_areas.all()] == [GOAL]


def test_a_second_plan_for_the_period_is_refused_on_the_page(plan, alice, client_for, plan_state):
    before = plan_state(plan)

    response = client_for(alice).post(f"/courses/{plan.course_id}/plan/new/", plan_post())

    assert response.status_code == 400
    assert response.context["form"].errors["period"]
    assert plan_state(plan) == before
    assert CtiPlan.objects.filter(course=plan.course).count() == 1


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [
        ({"ends_on": "2026-09-30"}, "ends_on"),
        ({"made_on": "2026-11-23"}, "made_on"),
        ({"made_on": "2026-08-31"}, "made_on"),
        ({"dimensions": ["housing", "astrology"]}, "dimensions"),
        ({"made_on": "not a date"}, "made_on"),
    ],
    ids=["end before start", "made in the future", "made before referral", "unknown dimension", "bad date"],
)
def test_a_bad_new_plan_is_refused_with_a_clear_message_and_nothing_is_saved(
    course, alice, client_for, fields, error_on
):
    audit_rows = AuditEntry.objects.count()
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.post(f"/courses/{course.pk}/plan/new/", plan_post(**fields))

    assert response.status_code == 400
    assert response.context["form"].errors[error_on]
    assert any(
        level == message_levels.ERROR and "Nothing was saved" in text for level, text in messages_of(response)
    )
    assert not CtiPlan.objects.exists()
    assert AuditEntry.objects.count() == audit_rows


def test_the_end_before_the_start_is_explained_in_english(course, alice, client_for):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.post(f"/courses/{course.pk}/plan/new/", plan_post(ends_on="2026-09-30"))

    assert "The period must start before it ends." in response.content.decode()


# Changing the plan ----------------------------------------------------------------------------


def test_the_plan_is_changed_on_its_form(plan, carol, client_for):
    response = client_for(carol).post(
        plan_url(plan, "edit/"),
        {
            "version": "1",
            "made_on": "2026-10-05",
            "starts_on": "2026-10-01",
            "ends_on": "2027-01-10",
            "dimensions": ["housing"],
            "citizen_words": "Nu med et job.",
        },
    )

    assert response.status_code == 302
    current = fresh(plan)
    assert (current.ends_on, current.dimensions, current.citizen_words) == (
        dt.date(2027, 1, 10),
        ["housing"],
        "Nu med et job.",
    )
    assert current.revisions.first().saved_by == carol


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [
        ({"ends_on": "2026-09-01"}, "ends_on"),
        ({"made_on": "2026-12-01"}, "made_on"),
        ({"made_on": "2026-01-01"}, "made_on"),
        ({"dimensions": ["job"]}, "dimensions"),
    ],
    ids=["end before start", "in the future", "before referral", "unknown dimension"],
)
def test_a_bad_plan_change_is_refused_and_nothing_is_saved(
    plan, area, alice, client_for, plan_state, fields, error_on
):
    before = plan_state(plan)
    data = {
        "version": str(fresh(plan).version),
        "made_on": "2026-10-05",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "dimensions": ["housing"],
        "citizen_words": "Ændrede ord",
    } | fields

    response = client_for(alice).post(plan_url(plan, "edit/"), data)

    assert response.status_code == 400
    assert response.context["form"].errors[error_on]
    assert plan_state(plan) == before


# Focus areas ----------------------------------------------------------------------------------


def test_a_focus_area_is_added_with_its_sub_goals(plan, alice, client_for):
    response = client_for(alice).post(
        plan_url(plan, "focus/new/"),
        new_area_post(
            1,
            goal="Få styr på gælden",
            sub_goals=("Lave et budget", "Ringe til SKAT", ""),
            dimension="finances",
            responsibility="network",
            responsible_name="Søster Mette",
        ),
    )

    area = FocusArea.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#focus-{area.pk}")
    assert (area.goal, area.dimension, area.responsibility, area.responsible_name) == (
        "Få styr på gælden",
        "finances",
        "network",
        "Søster Mette",
    )
    assert [g.text for g in area.sub_goals.all()] == ["Lave et budget", "Ringe til SKAT"]
    assert [level for level, _ in messages_of(response)] == [message_levels.SUCCESS]


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [
        ({"goal": ""}, "goal"),
        ({"goal": "   "}, "goal"),
        ({"responsibility": "network", "responsible_name": ""}, "responsible_name"),
        ({"dimension": "astrology"}, "dimension"),
        ({"goals-0-achieved_on": "2026-10-04"}, "sub_goals"),
        ({"goals-0-achieved_on": "2026-11-23"}, "sub_goals"),
    ],
    ids=[
        "no goal",
        "blank goal",
        "network without a name",
        "unknown dimension",
        "achieved before the plan",
        "achieved in the future",
    ],
)
def test_a_bad_focus_area_is_refused_and_nothing_is_saved(
    plan, alice, client_for, plan_state, fields, error_on
):
    before = plan_state(plan)

    response = client_for(alice).post(plan_url(plan, "focus/new/"), new_area_post(1, **fields))

    assert response.status_code == 400
    form = response.context["form"]
    # Errors the service finds on the sub-goals land on the form as a whole.
    assert form.errors.get(error_on if error_on in form.fields else "__all__")
    assert plan_state(plan) == before


def test_a_fourth_focus_area_is_saved_with_a_warning(plan, alice, client_for):
    client = client_for(alice)
    for number in (1, 2, 3):
        response = client.post(
            plan_url(plan, "focus/new/"), new_area_post(fresh(plan).version, goal=f"Mål {number}")
        )
        assert message_levels.WARNING not in [level for level, _ in messages_of(response)]

    form_page = client.get(plan_url(plan, "focus/new/"))
    assert 'data-testid="too-many"' in form_page.content.decode()

    response = client.post(plan_url(plan, "focus/new/"), new_area_post(fresh(plan).version, goal="Mål 4"))

    assert response.status_code == 302
    assert FocusArea.objects.filter(plan=plan).count() == 4
    levels = [level for level, _ in messages_of(response)]
    assert levels == [message_levels.SUCCESS, message_levels.WARNING]
    page = client.get(f"/courses/{plan.course_id}/plan/")
    assert page.context["plan"].too_many
    assert 'data-testid="too-many"' in page.content.decode()


def test_three_focus_areas_raise_no_warning_on_the_plan_page(plan, alice, client_for):
    client = client_for(alice)
    for number in (1, 2, 3):
        client.post(plan_url(plan, "focus/new/"), new_area_post(fresh(plan).version, goal=f"Mål {number}"))

    page = client.get(f"/courses/{plan.course_id}/plan/")

    assert not page.context["plan"].too_many
    assert 'data-testid="too-many"' not in page.content.decode()


def test_a_focus_area_is_removed_from_the_page(plan, area, alice, client_for):
    response = client_for(alice).post(plan_url(plan, f"focus/{area.pk}/remove/"), {"version": "2"})

    assert response.status_code == 302
    assert not FocusArea.objects.filter(pk=area.pk).exists()
    assert fresh(plan).revisions.first().kind == "focus_area_removed"


# Sub-goals ------------------------------------------------------------------------------------


def test_a_sub_goal_is_marked_achieved_and_reopened_from_the_page(plan, area, alice, client_for):
    client = client_for(alice)
    goal = area.sub_goals.first()
    url = plan_url(plan, f"sub-goals/{goal.pk}/")

    achieved = client.post(url, {"version": "2", "achieved_on": "2026-11-21", "action": "achieve"})

    assert achieved.status_code == 302
    assert SubGoal.objects.get(pk=goal.pk).achieved_on == dt.date(2026, 11, 21)
    page = client.get(f"/courses/{plan.course_id}/plan/")
    assert (page.context["plan"].achieved, page.context["plan"].total) == (1, 2)

    reopened = client.post(url, {"version": "3", "achieved_on": "2026-11-21", "action": "reopen"})

    assert reopened.status_code == 302
    assert SubGoal.objects.get(pk=goal.pk).achieved_on is None
    assert fresh(plan).version == 4


@pytest.mark.parametrize(
    "day", ["2026-10-04", "2026-11-23", ""], ids=["before the plan", "in the future", "no date"]
)
def test_an_impossible_achieved_date_from_the_page_is_refused_and_nothing_is_saved(
    plan, area, alice, client_for, plan_state, day
):
    before = plan_state(plan)
    goal = area.sub_goals.first()

    response = client_for(alice).post(
        plan_url(plan, f"sub-goals/{goal.pk}/"), {"version": "2", "achieved_on": day, "action": "achieve"}
    )

    assert response.status_code == 302
    assert [level for level, _ in messages_of(response)] == [message_levels.ERROR]
    assert plan_state(plan) == before


# Follow-ups -----------------------------------------------------------------------------------


def test_a_follow_up_is_registered_from_the_page_and_shown_in_the_history(plan, area, alice, client_for):
    client = client_for(alice)

    response = client.post(
        plan_url(plan, "follow-up/"), {"version": "2", "on": "2026-11-20", "note": "Vi talte om boligen"}
    )

    assert response.status_code == 302
    revision = fresh(plan).revisions.first()
    assert (revision.kind, revision.follow_up_on, revision.note) == (
        "follow_up",
        dt.date(2026, 11, 20),
        "Vi talte om boligen",
    )
    history = client.get(plan_url(plan, "history/"))
    assert "Vi talte om boligen" in history.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"on": "2026-11-23", "note": "Opfølgning"},
        {"on": "2026-10-04", "note": "Opfølgning"},
        {"on": "2026-11-20", "note": ""},
        {"on": "", "note": "Opfølgning"},
    ],
    ids=["in the future", "before the plan", "without a note", "without a date"],
)
def test_an_impossible_follow_up_from_the_page_is_refused_and_nothing_is_saved(
    plan, alice, client_for, plan_state, fields
):
    before = plan_state(plan)

    response = client_for(alice).post(plan_url(plan, "follow-up/"), {"version": "1"} | fields)

    assert response.status_code == 302
    levels_and_texts = messages_of(response)
    assert [level for level, _ in levels_and_texts] == [message_levels.ERROR]
    assert plan_state(plan) == before


# History --------------------------------------------------------------------------------------


def test_the_history_shows_each_revision_with_what_changed(plan, area, alice, carol, client_for):
    services.focus_area_save(
        plan=plan,
        actor=carol,
        expected_version=2,
        focus_area=area,
        goal="Flytte ind i egen bolig i januar.",
        sub_goals=[services.SubGoalInput(id=g.pk, text=g.text) for g in area.sub_goals.all()],
        dimension=area.dimension,
        reason=area.reason,
        responsibility=area.responsibility,
        activities=area.activities,
        time_horizon=area.time_horizon,
        contacts=area.contacts,
    )
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.get(plan_url(plan, "history/"))

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [e.revision.number for e in entries] == [3, 2, 1]
    assert [(c.field, c.before, c.after) for c in entries[0].changes] == [
        ("Goal", GOAL, "Flytte ind i egen bolig i januar.")
    ]
    assert [(c.action, c.after) for c in entries[1].changes] == [("added", GOAL)]
    assert entries[2].changes == []
    html = response.content.decode()
    assert html.count('data-testid="revision"') == 3
    assert "Carol Testsen" in html
    assert "<del>" + GOAL in html
    assert "<ins>Flytte ind i egen bolig i januar." in html
    assert "0 of 2 sub-goals achieved" in html


# An ended course ------------------------------------------------------------------------------


def test_the_plan_of_an_ended_course_is_read_only_on_its_pages(
    plan, area, alice, client_for, plan_state, today
):
    course_services.course_end(course=plan.course, on=today, reason="moved", actor=alice, today=today)
    client = client_for(alice)
    goal = area.sub_goals.first()

    page = client.get(f"/courses/{plan.course_id}/plan/")
    assert page.status_code == 200
    assert not page.context["can_change"]
    assert 'data-testid="focus-area-new"' not in page.content.decode()
    before = plan_state(plan)

    writes = [
        (f"/courses/{plan.course_id}/plan/new/", plan_post(period="phase_2")),
        (plan_url(plan, "focus/new/"), new_area_post(2)),
        (
            plan_url(plan, "edit/"),
            {"version": "2", "made_on": "2026-10-05", "starts_on": "2026-10-01", "ends_on": "2026-12-31"},
        ),
        (plan_url(plan, f"sub-goals/{goal.pk}/"), {"version": "2", "achieved_on": "2026-11-20"}),
        (plan_url(plan, "follow-up/"), {"version": "2", "on": "2026-11-20", "note": "Nej"}),
        (plan_url(plan, f"focus/{area.pk}/remove/"), {"version": "2"}),
    ]
    assert [client.post(url, data).status_code for url, data in writes] == [403] * len(writes)
    assert client.get(plan_url(plan, "edit/")).status_code == 403
    assert client.get(plan_url(plan, f"focus/{area.pk}/")).status_code == 403

    assert plan_state(plan) == before


# What a browser submits -----------------------------------------------------------------------


class _FormReader(HTMLParser):
    """The fields a browser would submit from the form with the given data-testid."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.inside, self.data = testid, False, {}
        self.textarea = self.select = None
        self.first_option = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("data-testid") == self.testid:
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif a.get("type") != "submit":
                self._add(a["name"], a.get("value", ""))
        elif tag == "textarea":
            self.textarea, self.data[a["name"]] = a["name"], [""]
        elif tag == "select":
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self._add(self.select, a.get("value", ""))

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select:
            if self.select not in self.data:
                self._add(self.select, self.first_option or "")
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False


def submitted(response, testid):
    reader = _FormReader(testid)
    reader.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}


def test_the_focus_area_form_sent_back_unchanged_keeps_every_field_and_achieved_date(
    plan, area, alice, client_for
):
    client = client_for(alice)
    goal = area.sub_goals.first()
    services.sub_goal_mark(
        plan=plan, sub_goal=goal, achieved_on=dt.date(2026, 11, 10), actor=alice, expected_version=2
    )
    url = plan_url(plan, f"focus/{area.pk}/")
    before = FocusArea.objects.filter(pk=area.pk).values(*services.FOCUS_FIELDS).get()

    response = client.post(url, submitted(client.get(url), "form-focus-area"))

    assert response.status_code == 302, response.context["form"].errors
    assert FocusArea.objects.filter(pk=area.pk).values(*services.FOCUS_FIELDS).get() == before
    assert list(SubGoal.objects.filter(focus_area=area).values_list("pk", "text", "achieved_on")) == [
        (goal.pk, SUB_GOALS[0], dt.date(2026, 11, 10)),
        (area.sub_goals.last().pk, SUB_GOALS[1], None),
    ]
    assert fresh(plan).revisions.first().kind == "focus_area_changed"


def test_the_plan_form_sent_back_unchanged_keeps_every_field(plan, alice, client_for):
    client = client_for(alice)
    url = plan_url(plan, "edit/")
    before = CtiPlan.objects.filter(pk=plan.pk).values(*services.PLAN_FIELDS).get()

    response = client.post(url, submitted(client.get(url), "form-plan"))

    assert response.status_code == 302, response.context["form"].errors
    assert CtiPlan.objects.filter(pk=plan.pk).values(*services.PLAN_FIELDS).get() == before
    assert fresh(plan).version == 1  # nothing changed: no new revision
    assert fresh(plan).revisions.count() == 1


def test_the_new_plan_form_sent_back_as_prefilled_makes_the_plan_for_the_current_period(
    course, alice, client_for
):
    client = client_for(alice)
    url = f"/courses/{course.pk}/plan/new/"

    response = client.post(url, submitted(client.get(url), "form-plan"))

    assert response.status_code == 302, response.context["form"].errors
    plan = CtiPlan.objects.get(course=course)
    assert (plan.period, plan.made_on, plan.starts_on, plan.ends_on) == (
        "phase_1",
        dt.date(2026, 11, 22),
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )


def test_the_plan_pages_own_forms_mark_achieved_and_register_a_follow_up(plan, area, alice, client_for):
    client = client_for(alice)
    page = client.get(f"/courses/{plan.course_id}/plan/")
    goal = area.sub_goals.first()
    html = page.content.decode()
    assert f'action="/courses/{plan.course_id}/plan/{plan.pk}/sub-goals/{goal.pk}/"' in html

    mark = {"version": str(fresh(plan).version), "achieved_on": "2026-11-22", "action": "achieve"}
    client.post(plan_url(plan, f"sub-goals/{goal.pk}/"), mark)
    page = client.get(f"/courses/{plan.course_id}/plan/")
    follow_up = submitted(page, "form-follow-up") | {"note": "Vi fejrede det første skridt"}
    response = client.post(plan_url(plan, "follow-up/"), follow_up)

    assert response.status_code == 302
    assert SubGoal.objects.get(pk=goal.pk).achieved_on == dt.date(2026, 11, 22)
    latest = fresh(plan).revisions.first()
    assert (latest.kind, latest.follow_up_on, latest.number) == ("follow_up", dt.date(2026, 11, 22), 4)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"goals-0-achieved_on": "2026-10-04"},
            "A sub-goal cannot be achieved before the plan was made (05-10-2026).",
        ),
        ({"responsibility": "network"}, "Name the person from the network who is responsible."),
        ({"goal": ""}, "A focus area needs a goal."),
    ],
    ids=["achieved before the plan", "network without a name", "no goal"],
)
def test_the_reason_a_focus_area_was_refused_is_shown_on_the_form(plan, alice, client_for, fields, message):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    response = client.post(plan_url(plan, "focus/new/"), new_area_post(1, **({"goal": "Et mål"} | fields)))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_plans_text_is_escaped_on_every_page(plan, area, alice, client_for):
    markup = "<b>fed</b> & <script>alert(1)</script>"
    services.plan_update(plan=plan, actor=alice, expected_version=2, citizen_words=markup)
    client = client_for(alice)

    pages = [
        client.get(f"/courses/{plan.course_id}/plan/"),
        client.get(plan_url(plan, "history/")),
        client.get(plan_url(plan, "section-141/")),
    ]

    for page in [*(p.content.decode() for p in pages), citizen_copy_html(fresh(plan))]:
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
