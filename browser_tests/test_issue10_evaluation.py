"""The administrator makes the pseudonymised evaluation extract from the menu, and it holds no name."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import DOWNLOAD_TIMEOUT, danish, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_administrator_downloads_the_extract(
    page: Any, municipality: Any, alice: Any, homelessness: Any, make_course: Any, settings: Any
) -> None:
    from conftest import _user

    settings.OVERGANG_EVALUATION_KEY = "e" * 40
    course = make_course(alice, homelessness, first_name="Vibeke", last_name="Vestergaard")
    ada = _user("ada", municipality, "administrator")
    log_in(page, ada)

    page.get_by_test_id("evaluation-link").click()
    expect(page.locator("h1")).to_have_text(danish("Evaluation extract"))
    screenshot(page, "evaluation-extract", phone=True)
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        page.get_by_test_id("evaluation-download").click()
    content = Path(info.value.path()).read_bytes()

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        courses = list(csv.DictReader(io.StringIO(archive.read("courses.csv").decode())))
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert [row["municipality_code"] for row in courses] == [municipality.code]
    assert courses[0]["referral_date"] == course.referral_date.isoformat()
    assert "Vibeke" not in everything and course.citizen.cpr not in everything
