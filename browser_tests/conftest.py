"""Browser fixtures: one Chromium for the session, a fresh page per test, and small helpers.

The tests drive Debian's Chromium through Playwright against pytest-django's live server. The
browser speaks Danish (like the municipality's workers); the language test switches to English.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PASSWORD = "correct horse battery staple"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but Chromium is not installed at {CHROMIUM}", pytrace=False)
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests skipped")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Playwright leaves an event loop marked as running in this thread, and asgiref then keeps
        # Django's connections per context instead of per thread. Hand the thread's connections
        # over, or tests would get fresh ones without the serialized data of the test database.
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# A file made for download (a PDF, a workbook, a drawing encoded in the browser) is real work;
# on a busy machine it can take longer than the five seconds every other wait gets.
DOWNLOAD_TIMEOUT = 30_000


@pytest.fixture
def today() -> dt.date:
    """The live server reads the real clock, so the courses are built around the same day."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="da-DK", base_url=live_server.url)
    context.set_default_timeout(5_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Any, user: Any) -> None:
    """Through the real login form and two-factor step, with the code the user's authenticator
    shows now (the user gets a confirmed authenticator if they have none). The header's language
    button is a submit button too."""
    from overgang.accounts.testing import totp_code, totp_device_for

    device = totp_device_for(user)
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/account/verify/**")
    page.fill("#id_code", totp_code(device))
    page.get_by_test_id("verify-form").locator("button[type=submit]").click()
    page.wait_for_url("**/courses/")


def screenshot(page: Any, name: str, *, phone: bool = False) -> None:
    """The whole page at 1280 px, and at 390 px (a phone) when asked."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-1280.png"), full_page=True)
    if phone:
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-390.png"), full_page=True)
        page.set_viewport_size(DESKTOP)


def danish(message: str) -> str:
    """The Danish text the app shows for an English message id (whatever the catalogue holds)."""
    from django.utils import translation

    with translation.override("da"):
        return translation.gettext(message)


def dmy(day: dt.date) -> str:
    """Dates as the screens show them."""
    return day.strftime("%d-%m-%Y")
