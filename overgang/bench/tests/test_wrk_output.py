"""Reading wrk's output: the figures the benchmark reports come from here."""

from __future__ import annotations

import pytest

from overgang.bench.wrk import DONE_SCRIPT, WrkOutputError, latency_distribution_ms, parse_wrk_output

# wrk 4.1 with --latency and DONE_SCRIPT, as it prints it.
OUTPUT = """\
Running 10s test @ http://127.0.0.1:8123/courses/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    3.02ms  48.20ms   87.50%
    Req/Sec   325.10     20.44   370.00     71.00%
  Latency Distribution
     50%   11.80ms
     75%   13.10ms
     90%   15.90ms
     99%   27.35ms
  3251 requests in 10.00s, 41.20MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    325.04
Transfer/sec:      4.12MB
BENCH-RESULT p50_us=11800 p95_us=19050 p99_us=27350 max_us=48200 requests=3251 duration_us=10002000 \
errors_connect=0 errors_read=1 errors_write=0 errors_status=3 errors_timeout=0
"""


def test_it_reads_the_percentiles_in_milliseconds() -> None:
    result = parse_wrk_output(OUTPUT)
    assert result.p50_ms == pytest.approx(11.8)
    assert result.p95_ms == pytest.approx(19.05)
    assert result.p99_ms == pytest.approx(27.35)


def test_it_reads_throughput_and_requests() -> None:
    result = parse_wrk_output(OUTPUT)
    assert result.requests_per_second == pytest.approx(325.04)
    assert result.requests == 3251
    assert result.duration_s == pytest.approx(10.002)


def test_it_counts_socket_errors_and_bad_statuses() -> None:
    result = parse_wrk_output(OUTPUT)
    assert result.errors == 4
    assert result.non_2xx_3xx == 3


def test_without_the_requests_per_second_line_it_divides() -> None:
    text = OUTPUT.replace("Requests/sec:    325.04\n", "")
    assert parse_wrk_output(text).requests_per_second == pytest.approx(3251 / 10.002)


def test_it_refuses_output_without_the_scripts_line() -> None:
    with pytest.raises(WrkOutputError):
        parse_wrk_output(OUTPUT.split("BENCH-RESULT")[0])


def test_it_refuses_a_line_with_a_field_missing() -> None:
    with pytest.raises(WrkOutputError):
        parse_wrk_output(OUTPUT.replace("p95_us=19050 ", ""))


def test_wrks_own_table_agrees_with_the_script() -> None:
    table = latency_distribution_ms(OUTPUT)
    assert table == {
        50: pytest.approx(11.8),
        75: pytest.approx(13.1),
        90: pytest.approx(15.9),
        99: pytest.approx(27.35),
    }
    assert table[50] == parse_wrk_output(OUTPUT).p50_ms


def test_the_script_asks_wrk_for_the_95th_percentile() -> None:
    assert "latency:percentile(95)" in DONE_SCRIPT
    assert DONE_SCRIPT.startswith("done = function(summary, latency, requests)")
