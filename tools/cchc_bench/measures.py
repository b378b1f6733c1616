"""Running the probes side by side and collecting the figures of each scale."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from cchc_bench import child_env
from cchc_bench.synthetic import TODAY
from cchc_bench.writer import cached_database, copy_database, work_dir

KEYS = (
    "start_s",
    "bare_start_s",
    "start_ratio",
    "search_p95_ms",
    "open_ms",
    "open_members_ms",
    "save_ms",
    "export_docx_s",
    "export_xlsx_s",
    "list_json_s",
    "rss_mb",
)
"""The figures of one scale, in the order of the issue."""

TARGETS = {
    "start_ratio": {"S": 1.6, "L": 2.5},
    "search_p95_ms": {"S": 30, "L": 50},
    "save_ms": {"S": 20, "L": 50},
    "rss_mb": {"L": 200},
    "open_members_ms": {"L": 100},
    "export_docx_s": {"M": 2},
    "export_xlsx_s": {"M": 2},
}


class ProbeFailed(RuntimeError):
    """A child process did not print its figures."""


def run_probe(what: str, db: Path, *args: str) -> tuple[dict, float]:
    """Run one probe in a fresh interpreter; its figures and when it started
    (``time.monotonic()``, the clock the probes report with)."""
    command = [sys.executable, "-m", "cchc_bench.probe", what, str(db), *args]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=child_env())
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise ProbeFailed(f"{what} on {db.name}: exit {done.returncode}\n{done.stderr[-3000:]}")
    return json.loads(lines[-1]), started


def _cli_list_json(db: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "cchc_tui",
        "--db",
        str(db),
        "--today",
        TODAY.strftime("%d/%m/%Y"),
        "list",
        "--format",
        "json",
    ]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, timeout=900)
    return time.perf_counter() - started


def measure_scale(scale: str, runs: int = 3, log=print) -> dict:
    """Every figure of one scale, on a working copy of its database."""
    db = work_dir() / f"work-{scale}.db"
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    copy_database(cached_database(scale), db)
    rss = []
    start, bare = [], []
    for _ in range(runs):  # interleaved, so that both see the same machine
        for what, into in (("bare", bare), ("start", start)):
            result, started = run_probe(what, db)
            into.append(result["shown_at"] - started)
            rss.append(result["maxrss_mb"])
    log(f"  {scale}: start {statistics.median(start):.3f} s, bare {statistics.median(bare):.3f} s")
    session, _ = run_probe("session", db)
    rss.append(session["maxrss_mb"])
    log(
        f"  {scale}: search p95 {session['search_p95_ms']:.1f} ms, open {session['open_ms']:.1f} ms"
    )
    exports = {}
    export_runs = runs if scale != "L" else 1  # a summary of 20,000 rows is slow and not a target
    for fmt in ("docx", "xlsx"):
        exports[fmt] = statistics.median(
            run_probe("export", db, fmt)[0]["export_s"] for _ in range(export_runs)
        )
    log(f"  {scale}: docx {exports['docx']:.2f} s, xlsx {exports['xlsx']:.2f} s")
    list_json = statistics.median(_cli_list_json(db) for _ in range(runs))
    save, _ = run_probe("save", db)  # last: it adds rows
    figures = {
        "start_s": statistics.median(start),
        "bare_start_s": statistics.median(bare),
        "search_p95_ms": session["search_p95_ms"],
        "open_ms": session["open_ms"],
        "open_members_ms": session["open_members_ms"],
        "save_ms": save["save_ms"],
        "export_docx_s": exports["docx"],
        "export_xlsx_s": exports["xlsx"],
        "list_json_s": list_json,
        "rss_mb": max(rss),
    }
    figures["start_ratio"] = figures["start_s"] / figures["bare_start_s"]
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    return {key: None if figures[key] is None else round(figures[key], 3) for key in KEYS}


def machine() -> dict:
    """Where the figures come from."""
    from importlib.metadata import version

    cpu = platform.processor()
    try:
        for line in (
            Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
        ):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": version("textual"),
    }


def check_targets(scales: dict) -> list[str]:
    """The figures that miss their target."""
    misses = []
    for key, targets in TARGETS.items():
        for scale, limit in targets.items():
            value = scales.get(scale, {}).get(key)
            if value is not None and value > limit:
                misses.append(f"{key} at {scale}: {scales[scale][key]} > {limit}")
    return misses


def table(scales: dict) -> str:
    """The figures side by side, with the targets."""
    from tabulate import tabulate

    names = list(scales)
    rows = []
    for key in KEYS:
        target = ", ".join(f"{s} ≤ {v}" for s, v in TARGETS.get(key, {}).items())
        rows.append([key, *(scales[s][key] for s in names), target])
    return tabulate(rows, headers=["measure", *names, "target"], floatfmt="g")
