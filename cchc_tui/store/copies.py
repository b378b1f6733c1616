"""Whole-file copies of a database: consistent (SQLite backup API), written
under a temporary name, checked, then renamed, so that a crash never leaves
a half copy under the copy's name.

Copies are self-contained single files (rollback-journal mode). A copy may
carry a marker of its kind in ``store_state`` (``backup_kind``), which
rotation reads and a restore removes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from cchc_tui.domain.errors import DatabaseError

WAL_PARTS = ("", "-wal", "-shm")


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only (POSIX), so that no
    copy of the records is ever readable by others, even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def temporary_name(target: Path) -> Path:
    """A hidden name beside ``target``, unique to this process."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def quick_check(conn: sqlite3.Connection) -> str:
    """``PRAGMA quick_check``: "ok", or the first problem found."""
    try:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name]).fetchone()
        is not None
    )


def copy_database(
    source: sqlite3.Connection,
    target: Path,
    *,
    kind: str | None = None,
    page_size: int | None = None,
    replace: bool = False,
) -> None:
    """Write a consistent copy of ``source`` to ``target``.

    The copy is made under a temporary private name through the backup API,
    switched to journal mode DELETE, given ``kind`` as its marker (or none),
    rebuilt with ``page_size`` when given and different, checked with
    ``quick_check``, and only then renamed to ``target``. ``target`` must
    not exist unless ``replace`` (FileExistsError)."""
    temp = temporary_name(target)
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    create_private_file(temp)
    try:
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            if has_table(dest, "store_state"):
                dest.execute("DELETE FROM store_state WHERE key = 'backup_kind'")
                if kind:
                    dest.execute(
                        "INSERT INTO store_state (key, value) VALUES ('backup_kind', ?)", [kind]
                    )
            if page_size and dest.execute("PRAGMA page_size").fetchone()[0] != page_size:
                dest.execute(f"PRAGMA page_size = {int(page_size)}")
                dest.execute("VACUUM")
            if (problem := quick_check(dest)) != "ok":
                raise DatabaseError(f"Bản sao {target} không đạt kiểm tra toàn vẹn ({problem}).")
        finally:
            dest.close()
        if target.exists() and not replace:  # made meanwhile by another process
            raise FileExistsError(target)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def copy_raw(live: Path, target: Path) -> Path:
    """A byte-for-byte copy of ``live`` and its -wal/-shm beside it as
    ``target`` (+ the same suffixes): how a damaged file is kept aside,
    exactly as it was. Each part is written under a temporary name first."""
    for suffix in WAL_PARTS:
        part = live.with_name(live.name + suffix)
        if not part.exists():
            continue
        dest = target.with_name(target.name + suffix)
        temp = temporary_name(dest)
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        create_private_file(temp)
        try:
            with part.open("rb") as src, temp.open("wb") as out:
                shutil.copyfileobj(src, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    return target
