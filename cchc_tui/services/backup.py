"""Consistent copies of the database (SQLite backup API) and restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from cchc_tui.domain.errors import DatabaseError, ValidationError
from cchc_tui.store import migrations
from cchc_tui.store.database import APPLICATION_ID, SQLITE_HEADER, Store


def default_backup_name(store: Store) -> Path:
    source = Path(store.path)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    return source.parent / "backups" / f"{source.stem}-{stamp}.db"


def backup_to(store: Store, target: Path | None = None) -> Path:
    """Write a consistent copy of the open database to ``target`` (default:
    ``backups/`` beside the database). Refuses to overwrite a file."""
    target = Path(target) if target else default_backup_name(store)
    if target.exists():
        raise ValidationError(f"Tệp {target} đã có; chọn tên khác (không ghi đè).", "file")
    target.parent.mkdir(parents=True, exist_ok=True)
    dest = sqlite3.connect(target)
    try:
        store.conn.backup(dest)
    finally:
        dest.close()
    try:
        target.chmod(0o600)
    except OSError:
        pass
    return target


def check_backup_file(path: Path) -> None:
    """Refuse anything that is not a database of this app, or is newer."""
    if not path.is_file():
        raise ValidationError(f"Không có tệp {path}.", "file")
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise ValidationError(f"Tệp {path} không phải cơ sở dữ liệu SQLite.", "file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise ValidationError(f"Tệp {path} không phải cơ sở dữ liệu của cchc-tui.", "file")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ValidationError(f"Tệp {path} bị hỏng (kiểm tra toàn vẹn không đạt).", "file")
            names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"Tệp {path} hỏng hoặc không đọc được: {exc}.", "file") from exc
    unknown = [n for n in names if n not in migrations.known_names()]
    if unknown:
        raise ValidationError(
            f"Tệp {path} từ phiên bản cchc-tui mới hơn; không khôi phục được bằng phiên bản này.",
            "file",
        )


def restore_from(store: Store, source: Path) -> Path:
    """Replace the live database's content with ``source`` through the
    backup API (safe with WAL and other readers), after checking it and
    keeping a safety copy of the current content. Returns the safety copy."""
    source = Path(source)
    check_backup_file(source)
    if store.readonly:
        raise DatabaseError("Cơ sở dữ liệu đang chỉ đọc; không khôi phục được.")
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    live = Path(store.path)
    safety = backup_to(store, live.parent / "backups" / f"{live.stem}-truoc-khoi-phuc-{stamp}.db")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        src.backup(store.conn)
    finally:
        src.close()
    return safety
