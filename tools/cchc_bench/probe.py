"""The benchmark's child processes: each measures one thing in a fresh
interpreter and prints one JSON line (with its peak memory).

``python -m cchc_bench.probe start|bare|session|save|export|search DB [ARG]``
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time

from cchc_bench import TODAY

SIZE = (120, 40)
QUERIES = [
    "tài nguyên",
    "tai nguyen",
    "số hóa",
    "so hoa",
    "dịch vụ công",
    "dich vu cong",
    "Hành Thịnh",
    "hanh thinh",
    "đất đai",
    "dat dai",
    "chữ ký số",
    "chu ky so",
    "trễ hạn",
    "tre han",
    "kỷ luật",
    "ky luat",
    "VNeID",
    "iso 9001",
    "Phòng Nội vụ",
    "phong noi vu",
]
"""Twenty searches, with and without diacritics."""


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process. On Linux VmHWM: ru_maxrss
    would carry over the peak of the (possibly large) parent across exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(result: dict) -> None:
    result["maxrss_mb"] = peak_rss_mb()
    print(json.dumps(result), flush=True)


# -- service level ----------------------------------------------------------------


def probe_save(db: str) -> dict:
    """A progress update through ``record_update`` (roll-up included), on
    directives spread over the file; median of 20."""
    from cchc_tui.services.opening import open_database
    from cchc_tui.services.updates import record_update

    store = open_database(db)
    ids = [
        r[0] for r in store.conn.execute("SELECT id FROM directives WHERE archived=0 ORDER BY id")
    ]
    picked = [ids[i * len(ids) // 20] for i in range(20)] if len(ids) >= 20 else ids * 3
    times = []
    for n, directive_id in enumerate(picked):
        start = time.perf_counter()
        record_update(
            store, directive_id, today=TODAY, progress=40 + n, note="Báo cáo tiến độ định kỳ."
        )
        times.append(time.perf_counter() - start)
    store.close()
    return {"save_ms": statistics.median(times) * 1000}


def probe_search(db: str) -> dict:
    """What the main screen asks for each search: the first page and the counts."""
    from cchc_tui.services.directives import DirectiveFilter, count_by_timeliness, list_directives
    from cchc_tui.services.opening import open_database

    store = open_database(db)
    times = []
    for query in QUERIES:
        flt = DirectiveFilter(search=query)
        start = time.perf_counter()
        list_directives(store, TODAY, flt, limit=201)
        count_by_timeliness(store, TODAY, flt)
        times.append(time.perf_counter() - start)
    return {"service_search_p95_ms": p95(times) * 1000}


def probe_export(db: str, fmt: str) -> dict:
    """The summary report written to a file (its library imported on demand)."""
    import tempfile
    from pathlib import Path

    start = time.perf_counter()
    from cchc_tui.reports import render
    from cchc_tui.services.opening import open_database
    from cchc_tui.services.reports import build_report

    store = open_database(db)
    data = render(build_report(store, "summary", TODAY), fmt)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"summary.{fmt}").write_bytes(data)
    return {"export_s": time.perf_counter() - start, "bytes": len(data)}


# -- terminal app (the Textual side lives in cchc_bench.timing) ----------------


def probe_start(db: str) -> dict:
    """Process start until the main screen shows its rows (the parent
    subtracts its own clock reading taken before starting this process)."""
    import gc

    gc.disable()  # as `cchc-tui` does while it loads (cli.quick_start)
    from cchc_bench.timing import app_first_paint

    return {"shown_at": app_first_paint(db, TODAY)}


def probe_bare(_db: str) -> dict:
    """The same for the bare Textual app."""
    from cchc_bench.timing import bare_first_paint

    return {"shown_at": bare_first_paint()}


def probe_session(db: str) -> dict:
    """Searches typed in the search box and directives opened, in one app."""
    from cchc_bench.timing import search_and_open

    found = search_and_open(db, TODAY, QUERIES, _largest_group(db))
    return {
        "search_p95_ms": p95(found["search"]) * 1000,
        "search_ms": [round(t * 1000, 1) for t in found["search"]],
        "open_ms": statistics.median(found["open"]) * 1000,
        "open_members_ms": (
            statistics.median(found["open_members"]) * 1000 if found["open_members"] else None
        ),
    }


def _largest_group(db: str) -> int | None:
    """The group tracked per member with the most members on one directive."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT group_id, count(*) AS n FROM assignments WHERE role = 'member' "
            "AND removed = 0 GROUP BY directive_id, group_id ORDER BY n DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


PROBES = {
    "start": probe_start,
    "bare": probe_bare,
    "session": probe_session,
    "save": probe_save,
    "search": probe_search,
    "export": probe_export,
}


def main(argv: list[str]) -> None:
    what, db, *rest = argv
    emit(PROBES[what](db, *rest))


if __name__ == "__main__":
    main(sys.argv[1:])
