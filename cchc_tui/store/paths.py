"""The files that belong to an open database — the file itself, its -wal,
-shm and -journal, the copies the app keeps beside it and its ``backups/``
folder — so that nothing the app writes (an export, a form, a backup) can
replace one of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BACKUP_FOLDER = "backups"


def _key(path: Path) -> str:
    """A path as the file system compares it: symlinks resolved, and case
    folded where the file system ignores case (Windows)."""
    return os.path.normcase(str(path.expanduser().resolve(strict=False)))


def backup_folder(db_path: str | os.PathLike) -> Path:
    """The ``backups/`` folder beside the database file."""
    return Path(db_path).parent / BACKUP_FOLDER


@dataclass(frozen=True)
class OwnFile:
    """A file (or folder) of the database that ``target`` would replace."""

    kind: str  # "database" | "journal" | "kept_copy" | "backups"
    label: str  # in Vietnamese, for messages


def owned_by(db_path: str | os.PathLike, target: str | os.PathLike) -> OwnFile | None:
    """Which of the database's own files ``target`` is or lies in, or None."""
    if str(db_path) == ":memory:":
        return None
    db, target = Path(db_path), Path(target)
    target_key = _key(target)
    db_key = _key(db)
    if target_key == db_key or _same_file(db, target):
        return OwnFile("database", "tệp dữ liệu đang dùng")
    folder = _key(db.parent)
    name = os.path.normcase(db.name)
    if os.path.dirname(target_key) == folder:
        leaf = os.path.basename(target_key)
        for suffix in ("-wal", "-shm", "-journal"):
            if leaf == name + suffix:
                return OwnFile("journal", f"tệp nhật ký {suffix} của tệp dữ liệu")
        if leaf.startswith(name + "."):
            return OwnFile("kept_copy", "bản sao mà ứng dụng giữ cạnh tệp dữ liệu")
    backups = _key(backup_folder(db))
    if target_key == backups or target_key.startswith(backups + os.sep):
        return OwnFile("backups", "thư mục sao lưu của tệp dữ liệu")
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
