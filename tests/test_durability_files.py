"""Ways to lose or corrupt the clerk's data through the file itself: copies
of the .db alone, re-seeding, damaged pages, kills during a restore or an
upgrade copy, incomplete backups, rotation of manual copies."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cchc_tui.domain.errors import DatabaseError, StaleWriteError
from cchc_tui.services.backup import backup_to, daily_backup, list_backups, restore_from
from cchc_tui.services.opening import open_database
from cchc_tui.services.updates import record_update
from cchc_tui.store.database import DamagedFileError, PreviousDataError
from tests.conftest import old_file as copy_of_old_file
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 27)


def _updates(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM updates ORDER BY id")]
    finally:
        conn.close()


def _run_killed(code: str, db: Path) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (``db`` as DB) and expect it to
    die by SIGKILL."""
    script = textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", script, str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done


# -- item 2: the .db alone holds what was saved; never re-seed --------------------------


def test_a_copy_of_the_db_alone_holds_every_save_after_a_checkpoint(db_path, tmp_path):
    store = open_database(db_path)  # a long-lived window: the -wal would keep growing
    try:
        for n in range(30):
            record_update(store, 1 + n % 7, today=TODAY, note=f"việc {n}")
        assert store.unmerged
        assert store.checkpoint()
        assert not store.unmerged
        copy = tmp_path / "usb" / "cchc.db"
        copy.parent.mkdir()
        shutil.copyfile(db_path, copy)  # the .db only, as a clerk copies it
    finally:
        store.close()
    assert [n for n in _updates(copy) if n.startswith("việc")] == [f"việc {n}" for n in range(30)]


def test_closing_merges_the_wal_even_with_another_window_open(db_path, tmp_path):
    other = open_database(db_path)  # another window stays open
    try:
        code, _, err = run_cli(db_path, "update", "2", "--note", "từ dòng lệnh")
        assert code == 0, err
        copy = tmp_path / "copy.db"
        shutil.copyfile(db_path, copy)
        assert "từ dòng lệnh" in _updates(copy)
    finally:
        other.close()


def test_an_existing_file_without_notices_is_never_seeded_again(db_path):
    open_database(db_path, seed=False).close()  # set up as empty (a template, say)
    store = open_database(db_path)
    try:
        assert store.value("SELECT count(*) FROM notices") == 0
    finally:
        store.close()


def test_new_file_records_how_it_was_set_up(fresh_store):
    assert fresh_store.state("initialised_as") == "sample"
    assert len(fresh_store.generation() or "") == 32


def test_a_missing_file_beside_earlier_copies_is_not_created_anew(db_path):
    assert run_cli(db_path, "update", "3", "--note", "trước khi mất")[0] == 0
    assert run_cli(db_path, "backup")[0] == 0
    for part in db_path.parent.glob("cchc.db*"):
        part.unlink()  # the file is gone (deleted, or a restore died)
    code, out, err = run_cli(db_path, "list")
    assert code == 1
    assert "cchc-tui restore" in err and "backups" in err and "\n" == err[-1]
    assert not db_path.exists()
    newest = list((db_path.parent / "backups").glob("*.db"))[0]
    code, out, err = run_cli(db_path, "restore", str(newest))
    assert code == 0, err
    assert "trước khi mất" in _updates(db_path)


# -- item 6: damage inside a data page ----------------------------------------------------


def _damage_updates_table(db: Path) -> None:
    """Overwrite the root page of the updates table (the file still opens)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'updates'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d\xff" * (page_size // 2))


def test_a_damaged_page_stops_writes_and_restore_keeps_the_damaged_file(db_path, tmp_path):
    for n in range(40):
        assert run_cli(db_path, "update", str(1 + n % 7), "--note", f"ghi {n}")[0] == 0
    good = tmp_path / "good.db"
    assert run_cli(db_path, "backup", str(good))[0] == 0
    _damage_updates_table(db_path)
    damaged = db_path.read_bytes()
    code, _, err = run_cli(db_path, "update", "3", "--progress", "50")
    assert code == 1 and "bị hỏng" in err and "restore" in err
    assert db_path.read_bytes() == damaged  # nothing written into it
    code, out, err = run_cli(db_path, "doctor")
    assert "hỏng" in out + err
    code, out, err = run_cli(db_path, "restore", str(good))
    assert code == 0, err
    kept = [p for p in db_path.parent.iterdir() if ".hong-" in p.name and p.suffix != ".db-wal"]
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [damaged]
    assert run_cli(db_path, "update", "3", "--progress", "50")[0] == 0
    assert len(_updates(db_path)) == 41  # the 40 of the backup, then the new one


def test_damage_found_by_a_running_window_refuses_its_writes(fresh_store, today):
    _damage_updates_table(Path(fresh_store.path))
    assert fresh_store.check_integrity(again=True) != "ok"
    with pytest.raises(DamagedFileError):
        record_update(fresh_store, 1, today=today, note="không được ghi")


# -- item 7: a kill during a restore over a damaged file ---------------------------------

KILL_AT_SWAP = """
import os, signal, sys
from pathlib import Path
from cchc_tui.services import backup
real_replace = os.replace
def replace(src, dst):
    if Path(dst).name == "cchc.db":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
backup.os.replace = replace
from cchc_tui.cli import main
main(["--db", sys.argv[1], "restore", str(Path(sys.argv[1]).parent / "good.db")])
"""


def test_a_kill_during_restore_over_a_damaged_file_leaves_no_new_database(db_path, tmp_path):
    assert run_cli(db_path, "update", "4", "--note", "dữ liệu thật")[0] == 0
    assert run_cli(db_path, "backup", str(tmp_path / "good.db"))[0] == 0
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])  # truncated: cannot be opened
    _run_killed(KILL_AT_SWAP, db_path)
    code, out, err = run_cli(db_path, "list")
    assert code == 1
    assert "khôi phục" in err and "good.db" in err and "cchc-tui restore" in err
    assert [p for p in tmp_path.iterdir() if ".hong-" in p.name]  # the aside copy is named
    code, out, err = run_cli(db_path, "restore", str(tmp_path / "good.db"))
    assert code == 0, err
    assert "dữ liệu thật" in _updates(db_path)
    assert not (tmp_path / "cchc.db.dang-khoi-phuc").exists()


def test_restore_into_a_file_replaced_by_a_spreadsheet(db_path, tmp_path):
    assert run_cli(db_path, "update", "4", "--note", "còn giữ")[0] == 0
    assert run_cli(db_path, "backup", str(tmp_path / "good.db"))[0] == 0
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"cchc.db{suffix}").unlink(missing_ok=True)
    db_path.write_bytes(b"PK\x03\x04 not a database")
    code, out, err = run_cli(db_path, "restore", str(tmp_path / "good.db"))
    assert code == 0, err
    assert "còn giữ" in _updates(db_path)


# -- item 8: the copy before an upgrade --------------------------------------------------


@pytest.fixture
def old_file(tmp_path):
    """A file of schema version 1 (as the first release wrote it)."""
    return copy_of_old_file(tmp_path).rename(tmp_path / "cu.db")


KILL_DURING_UPGRADE_COPY = """
import os, signal, sys
from cchc_tui.store import copies
real_backup = __import__("sqlite3").Connection.backup
def copy_database(source, target, **kw):
    temp = copies.temporary_name(target)
    copies.create_private_file(temp)
    os.kill(os.getpid(), signal.SIGKILL)
import cchc_tui.store.database as database
database.copy_database = copy_database
from cchc_tui.services.opening import open_database
open_database(sys.argv[1])
"""


def test_a_kill_during_the_upgrade_copy_leaves_no_empty_copy(old_file):
    _run_killed(KILL_DURING_UPGRADE_COPY, old_file)
    assert not list(old_file.parent.glob("cu.db.truoc-nang-cap-*.bak"))
    store = open_database(old_file)  # the next start copies and upgrades
    try:
        assert store.value("SELECT count(*) FROM database_identity") == 1
    finally:
        store.close()
    copies = list(old_file.parent.glob("cu.db.truoc-nang-cap-v1-*.bak"))
    assert len(copies) == 1 and copies[0].stat().st_size > 0
    assert "trước nâng cấp" in _updates(copies[0])


OPEN_AT_ONCE = """
import sys, time
from cchc_tui.services.opening import open_database
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
open_database(sys.argv[1]).close()
print("ok")
"""


def test_two_processes_opening_an_old_file_at_once_both_work(old_file):
    start = f"{datetime.now().timestamp() + 1.5:.3f}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_ONCE, str(old_file), start],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert len(list(old_file.parent.glob("cu.db.truoc-nang-cap-v1-*.bak"))) == 1


# -- item 9: incomplete backups, rotation ------------------------------------------------


def test_a_backup_missing_a_table_is_not_restored(db_path, tmp_path):
    assert run_cli(db_path, "update", "4", "--note", "đang dùng")[0] == 0
    partial = tmp_path / "thieu-bang.db"
    assert run_cli(db_path, "backup", str(partial))[0] == 0
    conn = sqlite3.connect(partial)
    conn.execute("DROP TABLE measurements")
    conn.commit()
    conn.close()
    code, _, err = run_cli(db_path, "restore", str(partial))
    assert code == 2 and "thiếu bảng measurements" in err
    assert "đang dùng" in _updates(db_path)


def test_a_backup_missing_a_column_is_not_restored(db_path, tmp_path):
    partial = tmp_path / "thieu-cot.db"
    assert run_cli(db_path, "backup", str(partial))[0] == 0
    conn = sqlite3.connect(partial)
    conn.execute("ALTER TABLE notices DROP COLUMN source_file")
    conn.commit()
    conn.close()
    code, _, err = run_cli(db_path, "restore", str(partial))
    assert code == 2 and "source_file" in err


def test_a_manual_backup_named_like_a_daily_one_is_never_rotated(fresh_store, today):
    folder = Path(fresh_store.path).parent / "backups"
    manual = folder / f"cchc-{(today - timedelta(days=400)).isoformat()}.db"
    backup_to(fresh_store, manual)  # the clerk's own copy, with a daily-looking name
    for n in range(20):
        daily_backup(fresh_store, today - timedelta(days=n))
    kinds = {b.path.name: b.kind for b in list_backups(fresh_store)}
    assert manual.exists() and kinds[manual.name] == "manual"
    assert sum(1 for k in kinds.values() if k == "daily") == 14


def test_unmarked_copies_count_as_daily_only_if_older_than_the_upgrade(fresh_store, today):
    folder = Path(fresh_store.path).parent / "backups"
    folder.mkdir(exist_ok=True)
    names = []
    for n in range(16):
        target = folder / f"cchc-{(today - timedelta(days=30 + n)).isoformat()}.db"
        backup_to(fresh_store, target)
        conn = sqlite3.connect(target)
        conn.execute("DROP TABLE store_state")  # as the previous version wrote them
        conn.commit()
        conn.close()
        names.append(target)
    upgraded = datetime.fromisoformat(fresh_store.state("upgraded_at"))
    old = (upgraded - timedelta(days=2)).timestamp()
    for target in names[:15]:
        os.utime(target, (old, old))
    kinds = {b.path: b.kind for b in list_backups(fresh_store)}
    assert [kinds[t] for t in names] == ["daily"] * 15 + ["manual"]


def test_a_backup_with_another_page_size_restores(db_path, tmp_path):
    assert run_cli(db_path, "update", "6", "--note", "trang 8192")[0] == 0
    copy = tmp_path / "copy.db"
    assert run_cli(db_path, "backup", str(copy))[0] == 0
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    conn.close()
    assert run_cli(db_path, "update", "6", "--note", "sau sao lưu")[0] == 0
    code, _, err = run_cli(db_path, "restore", str(copy))
    assert code == 0, err
    assert _updates(db_path)[-1] == "trang 8192"


def test_backups_being_a_file_says_what_to_do(db_path):
    assert run_cli(db_path, "list")[0] == 0
    (db_path.parent / "backups").write_text("không phải thư mục")
    code, _, err = run_cli(db_path, "backup")
    assert code == 2 and "là một tệp, không phải thư mục" in err


# -- item 5, at the store: a save against the content before a restore --------------------


def test_a_write_expecting_the_content_before_a_restore_is_refused(fresh_store, tmp_path, today):
    copy = tmp_path / "copy.db"
    backup_to(fresh_store, copy)
    before = fresh_store.generation()
    restore_from(fresh_store, copy)
    assert fresh_store.generation() != before
    with fresh_store.expecting_generation(before):
        with pytest.raises(StaleWriteError, match="khôi phục"):
            record_update(fresh_store, 3, today=today, progress=60)
    with fresh_store.expecting_generation(fresh_store.generation()):
        record_update(fresh_store, 3, today=today, progress=60)


def test_open_store_without_create_refuses_a_missing_file(tmp_path):
    from cchc_tui.store.database import open_store

    with pytest.raises(DatabaseError):
        open_store(tmp_path / "khong-co.db", create=False)
    assert not (tmp_path / "khong-co.db").exists()


def test_previous_data_error_names_the_copy(db_path):
    assert run_cli(db_path, "backup")[0] == 0
    for part in db_path.parent.glob("cchc.db*"):
        part.unlink()
    with pytest.raises(PreviousDataError) as info:
        open_database(db_path)
    assert info.value.copy is not None and info.value.copy.parent.name == "backups"
    assert "\n" not in str(info.value)


# -- item 13: messages ----------------------------------------------------------------------


def test_output_closed_early_is_not_a_traceback(db_path):
    assert run_cli(db_path, "list")[0] == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "cchc_tui", "--db", str(db_path), "export", "--report", "summary"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # `| head` that has read enough
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
