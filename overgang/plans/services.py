"""Writes to the CTI plan: validated, atomic, versioned, revisioned and audited.

Every write names the plan version the user saw. If the plan has moved on since, the write is
refused with `PlanConflict`, which carries the revision that got there first so the user can see
it; nothing is overwritten. Each accepted write bumps the version and stores a revision with the
whole plan after it (the documentation the manuals ask for at each follow-up and phase change).
The plan's text is personal data: the audit log records what kind of change was made and the
revision number, never the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overgang.audit.services import audit_record
from overgang.courses.models import Course
from overgang.courses.services import CourseActionError
from overgang.method.clock import Period, compute_schedule
from overgang.plans.models import (
    PERIOD_ORDER,
    CtiPlan,
    FocusArea,
    PlanPeriod,
    PlanRevision,
    Responsibility,
    RevisionKind,
    SubGoal,
)

FOCUS_FIELDS = (
    "dimension",
    "reason",
    "goal",
    "responsibility",
    "responsible_name",
    "activities",
    "time_horizon",
    "contacts",
)
PLAN_FIELDS = ("made_on", "starts_on", "ends_on", "dimensions", "citizen_words")


class PlanConflict(CourseActionError):
    """The plan changed after the user loaded it; `latest` is the revision that changed it."""

    def __init__(self, message: str, *, latest: PlanRevision | None) -> None:
        super().__init__(message, conflict=True)
        self.latest = latest


@dataclass(frozen=True)
class SubGoalInput:
    text: str
    achieved_on: dt.date | None = None
    id: int | None = None


# Reading -----------------------------------------------------------------------------------------


def plan_snapshot(plan: CtiPlan) -> dict[str, Any]:
    """The whole plan as JSON: what a revision stores and what the diff compares."""
    return {
        "period": plan.period,
        "made_on": plan.made_on.isoformat(),
        "worker": plan.worker.get_full_name() or plan.worker.get_username(),
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "dimensions": list(plan.dimensions),
        "citizen_words": plan.citizen_words,
        "focus_areas": [
            {
                "id": area.pk,
                **{name: getattr(area, name) for name in FOCUS_FIELDS},
                "sub_goals": [
                    {
                        "id": goal.pk,
                        "text": goal.text,
                        "achieved_on": goal.achieved_on.isoformat() if goal.achieved_on else None,
                    }
                    for goal in area.sub_goals.all()
                ],
            }
            for area in plan.focus_areas.all()
        ],
    }


def period_dates(course: Course, period: str, *, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The period's start and end as the clock sees them: realised where known, else planned."""
    dates = course.clock_dates()
    schedule = compute_schedule(dates, today=today)
    order = [Period.CONTACT, Period.PHASE_1, Period.PHASE_2, Period.PHASE_3, Period.ENDED]
    this = Period(period)
    start = dates.start_of(this) or schedule.planned(this)
    if this is Period.CONTACT:
        next_start = dates.phase_1 or schedule.contact_limit
    else:
        following = order[order.index(this) + 1]
        next_start = dates.start_of(following) or schedule.planned(following)
    end = next_start - dt.timedelta(days=1) if next_start is not None else None
    if start is not None and end is not None and end < start:
        end = start
    return start, end


def previous_plan(course: Course, period: str) -> CtiPlan | None:
    """The latest plan for an earlier period: what a new plan carries forward."""
    earlier = PERIOD_ORDER[: PERIOD_ORDER.index(period)]
    plans = {p.period: p for p in CtiPlan.objects.filter(course=course, period__in=earlier)}
    for code in reversed(earlier):
        if code in plans:
            return plans[code]
    return None


# Validation --------------------------------------------------------------------------------------


def _writable(course: Course) -> None:
    if course.end_date is not None:
        raise CourseActionError(_("The course has ended and can no longer be changed."), conflict=True)


def _validate_plan(course: Course, values: dict[str, Any], *, today: dt.date) -> None:
    made_on, starts_on, ends_on = values["made_on"], values["starts_on"], values["ends_on"]
    if made_on is None:
        raise CourseActionError(_("Enter the date the plan was made."), field="made_on")
    if made_on > today:
        raise CourseActionError(_("The plan cannot be made in the future."), field="made_on")
    if made_on < course.referral_date:
        raise CourseActionError(
            _("The plan cannot be made before the referral date (%(date)s).")
            % {"date": course.referral_date.strftime("%d-%m-%Y")},
            field="made_on",
        )
    if starts_on is None:
        raise CourseActionError(_("Enter the start of the period."), field="starts_on")
    if ends_on is None:
        raise CourseActionError(_("Enter the end of the period."), field="ends_on")
    if ends_on < starts_on:
        raise CourseActionError(_("The period must start before it ends."), field="ends_on")
    known = {d.get("code") for d in course.programme.dimensions}
    unknown = [code for code in values["dimensions"] if code not in known]
    if unknown:
        raise CourseActionError(_("Choose dimensions from the programme's list."), field="dimensions")
    if len(values["citizen_words"]) > 2000:
        raise CourseActionError(_("Write at most 2000 characters."), field="citizen_words")


def _validate_focus_area(
    plan: CtiPlan, values: dict[str, Any], sub_goals: Sequence[SubGoalInput], *, today: dt.date
) -> None:
    if not values["goal"].strip():
        raise CourseActionError(_("A focus area needs a goal."), field="goal")
    known = {d.get("code") for d in plan.course.programme.dimensions}
    if values["dimension"] and values["dimension"] not in known:
        raise CourseActionError(_("Choose a dimension from the programme's list."), field="dimension")
    if values["responsibility"] not in Responsibility.values:
        raise CourseActionError(_("Choose who is responsible."), field="responsibility")
    if values["responsibility"] == Responsibility.NETWORK and not values["responsible_name"].strip():
        raise CourseActionError(
            _("Name the person from the network who is responsible."), field="responsible_name"
        )
    for goal in sub_goals:
        _validate_achieved(plan, goal.achieved_on, field="sub_goals", today=today)
        if goal.achieved_on and not goal.text.strip():
            raise CourseActionError(_("An achieved sub-goal needs its text."), field="sub_goals")


def _validate_achieved(plan: CtiPlan, achieved_on: dt.date | None, *, field: str, today: dt.date) -> None:
    if achieved_on is None:
        return
    if achieved_on < plan.made_on:
        raise CourseActionError(
            _("A sub-goal cannot be achieved before the plan was made (%(date)s).")
            % {"date": plan.made_on.strftime("%d-%m-%Y")},
            field=field,
        )
    if achieved_on > today:
        raise CourseActionError(_("A sub-goal cannot be achieved in the future."), field=field)


# Writing -----------------------------------------------------------------------------------------


def _lock(plan: CtiPlan, expected_version: int | None) -> CtiPlan:
    locked = CtiPlan.objects.select_for_update().select_related("course__programme", "worker").get(pk=plan.pk)
    if expected_version is None or locked.version != expected_version:
        latest = locked.revisions.select_related("saved_by").order_by("-number").first()
        raise PlanConflict(
            _(
                "Someone else changed this plan while you were working, so your change was not saved. "
                "See their change in the plan's history, then make yours again."
            ),
            latest=latest,
        )
    return locked


def _revise(
    plan: CtiPlan,
    *,
    kind: str,
    actor: Any,
    follow_up_on: dt.date | None = None,
    note: str = "",
    bump: bool = True,
) -> PlanRevision:
    # Every write to a plan saves a revision: the latest one is the plan as it was before this change.
    previous = PlanRevision.objects.filter(plan=plan).order_by("-number").first()
    if bump:
        plan.version += 1
        plan.save(update_fields=["version", "updated_at"])
    revision = PlanRevision.objects.create(
        plan=plan,
        number=plan.version,
        kind=kind,
        saved_by=actor,
        follow_up_on=follow_up_on,
        note=note,
        snapshot=plan_snapshot(plan),
    )
    audit_record(
        actor=actor,
        action=f"cti_plan.{kind}",
        obj=plan,
        municipality_id=plan.municipality_id,
        citizen_id=plan.course.citizen_id,
        # The plan's text stays out of the log: before and after name the revisions that hold it.
        before={"revision": previous.number} if previous else None,
        after={"revision": revision.number, "period": plan.period, "focus_areas": plan.focus_areas.count()},
    )
    return revision


def plan_create(
    *,
    course: Course,
    actor: Any,
    period: str,
    made_on: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    dimensions: Sequence[str] = (),
    citizen_words: str = "",
    carry_forward: bool = True,
    today: dt.date | None = None,
) -> CtiPlan:
    """Make the plan for a period; by default it starts from the previous period's plan (4.3.7):
    its focus areas and the sub-goals not yet achieved, for the worker and citizen to review."""
    today = today or timezone.localdate()
    _writable(course)
    if period not in PlanPeriod.values:
        raise CourseActionError(_("Choose the period the plan is made for."), field="period")
    values = {
        "made_on": made_on,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "dimensions": list(dict.fromkeys(dimensions)),
        "citizen_words": citizen_words.strip(),
    }
    _validate_plan(course, values, today=today)
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        if CtiPlan.objects.filter(course=course, period=period).exists():
            raise CourseActionError(
                _("There is already a plan for this period: change that one instead."), field="period"
            )
        source = previous_plan(course, period) if carry_forward else None
        plan = CtiPlan.objects.create(
            course=course,
            municipality_id=course.municipality_id,
            period=period,
            worker=course.worker,
            carried_from=source,
            **values,
        )
        if source is not None:
            for area in source.focus_areas.prefetch_related("sub_goals"):
                copy = FocusArea.objects.create(
                    plan=plan, position=area.position, **{name: getattr(area, name) for name in FOCUS_FIELDS}
                )
                # Achieved sub-goals stay as successes in the earlier plan; the open ones carry on.
                SubGoal.objects.bulk_create(
                    SubGoal(focus_area=copy, position=goal.position, text=goal.text)
                    for goal in area.sub_goals.all()
                    if goal.achieved_on is None
                )
            if not plan.citizen_words:
                plan.citizen_words = source.citizen_words
                plan.save(update_fields=["citizen_words"])
        _revise(
            plan,
            kind=RevisionKind.CARRIED_FORWARD if source is not None else RevisionKind.CREATED,
            actor=actor,
            bump=False,
        )
    return plan


def plan_update(
    *, plan: CtiPlan, actor: Any, expected_version: int | None, today: dt.date | None = None, **values: Any
) -> CtiPlan:
    today = today or timezone.localdate()
    _writable(plan.course)
    with transaction.atomic():
        locked = _lock(plan, expected_version)
        merged = {name: values.get(name, getattr(locked, name)) for name in PLAN_FIELDS}
        merged["dimensions"] = list(dict.fromkeys(merged["dimensions"] or []))
        merged["citizen_words"] = (merged["citizen_words"] or "").strip()
        _validate_plan(locked.course, merged, today=today)
        achieved = [
            day
            for day in SubGoal.objects.filter(focus_area__plan=locked).values_list("achieved_on", flat=True)
            if day is not None
        ]
        if achieved and min(achieved) < merged["made_on"]:
            raise CourseActionError(
                _("A sub-goal was achieved before this date: the plan cannot be made later than that."),
                field="made_on",
            )
        if all(getattr(locked, name) == value for name, value in merged.items()):
            return locked  # nothing changed: no revision
        for name, value in merged.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*PLAN_FIELDS, "updated_at"])
        _revise(locked, kind=RevisionKind.CHANGED, actor=actor)
    return locked


def focus_area_save(
    *,
    plan: CtiPlan,
    actor: Any,
    expected_version: int | None,
    focus_area: FocusArea | None = None,
    sub_goals: Sequence[SubGoalInput] = (),
    today: dt.date | None = None,
    **values: Any,
) -> FocusArea:
    """Add a focus area, or change one, with its sub-goals (a sub-goal left empty is removed)."""
    _writable(plan.course)
    values = {name: (values.get(name) or "") for name in FOCUS_FIELDS}
    values["responsibility"] = values["responsibility"] or Responsibility.CITIZEN_AND_WORKER
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    with transaction.atomic():
        locked = _lock(plan, expected_version)
        _validate_focus_area(locked, values, sub_goals, today=today or timezone.localdate())
        if focus_area is None:
            position = (
                locked.focus_areas.order_by("-position").values_list("position", flat=True).first() or 0
            ) + 1
            area = FocusArea.objects.create(plan=locked, position=position, **values)
            kind = RevisionKind.FOCUS_AREA_ADDED
        else:
            area = FocusArea.objects.select_for_update().get(pk=focus_area.pk, plan=locked)
            for name, value in values.items():
                setattr(area, name, value)
            area.save()
            kind = RevisionKind.FOCUS_AREA_CHANGED
        existing = {goal.pk: goal for goal in area.sub_goals.all()}
        kept: set[int] = set()
        for position, goal in enumerate(sub_goals, start=1):
            text = goal.text.strip()
            if goal.id is not None and goal.id in existing:
                current = existing[goal.id]
                if not text:
                    continue  # emptied: removed below
                current.text, current.achieved_on, current.position = text, goal.achieved_on, position
                current.save()
                kept.add(current.pk)
            elif text:
                SubGoal.objects.create(
                    focus_area=area, position=position, text=text, achieved_on=goal.achieved_on
                )
        SubGoal.objects.filter(focus_area=area).exclude(pk__in=kept).filter(pk__in=list(existing)).delete()
        _revise(locked, kind=kind, actor=actor)
    return area


def focus_area_remove(
    *, plan: CtiPlan, focus_area: FocusArea, actor: Any, expected_version: int | None
) -> None:
    _writable(plan.course)
    with transaction.atomic():
        locked = _lock(plan, expected_version)
        FocusArea.objects.filter(pk=focus_area.pk, plan=locked).delete()
        _revise(locked, kind=RevisionKind.FOCUS_AREA_REMOVED, actor=actor)


def sub_goal_mark(
    *,
    plan: CtiPlan,
    sub_goal: SubGoal,
    achieved_on: dt.date | None,
    actor: Any,
    expected_version: int | None,
    today: dt.date | None = None,
) -> SubGoal:
    """Mark a sub-goal achieved on a date (a small success made visible), or take the mark back."""
    _writable(plan.course)
    with transaction.atomic():
        locked = _lock(plan, expected_version)
        goal = SubGoal.objects.select_for_update().get(pk=sub_goal.pk, focus_area__plan=locked)
        _validate_achieved(locked, achieved_on, field="achieved_on", today=today or timezone.localdate())
        goal.achieved_on = achieved_on
        goal.save(update_fields=["achieved_on"])
        kind = RevisionKind.SUB_GOAL_ACHIEVED if achieved_on else RevisionKind.SUB_GOAL_REOPENED
        _revise(locked, kind=kind, actor=actor)
    return goal


def plan_follow_up(
    *,
    plan: CtiPlan,
    actor: Any,
    expected_version: int | None,
    on: dt.date | None,
    note: str,
    today: dt.date | None = None,
) -> PlanRevision:
    """Document a follow-up of the plan with the citizen (4.3.6, 4.4.3, 4.5.3)."""
    _writable(plan.course)
    if on is None:
        raise CourseActionError(_("Enter the date of the follow-up."), field="on")
    if on > (today or timezone.localdate()):
        raise CourseActionError(_("A follow-up cannot be in the future."), field="on")
    if on < plan.made_on:
        raise CourseActionError(_("A follow-up cannot be before the plan was made."), field="on")
    if not note.strip():
        raise CourseActionError(_("Write what was followed up."), field="note")
    with transaction.atomic():
        locked = _lock(plan, expected_version)
        return _revise(locked, kind=RevisionKind.FOLLOW_UP, actor=actor, follow_up_on=on, note=note.strip())
