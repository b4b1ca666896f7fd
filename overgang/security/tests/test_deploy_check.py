"""`manage.py check --deploy` with production settings finds nothing to warn about (issue 8).

Run in a subprocess with a production-like environment: DEBUG unset, a long random SECRET_KEY, a real
host name, and nothing that tells settings.py it is under test (no OVERGANG_TESTING, no pytest).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
# DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests set it for Playwright's event loop (browser_tests/conftest.py).
TEST_ONLY = {
    "DEBUG",
    "OVERGANG_TESTING",
    "PYTEST_CURRENT_TEST",
    "PYTEST_ADDOPTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
# Settings a production operator might set differently; none of them may leak in from this machine.
OPERATOR_CHOICES = {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "ALLOWED_HOSTS"}


@pytest.fixture
def production_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY | OPERATOR_CHOICES}
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env["ALLOWED_HOSTS"] = "overgang.example.dk"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}"
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_finds_no_issues_with_production_settings(
    production_environment: dict[str, str],
) -> None:
    result = manage(production_environment, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_settings_are_the_secure_ones(production_environment: dict[str, str]) -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    result = manage(production_environment, "shell", "--no-imports", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "31536000", "True", "True", "True", "True", "DENY", "True"]


def test_without_a_secret_key_production_refuses_to_start(production_environment: dict[str, str]) -> None:
    del production_environment["SECRET_KEY"]
    result = manage(production_environment, "check", "--deploy")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
