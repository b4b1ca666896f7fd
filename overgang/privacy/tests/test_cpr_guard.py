"""The CPR guard fails a test run whose URLs or log lines carry a CPR number.

Each case runs pytest in a subprocess on a tiny test file with only the guard as plugin, a minimal
Django configuration and the test client, and reads the exit status and the report.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from overgang.privacy.cpr import find_cpr_numbers, mask_cpr_numbers

REPO = Path(__file__).resolve().parents[3]

PREAMBLE = """
import logging

import django
import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)
django.setup()
urlpatterns = [path("search/", lambda request: HttpResponse("ok"))]
log = logging.getLogger("planted")


def client():
    from django.test import Client

    return Client()
"""


def run_guarded(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    test_file = tmp_path / "test_planted.py"
    test_file.write_text(PREAMBLE + textwrap.dedent(body))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - our own interpreter on our own file
        [
            sys.executable,
            "-m",
            "pytest",
            str(test_file),
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-p",
            "overgang.privacy.testing.cpr_guard",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_clean_run_passes(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        def test_clean():
            assert client().get("/search/", {"q": "Andersen", "worker": "1234567890123"}).status_code == 200
            log.warning("course %s viewed by %s", 42, "alice")
        """,
    )

    assert result.returncode == 0, result.stdout
    assert "CPR guard" not in result.stdout


def test_a_cpr_number_in_a_query_string_fails_the_run(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        def test_leaks():
            assert client().get("/search/", {"q": "150585-1234"}).status_code == 200
        """,
    )

    assert result.returncode == 1, result.stdout
    assert "1 passed" in result.stdout  # the test itself passed: the guard failed the run
    assert "CPR guard" in result.stdout
    assert "[URL] test_planted.py::test_leaks: /search/?q=150585-****" in result.stdout
    assert "1505851234" not in result.stdout
    assert "150585-1234" not in result.stdout


def test_a_cpr_number_in_a_path_or_percent_encoded_fails_the_run(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        def test_leaks_in_a_path():
            assert client().get("/citizens/2902921234/").status_code == 404

        def test_leaks_percent_encoded():
            client().get("/search/?q=150585%2D1234")
        """,
    )

    assert result.returncode == 1, result.stdout
    assert "test_leaks_in_a_path: /citizens/290292-****/" in result.stdout
    assert "[URL] test_planted.py::test_leaks_percent_encoded: /search/?q=150585-****" in result.stdout
    assert "%2D1234" not in result.stdout


def test_a_cpr_number_in_a_log_line_or_a_logged_traceback_fails_the_run(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        def test_leaks_in_a_message():
            log.info("searched for %s", "1505851234")  # below the root's level: not emitted
            logging.getLogger("quiet").propagate = False
            logging.getLogger("quiet").warning("citizen %s", "150585-1234")

        def test_leaks_in_a_traceback():
            try:
                raise ValueError("duplicate key (cpr)=(1505851234)")
            except ValueError:
                log.exception("could not save")
        """,
    )

    assert result.returncode == 1, result.stdout
    assert "[log] test_planted.py::test_leaks_in_a_message: quiet: citizen 150585-****" in result.stdout
    assert "planted: searched" not in result.stdout
    assert "[log] test_planted.py::test_leaks_in_a_traceback: planted: could not save" in result.stdout
    assert "(cpr)=(150585-****)" in result.stdout
    assert "1505851234" not in result.stdout


def test_a_failing_test_keeps_its_own_exit_status_and_the_report(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        def test_leaks_and_fails():
            log.warning("citizen %s", "150585-1234")
            assert False
        """,
    )

    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "150585-****" in result.stdout


def test_a_test_marked_as_on_purpose_is_not_reported(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        @pytest.mark.cpr_in_url_on_purpose
        def test_proves_a_refusal():
            client().get("/search/", {"q": "1505851234"})
        """,
    )

    assert result.returncode == 0, result.stdout


def test_ten_digits_that_are_not_a_date_are_not_a_cpr_number(tmp_path: Path) -> None:
    result = run_guarded(
        tmp_path,
        """
        def test_numbers():
            client().get("/search/", {"q": "9999991234", "ts": "1732281600"})
            log.warning("order %s", "3213001234")
        """,
    )

    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("/x/?q=0101901234", ["0101901234"]),
        ("q=010190-1234&x=1", ["0101901234"]),
        ("290292-1234", ["2902921234"]),  # 29 February 1992
        ("290293-1234", []),  # 1993 was no leap year
        ("3201901234", []),
        ("01019012345", []),  # eleven digits: part of a longer number
        ("id 20101901234", []),
        ("01-01-1990", []),
    ],
)
def test_it_finds_cpr_numbers_with_a_valid_date(text: str, found: list[str]) -> None:
    assert find_cpr_numbers(text) == found


def test_the_report_masks_the_last_four_digits() -> None:
    assert mask_cpr_numbers("q=0101901234 and 010190-1234, not 9999991234") == (
        "q=010190-**** and 010190-****, not 9999991234"
    )
