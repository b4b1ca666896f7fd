"""The systemd units in deploy/systemd/ name real jobs, and systemd kills a run before its claim
counts as stale (so a run taken over by another server is never still running)."""

from __future__ import annotations

import configparser
import datetime as dt
import re
from pathlib import Path

import pytest

from overgang.scheduler.jobs import JOBS

UNITS = Path(__file__).resolve().parents[3] / "deploy" / "systemd"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


def seconds(span: str) -> int:
    units = {"h": 3600, "min": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)(h|min|s)", span))


@pytest.mark.parametrize("name", list(JOBS))
def test_each_job_has_a_timer_and_a_service_that_runs_it(name: str) -> None:
    service = unit(UNITS / f"overgang-{name}.service")
    timer = unit(UNITS / f"overgang-{name}.timer")

    assert service["Service"]["ExecStart"].endswith(f"manage.py run_job {name}")
    assert service["Service"]["Type"] == "oneshot"
    assert timer["Timer"]["OnCalendar"].endswith("Europe/Copenhagen")
    timeout = dt.timedelta(seconds=seconds(service["Service"]["TimeoutStartSec"]))
    assert dt.timedelta(0) < timeout < JOBS[name].stale_after


def test_the_digest_starts_on_monday_at_six() -> None:
    assert unit(UNITS / "overgang-digest.timer")["Timer"]["OnCalendar"].startswith("Mon *-*-* 06")
