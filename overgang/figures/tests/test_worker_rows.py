"""The dashboard's weekly bars and table rows, made in Python for speed (issue 9), are the markup
the template made from the same figures: the original template loops are rendered here and compared
byte for byte, in Danish and in English."""

import datetime as dt
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from overgang.figures.views import week_bars, week_rows, width_ratio, worker_row
from overgang.method.figures import CaseloadPoint, WorkerCaseloadFigure

# The loops as dashboard.html had them before the markup moved into views.py.
TEMPLATE_BARS = Template(
    "{% load cti %}{% for point in points %}"
    '<rect x="{% widthratio forloop.counter0 1 6 %}" y="0" width="5" '
    'height="{% widthratio point.utilisation scale 60 %}" '
    'class="{% if point.over_capacity %}og-chart-over{% else %}og-chart-bar{% endif %}">'
    '<title>{{ point.day|date:"d-m-Y" }}: {{ point.utilisation|percent }}</title></rect>{% endfor %}'
)
TEMPLATE_ROWS = Template(
    "{% load i18n cti %}{% for point in points %}\n"
    "        <tr>\n"
    """          <td data-label="{% translate 'Week from' %}">{{ point.day|date:"d-m-Y" }}</td>\n"""
    """          <td data-label="{% translate 'Of capacity' %}">{{ point.utilisation|percent }}"""
    """{% if point.over_capacity %} ({% translate "over" %}){% endif %}</td>\n"""
    """          <td data-label="{% translate 'Courses' %}">{% with key=worker_id|stringformat:"d"|add:":"|"""
    """add:point.day.isoformat label=point.day|date:"d-m-Y" %}{% include "figures/_count.html" with """
    """figure="caseload" count=point.course_ids|length %}{% endwith %}</td>\n"""
    "        </tr>\n"
    "      {% endfor %}"
)

QUERY = "programme=3&start=2026-01-05&end=2026-03-01"
MONDAY = dt.date(2026, 1, 5)


def points(fte: Fraction) -> tuple[CaseloadPoint, ...]:
    loads = [Fraction(0), Fraction(1, 3), Fraction(21, 20), Fraction(7, 8), Fraction(5, 2), Fraction(1)]
    return tuple(
        CaseloadPoint(
            day=MONDAY + dt.timedelta(weeks=n),
            load=load,
            fte=fte,
            course_ids=tuple(range(10, 10 + n)),
        )
        for n, load in enumerate(loads)
    )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("fte", [Fraction(1), Fraction(3, 4), Fraction(1, 3)])
def test_the_weekly_markup_is_what_the_template_made(language, fte):
    figure = WorkerCaseloadFigure(worker_id=42, fte=fte, points=points(fte))
    scale = max(figure.peak, Fraction(1))
    context = {
        "points": figure.points,
        "scale": scale,
        "worker_id": 42,
        "filters": SimpleNamespace(query=QUERY),
    }
    with translation.override(language):
        assert week_bars(figure.points, scale) == TEMPLATE_BARS.render(Context(context))
        rows = week_rows(42, figure.points, courses_query=QUERY)
        assert rows == TEMPLATE_ROWS.render(Context(context))
    assert 'data-key="42:2026-01-12"' in rows
    assert "key=42%3A2026-01-12&amp;programme=3&amp;start=2026-01-05" in rows


def test_a_week_without_courses_shows_zero_without_a_link():
    figure = WorkerCaseloadFigure(worker_id=1, fte=Fraction(1), points=points(Fraction(1))[:1])
    rows = week_rows(1, figure.points, courses_query=QUERY)
    assert "<a " not in rows
    assert ">0\n</td>" in rows


@pytest.mark.parametrize(
    ("value", "maximum", "width"),
    [
        (0, 1, 60),
        (1, 1, 60),
        (Fraction(1, 3), Fraction(21, 20), 60),
        (1, Fraction(5, 2), 60),
        (1, 0, 60),
        (5, 1, 6),
    ],
)
def test_width_ratio_is_the_widthratio_tag(value, maximum, width):
    tag = Template("{% widthratio value maximum width %}")
    expected = tag.render(Context({"value": value, "maximum": maximum, "width": width}))
    assert width_ratio(value, maximum, width) == expected


def test_the_chart_scale_is_capacity_or_the_peak_above_it():
    under = WorkerCaseloadFigure(worker_id=1, fte=Fraction(1), points=points(Fraction(1))[:2])
    over = WorkerCaseloadFigure(worker_id=1, fte=Fraction(1), points=points(Fraction(1)))
    assert worker_row(None, 1, under, courses_query=QUERY).scale == 1
    row = worker_row(None, 1, over, courses_query=QUERY)
    assert row.scale == Fraction(5, 2)
    assert row.capacity_height == "24"  # 1 / 2.5 × 60
