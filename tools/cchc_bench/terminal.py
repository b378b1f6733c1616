"""First paint in a real terminal (tmux): the app on a database against the
bare Textual app, both started the same way."""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

from cchc_bench import TOOLS
from cchc_bench.synthetic import TODAY


def _pane(session: str) -> str:
    done = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    )
    return done.stdout


def first_paint(command: list[str], marker: str, size=(120, 40), timeout: float = 60) -> float:
    """Seconds from starting ``command`` in a new tmux window until ``marker``
    is on the screen."""
    session = f"cchc-bench-{os.getpid()}"
    if subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    started = time.monotonic()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            shlex.join(command),
        ],
        check=True,
    )
    try:
        while marker not in _pane(session):
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"'{marker}' not shown after {timeout} s")
            time.sleep(0.005)
        return time.monotonic() - started
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _first_paint_retried(command: list[str], marker: str) -> float:
    # a tmux server starting while the previous one exits can refuse once
    try:
        return first_paint(command, marker)
    except subprocess.CalledProcessError:
        time.sleep(0.5)
        return first_paint(command, marker)


def compare(db: Path, runs: int = 5) -> dict:
    """Median first paint of the app on ``db`` and of the bare app, and their ratio."""
    from cchc_tui.services.directives import list_directives
    from cchc_tui.services.opening import open_database

    store = open_database(db)
    first = list_directives(store, TODAY, limit=1)[0]
    store.close()
    marker = first.title[:12]  # the first row of the table
    app = [sys.executable, "-m", "cchc_tui", "--db", str(db), "--today", TODAY.strftime("%d/%m/%Y")]
    bare = ["env", f"PYTHONPATH={TOOLS}", sys.executable, "-m", "cchc_bench.bare"]
    app_times, bare_times = [], []
    for _ in range(runs):
        bare_times.append(_first_paint_retried(bare, "Sẵn sàng."))
        app_times.append(_first_paint_retried(app, marker))
    result = {"app_s": statistics.median(app_times), "bare_s": statistics.median(bare_times)}
    result["ratio"] = result["app_s"] / result["bare_s"]
    return {k: round(v, 3) for k, v in result.items()}
