"""Consistent copies of the database (SQLite backup API), the daily backup,
and restore.

Every copy is made through the backup API (never a file copy, which could
catch a half-written page or miss what is still in the -wal file), written
to a temporary name readable by the owner only, checked, then renamed, so a
crash never leaves a half copy under a backup's name. Copies are
self-contained single files (rollback-journal mode).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cchc_tui.domain.errors import DatabaseError, ValidationError
from cchc_tui.store import migrations
from cchc_tui.store.database import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    Store,
    check_and_migrate,
    create_private_file,
)

BACKUP_FOLDER = "backups"
KEEP_DAILY = 14  # daily copies kept (one per day)


@dataclass(frozen=True)
class BackupFile:
    """One file of the backups folder."""

    path: Path
    kind: str  # "daily" | "manual" | "safety" (made before a restore)
    made_at: datetime
    size: int

    @property
    def kind_label(self) -> str:
        return {"daily": "Hằng ngày", "manual": "Thủ công", "safety": "Trước khôi phục"}[self.kind]


def backup_folder(store: Store) -> Path:
    """The ``backups/`` folder beside the database file."""
    return Path(store.path).parent / BACKUP_FOLDER


def _daily_name(store: Store, day: date) -> str:
    return f"{Path(store.path).stem}-{day.isoformat()}.db"


def default_backup_name(store: Store, label: str = "") -> Path:
    """A new name in ``backups/``: the file's name, ``label``, date and time
    (with -2, -3… when several copies are made within one second)."""
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    base = f"{Path(store.path).stem}-{label + '-' if label else ''}{stamp}"
    folder = backup_folder(store)
    target, n = folder / f"{base}.db", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.db"
    return target


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of ``source`` to the new file ``target``
    (which must not exist): temporary private file, backup API, journal mode
    DELETE, quick check, rename."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    create_private_file(temp)
    try:
        dest = sqlite3.connect(temp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise DatabaseError(f"Bản sao lưu {target} không đạt kiểm tra toàn vẹn.")
        finally:
            dest.close()
        if target.exists():  # made meanwhile by another process
            raise FileExistsError(target)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def backup_to(store: Store, target: Path | None = None) -> Path:
    """Write a consistent copy of the open database to ``target`` (default:
    ``backups/`` beside the database; a folder: a new file in it). Refuses
    to overwrite a file."""
    target = Path(target) if target else default_backup_name(store)
    if target.is_dir():
        target = target / default_backup_name(store).name
    if target.exists():
        raise ValidationError(f"Tệp {target} đã có; chọn tên khác (không ghi đè).", "file")
    if target.resolve() == Path(store.path).resolve():
        raise ValidationError("Không sao lưu đè lên chính tệp dữ liệu đang dùng.", "file")
    try:
        _private_folder(target.parent)
        _copy_database(store.conn, target)
    except FileExistsError:
        raise ValidationError(
            f"Tệp {target} đã có; chọn tên khác (không ghi đè).", "file"
        ) from None
    except OSError as exc:
        raise ValidationError(
            f"Không ghi được bản sao lưu {target}: {exc.strerror}.", "file"
        ) from exc
    return target


def daily_backup(store: Store, today: date | None = None, keep: int = KEEP_DAILY) -> Path | None:
    """The copy of the day, if not made yet, into ``backups/`` beside the
    database; keeps the newest ``keep`` daily copies. Uses its own
    connection, so it may run in a background thread while the app works.
    Returns the new copy, or None when there was nothing to do."""
    if store.path == ":memory:" or store.readonly:
        return None
    today = today or date.today()
    folder = backup_folder(store)
    target = folder / _daily_name(store, today)
    made = None
    if not target.exists():
        try:
            _private_folder(folder)
            source = _read_connection(Path(store.path))
            try:
                _copy_database(source, target)
                made = target
            except FileExistsError:
                made = None  # another window made it first
            finally:
                source.close()
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"Không sao lưu hằng ngày được vào {folder}: {exc}.") from exc
    prune_daily_backups(store, keep)
    return made


def _read_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _daily_pattern(store: Store) -> re.Pattern:
    return re.compile(rf"^{re.escape(Path(store.path).stem)}-(\d{{4}}-\d{{2}}-\d{{2}})\.db$")


def prune_daily_backups(store: Store, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete daily copies beyond the newest ``keep`` days (manual copies and
    safety copies made before a restore are never deleted)."""
    pattern = _daily_pattern(store)
    folder = backup_folder(store)
    if not folder.is_dir():
        return []
    daily = sorted(
        (p for p in folder.iterdir() if p.is_file() and pattern.match(p.name)),
        key=lambda p: p.name,
        reverse=True,
    )
    removed = []
    for path in daily[keep:]:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    # temporary files of copies interrupted by a crash
    for path in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > 3600:
                path.unlink()
    return removed


def list_backups(store: Store) -> list[BackupFile]:
    """The copies in ``backups/`` beside the database, newest first."""
    folder = backup_folder(store)
    if not folder.is_dir():
        return []
    pattern = _daily_pattern(store)
    found = []
    for path in folder.iterdir():
        if not path.is_file() or path.suffix != ".db" or path.name.startswith("."):
            continue
        if pattern.match(path.name):
            kind = "daily"
        elif "truoc-khoi-phuc" in path.name:
            kind = "safety"
        else:
            kind = "manual"
        stat = path.stat()
        found.append(BackupFile(path, kind, datetime.fromtimestamp(stat.st_mtime), stat.st_size))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _open_read_only(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("PRAGMA application_id").fetchone()
        return conn
    except sqlite3.OperationalError:
        # a copy on read-only media, in WAL mode: read it as immutable
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
        conn.execute("PRAGMA application_id").fetchone()
        return conn


def check_backup_file(path: Path) -> None:
    """Refuse anything that is not a sound database of this app, or is from
    a newer version. Only reads the file."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"Không có tệp {path}.", "file")
    with path.open("rb") as handle:
        header = handle.read(100)
    if header[:16] != SQLITE_HEADER:
        raise ValidationError(f"Tệp {path} không phải cơ sở dữ liệu SQLite.", "file")
    known = migrations.known_names()
    try:
        conn = _open_read_only(path)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise ValidationError(f"Tệp {path} không phải cơ sở dữ liệu của cchc-tui.", "file")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ValidationError(f"Tệp {path} bị hỏng (kiểm tra toàn vẹn không đạt).", "file")
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [migrations.MIGRATION_SET],
                )
            ]
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_directives = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='directives'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"Tệp {path} hỏng hoặc không đọc được ({exc}).", "file") from exc
    if [n for n in names if n not in known] or user_version > len(known):
        raise ValidationError(
            f"Tệp {path} từ phiên bản cchc-tui mới hơn; không khôi phục được bằng phiên bản này.",
            "file",
        )
    if not names or not has_directives:
        raise ValidationError(f"Tệp {path} không phải cơ sở dữ liệu của cchc-tui.", "file")


def restore_from(store: Store, source: Path) -> Path:
    """Replace the live database's content with ``source`` through the
    backup API (one write transaction: safe with WAL and with other windows
    reading), after checking it and keeping a safety copy of the current
    content. An older copy is then migrated. Returns the safety copy."""
    source = Path(source)
    check_backup_file(source)
    if store.readonly:
        raise DatabaseError("Cơ sở dữ liệu đang chỉ đọc; không khôi phục được.")
    live = Path(store.path)
    if source.resolve() == live.resolve():
        raise ValidationError("Tệp khôi phục chính là tệp dữ liệu đang dùng.", "file")
    safety = backup_to(store, default_backup_name(store, "truoc-khoi-phuc"))
    src = _open_read_only(source)
    try:
        src.backup(store.conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"Không khôi phục được từ {source} ({exc}); dữ liệu hiện tại giữ nguyên."
        ) from exc
    finally:
        src.close()
    check_and_migrate(store)
    return safety


def restore_over_damaged(live: Path, source: Path) -> Path:
    """Restore ``source`` when the live file cannot be opened because it is
    damaged: the damaged file (with its -wal/-shm) is kept aside under a new
    name, and a fresh file is written from ``source``. Returns the kept
    damaged file."""
    source, live = Path(source), Path(live)
    check_backup_file(source)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    kept = live.with_name(f"{live.name}.hong-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = live.with_name(live.name + suffix)
        if part.exists():
            os.replace(part, kept.with_name(kept.name + suffix))
    src = _open_read_only(source)
    try:
        _copy_database(src, live)
    finally:
        src.close()
    return kept
