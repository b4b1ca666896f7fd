"""Issue 10: a coordinator imports the phase plan her team kept in a spreadsheet.

Upload, columns, a preview with one error, the corrected file, the import, and the courses on the
phase plan. Screenshots of each step go to screenshots/import-*.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import dmy, log_in, screenshot
from overgang.imports.tests.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shot(page: Any, name: str) -> None:
    """At 1280 px and at a phone's width, with the other browser tests' screenshots."""
    screenshot(page, f"import-{name}", phone=True)


def upload(page: Any, content: bytes) -> None:
    page.goto("/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "faseplan.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_test_id("upload-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("mapping-form")).to_be_visible()


def test_a_coordinator_imports_a_phase_plan_after_fixing_an_error(
    page: Any, carol: Any, alice: Any, bob: Any, homelessness: Any, today: dt.date
) -> None:
    start = dmy(today - dt.timedelta(days=40))
    phase_1 = dmy(today - dt.timedelta(days=20))
    rows = [
        ["Anna Importsen", "0101804000", "alice", start, phase_1, "", "", "", "", ""],
        ["Bent Importsen", "0101814007", "Bob Testsen", start, "", "", "", "", "", ""],
        ["Carl Importsen", "0101824014", "zoe", start, "", "", "", "", "", ""],
    ]
    log_in(page, carol)
    page.goto("/import/")
    expect(page.get_by_test_id("sample-link")).to_be_visible()
    shot(page, "1-upload")

    upload(page, csv_bytes(rows))
    expect(page.locator("#id_cpr")).to_have_value("1")  # guessed from the heading
    shot(page, "2-columns")
    page.get_by_test_id("mapping-form").locator("button[type=submit]").click()

    expect(page.get_by_test_id("count-errors")).to_have_text("1")
    expect(page.get_by_test_id("error-rows")).to_contain_text("zoe")
    expect(page.get_by_test_id("import-button")).to_be_disabled()
    shot(page, "3-preview-error")

    rows[2][2] = "alice"
    upload(page, csv_bytes(rows))
    page.get_by_test_id("mapping-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("count-new")).to_have_text("3")
    expect(page.get_by_test_id("import-button")).to_be_enabled()
    shot(page, "4-preview-ok")
    page.get_by_test_id("import-button").click()

    expect(page.get_by_test_id("import-done")).to_be_visible()
    shot(page, "5-done")
    page.get_by_test_id("to-phase-plan").click()
    plan = page.get_by_test_id("phase-plan")
    for name in ("Anna Importsen", "Bent Importsen", "Carl Importsen"):
        expect(plan).to_contain_text(name)
    shot(page, "6-phase-plan")
