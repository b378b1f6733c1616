"""The crash and concurrency harness at CI size, and its own checks."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from races import run_races  # noqa: E402
from reliability import (  # noqa: E402
    Report,
    RunResult,
    check_database,
    check_rollups,
    run_harness,
    unexpected_stderr,
)


@pytest.mark.slow
def test_concurrent_writers_with_kills_lose_nothing(tmp_path):
    db = tmp_path / "cchc.db"
    report = run_harness(db, writers=2, runs=6, kill_fraction=0.33, updates_per_run=6, seed=7)
    print("\n".join(report.lines()))
    assert report.kills >= 2  # 4 runs chosen; a chosen run may finish first
    assert report.acknowledged > 30
    readers = [r for r in report.results if r.writer < 0]
    assert len(readers) == 1 and readers[0].returncode == 0 and readers[0].reads > 0
    assert report.missing == []
    assert report.integrity == "ok"
    assert report.foreign_keys_ok
    assert report.drifted == []
    assert [unexpected_stderr(r.stderr) for r in report.unkilled_failures] == []
    assert report.ok
    # every acknowledged id is a distinct row
    ids = [i for r in report.results for i, _ in r.acks]
    assert len(ids) == len(set(ids))


def test_check_database_reports_an_acknowledged_update_that_is_missing(fresh_store, db_path):
    conn = sqlite3.connect(db_path)
    known = conn.execute("SELECT max(id) FROM updates").fetchone()[0] or 0
    conn.close()
    run = RunResult(writer=0, run=0, selected_for_kill=False, returncode=0)
    run.acks = [(known + 1000, "reliability w0 r0 u0")]
    missing, integrity, fk_ok, _ = check_database(db_path, [run])
    assert missing == [(known + 1000, "reliability w0 r0 u0")]
    assert integrity == "ok" and fk_ok


def test_a_failed_unkilled_run_fails_the_report(tmp_path):

    failed = RunResult(0, 0, False, killed=False, returncode=1, stderr="Lỗi: database is locked\n")
    killed = RunResult(0, 1, True, killed=True, returncode=-9)
    report = Report(1, 2, [failed, killed], [], "ok", True, 0)
    assert report.unkilled_failures == [failed]
    assert not report.ok
    assert "RESULT: FAIL" in report.lines()


def test_the_clis_confirmations_on_stderr_are_not_failures_but_anything_else_is():
    said = "Đã ghi cập nhật số 10 cho nhiệm vụ 1.\nGiữ nguyên: Phòng Y tế (đã hoàn thành).\n"
    fine = RunResult(0, 0, False, killed=False, returncode=0, stderr=said)
    warned = RunResult(
        0, 1, False, killed=False, returncode=0, stderr=said + "Cảnh báo: chờ khóa\n"
    )
    report = Report(1, 2, [fine, warned], [], "ok", True, 0)
    assert report.unkilled_failures == [warned]
    assert unexpected_stderr(warned.stderr) == ["Cảnh báo: chờ khóa"]


def test_check_rollups_finds_a_half_applied_update(fresh_store, db_path, today):
    from cchc_tui.services.updates import record_update

    record_update(fresh_store, 3, today=today, progress=40)
    assert check_rollups(db_path) == []
    # the update row without its effect on the lead: what a torn write would leave
    fresh_store.conn.execute("UPDATE assignments SET progress=0 WHERE directive_id=3")
    assert check_rollups(db_path) == [3]


def test_many_processes_opening_a_new_file_at_once_seed_it_once(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "new.db"
    command = [sys.executable, "-m", "cchc_tui", "--db", str(db), "--today", "27/11/2026"]
    procs = [
        subprocess.Popen(
            [*command, "list", "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",  # what the CLI writes, whatever the locale (cp1252 on Windows)
        )
        for _ in range(4)
    ]
    results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM directives").fetchone()[0] == 7
    assert conn.execute("SELECT count(*) FROM notices").fetchone()[0] == 1
    conn.close()


@pytest.mark.slow
def test_races_of_imports_restores_and_kills_leave_no_wrong_record(tmp_path):
    results = run_races(tmp_path / "races.db", rounds=4, seed=11)
    print("\n".join(r.line() for r in results))
    assert [r.name for r in results] == [
        "form_vs_writer",
        "notice_twice",
        "restore_vs_form",
        "restore_killed",
    ]
    for race in results:
        assert race.rounds == 4, race.line()
        assert race.ok, race.line()
    assert results[2].outcomes == {"REFUSED": 4}
    assert results[1].outcomes == {"one saved, one refused": 4}
