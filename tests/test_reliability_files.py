"""Damaged or odd database files: one clear Vietnamese line, exit 1, the file
byte-for-byte untouched; read-only files open read-only; new files are
private."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cchc_tui.services.opening import open_database
from cchc_tui.store import database
from cchc_tui.store.database import DamagedFileError
from tests.conftest import run_cli


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the folder and its hash: nothing written, nothing added."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def assert_refused(db: Path, folder: Path, expected: str) -> None:
    """Both a read and a write are refused with one line; nothing changes."""
    before = fingerprint(folder)
    for args in (("list", "--format", "json"), ("update", "1", "--note", "x")):
        code, out, err = run_cli(db, *args)
        assert code == 1, (args, out, err)
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Lỗi: "), err
        assert expected in lines[0], lines[0]
        assert "Traceback" not in err
    assert fingerprint(folder) == before


@pytest.fixture
def good_db(tmp_path) -> Path:
    """A closed, seeded database with one update (everything checkpointed)."""
    path = tmp_path / "good" / "cchc.db"
    path.parent.mkdir()
    assert run_cli(path, "update", "3", "--progress", "40")[0] == 0
    return path


def test_path_is_a_folder(tmp_path):
    folder = tmp_path / "cchc.db"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    assert_refused(folder, folder, "thư mục")


def test_non_sqlite_file(tmp_path):
    path = tmp_path / "cchc.db"
    path.write_bytes("Báo cáo tiến độ — không phải cơ sở dữ liệu\n".encode() * 50)
    assert_refused(path, tmp_path, "không phải cơ sở dữ liệu SQLite")


@pytest.mark.parametrize("keep", [0.03, 0.25, 0.5, 0.9, 0.99])
def test_truncated_file(tmp_path, good_db, keep):
    data = good_db.read_bytes()
    path = tmp_path / "cchc.db"
    path.write_bytes(data[: max(20, int(len(data) * keep))])
    assert_refused(path, tmp_path, "bị cắt cụt")


def test_every_page_boundary_truncation_is_refused(tmp_path, good_db):
    data = good_db.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    path = tmp_path / "cchc.db"
    for pages in range(1, len(data) // page):
        path.write_bytes(data[: pages * page])
        with pytest.raises(DamagedFileError):
            open_database(path)
        assert path.read_bytes() == data[: pages * page]


def test_malformed_page_is_refused(tmp_path, good_db):
    path = tmp_path / "cchc.db"
    data = bytearray(good_db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page : 2 * page] = b"\xff" * page  # the first page after the header page
    path.write_bytes(bytes(data))
    before = fingerprint(tmp_path)
    code, _, err = run_cli(path, "list", "--format", "json")
    assert code == 1 and "hỏng" in err and len(err.strip().splitlines()) == 1
    assert fingerprint(tmp_path) == before


def test_newer_schema_by_migration_name(tmp_path, good_db):
    conn = sqlite3.connect(good_db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('cchc', '9999_from_the_future', 'x')"
    )
    conn.commit()
    conn.close()
    assert_refused(good_db, good_db.parent, "phiên bản cchc-tui mới hơn")


def test_newer_schema_by_user_version(good_db):
    conn = sqlite3.connect(good_db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert_refused(good_db, good_db.parent, "phiên bản cchc-tui mới hơn")


def test_other_programs_database_in_rollback_mode_is_not_switched_to_wal(tmp_path):
    # switching to WAL rewrites the header: it must not happen to a refused file
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()
    assert_refused(path, tmp_path, "chương trình khác")


def test_file_locked_by_another_program(good_db, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    locker = sqlite3.connect(good_db, isolation_level=None)
    try:
        locker.execute("PRAGMA locking_mode = EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        locker.execute("UPDATE settings SET value = value")
        assert_refused(good_db, good_db.parent, "đang bị một chương trình khác khóa")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert run_cli(good_db, "update", "1", "--note", "sau khi mở khóa")[0] == 0


def test_writer_holding_the_lock_too_long_gives_a_message(good_db, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(good_db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        code, out, _ = run_cli(good_db, "list", "--format", "json")
        assert code == 0 and json.loads(out)  # readers are not blocked (WAL)
        code, _, err = run_cli(good_db, "update", "1", "--note", "x")
        assert code == 1 and "khóa" in err and len(err.strip().splitlines()) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- read-only -----------------------------------------------------------------
def _read_only_runner(tmp_path: Path, source: Path):
    """A CLI runner on a copy of ``source`` that this process may read but
    not write: a read-only bind mount (root), a non-root user via setpriv
    (root without mount rights), or plain file modes (not root)."""
    if os.name != "posix":
        pytest.fail("read-only tests need POSIX")
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        shutil.copy(source, folder / "cchc.db")
        (folder / "cchc.db").chmod(0o444)
        folder.chmod(0o555)
        yield lambda *args: run_cli(folder / "cchc.db", *args), folder
        folder.chmod(0o755)
        return
    src, mnt = tmp_path / "ro-src", tmp_path / "ro"
    src.mkdir()
    mnt.mkdir()
    shutil.copy(source, src / "cchc.db")
    mounted = False
    if not os.environ.get("CCHC_TEST_NO_MOUNT"):  # to exercise the setpriv way
        try:
            bind = ["mount", "--bind", str(src), str(mnt)]
            mounted = subprocess.run(bind, capture_output=True).returncode == 0
        except OSError:
            pass
    if mounted:
        remount = ["mount", "-o", "remount,ro,bind", str(mnt)]
        try:
            subprocess.run(remount, check=True, capture_output=True)
            yield lambda *args: run_cli(mnt / "cchc.db", *args), mnt
        finally:
            subprocess.run(["umount", str(mnt)], check=True)
        return
    # no mount rights: the nobody user, on a copy in a folder it cannot write
    folder = Path(tempfile.mkdtemp(prefix="cchc-ro-"))
    folder.chmod(0o755)
    shutil.copy(source, folder / "cchc.db")
    (folder / "cchc.db").chmod(0o644)

    def as_nobody(*args):
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        command += [sys.executable, "-m", "cchc_tui", "--db", str(folder / "cchc.db")]
        done = subprocess.run(
            [*command, "--today", "27/11/2026", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        return done.returncode, done.stdout, done.stderr

    try:
        yield as_nobody, folder
    finally:
        shutil.rmtree(folder)


@pytest.fixture
def read_only(tmp_path, good_db):
    yield from _read_only_runner(tmp_path, good_db)


def test_read_only_file_reads_work_and_writes_exit_1(read_only):
    run, folder = read_only
    before = fingerprint(folder)
    code, out, err = run("list", "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)) == 7
    code, out, err = run("show", "3", "--format", "json")
    assert code == 0 and json.loads(out)["progress"] == 40
    for args in (
        ("update", "1", "--note", "x"),
        ("settings", "place", "Huyện Y"),
        ("restore", str(folder / "cchc.db")),
    ):
        code, out, err = run(*args)
        assert code in (1, 2), (args, err)
        assert err.startswith("Lỗi") and len(err.strip().splitlines()) == 1, err
    code, _, err = run("update", "1", "--note", "x")
    assert code == 1 and "chỉ đọc" in err
    assert fingerprint(folder) == before


def test_read_only_store_flag(tmp_path, good_db, monkeypatch):
    # the same decision the TUI banner relies on, via the permission check
    monkeypatch.setattr(database, "_writable", lambda path: False)
    store = open_database(good_db)
    try:
        assert store.readonly
        assert store.value("SELECT count(*) FROM directives") == 7
        with pytest.raises(database.DatabaseError, match="chỉ đọc"):
            with store.transaction():
                pass
    finally:
        store.close()


# -- privacy -------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_new_database_and_its_companions_are_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "new" / "cchc.db"
        store = open_database(path)
        store.conn.execute("SELECT 1")
        modes = {
            p.name: stat.S_IMODE(p.stat().st_mode)
            for p in path.parent.iterdir()
            if p.name.startswith("cchc.db")
        }
        store.close()
    finally:
        os.umask(old)
    assert modes["cchc.db"] == 0o600
    assert all(mode == 0o600 for mode in modes.values()), modes


def test_empty_file_is_treated_as_new(tmp_path):
    path = tmp_path / "cchc.db"
    path.write_bytes(b"")
    code, out, _ = run_cli(path, "list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 7


def test_disk_full_is_one_message_and_nothing_half_written(fresh_store, today):
    from cchc_tui.domain.errors import DatabaseError
    from cchc_tui.services.updates import record_update

    pages = fresh_store.value("PRAGMA page_count")
    fresh_store.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    saved = []
    with pytest.raises(DatabaseError, match="Ổ đĩa đầy") as info:
        for i in range(2000):
            saved.append(record_update(fresh_store, 1 + i % 7, today=today, note="x" * 2000))
    assert "\n" not in str(info.value)
    assert not fresh_store.conn.in_transaction
    assert fresh_store.value("SELECT count(*) FROM updates") == len(saved) > 0
    assert fresh_store.value("PRAGMA integrity_check") == "ok"
    # room again: the next write works
    fresh_store.conn.execute(f"PRAGMA max_page_count = {pages + 1000}")
    record_update(fresh_store, 2, today=today, note="sau khi có chỗ")


def test_write_failures_roll_back_and_bugs_are_not_disguised(fresh_store):
    from cchc_tui.domain.errors import DatabaseError

    with pytest.raises(DatabaseError, match="khóa"):
        with fresh_store.transaction() as db:
            db.execute("UPDATE settings SET value = value")
            locked = sqlite3.OperationalError("database is locked")
            locked.sqlite_errorcode = 5  # SQLITE_BUSY, as SQLite reports it
            raise locked
    assert not fresh_store.conn.in_transaction
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        with fresh_store.transaction() as db:
            db.execute("SELECT * FROM no_such_table")  # a bug is not disguised
    assert not fresh_store.conn.in_transaction
