"""The course's intensity at a glance, for the course page: `{% intensity_summary course %}`.

Formatting and gathering only: the figures come from the journal's selectors and the pure core
(overgang/method/intensity.py). Two queries: the course's contacts that took place, and its last one.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overgang.courses.models import Course
from overgang.journal.selectors import course_intensity, last_contact_days
from overgang.method.clock import Period, period_on
from overgang.method.intensity import MANUAL_RATIO, Intensity, NormCheck, course_norm_check

register = template.Library()


def _period_in_sentence(period: Period) -> str:
    """The period as it reads inside a sentence ("the norm in phase 2")."""
    return {
        Period.CONTACT: _("the contact period"),
        Period.PHASE_1: _("phase 1"),
        Period.PHASE_2: _("phase 2"),
        Period.PHASE_3: _("phase 3"),
    }[period]


def _every(days: int) -> str:
    return ngettext("every day", "every %(days)d days", days) % {"days": days}


def _ago(days: int) -> str:
    if days == 0:
        return _("today")
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}


@register.filter
def norm_text(check: NormCheck | None) -> str:
    """'Last contact 9 days ago; the norm in phase 2 is every 14 days.'"""
    if check is None:
        return ""
    values = {
        "ago": _ago(check.days_since),
        "period": _period_in_sentence(check.period),
        "norm": _every(check.norm_days),
    }
    if check.last_contact is None:
        return _("No contact registered yet: %(period)s started %(ago)s; the norm is %(norm)s.") % values
    return _("Last contact %(ago)s; the norm in %(period)s is %(norm)s.") % values


@register.filter
def norm_over_text(check: NormCheck | None) -> str:
    """'5 days over the norm', or '' when the course is within it."""
    if check is None or not check.behind:
        return ""
    return ngettext("%(days)d day over the norm", "%(days)d days over the norm", check.days_over) % {
        "days": check.days_over
    }


def ratio_rows(intensity: Intensity) -> list[tuple[Period, Any, Any]] | None:
    """(phase, the manual's share, the measured share) for phases 1 to 3, or None while unknown."""
    ratio = intensity.ratio
    if ratio is None:
        return None
    return [(period, MANUAL_RATIO[period], ratio.get(period)) for period in MANUAL_RATIO]


@register.inclusion_tag("journal/_intensity_summary.html")
def intensity_summary(course: Course) -> dict[str, Any]:
    """A compact card: hours per week in the current period, the ratio against 4 : 2 : 1 when known,
    the contact-norm status and a link to the journal."""
    today = timezone.localdate()
    dates = course.clock_dates()
    period = period_on(dates, today)
    intensity = course_intensity(course, today=today)
    last_contact = last_contact_days([course.pk]).get(course.pk)
    check = course_norm_check(
        dates, norms=course.programme.contact_norm_days(), last_contact=last_contact, today=today
    )
    return {
        "course": course,
        "period": period,
        "current": intensity.of(period) if period is not None else None,
        "ratio_rows": ratio_rows(intensity),
        "norm": check,
    }
