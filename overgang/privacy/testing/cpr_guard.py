"""A pytest plugin that fails the test run if a CPR number reaches a URL or a log line.

For the whole run it records every request Django handles (path and query string, from the
`request_started` signal: the test client and the live server of the browser tests both send it)
and every log record created (through the log record factory, so records of loggers that do not
propagate to the root are seen too; message formatted with its arguments, plus any traceback).
At the end of the session it reports every URL or line that holds a CPR number (ten digits,
optionally with a dash, whose first six are a valid date) and makes the run exit non-zero.

A test that sends a CPR number in a URL on purpose (to prove it is refused) says so with
`@pytest.mark.cpr_in_url_on_purpose`; what happens during that test is not reported.

Registered in the root conftest.py (`pytest_plugins`); on its own:
`pytest -p overgang.privacy.testing.cpr_guard`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

import pytest
from django.core.signals import request_started

from overgang.privacy.cpr import find_cpr_numbers, mask_cpr_numbers

MARKER = "cpr_in_url_on_purpose"


@dataclass(frozen=True)
class Leak:
    test: str  # the test's node id, or "" outside any test
    where: str  # "URL" or "log"
    text: str  # masked: the report never prints a whole CPR number


class _Guard:
    def __init__(self) -> None:
        self.current_test = ""
        self.exempt_tests: set[str] = set()
        self.leaks: list[Leak] = []
        self.urls_seen = 0
        self.log_records_seen = 0
        self._previous_factory: Callable[..., logging.LogRecord] | None = None

    def check(self, where: str, text: str) -> None:
        if self.current_test in self.exempt_tests:
            return
        if find_cpr_numbers(text):
            self.leaks.append(Leak(self.current_test, where, mask_cpr_numbers(text)[:500]))

    # --- requests ---------------------------------------------------------------------------------
    def on_request_started(self, sender: Any, environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
        environ = environ or {}
        path = str(environ.get("PATH_INFO", ""))
        query = str(environ.get("QUERY_STRING", ""))
        self.urls_seen += 1
        url = f"{path}?{query}" if query else path
        # Percent-encoding must not hide a number: check (and report) the decoded form.
        self.check("URL", unquote_plus(url))

    # --- log records ------------------------------------------------------------------------------
    def install_log_factory(self) -> None:
        previous = logging.getLogRecordFactory()
        self._previous_factory = previous

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            self.log_records_seen += 1
            try:
                line = f"{record.name}: {record.getMessage()}"
            except Exception:  # a broken format string: check its parts
                line = f"{record.name}: {record.msg} {record.args}"
            if record.exc_info and record.exc_info[1] is not None:
                line += " " + "".join(traceback.format_exception(record.exc_info[1]))
            self.check("log", line)
            return record

        logging.setLogRecordFactory(factory)

    def remove_log_factory(self) -> None:
        if self._previous_factory is not None:
            logging.setLogRecordFactory(self._previous_factory)
            self._previous_factory = None

    def report_lines(self) -> list[str]:
        lines = [f"CPR numbers leaked into URLs or log lines ({len(self.leaks)}):"]
        for leak in self.leaks[:50]:
            lines.append(f"  [{leak.where}] {leak.test or '(outside a test)'}: {leak.text}")
        if len(self.leaks) > 50:
            lines.append(f"  … and {len(self.leaks) - 50} more")
        return lines


_guard = _Guard()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}: the test sends a CPR number in a URL on purpose; the CPR guard ignores it"
    )
    request_started.connect(_guard.on_request_started, dispatch_uid="overgang-cpr-guard")
    _guard.install_log_factory()


def pytest_unconfigure(config: pytest.Config) -> None:
    request_started.disconnect(dispatch_uid="overgang-cpr-guard")
    _guard.remove_log_factory()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _guard.exempt_tests.update(item.nodeid for item in items if item.get_closest_marker(MARKER))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
    _guard.current_test = item.nodeid
    try:
        return (yield)
    finally:
        _guard.current_test = ""


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _guard.leaks and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _guard.leaks:
        terminalreporter.section("CPR guard", red=True, bold=True)
        for line in _guard.report_lines():
            terminalreporter.write_line(line)
    elif terminalreporter.config.get_verbosity() > 0:
        terminalreporter.write_line(
            f"CPR guard: {_guard.urls_seen} URLs and {_guard.log_records_seen} log records, no CPR number."
        )
