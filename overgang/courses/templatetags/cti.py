"""Display helpers for CTI values. Formatting only: no rules live here."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from overgang.courses.timeline import period_label
from overgang.method.clock import Flag, Period, Timeliness, TimelinessStatus

register = template.Library()


@register.filter
def period_name(period: Period | None) -> str:
    return period_label(period)


@register.filter
def transition_name(period: Period | None) -> str:
    return _("End") if period is Period.ENDED else period_label(period)


@register.filter
def number(value: Fraction | float | None, places: int = 1) -> str:
    """1.5 as '1,5' in Danish: exact fractions shown with at most `places` decimals."""
    if value is None:
        return "—"
    text = f"{float(value):.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if (get_language() or "da").startswith("da") else text


@register.filter
def percent(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return f"{round(float(value) * 100)} %"


@register.filter
def bar_width(point: Any, scale: Fraction) -> float:
    """Height of a forecast bar as a percentage of the chart's scale."""
    if not scale:
        return 0.0
    return round(min(1.0, float(point.load / scale)) * 100, 1)


@register.filter
def timeliness_text(value: Timeliness | None) -> str:
    if value is None:
        return ""
    if value.status is TimelinessStatus.ON_TIME:
        return _("on time")
    if value.status is TimelinessStatus.EARLY:
        return ngettext("%(days)d day early", "%(days)d days early", value.days) % {"days": value.days}
    return ngettext("%(days)d day late", "%(days)d days late", value.days) % {"days": value.days}


@register.filter
def days_text(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}
    return ngettext("%(days)d day ago", "%(days)d days ago", -days) % {"days": -days}


FLAG_STYLES = {
    Flag.OVERDUE: "badge-error",
    Flag.LATE: "badge-warning",
    Flag.PAUSED: "badge-info",
    Flag.LONG_PAUSE: "badge-warning",
    Flag.LONG_CONTACT_PERIOD: "badge-warning",
}


@register.inclusion_tag("courses/_flags.html")
def flag_badges(schedule: Any) -> dict[str, Any]:
    labels = {
        Flag.OVERDUE: _("Overdue transition"),
        Flag.LATE: _("Late transition"),
        Flag.PAUSED: _("Paused"),
        Flag.LONG_PAUSE: _("Pause over 14 days"),
        Flag.LONG_CONTACT_PERIOD: _("Long contact period"),
    }
    return {"flags": [(FLAG_STYLES[Flag(f)], f, labels[Flag(f)]) for f in schedule.flags]}
