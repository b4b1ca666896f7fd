"""The chart geometry: each point where its value says, and disagreement sorted by difference."""

from __future__ import annotations

from overgang.compass import charts
from overgang.compass.instruments import Dimension
from overgang.compass.selectors import RoundView

DIMS = [Dimension(key=k, label={"da": k.upper(), "en": k}) for k in ("a", "b", "c", "d")]


def view(slot="phase_1", citizen=None, worker=None):
    return RoundView(slot=slot, round=None, citizen=citizen or {}, worker=worker or {})


def test_radar_places_values_on_their_axes_from_the_centre():
    radar = charts.radar(DIMS, view(citizen={"a": 10, "c": 1}, worker={"b": 5}))
    cx, cy, r = charts.RADAR_WIDTH / 2, charts.RADAR_HEIGHT / 2, charts.RADAR_RADIUS
    citizen, worker = radar.series
    assert citizen.respondent == "citizen" and worker.respondent == "worker"
    a, c = citizen.points
    assert (a.key, a.value, float(a.x), float(a.y)) == ("a", 10, cx, cy - r)  # straight up
    assert (c.key, float(c.x), float(c.y)) == ("c", cx, round(cy + r / 10, 1))  # straight down, 1 of 10
    (b,) = worker.points
    assert (float(b.x), float(b.y)) == (cx + r / 2, cy)  # to the right, half way
    assert len(radar.rings) == 5 and len(radar.axes) == 4 and len(radar.labels) == 4


def test_long_labels_wrap_onto_lines():
    long = Dimension(key="x", label={"da": "At kvinden håndterer sit forbrug af stimulanser", "en": "x"})
    radar = charts.radar([long, *DIMS[:2]], view())
    assert len(radar.labels[0].lines) >= 2


def test_lines_have_one_point_per_round_rated():
    rounds = [
        view("contact", {"a": 2}, {"a": 3}),
        view("phase_1", {"a": 6}, {}),
        view("phase_2", {"a": 9}, {"a": 7}),
    ]
    chart = charts.lines(DIMS[:1], rounds, {"contact": "K", "phase_1": "F1", "phase_2": "F2"})[0]
    citizen, worker = chart.series
    assert [p.value for p in citizen.points] == [2, 6, 9]
    assert [p.value for p in worker.points] == [3, 7]
    assert [label for label, _x, _anchor in chart.ticks] == ["K", "F1", "F2"]
    # higher values are drawn higher up
    assert float(citizen.points[2].y) < float(citizen.points[1].y) < float(citizen.points[0].y)
    assert worker.points[1].x == citizen.points[2].x


def test_disagreement_sorts_by_absolute_difference_and_skips_half_rated():
    rows = charts.disagreements(
        DIMS, view(citizen={"a": 5, "b": 9, "c": 2, "d": 4}, worker={"a": 5, "b": 6, "c": 7})
    )
    assert [(r.dimension.key, r.difference, r.signed) for r in rows] == [
        ("c", 5, -5),
        ("b", 3, 3),
        ("a", 0, 0),
    ]
    assert float(rows[0].citizen_x) < float(rows[0].worker_x)
