"""Reading wrk's output for `make bench` (scripts/bench).

wrk's own `--latency` table gives the 50th, 75th, 90th and 99th percentiles; the 95th comes from
the Lua `done` hook below, which prints one machine-readable line after the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# wrk calls done() once, after every thread has finished; latencies are in microseconds.
DONE_SCRIPT = """\
done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH-RESULT p50_us=%d p95_us=%d p99_us=%d max_us=%d requests=%d duration_us=%d "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
"""

_RESULT_LINE = re.compile(r"^BENCH-RESULT (?P<fields>.*)$", re.MULTILINE)
_REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s*(?P<value>[0-9.]+)\s*$", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s*(?P<value>\d+)")
_UNITS_US = {"us": 1.0, "ms": 1_000.0, "s": 1_000_000.0, "m": 60_000_000.0}
_DISTRIBUTION = re.compile(
    r"^\s*(?P<pct>50|75|90|99)(?:\.0+)?%\s+(?P<value>[0-9.]+)(?P<unit>us|ms|s|m)\s*$", re.MULTILINE
)


class WrkOutputError(ValueError):
    """wrk's output does not hold the figures (it failed, or the script was not loaded)."""


@dataclass(frozen=True)
class WrkResult:
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    duration_s: float
    requests_per_second: float
    errors: int  # socket errors and timeouts, and responses with a status of 400 or more
    non_2xx_3xx: int


def parse_wrk_output(text: str) -> WrkResult:
    """The figures of one wrk run with DONE_SCRIPT loaded."""
    match = _RESULT_LINE.search(text)
    if match is None:
        raise WrkOutputError("no BENCH-RESULT line in wrk's output")
    fields: dict[str, int] = {}
    for pair in match.group("fields").split():
        key, _, value = pair.partition("=")
        if not value.lstrip("-").isdigit():
            raise WrkOutputError(f"unreadable field in wrk's output: {pair!r}")
        fields[key] = int(value)
    try:
        duration_s = fields["duration_us"] / 1_000_000
        requests = fields["requests"]
        errors = sum(fields[f"errors_{kind}"] for kind in ("connect", "read", "write", "status", "timeout"))
        p50, p95, p99 = fields["p50_us"], fields["p95_us"], fields["p99_us"]
    except KeyError as missing:
        raise WrkOutputError(f"wrk's output lacks {missing}") from None
    rps_match = _REQUESTS_PER_SECOND.search(text)
    rps = float(rps_match.group("value")) if rps_match else (requests / duration_s if duration_s else 0.0)
    non_2xx = _NON_2XX.search(text)
    return WrkResult(
        p50_ms=p50 / 1_000,
        p95_ms=p95 / 1_000,
        p99_ms=p99 / 1_000,
        requests=requests,
        duration_s=duration_s,
        requests_per_second=rps,
        errors=errors,
        non_2xx_3xx=int(non_2xx.group("value")) if non_2xx else 0,
    )


def latency_distribution_ms(text: str) -> dict[int, float]:
    """wrk's own `--latency` table, in milliseconds (a cross-check of the script's figures)."""
    return {
        int(m.group("pct")): float(m.group("value")) * _UNITS_US[m.group("unit")] / 1_000
        for m in _DISTRIBUTION.finditer(text)
    }
