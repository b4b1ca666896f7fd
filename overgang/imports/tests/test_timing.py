"""How long an import of 2,000 rows takes: printed, never asserted (a busy machine is no failure).

Runs only when asked: IMPORT_TIMING=1 pytest overgang/imports/tests/test_timing.py -s
"""

import os
import time

import pytest
from django.db import connection

from overgang.courses.models import Course
from overgang.imports.services import check_rows, import_batch

pytestmark = pytest.mark.skipif(os.environ.get("IMPORT_TIMING") != "1", reason="set IMPORT_TIMING=1 to time")

ROWS = 2000


def test_time_an_import_of_2000_rows(alice, bob, homelessness, make_batch, today):
    rows = []
    for i in range(ROWS):
        cpr = f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}{60 + i // 336:02d}{1000 + i:04d}"
        phase = i % 4
        dates = ["01-10-2026" if phase == 0 else "02-03-2026", "", "", "", "", ""]
        if phase >= 1:
            dates[1] = "23-03-2026"
        if phase >= 2:
            dates[2] = "22-06-2026"
        if phase == 3:
            dates[3], dates[4], dates[5] = "", "05-07-2026", "Moved to another municipality"
        rows.append(
            [f"Borger{i} Tidtagning", cpr, "alice" if i % 2 else "Bob Testsen", dates[0], *dates[1:], ""]
        )
    batch = make_batch(alice, homelessness, rows)
    started = time.perf_counter()
    summary = check_rows(batch, today=today)
    checked = time.perf_counter()
    assert summary.errors == 0, [r.errors for r in summary.rows if r.errors][:3]
    batch = import_batch(batch=batch, actor=alice, today=today)
    finished = time.perf_counter()
    assert batch.created == ROWS and Course.objects.count() == ROWS
    print(
        f"\n[{connection.vendor}] {ROWS} rows: preview check {checked - started:.2f} s, "
        f"import (check again + write) {finished - checked:.2f} s"
    )
