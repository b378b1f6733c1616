"""The installed console script, run as a separate process from another folder."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def run(args, cwd, env=None):
    exe = shutil.which("cchc-tui", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "cchc_tui"]
    return subprocess.run(
        command + args,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_console_script_lists_the_seed(tmp_path):
    db = tmp_path / "x.db"
    result = run(
        ["--db", str(db), "--today", "27/11/2026", "list", "--format", "json"], cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 7 and rows[0]["lead"] == [
        "Các cơ quan, đơn vị huyện",
        "UBND các xã, thị trấn",
    ]


def test_module_entry_and_env_vars(tmp_path):
    env = {"CCHC_DB": str(tmp_path / "env.db"), "CCHC_TODAY": "27/11/2026"}
    result = subprocess.run(
        [sys.executable, "-m", "cchc_tui", "update", "3", "--progress", "abc"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        timeout=120,
    )
    assert result.returncode == 2
    assert "Tiến độ" in result.stderr and "Traceback" not in result.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "cchc_tui", "list", "--overdue", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        timeout=120,
    )
    assert [r["id"] for r in json.loads(listed.stdout)] == [1, 3]
    assert (tmp_path / "env.db").exists()
