"""The log formats (overgang/ops/logs.py): JSON lines with the fields a collector needs, the text
format unchanged, and CPR numbers replaced by [CPR] whatever carries them."""

from __future__ import annotations

import datetime as dt
import json
import logging
from types import SimpleNamespace
from typing import Any

from overgang.ops.logs import (
    GunicornLogger,
    JsonFormatter,
    RedactCprFilter,
    TextFormatter,
    gunicorn_logconfig,
    redact_cpr,
)

CPR = "010190-1234"  # synthetic, but a valid date of birth: what the guard calls a CPR number


def record(message: str, *args: Any, **extra: Any) -> logging.LogRecord:
    made = logging.LogRecord("overgang.test", logging.WARNING, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_redaction_takes_cpr_numbers_only() -> None:
    assert redact_cpr(f"/citizens/{CPR}/ and 0101901234") == "/citizens/[CPR]/ and [CPR]"
    # Not a date of birth, or part of a longer number: left as they are.
    assert redact_cpr("order 9999991234, id 101019012345") == "order 9999991234, id 101019012345"


def test_a_json_line_has_time_in_utc_level_logger_message_and_request_id() -> None:
    line = JsonFormatter().format(record("Bad Request: %s", "/login/", request_id="abc123", status_code=400))

    data = json.loads(line)
    assert data["level"] == "WARNING"
    assert data["logger"] == "overgang.test"
    assert data["message"] == "Bad Request: /login/"
    assert data["request_id"] == "abc123"
    assert data["status_code"] == 400
    assert dt.datetime.fromisoformat(data["time"]).utcoffset() == dt.timedelta(0)


def test_no_cpr_number_survives_either_format_even_in_extras() -> None:
    made = record("Bad Request: %s", f"/citizens/{CPR}/", request_id="-", request=f"<WSGIRequest '{CPR}'>")
    RedactCprFilter().filter(made)

    for formatter in (JsonFormatter(), TextFormatter()):
        line = formatter.format(made)
        assert "[CPR]" in line
        assert "1234" not in line


def test_the_text_format_is_the_development_one() -> None:
    line = TextFormatter().format(record("hello %s", "world", request_id="r1"))

    assert line.startswith("WARNING ")
    assert line.endswith("[r1] overgang.test: hello world")


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_the_gunicorn_access_line_carries_fields_and_the_request_id() -> None:
    cfg = SimpleNamespace(
        loglevel="info",
        errorlog="-",
        accesslog=None,  # no handler of gunicorn's own; and no dictConfig of this process's logging
        syslog=False,
        capture_output=False,
        logconfig_dict=None,
        logconfig=None,
        logconfig_json=None,
        disable_redirect_access_to_syslog=False,
        access_log_format="",
    )
    logger = GunicornLogger(cfg)
    logger._access_log_enabled = True
    collect = Collect()
    logger.access_log.addHandler(collect)
    response = SimpleNamespace(status="400 Bad Request", headers=[("X-Request-ID", "f00d")], sent=12)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"/citizens/{CPR}/",
        "QUERY_STRING": "q=0101901234",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": "probe",
    }
    try:
        logger.access(response, None, environ, dt.timedelta(milliseconds=12))
    finally:
        logger.access_log.removeHandler(collect)
        for handler in list(logger.error_log.handlers):
            if getattr(handler, "_gunicorn", False):
                logger.error_log.removeHandler(handler)

    [line] = collect.records
    assert line.getMessage() == "GET /citizens/[CPR]/ 400"
    assert (line.request_id, line.status, line.query, line.bytes) == ("f00d", 400, "q=[CPR]", 12)  # type: ignore[attr-defined]
    assert line.duration_ms == 12.0  # type: ignore[attr-defined]
    data = json.loads(JsonFormatter().format(line))
    assert {"method", "path", "query", "status", "bytes", "duration_ms", "remote_addr", "user_agent"} <= set(
        data
    )


def test_gunicorns_log_configuration_uses_the_same_formatter() -> None:
    assert gunicorn_logconfig("json")["formatters"]["main"] == {"()": "overgang.ops.logs.JsonFormatter"}
    assert gunicorn_logconfig("text")["formatters"]["main"] == {"()": "overgang.ops.logs.TextFormatter"}
    handler = gunicorn_logconfig("json")["handlers"]["console"]
    assert handler["filters"] == ["request_id", "redact_cpr"]
