"""Daily backups, manual backups, and restore with its checks."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from cchc_tui.domain.errors import ValidationError
from cchc_tui.services.backup import (
    backup_folder,
    backup_to,
    check_backup_file,
    daily_backup,
    list_backups,
    restore_from,
)
from cchc_tui.services.opening import open_database
from cchc_tui.services.updates import record_update
from tests.conftest import db_snapshot, run_cli


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def updates_in(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM updates").fetchone()[0]
    finally:
        conn.close()


def test_daily_backup_once_per_day_consistent_and_private(fresh_store, today):
    record_update(fresh_store, 3, today=today, progress=30)
    made = daily_backup(fresh_store, today)
    assert made == backup_folder(fresh_store) / "cchc-2026-11-27.db"
    assert daily_backup(fresh_store, today) is None  # one per day
    check_backup_file(made)
    assert updates_in(made) == 1
    assert made.read_bytes()[18:20] == b"\x01\x01"  # a single self-contained file
    if os.name == "posix":
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert not [p for p in made.parent.iterdir() if p.name.endswith(".tmp")]


def test_daily_backup_sees_uncheckpointed_writes_of_another_connection(fresh_store, today):
    # a write still in the -wal file (another window) is in the copy
    other = open_database(fresh_store.path)
    try:
        record_update(other, 1, today=today, note="chỉ có trong WAL")
        made = daily_backup(fresh_store, today)
    finally:
        other.close()
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT count(*) FROM updates WHERE note='chỉ có trong WAL'").fetchone()[0]
    conn.close()


def test_daily_backups_keep_the_last_14_days(fresh_store, today):
    for offset in range(20, -1, -1):
        daily_backup(fresh_store, today - timedelta(days=offset))
    manual = backup_to(fresh_store)
    daily = sorted(p.name for p in backup_folder(fresh_store).glob("cchc-????-??-??.db"))
    assert len(daily) == 14
    assert daily[0] == f"cchc-{(today - timedelta(days=13)).isoformat()}.db"
    assert daily[-1] == "cchc-2026-11-27.db"
    listed = list_backups(fresh_store)
    assert manual in [b.path for b in listed]  # manual copies are never pruned
    assert {b.kind for b in listed} == {"daily", "manual"}
    assert len(listed) == 15


def test_daily_backup_in_a_thread_while_writing(fresh_store, today):
    errors = []

    def backup() -> None:
        try:
            daily_backup(fresh_store, today)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    worker = threading.Thread(target=backup)
    worker.start()
    for i in range(20):
        record_update(fresh_store, 1 + i % 7, today=today, note=f"ghi song song {i}")
    worker.join()
    assert errors == []
    made = backup_folder(fresh_store) / "cchc-2026-11-27.db"
    check_backup_file(made)
    assert 0 <= updates_in(made) <= 20


def test_backup_never_overwrites_and_accepts_a_folder(fresh_store, tmp_path):
    target = tmp_path / "copy.db"
    target.write_bytes(b"keep me")
    with pytest.raises(ValidationError, match="không ghi đè"):
        backup_to(fresh_store, target)
    assert target.read_bytes() == b"keep me"
    folder = tmp_path / "usb"
    folder.mkdir()
    made = backup_to(fresh_store, folder)
    assert made.parent == folder and made.suffix == ".db"
    check_backup_file(made)


# -- restore -------------------------------------------------------------------
def test_restore_round_trip_keeps_a_safety_copy(db_path):
    assert run_cli(db_path, "update", "3", "--progress", "20")[0] == 0
    copy = db_path.parent / "copy.db"
    assert run_cli(db_path, "backup", str(copy))[0] == 0
    assert run_cli(db_path, "update", "3", "--progress", "70", "--note", "sau sao lưu")[0] == 0
    after_second = db_snapshot(db_path)
    code, out, err = run_cli(db_path, "restore", str(copy))
    assert code == 0, err
    assert json.loads(run_cli(db_path, "show", "3", "--format", "json")[1])["progress"] == 20
    safety = [b for b in list_backups_of(db_path) if b.kind == "safety"]
    assert len(safety) == 1 and str(safety[0].path) in out
    # the safety copy is the content before the restore, plus its marker
    kept = db_snapshot(safety[0].path)
    assert ("backup_kind", "safety") in kept["store_state"]
    kept["store_state"].remove(("backup_kind", "safety"))
    assert kept == after_second
    # the restored file carries no marker and a new restore generation
    restored = dict(db_snapshot(db_path)["store_state"])
    assert "backup_kind" not in restored
    assert restored["generation"] != dict(after_second["store_state"])["generation"]


def list_backups_of(db_path: Path):
    store = open_database(db_path)
    try:
        return list_backups(store)
    finally:
        store.close()


def test_restore_with_another_reader_open_and_wal_kept(db_path, today):
    store = open_database(db_path)
    copy = backup_to(store, db_path.parent / "copy.db")
    record_update(store, 1, today=today, note="sẽ bị thay")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    seen_before = reader.execute("SELECT count(*) FROM updates").fetchone()[0]
    try:
        restore_from(store, copy)
        # the reader's snapshot is stable; a new read sees the restored data
        assert reader.execute("SELECT count(*) FROM updates").fetchone()[0] == seen_before
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM updates").fetchone()[0] == 0
        assert store.value("PRAGMA journal_mode") == "wal"
        assert store.value("PRAGMA integrity_check") == "ok"
    finally:
        reader.close()
        store.close()


def make_foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def make_newer(path: Path, source: Path) -> None:
    src = open_database(source)
    backup_to(src, path)
    src.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('cchc', '9999_future', 'x')"
    )
    conn.commit()
    conn.close()


def make_corrupt(path: Path, source: Path) -> None:
    src = open_database(source)
    backup_to(src, path)
    src.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[3 * page : 4 * page] = b"\x00\x07" * (page // 2)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "Không có tệp"),
        ("folder", "Không có tệp"),
        ("text", "không phải cơ sở dữ liệu SQLite"),
        ("foreign", "không phải cơ sở dữ liệu của cchc-tui"),
        ("newer", "mới hơn"),
        ("corrupt", "hỏng"),
    ],
)
def test_restore_refuses_bad_files_and_changes_nothing(db_path, tmp_path, case, expected):
    assert run_cli(db_path, "update", "2", "--note", "dữ liệu hiện tại")[0] == 0
    bad = tmp_path / f"{case}.db"
    if case == "folder":
        bad.mkdir()
    elif case == "text":
        bad.write_text("không phải SQLite" * 20, encoding="utf-8")
    elif case == "foreign":
        make_foreign(bad)
    elif case == "newer":
        make_newer(bad, tmp_path / "src-newer.db")
    elif case == "corrupt":
        make_corrupt(bad, tmp_path / "src-corrupt.db")
    bad_hash = sha(bad) if bad.is_file() else None
    before = db_snapshot(db_path)
    code, out, err = run_cli(db_path, "restore", str(bad))
    assert code == 2, (out, err)
    assert expected in err and len(err.strip().splitlines()) == 1, err
    assert db_snapshot(db_path) == before
    assert not [b for b in list_backups_of(db_path) if b.kind == "safety"]
    if bad_hash:
        assert sha(bad) == bad_hash


def test_restore_an_older_schema_copy_migrates_it(db_path, tmp_path):
    from sqlite_utils import Database

    from cchc_tui.store import migrations
    from cchc_tui.store.database import APPLICATION_ID

    # a file as an older version of the app left it: all but the last migration
    known = migrations.known_names()
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.build().apply(Database(conn), stop_before=known[-1])
    conn.execute(f"PRAGMA user_version = {len(known) - 1}")
    conn.close()
    check_backup_file(old)
    store = open_database(db_path)
    try:
        restore_from(store, old)
        assert store.schema_version() == len(known)
        assert [m.name for m in migrations.build().applied(store.db)] == known
        assert store.value("PRAGMA integrity_check") == "ok"
    finally:
        store.close()


def test_restore_replaces_a_damaged_live_file_and_keeps_it(db_path, tmp_path):
    assert run_cli(db_path, "update", "4", "--note", "trước khi hỏng")[0] == 0
    copy = tmp_path / "copy.db"
    assert run_cli(db_path, "backup", str(copy))[0] == 0
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])  # the live file is truncated
    damaged = db_path.read_bytes()
    assert run_cli(db_path, "list")[0] == 1
    code, out, err = run_cli(db_path, "restore", str(copy))
    assert code == 0, err
    kept = [p for p in db_path.parent.iterdir() if ".hong-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    code, out, _ = run_cli(db_path, "show", "4", "--format", "json")
    assert code == 0
    assert any(h.get("note") == "trước khi hỏng" for h in json.loads(out)["history"])


def test_backup_command_default_folder(db_path):
    code, out, _ = run_cli(db_path, "backup")
    assert code == 0
    made = list((db_path.parent / "backups").glob("cchc-*.db"))
    assert len(made) == 1 and str(made[0]) in out
    check_backup_file(made[0])


def test_daily_backup_of_memory_store_is_nothing(today):
    store = open_database(":memory:")
    try:
        assert daily_backup(store, today) is None
    finally:
        store.close()


def test_list_backups_without_folder(fresh_store):
    assert list_backups(fresh_store) == []
    assert date.today()  # nothing else made


def test_daily_backup_problems_are_one_message_not_a_crash(fresh_store, today):
    from cchc_tui.domain.errors import DatabaseError

    blocker = backup_folder(fresh_store)
    blocker.write_text("một tệp tên backups chiếm chỗ thư mục", encoding="utf-8")
    with pytest.raises(DatabaseError, match="Không sao lưu hằng ngày được"):
        daily_backup(fresh_store, today)
    assert blocker.read_text(encoding="utf-8") == "một tệp tên backups chiếm chỗ thư mục"


def test_daily_backup_skips_a_read_only_store(db_path, today, monkeypatch):
    from cchc_tui.store import database

    open_database(db_path).close()
    monkeypatch.setattr(database, "_writable", lambda path: False)
    store = open_database(db_path)
    try:
        assert store.readonly
        assert daily_backup(store, today) is None
        assert not backup_folder(store).exists()
    finally:
        store.close()


def test_leftovers_of_interrupted_copies_are_cleaned(fresh_store, today):
    folder = backup_folder(fresh_store)
    folder.mkdir()
    old = folder / ".cchc-2026-11-20.db.123.tmp"
    old.write_bytes(b"half a copy")
    os.utime(old, (0, 0))
    fresh = folder / ".cchc-2026-11-27.db.456.tmp"
    fresh.write_bytes(b"a copy being written now")
    daily_backup(fresh_store, today)
    assert not old.exists() and fresh.exists()
    assert [b.path.name for b in list_backups(fresh_store)] == ["cchc-2026-11-27.db"]


def test_copies_made_within_one_second_get_distinct_names(fresh_store):
    made = [backup_to(fresh_store) for _ in range(3)]
    assert len(set(made)) == 3
    copy = made[0]
    safeties = [restore_from(fresh_store, copy) for _ in range(2)]
    assert len(set(safeties)) == 2 and all("truoc-khoi-phuc" in p.name for p in safeties)
