"""Structured logs: LOG_FORMAT=json gives one JSON object a line, for the log collector.

Every line has `time` (UTC, ISO 8601), `level`, `logger`, `message` and `request_id` (the one in the
X-Request-ID header and on the error page); gunicorn's access lines add `method`, `path`, `query`,
`status`, `bytes`, `duration_ms`, `remote_addr` and `user_agent`.

CPR numbers are kept out of URLs (overgang/privacy/middleware.py refuses them with 400) and out of
what the code logs (the test suite's CPR guard), but the refused address itself still reaches
Django's "Bad Request: <path>" line and the access log. `RedactCprFilter` replaces any CPR number in
a line with [CPR] before it is written, whatever the format.

No Django import beyond overgang.courses.cpr (which needs no settings): gunicorn.conf.py uses this
module in the master process, before Django is set up.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from gunicorn.glogging import Logger as GunicornBaseLogger
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from overgang.courses.cpr import cpr_birth_date

TEXT_FORMAT = "%(levelname)s %(asctime)s [%(request_id)s] %(name)s: %(message)s"
REDACTED = "[CPR]"
# Ten digits (a dash after the sixth allowed), not part of a longer number, as overgang/privacy/cpr.py.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")
# What gunicorn's access line carries beyond the message, with the record attribute it is read from.
ACCESS_FIELDS = ("method", "path", "query", "status", "bytes", "duration_ms", "remote_addr", "user_agent")


def redact_cpr(text: str) -> str:
    """The text with every CPR number (a valid date of birth in the first six digits) replaced."""

    def replace(match: re.Match[str]) -> str:
        try:
            cpr_birth_date(match.group(1) + match.group(2))
        except ValueError:
            return match.group(0)
        return REDACTED

    return _CANDIDATE.sub(replace, text)


class RedactCprFilter(logging.Filter):
    """Replaces CPR numbers in the record's message (arguments merged in) and in its string extras."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the formatter to report
            return True
        redacted = redact_cpr(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        for name in ("path", "query", "referer"):
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, redact_cpr(value))
        return True


class RequestIdDefaultFilter(logging.Filter):
    """Gives a record without a request id (gunicorn's own lines) the placeholder "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return True


class TextFormatter(logging.Formatter):
    """The development format, with CPR numbers redacted from the whole line (tracebacks too)."""

    def __init__(self, fmt: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(fmt or TEXT_FORMAT, *args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact_cpr(super().format(record))


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line: time (UTC ISO 8601), level, logger, message, request_id, extras; CPR
    numbers redacted from the whole line (extras and tracebacks too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", ["levelname", "name", "message", "request_id"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["time"] = dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)
        # Noise a collector does not need; Django's `request` extra is only the request's repr.
        for name in ("color_message", "taskName", "request", "server_time"):
            log_data.pop(name, None)

    def format(self, record: logging.LogRecord) -> str:
        return redact_cpr(super().format(record))


def formatter_config(log_format: str) -> dict[str, Any]:
    """The `formatters` entry of a dictConfig for LOG_FORMAT ("json" or "text")."""
    if log_format == "json":
        return {"()": "overgang.ops.logs.JsonFormatter"}
    return {"()": "overgang.ops.logs.TextFormatter"}


def gunicorn_logconfig(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """gunicorn's `logconfig_dict`: its error and access lines through the same formatter as Django's."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "overgang.ops.logs.RequestIdDefaultFilter"},
            "redact_cpr": {"()": "overgang.ops.logs.RedactCprFilter"},
        },
        "formatters": {"main": formatter_config(log_format)},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request_id", "redact_cpr"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's logger with the access line as fields (and the request id from X-Request-ID)."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> None:
        if not self.access_log_enabled:
            return
        try:
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
            headers = {str(k).lower(): v for k, v in resp.headers}
            fields = {
                "method": environ.get("REQUEST_METHOD", "-"),
                "path": redact_cpr(str(environ.get("PATH_INFO", ""))),
                "query": redact_cpr(str(environ.get("QUERY_STRING", ""))),
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "remote_addr": environ.get("REMOTE_ADDR", "-"),
                "user_agent": environ.get("HTTP_USER_AGENT", "-"),
                "request_id": headers.get("x-request-id", "-"),
            }
            self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        except Exception:
            self.exception("Could not write the access log line")
