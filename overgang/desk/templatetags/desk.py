"""Alerts on the page: their words, and the overview's alert panel.

The rules live in overgang.method.alerts and the reads in desk.selectors; the panel is a tag so the
courses app can show it without depending on the desk app.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overgang.courses.access import user_is_job_consultant
from overgang.courses.timeline import period_label
from overgang.desk.selectors import alerts_for
from overgang.method.alerts import Alert, AlertCode, Severity
from overgang.method.clock import Period

register = template.Library()


@register.filter
def alert_text(alert: Alert) -> str:
    days = alert.days or 0
    to = _("the end") if alert.to is Period.ENDED else period_label(alert.to).lower() if alert.to else ""
    date = alert.due.strftime("%d-%m-%Y") if alert.due else ""
    if alert.code is AlertCode.TRANSITION_OVERDUE:
        return ngettext(
            "Transition to %(to)s is overdue: planned %(date)s, %(days)d day ago.",
            "Transition to %(to)s is overdue: planned %(date)s, %(days)d days ago.",
            days,
        ) % {"to": to, "date": date, "days": days}
    if alert.code is AlertCode.TRANSITION_DUE:
        if days < 0:
            return _("Transition to %(to)s was planned for %(date)s: register it.") % {"to": to, "date": date}
        return ngettext(
            "Transition to %(to)s is due on %(date)s, in %(days)d day.",
            "Transition to %(to)s is due on %(date)s, in %(days)d days.",
            days,
        ) % {"to": to, "date": date, "days": days}
    if alert.code is AlertCode.LONG_CONTACT_PERIOD:
        return _("The contact period is longer than one phase (limit %(date)s).") % {"date": date}
    if alert.code is AlertCode.LONG_PAUSE:
        return _("Paused since %(date)s: %(days)d days, more than the advised 14.") % {
            "date": date,
            "days": days,
        }
    if alert.code is AlertCode.OPEN_PAUSE:
        return _("Paused since %(date)s. Plan when the course resumes.") % {"date": date}
    if alert.code is AlertCode.NO_CONTACT:
        return _("No registered contact with the citizen since %(date)s.") % {"date": date}
    if alert.code is AlertCode.OVER_CAPACITY:
        return _("The caseload is above capacity.")
    if alert.code is AlertCode.OVER_CAPACITY_SOON:
        return _("The caseload goes above capacity on %(date)s.") % {"date": date}
    if alert.code is AlertCode.NO_HANDOVER:
        return _("Fewer than 30 days to the planned end (%(date)s) and no handover meeting.") % {"date": date}
    if alert.code is AlertCode.NO_SUPPORT_DECISION:
        return _(
            "Fewer than 30 days to the planned end (%(date)s) and no decision on mentor or § 85 support."
        ) % {"date": date}
    if alert.code is AlertCode.NO_SUPERVISION:
        return ngettext(
            "No supervision session since %(date)s: %(days)d day.",
            "No supervision session since %(date)s: %(days)d days.",
            days,
        ) % {"date": date, "days": days}
    return str(alert.code)


@register.filter
def severity_badge(alert: Alert) -> str:
    return {Severity.CRITICAL: "badge-error", Severity.WARNING: "badge-warning"}.get(
        alert.severity, "badge-info"
    )


@register.filter
def severity_text(alert: Alert) -> str:
    return {
        Severity.CRITICAL: _("Act now"),
        Severity.WARNING: _("Soon"),
    }.get(alert.severity, _("For your information"))


CHART_BOTTOM = 90
CHART_HEIGHT = 80


def _scale(entry: object) -> float:
    peak = float(getattr(entry, "peak", 0))
    capacity = float(entry.now.capacity)  # type: ignore[attr-defined]
    return max(peak, capacity, 0.01)


@register.filter
def chart_height(point: object, entry: object) -> float:
    return float(point.load) / _scale(entry) * CHART_HEIGHT  # type: ignore[attr-defined]


@register.filter
def chart_y(point: object, entry: object) -> float:
    return CHART_BOTTOM - chart_height(point, entry)


@register.filter
def capacity_y(entry: object) -> float:
    return CHART_BOTTOM - float(entry.now.capacity) / _scale(entry) * CHART_HEIGHT  # type: ignore[attr-defined]


@register.filter
def multiply(value: int, factor: int) -> int:
    return int(value) * int(factor)


OVERVIEW_ALERTS = 5


@register.inclusion_tag("desk/_overview_alerts.html", takes_context=True)
def overview_alerts(context: Any) -> dict[str, Any]:
    """The most urgent alerts on the overview (for the worker it is filtered by, if any); the desk owns
    alerts, the overview only shows them."""
    request = context["request"]
    # The overview hands over the phase plan rows and the caseload board it has read already.
    items = alerts_for(
        request.user,
        today=context["today"],
        worker=context.get("selected_worker"),
        rows=context.get("alert_rows"),
        board=context.get("alert_board"),
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "alert_items": items[:OVERVIEW_ALERTS],
        "alert_count": len(items),
        "show_alerts": not user_is_job_consultant(request.user),  # the alerts are not theirs to act on
    }
