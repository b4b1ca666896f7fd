"""Team figures: a dashboard per programme or for the municipality over a chosen period, and the
courses behind each figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.courses.access import programmes_visible_to, refuse_job_consultants
from overgang.courses.models import EndReason
from overgang.courses.templatetags.cti import percent
from overgang.courses.timeline import period_label
from overgang.figures.selectors import (
    course_workers,
    drill_down_rows,
    figure_courses,
    figure_facts,
    figures_for,
    figures_of,
)
from overgang.method.clock import LONG_PAUSE_DAYS, Period
from overgang.method.dates import add_months
from overgang.method.figures import (
    ALL,
    CaseloadPoint,
    DateRange,
    Figures,
    Group,
    LengthGroup,
    TransitionGroup,
    WorkerCaseloadFigure,
)
from overgang.programmes.models import Programme

MAX_PERIOD_DAYS = 3 * 366  # three years, leap days included


def default_period(today: dt.date) -> DateRange:
    """The last 12 months up to today."""
    return DateRange(add_months(today, -12), today)


def _parse_day(text: str) -> dt.date:
    return dt.datetime.strptime(text.strip(), "%Y-%m-%d").date()


def parse_period(start: str, end: str, *, today: dt.date) -> tuple[DateRange, str | None]:
    """The period from the query string, or the default and an error saying why it was not used.

    A missing day takes its default; figures are made from realised dates, so the period cannot
    end after today.
    """
    default = default_period(today)
    try:
        first = _parse_day(start) if start.strip() else default.start
        last = _parse_day(end) if end.strip() else default.end
    except ValueError:
        return default, _(
            "The dates were not understood: write them as YYYY-MM-DD. The last 12 months are shown."
        )
    if first > last:
        return default, _("The period must start before it ends. The last 12 months are shown.")
    if last > today:
        return default, _("The period cannot end after today. The last 12 months are shown.")
    if (last - first).days > MAX_PERIOD_DAYS:
        return default, _("Choose a period of at most three years. The last 12 months are shown.")
    return DateRange(first, last), None


@dataclass(frozen=True)
class FigureFilters:
    programmes: list[Programme]
    programme: Programme | None
    period: DateRange
    errors: tuple[str, ...]
    # The filters as a query string, for the drill-down links (made once: the dashboard has a link
    # per figure, worker and week).
    query: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        query = urlencode(
            {
                "programme": self.programme.pk if self.programme else "",
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            }
        )
        object.__setattr__(self, "query", query)


def figure_filters(request: HttpRequest) -> FigureFilters:
    """The programme and period from the query string, each checked; what fails falls back to the
    default with a message."""
    today = timezone.localdate()
    programmes = list(programmes_visible_to(request.user).order_by("name"))
    errors: list[str] = []
    programme = None
    chosen = request.GET.get("programme", "").strip()
    if chosen:
        programme = next((p for p in programmes if str(p.pk) == chosen), None)
        if programme is None:
            errors.append(_("That programme is not one of yours. The figures cover all your programmes."))
    period, error = parse_period(request.GET.get("start", ""), request.GET.get("end", ""), today=today)
    if error:
        errors.append(error)
    return FigureFilters(programmes=programmes, programme=programme, period=period, errors=tuple(errors))


# Labels ---------------------------------------------------------------------------------------------


def _period_name(key: str) -> str:
    return period_label(Period(key))


def transition_label(key: str) -> str:
    return {
        "phase_2": _("Into phase 2"),
        "phase_3": _("Into phase 3"),
        "ended": _("End, completed as planned"),
        ALL: _("All transitions"),
    }[key]


def length_label(key: str) -> str:
    return _("Contact period") if key == "contact" else _period_name(key)


def reason_label(key: str) -> str:
    if key == "early":
        return _("Ended early, all reasons")
    if key == ALL:
        return _("All ended courses")
    return str(EndReason(key).label) if key in EndReason.values else key


def status_label(status: str) -> str:
    return {"on_time": _("on time"), "early": _("early"), "late": _("late")}[status]


def figure_title(figure: str, key: str, figures: Figures, workers: dict[int, User]) -> str:
    """A heading for the courses behind one figure (the figure and key are known to exist)."""
    period = figures.period
    if figure == "active":
        what = _("all periods") if key == ALL else _period_name(key)
        return _("Active courses on %(date)s: %(what)s") % {
            "date": period.end.strftime("%d-%m-%Y"),
            "what": what,
        }
    if figure == "transitions":
        target, _sep, status = key.partition(":")
        what = transition_label(target) + (f", {status_label(status)}" if status else "")
        return _("Transitions realised in the period: %(what)s") % {"what": what}
    if figure == "lengths":
        return _("Ended in the period and counted in the median length: %(what)s") % {
            "what": length_label(key)
        }
    if figure == "ended":
        return _("Courses ended in the period: %(what)s") % {"what": reason_label(key)}
    if figure == "pauses":
        what = {
            ALL: _("all"),
            "long": _("over %(days)d days") % {"days": LONG_PAUSE_DAYS},
            "open": _("not resumed at the end of the period"),
        }[key]
        return _("Courses with pauses started in the period: %(what)s") % {"what": what}
    worker_key, _sep, day = key.partition(":")
    worker = workers.get(int(worker_key))
    name = str(worker) if worker is not None else worker_key
    if day:
        return _("Caseload of %(name)s in the week from %(date)s") % {
            "name": name,
            "date": dt.date.fromisoformat(day).strftime("%d-%m-%Y"),
        }
    return _("Caseload of %(name)s in the period") % {"name": name}


# What the dashboard shows ---------------------------------------------------------------------------


def width_ratio(value: Fraction | int, max_value: Fraction | int, max_width: int) -> str:
    """What `{% widthratio value max_value max_width %}` renders, for values computed in Python."""
    try:
        return str(round(float(value) / float(max_value) * max_width))
    except ZeroDivisionError:
        return "0"


@dataclass(frozen=True)
class WorkerRow:
    """A worker's caseload row. The weekly chart and table are made on demand (`worker_weeks`):
    the dashboard lists every worker, their weeks open one worker at a time (issue 9)."""

    worker: User | None
    worker_id: int
    figure: WorkerCaseloadFigure
    courses_query: str  # the filters' query string, for the links to the courses behind a week

    @cached_property
    def scale(self) -> Fraction:
        """The top of the chart: full capacity, or the peak when it is above."""
        return max(self.figure.peak, Fraction(1))

    @cached_property
    def capacity_height(self) -> str:
        """The capacity line in the chart's 60 units."""
        return width_ratio(1, self.scale, 60)

    @cached_property
    def bars(self) -> SafeString:
        return week_bars(self.figure.points, self.scale)

    @cached_property
    def week_rows(self) -> SafeString:
        return week_rows(self.worker_id, self.figure.points, courses_query=self.courses_query)


def worker_row(
    worker: User | None, worker_id: int, figure: WorkerCaseloadFigure, *, courses_query: str
) -> WorkerRow:
    """A worker's caseload row. The markup of the weekly bars and table rows is made in Python:
    one of each per week, too many for the template engine at national scale (issue 9)."""
    return WorkerRow(worker=worker, worker_id=worker_id, figure=figure, courses_query=courses_query)


def _chart_class(point: CaseloadPoint) -> str:
    return "og-chart-over" if point.over_capacity else "og-chart-bar"


def week_bars(points: Sequence[CaseloadPoint], scale: Fraction) -> SafeString:
    """One bar per week, its height the utilisation against `scale` in 60 units."""
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            f'<rect x="{n * 6}" y="0" width="5" height="{width_ratio(point.utilisation, scale, 60)}" '
            f'class="{_chart_class(point)}"><title>{escape(point.day.strftime("%d-%m-%Y"))}: '
            f"{escape(percent(point.utilisation))}</title></rect>"
            for n, point in enumerate(points)
        )
    )


def week_rows(worker_id: int, points: Sequence[CaseloadPoint], *, courses_query: str) -> SafeString:
    """The week-by-week table's rows: the week, the use and a link to the courses behind it."""
    week_label = escape(_("Week from"))
    capacity_label = escape(_("Of capacity"))
    courses_label = escape(_("Courses"))
    over = escape(_("over"))
    see = escape(_("see the courses"))
    url = escape(reverse("figures:courses"))
    query = escape(courses_query)
    rows = []
    for point in points:
        day = escape(point.day.strftime("%d-%m-%Y"))
        key = f"{worker_id}:{point.day.isoformat()}"
        count = len(point.course_ids)
        courses = (
            f'<a href="{url}?figure=caseload&amp;key={escape(quote(key))}&amp;{query}" '
            f'data-figure="caseload" data-key="{escape(key)}">{count}<span class="sr-only"> – '
            f"{see}: {day}</span></a>"
            if count
            else "0"
        )
        rows.append(
            "\n        <tr>\n"
            f'          <td data-label="{week_label}">{day}</td>\n'
            f'          <td data-label="{capacity_label}">{escape(percent(point.utilisation))}'
            f"{f' ({over})' if point.over_capacity else ''}</td>\n"
            f'          <td data-label="{courses_label}">{courses}\n</td>\n'
            "        </tr>\n      "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


def dashboard_sections(figures: Figures, workers: dict[int, User], *, query: str = "") -> dict[str, Any]:
    """The figures with their labels, in the order the page shows them; `query` is the filters' query
    string, for the links to the courses behind the weekly figures."""
    worker_rows = [
        worker_row(workers.get(w.worker_id), w.worker_id, w, courses_query=query)
        for w in figures.caseload.workers
    ]
    worker_rows.sort(key=lambda row: (str(row.worker or ""), row.worker_id))
    active: list[tuple[str, Group]] = [(_period_name(g.key), g) for g in figures.active.by_period]
    transitions: list[tuple[str, TransitionGroup]] = [
        (transition_label(g.key), g) for g in figures.transitions.by_transition
    ]
    lengths: list[tuple[str, LengthGroup]] = [(length_label(g.key), g) for g in figures.lengths.groups]
    ended: list[tuple[str, Group]] = [(reason_label(g.key), g) for g in figures.ended.by_reason]
    return {
        "active_rows": active,
        "transition_rows": transitions,
        "length_rows": lengths,
        "ended_rows": ended,
        "worker_rows": worker_rows,
    }


def _scope_text(user: Any, programme: Programme | None) -> str:
    role = getattr(user, "role", "")
    if role == Role.WORKER:
        return _("Your own courses.")
    if programme is not None:
        return _("The courses of %(programme)s that you may see.") % {"programme": programme.name}
    if role == Role.COORDINATOR:
        return _("The courses of the programmes you coordinate.")
    return _("All the municipality's courses.")


@login_required
@require_GET
@refuse_job_consultants
def dashboard(request: HttpRequest) -> HttpResponse:
    filters = figure_filters(request)
    facts, workers = figure_facts(request.user, period=filters.period, programme=filters.programme)
    figures = figures_of(facts, period=filters.period, workers=workers)
    return render(
        request,
        "figures/dashboard.html",
        {
            "filters": filters,
            "figures": figures,
            "scope": _scope_text(request.user, filters.programme),
            "long_pause_days": LONG_PAUSE_DAYS,
            **dashboard_sections(figures, workers, query=filters.query),
        },
    )


@login_required
@require_GET
@refuse_job_consultants
def figure_course_list(request: HttpRequest) -> HttpResponse:
    """The courses behind one figure, recomputed with the same filters and the same access."""
    filters = figure_filters(request)
    courses = figure_courses(request.user, period=filters.period, programme=filters.programme)
    figures = figures_for(courses, period=filters.period)
    figure = request.GET.get("figure", "")
    key = request.GET.get("key", "")
    course_ids = figures.course_ids(figure, key)
    if course_ids is None:
        raise Http404
    workers = course_workers(courses)
    audit_record(
        actor=request.user,
        action="figures.courses_viewed",
        municipality_id=request.user.municipality_id,  # type: ignore[union-attr]
        after={"figure": figure, "key": key, "courses": len(course_ids)},
    )
    return render(
        request,
        "figures/course_list.html",
        {
            "filters": filters,
            "title": figure_title(figure, key, figures, workers),
            "rows": drill_down_rows(courses, course_ids, day=filters.period.end),
            "course_ids": course_ids,
        },
    )


@login_required
@require_GET
@refuse_job_consultants
def worker_weeks(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """One worker's weekly caseload use, with the dashboard's filters: the fragment the dashboard
    opens (htmx), or a page of its own without JavaScript. Computed from the courses that worker
    has held, which give exactly the dashboard's figures for them."""
    filters = figure_filters(request)
    facts, workers = figure_facts(
        request.user, period=filters.period, programme=filters.programme, held_by=worker_pk
    )
    figure = figures_of(facts, period=filters.period, workers=workers).caseload.worker(worker_pk)
    if figure is None:
        raise Http404  # no course of theirs that this user may see in the period
    row = worker_row(workers.get(worker_pk), worker_pk, figure, courses_query=filters.query)
    template = (
        "figures/_worker_weeks.html" if request.headers.get("HX-Request") else "figures/worker_weeks.html"
    )
    return render(request, template, {"row": row, "filters": filters})
