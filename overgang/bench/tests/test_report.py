"""The results section of BENCHMARKS.md: ratios to the floor, flags, and only the marked part replaced."""

from __future__ import annotations

from typing import Any

from overgang.bench.report import BEGIN, END, render_results, replace_results


def _results(**overrides: Any) -> dict[str, Any]:
    results: dict[str, Any] = {
        "date": "2026-12-06 23:00 UTC",
        "command": "make bench",
        "preset": "tiny",
        "machine": {
            "cpus": 2,
            "cpu_model": "Test CPU",
            "ram_gb": 4.0,
            "os": "Linux",
            "python": "3.11.7",
            "postgresql": "15.20",
            "django": "5.2",
            "gunicorn": "27.0.1",
        },
        "server": "4 sync workers",
        "load": "wrk",
        "data_summary": "60 courses",
        "generator": "took 1.0 s",
        "pages": [
            {
                "name": "Framework floor",
                "path": "/bench/floor/",
                "floor": True,
                "queries": 4,
                "p50_ms": 5.0,
                "p95_ms": 8.0,
                "rps": 400.0,
                "requests": 4000,
                "errors": 0,
            },
            {
                "name": "Phase plan",
                "path": "/desk/phase-plan/",
                "floor": False,
                "queries": 17,
                "p50_ms": 25.0,
                "p95_ms": 40.0,
                "rps": 80.0,
                "requests": 800,
                "errors": 0,
            },
            {
                "name": "API: course",
                "path": "/api/v1/courses/1/",
                "floor": False,
                "queries": 10,
                "p50_ms": 9.0,
                "p95_ms": 12.0,
                "rps": 220.0,
                "requests": 2200,
                "errors": 0,
            },
        ],
        "jobs": [
            {
                "name": "Weekly digest",
                "size": "9 recipients",
                "seconds": 2.5,
                "peak_rss_mb": 95.0,
                "baseline_rss_mb": 80.0,
                "rows": 9,
                "output": "9 mails",
            },
            {"name": "Phase plan PDF", "size": "2,000 courses", "error": "over 300 s"},
        ],
    }
    results.update(overrides)
    return results


def _row(section: str, path: str) -> list[str]:
    line = next(line for line in section.splitlines() if f"`{path}`" in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_each_page_is_a_ratio_to_the_floor() -> None:
    section = render_results(_results())
    phase_plan = _row(section, "/desk/phase-plan/")
    assert phase_plan[5] == "5.0 ⚠"  # 25 ms against the floor's 5 ms
    assert phase_plan[6] == "0.20"  # 80 req/s against 400
    assert phase_plan[7] == "17"


def test_a_page_within_twice_the_floor_is_not_flagged() -> None:
    section = render_results(_results())
    assert _row(section, "/api/v1/courses/1/")[5] == "1.8"


def test_a_page_that_finished_no_request_gets_no_ratio() -> None:
    results = _results()
    results["pages"][1].update(p50_ms=0.0, p95_ms=0.0, rps=0.0, requests=0, note="no request finished in 2 s")
    row = _row(render_results(results), "/desk/phase-plan/")
    assert "no request finished in 2 s" in row[0]
    assert row[2] == "–"
    assert row[5] == "–"


def test_a_page_slower_than_the_run_is_compared_by_one_request_alone() -> None:
    results = _results()
    results["pages"][1].update(p50_ms=0.0, p95_ms=0.0, rps=0.0, requests=0, alone_ms=12_000.0)
    assert _row(render_results(results), "/desk/phase-plan/")[5] == "> 2,400 ⚠"  # 12 s against 5 ms


def test_jobs_show_memory_growth_and_failures() -> None:
    section = render_results(_results())
    digest = next(line for line in section.splitlines() if line.startswith("| Weekly digest"))
    assert "| 15.0 |" in digest  # 95 MB peak over 80 MB before the work
    assert "failed: over 300 s" in section


def test_the_machine_and_command_are_stated() -> None:
    section = render_results(_results())
    assert "Command: `make bench`" in section
    assert "2 CPUs (Test CPU), 4.0 GB RAM" in section
    assert "preset `tiny`" in section


def test_only_the_marked_section_is_replaced() -> None:
    document = f"# Benchmarks\n\nWritten by hand.\n\n{BEGIN}\nold figures\n{END}\n\nAlso by hand.\n"
    replaced = replace_results(document, "new figures\n")
    assert replaced == f"# Benchmarks\n\nWritten by hand.\n\n{BEGIN}\nnew figures\n{END}\n\nAlso by hand.\n"


def test_a_document_without_markers_gets_the_section_appended() -> None:
    replaced = replace_results("# Benchmarks\n", "figures\n")
    assert replaced == f"# Benchmarks\n\n{BEGIN}\nfigures\n{END}\n"
