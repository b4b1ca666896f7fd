"""Method-aware alerts: what needs the worker's or the coordinator's attention, and why.

Pure Python on top of the clock and the caseload: each rule names its source in the manuals.
Inputs that later capabilities provide (the contact journal's last contact, whether a handover
meeting is registered) are optional: a rule whose input is unknown (None) stays silent.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from overgang.method.caseload import Caseload
from overgang.method.clock import LONG_PAUSE_DAYS, Period, Schedule

DUE_SOON_DAYS = 14
NO_CONTACT_DAYS = 14
HANDOVER_DAYS = 30
# The job model: a decision on mentor or SEL § 85 support is made before the course ends; the alert
# gives the month before the planned end to make it.
SUPPORT_DECISION_DAYS = 30
FORECAST_ALERT_WEEKS = 4
# Homelessness 3.6 asks for regular method supervision without naming a frequency: every four weeks is
# Overgang's default interval.
SUPERVISION_INTERVAL_WEEKS = 4


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    CRITICAL = 3


class AlertCode(enum.StrEnum):
    TRANSITION_DUE = "transition_due"
    TRANSITION_OVERDUE = "transition_overdue"
    LONG_CONTACT_PERIOD = "long_contact_period"
    LONG_PAUSE = "long_pause"
    OPEN_PAUSE = "open_pause"
    NO_CONTACT = "no_contact"
    OVER_CAPACITY = "over_capacity"
    OVER_CAPACITY_SOON = "over_capacity_soon"
    NO_HANDOVER = "no_handover"
    NO_SUPERVISION = "no_supervision"
    NO_SUPPORT_DECISION = "no_support_decision"


SOURCES: dict[AlertCode, str] = {
    AlertCode.TRANSITION_DUE: "Hjemløshed 4.3.7; bilag 5 (faseplan)",
    AlertCode.TRANSITION_OVERDUE: "Hjemløshed 4.3.7 og 4.4.4; bilag 5 (faseplan)",
    AlertCode.LONG_CONTACT_PERIOD: "Hjemløshed 4.2.3",
    AlertCode.LONG_PAUSE: "Hjemløshed 3.7",
    AlertCode.OPEN_PAUSE: "Hjemløshed 3.7",
    AlertCode.NO_CONTACT: "Hjemløshed 4.2.3",
    AlertCode.OVER_CAPACITY: "Hjemløshed 3.5 (tabel 1)",
    AlertCode.OVER_CAPACITY_SOON: "Hjemløshed 3.5 (tabel 1)",
    AlertCode.NO_HANDOVER: "Hjemløshed 4.5.1",
    AlertCode.NO_SUPERVISION: "Hjemløshed 3.6",
    AlertCode.NO_SUPPORT_DECISION: "Job, indsatsmodel (bilag 2): Afsluttende møde",
}


@dataclass(frozen=True)
class Alert:
    code: AlertCode
    severity: Severity
    key: str  # stable while the situation lasts: acknowledgements attach to it
    course_id: object | None = None
    worker_id: object | None = None
    due: dt.date | None = None  # the date the alert is about
    days: int | None = None  # days overdue, days until, days long: the alert's figure
    to: Period | None = None  # the transition the alert is about

    @property
    def source(self) -> str:
        return SOURCES[self.code]


def course_alerts(
    course_id: object,
    schedule: Schedule,
    *,
    last_contact: dt.date | None = None,
    handover_registered: bool | None = None,
    support_decision_registered: bool | None = None,
) -> list[Alert]:
    """The alerts one course raises today (the schedule carries `today`).

    `support_decision_registered` is given for job-programme courses only (None elsewhere): whether
    the decision on mentor or SEL § 85 support after CTI is registered."""
    today = schedule.today
    if schedule.period in (None, Period.ENDED):
        return []
    alerts: list[Alert] = []
    for transition in schedule.transitions:
        if transition.realised is not None:
            continue
        if transition.overdue:
            alerts.append(
                Alert(
                    AlertCode.TRANSITION_OVERDUE,
                    Severity.CRITICAL,
                    key=f"{AlertCode.TRANSITION_OVERDUE}:{course_id}:{transition.to}:{transition.planned}",
                    course_id=course_id,
                    due=transition.planned,
                    days=-transition.days_until,
                    to=transition.to,
                )
            )
        elif transition.days_until <= DUE_SOON_DAYS:  # soon, or passed but within the tolerance
            alerts.append(
                Alert(
                    AlertCode.TRANSITION_DUE,
                    Severity.WARNING if transition.days_until <= 7 else Severity.INFO,
                    key=f"{AlertCode.TRANSITION_DUE}:{course_id}:{transition.to}:{transition.planned}",
                    course_id=course_id,
                    due=transition.planned,
                    days=transition.days_until,
                    to=transition.to,
                )
            )
        break  # only the next transition is actionable
    if schedule.period is Period.CONTACT and schedule.contact_too_long and schedule.contact_limit:
        alerts.append(
            Alert(
                AlertCode.LONG_CONTACT_PERIOD,
                Severity.WARNING,
                key=f"{AlertCode.LONG_CONTACT_PERIOD}:{course_id}:{schedule.contact_limit}",
                course_id=course_id,
                due=schedule.contact_limit,
                days=(today - schedule.contact_limit).days,
            )
        )
    if schedule.open_pause is not None:
        pause = schedule.open_pause
        length = pause.length_days(today=today)
        long = length > LONG_PAUSE_DAYS
        alerts.append(
            Alert(
                AlertCode.LONG_PAUSE if long else AlertCode.OPEN_PAUSE,
                Severity.WARNING if long else Severity.INFO,
                key=f"{AlertCode.LONG_PAUSE if long else AlertCode.OPEN_PAUSE}:{course_id}:{pause.start}",
                course_id=course_id,
                due=pause.start,
                days=length,
            )
        )
    if (
        last_contact is not None
        and schedule.open_pause is None  # a paused course expects no contact
        and (today - last_contact).days > NO_CONTACT_DAYS
    ):
        alerts.append(
            Alert(
                AlertCode.NO_CONTACT,
                Severity.WARNING,
                key=f"{AlertCode.NO_CONTACT}:{course_id}:{last_contact}",
                course_id=course_id,
                due=last_contact,
                days=(today - last_contact).days,
            )
        )
    planned_end = schedule.planned(Period.ENDED)
    if (
        handover_registered is False
        and planned_end is not None
        and 0 <= (planned_end - today).days < HANDOVER_DAYS
    ):
        alerts.append(
            Alert(
                AlertCode.NO_HANDOVER,
                Severity.WARNING,
                key=f"{AlertCode.NO_HANDOVER}:{course_id}:{planned_end}",
                course_id=course_id,
                due=planned_end,
                days=(planned_end - today).days,
            )
        )
    if (
        support_decision_registered is False
        and planned_end is not None
        and 0 <= (planned_end - today).days < SUPPORT_DECISION_DAYS
    ):
        alerts.append(
            Alert(
                AlertCode.NO_SUPPORT_DECISION,
                Severity.WARNING,
                key=f"{AlertCode.NO_SUPPORT_DECISION}:{course_id}:{planned_end}",
                course_id=course_id,
                due=planned_end,
                days=(planned_end - today).days,
            )
        )
    return alerts


def caseload_alerts(worker_id: object, forecast: Sequence[Caseload]) -> list[Alert]:
    """Over capacity today, or within the next four weeks of the forecast (first point is today)."""
    if not forecast:
        return []
    now = forecast[0]
    if now.over_capacity:
        return [
            Alert(
                AlertCode.OVER_CAPACITY,
                Severity.CRITICAL,
                key=f"{AlertCode.OVER_CAPACITY}:{worker_id}:{now.day.isocalendar()[:2]}",
                worker_id=worker_id,
                due=now.day,
            )
        ]
    horizon = now.day + dt.timedelta(weeks=FORECAST_ALERT_WEEKS)
    for point in forecast[1:]:
        if point.day <= horizon and point.over_capacity:
            return [
                Alert(
                    AlertCode.OVER_CAPACITY_SOON,
                    Severity.WARNING,
                    key=f"{AlertCode.OVER_CAPACITY_SOON}:{worker_id}:{point.day}",
                    worker_id=worker_id,
                    due=point.day,
                    days=(point.day - now.day).days,
                )
            ]
    return []


def supervision_alerts(
    worker_id: object,
    last_session: dt.date | None,
    started: dt.date | None,
    today: dt.date,
    interval_weeks: int = SUPERVISION_INTERVAL_WEEKS,
) -> list[Alert]:
    """No supervision session for longer than the interval (homelessness 3.6).

    Counted from the worker's last session, or, before the first, from when the worker started;
    unknown (both None) stays silent.
    """
    since = last_session or started
    if since is None:
        return []
    days = (today - since).days
    if days <= interval_weeks * 7:
        return []
    return [
        Alert(
            AlertCode.NO_SUPERVISION,
            Severity.WARNING,
            key=f"{AlertCode.NO_SUPERVISION}:{worker_id}:{since}",
            worker_id=worker_id,
            due=since,
            days=days,
        )
    ]
