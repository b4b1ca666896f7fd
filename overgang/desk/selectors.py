"""Reads for the coordinator's desk: the live phase plan (appendix 5), alerts and the caseload board.

Everything is computed from a constant number of queries and the pure core, with `today` read once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from overgang.accounts.models import Role, User
from overgang.courses.access import courses_visible_to, user_is_job_consultant
from overgang.courses.models import CLOCK_FIELDS, Course, EndReason, Pause, clock_dates_of
from overgang.courses.prefetch import attach_children, attach_shared
from overgang.desk.models import AlertAcknowledgement
from overgang.handover.selectors import handover_alert_inputs
from overgang.journal.selectors import last_contact_days
from overgang.method.alerts import Alert, caseload_alerts, course_alerts, supervision_alerts
from overgang.method.caseload import (
    Caseload,
    CaseloadItem,
    CaseloadRule,
    forecast_with_room,
)
from overgang.method.clock import (
    NextStep,
    Period,
    Schedule,
    Timeliness,
    Transition,
    compute_schedule,
    step_status,
)
from overgang.programmes.models import Programme
from overgang.supervision.selectors import last_session_days

DUE_WINDOW_DAYS = 14


@dataclass(frozen=True)
class PhasePlanRow:
    """One line of appendix 5, with what the live plan adds."""

    course: Course
    schedule: Schedule
    alerts: tuple[Alert, ...] = field(default=())

    def _transition(self, to: Period) -> Transition | None:
        return next((t for t in self.schedule.transitions if t.to is to), None)

    @property
    def planned_phase_1(self) -> dt.date | None:
        """The contact period's limit: phase 1 at the latest."""
        return self.schedule.contact_limit

    @property
    def planned_phase_2(self) -> dt.date | None:
        return self.schedule.planned(Period.PHASE_2)

    @property
    def planned_phase_3(self) -> dt.date | None:
        return self.schedule.planned(Period.PHASE_3)

    @property
    def planned_end(self) -> dt.date | None:
        return self.schedule.planned(Period.ENDED)

    @property
    def timeliness_phase_2(self) -> Timeliness | None:
        t = self._transition(Period.PHASE_2)
        return t.timeliness if t else None

    @property
    def timeliness_phase_3(self) -> Timeliness | None:
        t = self._transition(Period.PHASE_3)
        return t.timeliness if t else None

    @property
    def timeliness_end(self) -> Timeliness | None:
        if self.course.end_reason and self.course.end_reason != EndReason.COMPLETED:
            return None  # ended early: there is no planned end to be timely against
        t = self._transition(Period.ENDED)
        return t.timeliness if t else None

    @property
    def next_transition(self) -> Transition | None:
        return self.schedule.next_transition

    @property
    def days_to_next(self) -> int | None:
        return self.schedule.days_to_next_step

    @property
    def overdue(self) -> bool:
        return self.schedule.overdue

    @property
    def due_soon(self) -> bool:
        days = self.days_to_next
        return not self.overdue and days is not None and days <= DUE_WINDOW_DAYS

    @property
    def pauses(self) -> list[Pause]:
        return list(self.course.pauses.all())

    @property
    def action_rank(self) -> tuple[int, int, str]:
        return (
            *urgency(self.schedule.period, self.days_to_next, self.overdue),
            self.course.citizen.full_name,
        )


def urgency(period: Period | None, days_to_next: int | None, overdue: bool) -> tuple[int, int]:
    """Overdue first (most overdue first), then due within 14 days, then the rest; ended last."""
    if period is Period.ENDED:
        return (4, 0)
    if overdue:
        return (0, days_to_next if days_to_next is not None else 0)
    if days_to_next is not None and days_to_next <= DUE_WINDOW_DAYS:
        return (1, days_to_next)
    if days_to_next is not None:
        return (2, days_to_next)
    return (3, 0)


PERIOD_FILTERS = ("referred", "contact", "phase_1", "phase_2", "phase_3", "ended")

# What the plan's order needs of a course, read as plain values: no model, no clock.
_ORDER_FIELDS = (
    "pk",
    "programme_id",
    *CLOCK_FIELDS,
    "next_step_on",
    "next_step_paused_from",
    "citizen__first_name",
    "citizen__last_name",
)


def phase_plan_order(
    courses: QuerySet[Course],
    *,
    today: dt.date,
    period: str | None = None,
    programmes: Iterable[Programme],
) -> dict[int, list[int]]:
    """The courses' primary keys per programme, in the phase plan's order (`PhasePlanRow.action_rank`).

    A page of a big plan needs the order of every course but the rows of only a hundred: the order
    comes from each course's stored `NextStep` (kept by `Course.save` and the pause receivers) and
    its realised dates, one query of plain values, without building a course or its schedule.
    """
    tolerance = {programme.pk: programme.tolerance_days for programme in programmes}
    keyed: dict[int, list[tuple[int, int, str, int]]] = {pk: [] for pk in tolerance}
    for row in courses.filter(programme__in=list(tolerance)).values_list(*_ORDER_FIELDS):
        pk, programme_id, *clock, step_on, paused_from, first_name, last_name = row
        # No pauses: the stored step has already counted them.
        dates = clock_dates_of(*clock, pauses=(), tolerance_days=tolerance[programme_id])
        now, days, overdue = step_status(dates, NextStep(step_on, paused_from), today=today)
        if period and str(now) != period:
            continue
        name = f"{first_name} {last_name}".strip()
        keyed[programme_id].append((*urgency(now, days, overdue), name, pk))
    return {programme_id: [key[-1] for key in sorted(keys)] for programme_id, keys in keyed.items()}


def attach_pauses(courses: Iterable[Course]) -> list[Course]:
    """The courses with their pauses in place, as `prefetch_related("pauses")` leaves them: one query
    (`overgang.courses.prefetch`)."""
    return attach_children(courses, "pauses", Pause.objects.all())


def attach_programmes(courses: list[Course], known: Iterable[Programme] = ()) -> list[Course]:
    """Each course's programme, one shared instance per programme: those `known` already, the
    others read in one query. `select_related("programme")` would build a programme (and decode
    its JSON settings) per row."""
    return attach_shared(courses, "programme", Programme._base_manager.all(), known=known)


def phase_plan_courses(
    user: Any,
    *,
    programme: Programme | None = None,
    worker: User | None = None,
    include_ended: bool = False,
) -> QuerySet[Course]:
    courses = courses_visible_to(user)
    if programme is not None:
        courses = courses.filter(programme=programme)
    if worker is not None:
        courses = courses.filter(worker=worker)
    if not include_ended:
        courses = courses.filter(end_date__isnull=True)
    return courses


def phase_plan_rows(
    courses: QuerySet[Course],
    *,
    today: dt.date,
    period: str | None = None,
    programmes: Iterable[Programme] = (),
) -> list[PhasePlanRow]:
    """The courses' rows, most urgent first. `programmes`: instances the caller has already."""
    rows = []
    course_list = attach_programmes(
        attach_pauses(courses.select_related("citizen", "worker")), known=programmes
    )
    last_contacts = last_contact_days(course.pk for course in course_list)
    # Whether a handover meeting and (job courses) the support decision are registered: one query.
    handover_inputs = handover_alert_inputs(course.pk for course in course_list)
    for course in course_list:
        schedule = compute_schedule(course.clock_dates(), today=today)
        if period and str(schedule.period) != period:
            continue
        # No contact yet: the silence is counted from the day the course started.
        last_contact = last_contacts.get(course.pk) or course.contact_start or course.phase_1_start
        alerts = course_alerts(
            course.pk,
            schedule,
            last_contact=last_contact,
            handover_registered=handover_inputs.get(course.pk, (False, None))[0],
            support_decision_registered=handover_inputs.get(course.pk, (False, None))[1],  # None: not job
        )
        rows.append(PhasePlanRow(course=course, schedule=schedule, alerts=tuple(alerts)))
    rows.sort(key=lambda row: row.action_rank)
    return rows


def phase_plan_sections_for(
    user: Any,
    *,
    programmes: list[Programme],
    today: dt.date,
    worker: User | None = None,
    period: str | None = None,
    include_ended: bool = False,
) -> list[tuple[Programme, list[PhasePlanRow]]]:
    """The user's phase plan, one section per programme, as the page, the exports and the digest show it.

    The rows of every programme are read together (the same few queries for one programme or
    ten), then split by programme, each keeping the most-urgent-first order."""
    rows = phase_plan_rows(
        phase_plan_courses(user, worker=worker, include_ended=include_ended).filter(
            programme__in=[programme.pk for programme in programmes]
        ),
        today=today,
        period=period,
        programmes=programmes,
    )
    by_programme: dict[int, list[PhasePlanRow]] = {programme.pk: [] for programme in programmes}
    for row in rows:
        by_programme[row.course.programme_id].append(row)
    return [(programme, by_programme[programme.pk]) for programme in programmes]


# Caseload board ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardEntry:
    worker: User
    now: Caseload
    forecast: list[Caseload]
    first_room: dt.date | None
    alerts: tuple[Alert, ...]
    courses: tuple[Course, ...] = ()

    @property
    def peak(self) -> Fraction:
        return max((p.load for p in self.forecast), default=Fraction(0))

    @property
    def chart_id(self) -> str:
        return f"forecast-{self.worker.pk}"

    @property
    def chart(self) -> dict[str, Any]:
        """The forecast as the board's chart draws it: percent of the worker's capacity per week."""
        return {
            "labels": [point.day.strftime("%d/%m") for point in self.forecast],
            "load": [round(float(point.utilisation or 0) * 100, 1) for point in self.forecast],
            "capacity": [100 for _ in self.forecast],
            "over": [point.over_capacity for point in self.forecast],
            "load_label": gettext("Load as a share of capacity"),
            "capacity_label": gettext("Capacity"),
        }


def caseload_board(
    workers: QuerySet[User], *, today: dt.date, programme: Programme | None = None
) -> list[BoardEntry]:
    """Every worker's caseload now, the 12-week forecast and the first day with room.

    Three queries whatever the number of workers: the workers, their active courses (with
    programmes), and the courses' pauses.
    """
    worker_list = list(
        workers.prefetch_related(Prefetch("programmes", queryset=Programme.objects.filter(is_active=True)))
    )
    courses = attach_programmes(
        attach_pauses(
            Course.objects.filter(worker__in=workers.values("pk"), end_date__isnull=True)
            .select_related("citizen")
            .order_by("citizen__last_name", "citizen__first_name", "pk")
        ),
        # The workers' programmes are read already; only a course in an inactive one needs a query.
        known={p.pk: p for w in worker_list for p in w.programmes.all()}.values(),
    )
    by_worker: dict[int, list[Course]] = defaultdict(list)
    for course in courses:
        by_worker[course.worker_id].append(course)
    # One rule object per programme and legal basis: the caseload sums group courses by rule.
    rules: dict[tuple[int, str], CaseloadRule] = {}

    def rule_of(course: Course) -> CaseloadRule:
        key = (course.programme_id, course.legal_basis)
        if key not in rules:
            rules[key] = course.programme.caseload_rule_for(course.legal_basis)
        return rules[key]

    entries = []
    for worker in worker_list:
        own = by_worker.get(worker.pk, [])
        items = [CaseloadItem(course_id=c.pk, dates=c.clock_dates(), rule=rule_of(c)) for c in own]
        rule_for_new = _rule_for_new(worker, own, programme)
        fte = Fraction(Decimal(worker.fte))
        points, first_room = forecast_with_room(items, fte=fte, today=today, rule_for_new=rule_for_new)
        entries.append(
            BoardEntry(
                worker=worker,
                now=points[0],
                forecast=points,
                first_room=first_room,
                alerts=tuple(caseload_alerts(worker.pk, points)),
                courses=tuple(own),
            )
        )
    return entries


def _rule_for_new(worker: User, courses: list[Course], programme: Programme | None) -> CaseloadRule | None:
    if programme is not None:
        return programme.caseload_rule_for()
    programmes = list(worker.programmes.all())
    if programmes:
        return programmes[0].caseload_rule_for()
    if courses:
        return courses[0].programme.caseload_rule_for(courses[0].legal_basis)
    return None


def next_citizen_ranking(entries: list[BoardEntry]) -> list[BoardEntry]:
    """'Who can take the next citizen': the earliest first date with room, then the lowest load."""
    far = dt.date.max
    return sorted(entries, key=lambda e: (e.first_room or far, e.now.load / e.now.capacity, e.worker.pk))


# Alerts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertItem:
    alert: Alert
    course: Course | None
    worker: User | None
    acknowledgements: tuple[AlertAcknowledgement, ...]


def alerts_for(
    user: Any,
    *,
    today: dt.date,
    programme: Programme | None = None,
    worker: User | None = None,
    rows: list[PhasePlanRow] | None = None,
    board: list[BoardEntry] | None = None,
) -> list[AlertItem]:
    """The alerts a user should see: their own courses' and caseload's, a programme's or a worker's.
    A job consultant gets none: the alerts are the CTI worker's and the coordinator's to act on.

    `rows` and `board`, when the caller has them already for the same user, programme and worker
    (the overview does), are the running courses' phase plan rows and the caseload board: not read again."""
    if user_is_job_consultant(user):
        return []
    if board is None:
        from overgang.courses.selectors import workers_visible_to

        workers = workers_visible_to(user)
        if programme is not None:
            workers = workers.filter(programmes=programme)
        if worker is not None:
            workers = workers.filter(pk=worker.pk)
        board = caseload_board(workers, today=today, programme=programme)
    if rows is None:
        courses = courses_visible_to(user).filter(end_date__isnull=True)
        if programme is not None:
            courses = courses.filter(programme=programme)
        if worker is not None:
            courses = courses.filter(worker=worker)
        # The board has read the programmes of its courses already: not read again.
        known = {course.programme_id: course.programme for entry in board for course in entry.courses}
        rows = phase_plan_rows(courses, today=today, programmes=known.values())
    found: list[tuple[Alert, Course | None, User | None]] = []
    for row in rows:
        found.extend((alert, row.course, row.course.worker) for alert in row.alerts)
    for entry in board:
        found.extend((alert, None, entry.worker) for alert in entry.alerts)
    if getattr(user, "role", None) != Role.WORKER:
        # Supervision is the coordinator's to arrange (homelessness 3.6): she, the manager and the
        # administrator see who has gone too long without it. One query for all the workers.
        last_sessions = last_session_days(entry.worker.pk for entry in board)
        for entry in board:
            # Before a first session: from when the worker started, in Overgang or with a citizen.
            started = min(
                [timezone.localtime(entry.worker.date_joined).date()]
                + [course.referral_date for course in entry.courses]
            )
            found.extend(
                (alert, None, entry.worker)
                for alert in supervision_alerts(
                    entry.worker.pk, last_sessions.get(entry.worker.pk), started, today
                )
            )
    keys = [alert.key for alert, _, _ in found]
    acks: dict[str, list[AlertAcknowledgement]] = defaultdict(list)
    for ack in AlertAcknowledgement.objects.filter(
        municipality_id=user.municipality_id, alert_key__in=keys
    ).select_related("user"):
        acks[ack.alert_key].append(ack)
    items = [
        AlertItem(alert=alert, course=course, worker=worker, acknowledgements=tuple(acks.get(alert.key, ())))
        for alert, course, worker in found
    ]
    items.sort(key=lambda item: (-item.alert.severity, item.alert.due or today))
    return items
