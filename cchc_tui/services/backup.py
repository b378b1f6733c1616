"""Consistent copies of the database (SQLite backup API), the daily backup,
and restore.

Every copy is made through the backup API (never a file copy, which could
catch a half-written page or miss what is still in the -wal file), written
to a temporary name readable by the owner only, checked, then renamed, so a
crash never leaves a half copy under a backup's name (``store.copies``).
Each copy carries a marker of its kind (daily, manual, safety); rotation
deletes daily copies only.

Restore never leaves the clerk without a database: the current content is
kept first (a safety copy, or the damaged file byte for byte), the chosen
copy is checked (header, version, integrity, schema), and it replaces the
content in one write transaction — or, when the live file cannot be opened
at all, by one atomic rename, with a marker beside it until it is done.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from cchc_tui.domain.errors import DatabaseError, ValidationError
from cchc_tui.store import migrations, paths
from cchc_tui.store.copies import (
    WAL_PARTS,
    copy_database,
    copy_raw,
    has_table,
    quick_check,
    temporary_name,
)
from cchc_tui.store.database import (
    APPLICATION_ID,
    SQLITE_HEADER,
    Store,
    check_and_migrate,
    restore_marker,
)
from cchc_tui.store.paths import owned_by
from cchc_tui.store.sqlite_errors import disk_full_message, disk_is_full

__all__ = [
    "BackupFile",
    "backup_folder",
    "backup_to",
    "check_backup_file",
    "daily_backup",
    "default_backup_name",
    "list_backups",
    "prune_daily_backups",
    "restore_from",
    "restore_over_damaged",
]

KEEP_DAILY = 14  # daily copies kept (one per day)
KINDS = ("daily", "manual", "safety")


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
    return paths.backup_folder(store.path)


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
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            f"'{folder}' là một tệp, không phải thư mục, nên không đặt bản sao lưu vào đó được. "
            "Hãy đổi tên hoặc chuyển tệp đó đi, hoặc ghi bản sao lưu ra nơi khác "
            "(cchc-tui backup ĐƯỜNG_DẪN_TỆP).",
            "file",
        )
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def _write_problem(target: Path, exc: OSError) -> ValidationError:
    if disk_is_full(target.parent if target.parent.exists() else Path.cwd()):
        return ValidationError(disk_full_message(), "file")
    return ValidationError(
        f"Không ghi được bản sao lưu {target}: {exc.strerror or exc}. Hãy kiểm tra ổ đĩa và quyền "
        "ghi thư mục, hoặc chọn nơi khác.",
        "file",
    )


def backup_to(store: Store, target: Path | None = None, *, kind: str = "manual") -> Path:
    """Write a consistent copy of the open database to ``target`` (default:
    ``backups/`` beside the database; a folder: a new file in it), marked
    with its ``kind``. Refuses to overwrite a file, and refuses a damaged
    database (its copy would not be a backup)."""
    target = Path(target).expanduser() if target else default_backup_name(store)
    if target.is_dir():
        target = target / default_backup_name(store).name
    if target.exists():
        raise ValidationError(f"Tệp {target} đã có; chọn tên khác (không ghi đè).", "file")
    own = owned_by(store.path, target)
    if own is not None and own.kind != "backups":  # backups/ is where copies go
        raise ValidationError(f"Không sao lưu đè lên {own.label} ({target}).", "file")
    if store.check_integrity(again=True) != "ok":
        raise DatabaseError(
            f"Tệp dữ liệu {store.path} bị hỏng nên không sao lưu được; hãy khôi phục từ bản "
            "sao lưu gần nhất (cchc-tui restore TỆP)."
        )
    try:
        _private_folder(target.parent)
        with store.reader() as conn:
            copy_database(conn, target, kind=kind)
    except FileExistsError:
        raise ValidationError(
            f"Tệp {target} đã có; chọn tên khác (không ghi đè).", "file"
        ) from None
    except OSError as exc:
        raise _write_problem(target, exc) from exc
    except sqlite3.Error as exc:
        raise ValidationError(f"Không sao lưu được vào {target}: {exc}.", "file") from exc
    return target


def daily_backup(store: Store, today: date | None = None, keep: int = KEEP_DAILY) -> Path | None:
    """The copy of the day, if not made yet, into ``backups/`` beside the
    database; keeps the newest ``keep`` daily copies. Uses its own
    connection, so it may run in a background thread while the app works.
    Returns the new copy, or None when there was nothing to do."""
    if store.is_memory or store.readonly or store.check_integrity() != "ok":
        return None  # a damaged file's copy would not be a backup
    today = today or date.today()
    folder = backup_folder(store)
    target = folder / _daily_name(store, today)
    made = None
    if not target.exists():
        try:
            _private_folder(folder)
            with store.reader() as conn:
                copy_database(conn, target, kind="daily")
            made = target
        except FileExistsError:
            made = None  # another window made it first
        except ValidationError as exc:
            raise DatabaseError(f"Không sao lưu hằng ngày được: {exc}") from exc
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"Không sao lưu hằng ngày được vào {folder}: {exc}.") from exc
    prune_daily_backups(store, keep)
    return made


def _daily_pattern(store: Store) -> re.Pattern:
    return re.compile(rf"^{re.escape(Path(store.path).stem)}-(\d{{4}}-\d{{2}}-\d{{2}})\.db$")


def _marker(path: Path) -> str | None:
    """The kind written into a copy, if any."""
    try:
        conn = _open_read_only(path)
    except sqlite3.Error:
        return None
    try:
        if not has_table(conn, "store_state"):
            return None
        row = conn.execute("SELECT value FROM store_state WHERE key = 'backup_kind'").fetchone()
        return row[0] if row and row[0] in KINDS else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _kind_of(store: Store, path: Path, mtime: float) -> str:
    """A copy's kind: its marker; for a copy made before markers existed,
    daily by its name only if older than this file's upgrade (a manual copy
    named like a daily one is never rotated away)."""
    if marked := _marker(path):
        return marked
    if "truoc-khoi-phuc" in path.name:
        return "safety"
    if _daily_pattern(store).match(path.name):
        upgraded = store.state("upgraded_at")
        if upgraded and datetime.fromtimestamp(mtime) < datetime.fromisoformat(upgraded):
            return "daily"
    return "manual"


def list_backups(store: Store) -> list[BackupFile]:
    """The copies in ``backups/`` beside the database, newest first."""
    folder = backup_folder(store)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if not path.is_file() or path.suffix != ".db" or path.name.startswith("."):
            continue
        stat = path.stat()
        kind = _kind_of(store, path, stat.st_mtime)
        found.append(BackupFile(path, kind, datetime.fromtimestamp(stat.st_mtime), stat.st_size))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def prune_daily_backups(store: Store, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete daily copies beyond the newest ``keep`` days (manual copies and
    safety copies made before a restore are never deleted)."""
    folder = backup_folder(store)
    if not folder.is_dir():
        return []
    daily = sorted(
        (b.path for b in list_backups(store) if b.kind == "daily"),
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


@cache
def _expected_columns(names: tuple[str, ...]) -> dict[str, set[str]]:
    return migrations.schema_of(names)


def check_backup_file(path: Path) -> None:
    """Refuse anything that is not a sound database of this app with every
    table and column its version has, or is from a newer version. Only
    reads the file."""
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
            if (problem := quick_check(conn)) != "ok":
                raise ValidationError(
                    f"Tệp {path} bị hỏng (kiểm tra toàn vẹn không đạt: {problem}).", "file"
                )
            names = (
                [
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? "
                        "ORDER BY rowid",
                        [migrations.MIGRATION_SET],
                    )
                ]
                if has_table(conn, "_sqlite_migrations")
                else []
            )
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            present = migrations.table_columns(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"Tệp {path} hỏng hoặc không đọc được ({exc}).", "file") from exc
    if [n for n in names if n not in known] or user_version > len(known):
        raise ValidationError(
            f"Tệp {path} từ phiên bản cchc-tui mới hơn; không khôi phục được bằng phiên bản này.",
            "file",
        )
    if not names or names != known[: len(names)]:
        raise ValidationError(f"Tệp {path} không phải cơ sở dữ liệu của cchc-tui.", "file")
    expected = _expected_columns(tuple(names))
    missing = [t for t in expected if t not in present]
    if missing:
        raise ValidationError(
            f"Tệp {path} thiếu bảng {', '.join(sorted(missing))}: không phải bản sao đầy đủ; "
            "không khôi phục từ tệp này.",
            "file",
        )
    for table, columns in expected.items():
        if lacking := columns - present[table]:
            raise ValidationError(
                f"Tệp {path} thiếu cột {', '.join(sorted(lacking))} của bảng {table}: không phải "
                "bản sao đầy đủ; không khôi phục từ tệp này.",
                "file",
            )


def _check_source(live: Path, source: Path) -> None:
    own = owned_by(live, source)
    if source.resolve() == live.resolve() or (own and own.kind in ("database", "journal")):
        raise ValidationError("Tệp khôi phục chính là tệp dữ liệu đang dùng.", "file")


def _working_copy(source: Path, live: Path, page_size: int | None) -> Path:
    """``source`` copied beside the live file, ready to go in: the live
    file's page size (a WAL file cannot take another one), no backup marker,
    a new restore generation."""
    work = live.with_name(f".{live.name}.khoi-phuc")
    src = _open_read_only(source)
    try:
        copy_database(src, work, page_size=page_size, replace=True)
    finally:
        src.close()
    conn = sqlite3.connect(work, isolation_level=None)
    try:
        if has_table(conn, "store_state"):
            conn.execute(
                "INSERT OR REPLACE INTO store_state (key, value) VALUES ('generation', ?)",
                [secrets.token_hex(16)],
            )
    finally:
        conn.close()
    return work


def _aside_name(live: Path) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    return live.with_name(f"{live.name}.hong-{stamp}")


def restore_from(store: Store, source: Path) -> Path:
    """Replace the live database's content with ``source`` through the
    backup API (one write transaction: safe with WAL and with other windows
    reading, which see it as a change), after checking it and keeping the
    current content: a safety copy in ``backups/``, or — when the live file
    is damaged — the file byte for byte beside it. An older copy is then
    migrated. Returns the copy of the previous content."""
    source = Path(source).expanduser()
    check_backup_file(source)
    if store.readonly:
        raise DatabaseError("Cơ sở dữ liệu đang chỉ đọc; không khôi phục được.")
    live = Path(store.path)
    _check_source(live, source)
    if store.check_integrity(again=True) == "ok":
        kept = backup_to(store, default_backup_name(store, "truoc-khoi-phuc"), kind="safety")
    else:
        kept = copy_raw(live, _aside_name(live))
    try:
        page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.Error:
        page_size = None
    try:
        work = _working_copy(source, live, page_size)
    except OSError as exc:
        raise _write_problem(live, exc) from exc
    try:
        src = sqlite3.connect(work)
        try:
            src.backup(store.conn)
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"Không khôi phục được từ {source} ({exc}); dữ liệu hiện tại giữ nguyên."
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            work.unlink()
    store.damaged = False
    check_and_migrate(store)
    return kept


def restore_over_damaged(live: Path, source: Path) -> Path:
    """Restore ``source`` when the live file cannot be opened (damaged,
    replaced by something else, missing): the live file (with its -wal and
    -shm) is first copied aside byte for byte, the good copy is written and
    checked under a temporary name, then renamed over the live file. A
    marker beside the file names the source until the swap is done, so a
    crash in between is reported at the next start (never a new empty
    database). Returns the kept copy (or the live path when there was
    nothing to keep)."""
    source, live = Path(source).expanduser(), Path(live).expanduser()
    check_backup_file(source)
    _check_source(live, source)
    marker = restore_marker(live)
    kept = (
        copy_raw(live, _aside_name(live))
        if any(live.with_name(live.name + s).exists() for s in WAL_PARTS)
        else live
    )
    temp = temporary_name(live.with_name(live.name + ".moi"))
    try:
        src = _open_read_only(source)
        try:
            copy_database(src, temp, replace=True)
        finally:
            src.close()
        marker.write_text(
            json.dumps({"source": str(source), "kept": str(kept)}, ensure_ascii=False),
            encoding="utf-8",
        )
        # the damaged file's -wal must not be replayed onto the new file
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                live.with_name(live.name + suffix).unlink()
        os.replace(temp, live)
        marker.unlink()
    except OSError as exc:
        raise _write_problem(live, exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return kept
