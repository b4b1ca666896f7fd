"""The CTI plan as the pages and documents show it: labels, progress, and the revision history
with what changed, in the words of the active language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from overgang.courses.job_people import course_is_job
from overgang.plans.diff import Change, plan_diff, progress
from overgang.plans.models import (
    RECOMMENDED_FOCUS_AREAS,
    CtiPlan,
    FocusArea,
    PlanPeriod,
    PlanRevision,
    Responsibility,
)
from overgang.programmes.models import localised

FIELD_LABELS = {
    "period": _("Made for"),
    "made_on": _("Date made"),
    "worker": _("CTI worker"),
    "starts_on": _("Start of the period"),
    "ends_on": _("End of the period"),
    "dimensions": _("Dimensions worked on"),
    "citizen_words": _("In the citizen's own words"),
    "dimension": _("Dimension"),
    "reason": _("Why work with this"),
    "goal": _("Goal"),
    "responsibility": _("Responsibility"),
    "responsible_name": _("Named person from the network"),
    "activities": _("Activities"),
    "time_horizon": _("Time horizon"),
    "contacts": _("Contacts to involve"),
    "text": _("Sub-goal"),
    "achieved_on": _("Achieved on"),
}


def dimension_label(plan: CtiPlan, code: str) -> str:
    for dimension in plan.course.programme.dimensions:
        if dimension.get("code") == code:
            return localised(dimension)
    return code


@dataclass
class FocusAreaView:
    area: FocusArea
    number: int
    dimension: str
    responsibility: str
    goals: list[Any]

    @property
    def achieved(self) -> int:
        return sum(1 for goal in self.goals if goal.achieved_on)


# The job programme's three tracks (indsatsmodel, "Beskrivelse af CTI-indsatsen"): the CTI plan of
# a job course is structured by them. The tracks themselves are the template's dimensions (data).
TRACK_DESCRIPTIONS = {
    "job": _(
        "The citizen is supported in believing in their own ability to work and in settling in at the "
        "workplace, and in making, trying out and adjusting the work agreement."
    ),
    "coping": _(
        "The citizen is supported in mastering the barriers that stand in the way of a new everyday life "
        "with a job: practical solutions and strategies at work, in leisure time and at home."
    ),
    "network": _(
        "The citizen is supported in building and keeping the social and professional relations and "
        "networks that help them stay attached to the labour market."
    ),
}


@dataclass
class TrackView:
    code: str
    label: str
    description: str
    areas: list[FocusAreaView]


@dataclass
class PlanView:
    plan: CtiPlan
    period_label: str
    dimensions: list[str]
    areas: list[FocusAreaView]
    achieved: int
    total: int
    latest_follow_up: PlanRevision | None
    is_job_plan: bool
    tracks: list[TrackView] = field(default_factory=list)

    @property
    def too_many(self) -> bool:
        return len(self.areas) > RECOMMENDED_FOCUS_AREAS

    @property
    def percent(self) -> int:
        return round(100 * self.achieved / self.total) if self.total else 0


def responsibility_text(area: FocusArea) -> str:
    label = (
        str(Responsibility(area.responsibility).label) if area.responsibility in Responsibility.values else ""
    )
    if area.responsibility == Responsibility.NETWORK and area.responsible_name:
        return f"{label}: {area.responsible_name}"
    return label


def plan_view(plan: CtiPlan) -> PlanView:
    areas = list(plan.focus_areas.prefetch_related("sub_goals"))
    views = [
        FocusAreaView(
            area=area,
            number=index,
            dimension=dimension_label(plan, area.dimension) if area.dimension else "",
            responsibility=responsibility_text(area),
            goals=list(area.sub_goals.all()),
        )
        for index, area in enumerate(areas, start=1)
    ]
    achieved = sum(v.achieved for v in views)
    total = sum(len(v.goals) for v in views)
    is_job_plan = course_is_job(plan.course)
    return PlanView(
        plan=plan,
        period_label=str(PlanPeriod(plan.period).label),
        dimensions=[dimension_label(plan, code) for code in plan.dimensions],
        areas=views,
        achieved=achieved,
        total=total,
        latest_follow_up=plan.revisions.filter(kind="follow_up").select_related("saved_by").first(),
        is_job_plan=is_job_plan,
        tracks=tracks_of(plan, views) if is_job_plan else [],
    )


def tracks_of(plan: CtiPlan, views: list[FocusAreaView]) -> list[TrackView]:
    """The focus areas grouped by the programme's tracks, in the template's order; every track is
    shown (an empty one invites a focus area), then any area not tied to a track."""
    tracks = [
        TrackView(
            code=str(d.get("code", "")),
            label=localised(d),
            description=str(TRACK_DESCRIPTIONS.get(str(d.get("code")), "")),
            areas=[v for v in views if v.area.dimension == d.get("code")],
        )
        for d in plan.course.programme.dimensions
    ]
    known = {track.code for track in tracks}
    loose = [v for v in views if v.area.dimension not in known]
    if loose:
        tracks.append(TrackView(code="", label=str(_("Not tied to a track")), description="", areas=loose))
    return tracks


@dataclass
class ChangeView:
    where: str
    action: str
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    revision: PlanRevision
    changes: list[ChangeView]
    achieved: int
    total: int


def _value(plan: CtiPlan, name: str | None, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if name == "dimensions":
        return ", ".join(dimension_label(plan, code) for code in value)
    if name == "dimension":
        return dimension_label(plan, value)
    if name == "period":
        return str(PlanPeriod(value).label) if value in PlanPeriod.values else str(value)
    if name == "responsibility":
        return str(Responsibility(value).label) if value in Responsibility.values else str(value)
    if name in ("made_on", "starts_on", "ends_on", "achieved_on"):
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    return str(value)


def _where(change: Change) -> str:
    if change.scope == "plan":
        return str(_("The plan"))
    area = str(_("Focus area %(number)s") % {"number": change.focus_area})
    if change.scope == "sub_goal":
        return area + " · " + str(_("sub-goal %(number)s") % {"number": change.sub_goal})
    return area


ACTIONS = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


def change_view(plan: CtiPlan, change: Change) -> ChangeView:
    if change.action == "changed":
        return ChangeView(
            where=_where(change),
            action=str(ACTIONS["changed"]),
            field=str(FIELD_LABELS.get(change.field or "", change.field or "")),
            before=_value(plan, change.field, change.before),
            after=_value(plan, change.field, change.after),
        )
    return ChangeView(
        where=_where(change),
        action=str(ACTIONS[change.action]),
        field="",
        before=change.title if change.action == "removed" else "",
        after=change.title if change.action == "added" else "",
    )


def revision_history(plan: CtiPlan) -> list[HistoryEntry]:
    """Newest first: each revision with the changes since the one before it."""
    revisions = list(plan.revisions.select_related("saved_by").order_by("number"))
    entries = []
    previous: dict[str, Any] | None = None
    for revision in revisions:
        changes = (
            [] if previous is None else [change_view(plan, c) for c in plan_diff(previous, revision.snapshot)]
        )
        achieved, total = progress(revision.snapshot)
        entries.append(HistoryEntry(revision=revision, changes=changes, achieved=achieved, total=total))
        previous = revision.snapshot
    entries.reverse()
    return entries
