"""The results section of BENCHMARKS.md, written by `make bench` (scripts/bench).

The script replaces only what lies between the two markers; the explanation around it is written
by hand.
"""

from __future__ import annotations

from typing import Any

BEGIN = "<!-- bench:results:begin (written by scripts/bench/run.py; edit above or below) -->"
END = "<!-- bench:results:end -->"
# A page slower than this many times the floor is flagged in the table.
FLAG_RATIO = 2.0


def _ratio(value: float, floor: float) -> float | None:
    return value / floor if floor > 0 else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def render_results(results: dict[str, Any]) -> str:
    """The markdown between the markers: the run's circumstances, then the tables."""
    machine = results["machine"]
    lines = [
        f"### Run of {results['date']} – preset `{results['preset']}`",
        "",
        f"- Command: `{results['command']}`",
        f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['ram_gb']} GB RAM, "
        f"{machine['os']}",
        f"- Python {machine['python']}, PostgreSQL {machine['postgresql']}, Django {machine['django']}, "
        f"gunicorn {machine['gunicorn']} ({results['server']})",
        f"- Load: {results['load']}",
        f"- Data: {results['data_summary']}",
        f"- Generator: {results['generator']}",
        "",
        "| Page | Path | p50 ms | p95 ms | req/s | p50 × floor | req/s ÷ floor | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    pages = results["pages"]
    floor = next((p for p in pages if p.get("floor")), None)
    for page in pages:
        measured = bool(page.get("requests"))
        p50_ratio = _ratio(page["p50_ms"], floor["p50_ms"]) if floor and measured else None
        rps_ratio = _ratio(page["rps"], floor["rps"]) if floor and measured else None
        flag = " ⚠" if p50_ratio is not None and p50_ratio > FLAG_RATIO else ""
        notes = [
            f"{p} errors" if isinstance(p, int) else p for p in (page.get("errors"), page.get("note")) if p
        ]
        errors = "".join(f" ({note})" for note in notes)
        p50, p95, rps = (page["p50_ms"], page["p95_ms"], page["rps"]) if measured else (None, None, None)
        ratio = f"{_fmt(p50_ratio, 1)}{flag}"
        if not measured and page.get("alone_ms") and floor:
            # Slower than the run: one request alone, against the floor's p50 under load.
            ratio = f"> {_fmt(page['alone_ms'] / floor['p50_ms'], 0)} ⚠"
        lines.append(
            f"| {page['name']}{errors} | `{page['path']}` "
            f"| {_fmt(p50, 2)} | {_fmt(p95, 2)} "
            f"| {_fmt(rps)} | {ratio} | {_fmt(rps_ratio, 2)} "
            f"| {page['queries'] if page.get('queries') is not None else '–'} |"
        )
    lines += [
        "",
        f"⚠: p50 more than {FLAG_RATIO:g}× the floor's.",
        "",
        "| Job | Size | Seconds | Peak RSS MB | RSS before the work MB | Growth MB | Output |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for job in results["jobs"]:
        if job.get("error"):
            lines.append(f"| {job['name']} | {job['size']} | failed: {job['error']} | | | | |")
            continue
        growth = job["peak_rss_mb"] - job["baseline_rss_mb"]
        lines.append(
            f"| {job['name']} | {job['size']} | {_fmt(job['seconds'], 2)} | {_fmt(job['peak_rss_mb'])} "
            f"| {_fmt(job['baseline_rss_mb'])} | {_fmt(growth)} | {job.get('output', '')} |"
        )
    return "\n".join(lines) + "\n"


def replace_results(document: str, section: str) -> str:
    """The document with the marked section replaced (appended with its markers when missing)."""
    block = f"{BEGIN}\n{section}{END}"
    start, end = document.find(BEGIN), document.find(END)
    if start == -1 or end == -1 or end < start:
        return document.rstrip("\n") + "\n\n" + block + "\n"
    return document[:start] + block + document[end + len(END) :]
