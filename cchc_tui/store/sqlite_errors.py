"""What an SQLite error means for the clerk, read from its result code
(``sqlite3.Error.sqlite_errorcode``), never from the English message."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from cchc_tui.domain.errors import DatabaseError

# primary result codes (https://sqlite.org/rescode.html), as sqlite3 names them
BUSY = sqlite3.SQLITE_BUSY
LOCKED = sqlite3.SQLITE_LOCKED
READONLY = sqlite3.SQLITE_READONLY
IOERR = sqlite3.SQLITE_IOERR
CORRUPT = sqlite3.SQLITE_CORRUPT
FULL = sqlite3.SQLITE_FULL
CANTOPEN = sqlite3.SQLITE_CANTOPEN
NOTADB = sqlite3.SQLITE_NOTADB

LOW_DISK_BYTES = 2 * 1024 * 1024
"""Free space below which an I/O error is taken for a full disk."""


class DamagedFileError(DatabaseError):
    """The file is an SQLite file but damaged (truncated, malformed): it can
    only be replaced from a backup (``cchc-tui restore``)."""


def primary_code(exc: BaseException) -> int | None:
    """The primary result code of an sqlite3 error (``sqlite_errorcode``,
    extended codes folded: SQLITE_BUSY_SNAPSHOT is SQLITE_BUSY); None for
    any other exception, or an sqlite3 error raised without a code."""
    # getattr: an sqlite3 error made in Python (not by SQLite) has no code
    code = getattr(exc, "sqlite_errorcode", None) if isinstance(exc, sqlite3.Error) else None
    return None if code is None else code & 0xFF


def is_busy(exc: BaseException) -> bool:
    return primary_code(exc) in (BUSY, LOCKED)


def is_readonly(exc: BaseException) -> bool:
    return primary_code(exc) == READONLY


def is_damage(exc: BaseException) -> bool:
    return primary_code(exc) in (CORRUPT, NOTADB)


def disk_is_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has (almost) no room left."""
    try:
        return shutil.disk_usage(folder).free < LOW_DISK_BYTES
    except OSError:
        return False


def disk_full_message() -> str:
    return (
        "Ổ đĩa đầy (hoặc tệp đạt giới hạn kích thước): thay đổi chưa được lưu, dữ liệu đã có "
        "vẫn nguyên vẹn. Hãy giải phóng chỗ trống trên ổ đĩa rồi thử lại."
    )


def damaged_message(path: str) -> str:
    return (
        f"Tệp dữ liệu {path} bị hỏng: không ghi thêm gì vào tệp này. Hãy khôi phục từ bản sao "
        "lưu gần nhất (cchc-tui backup --list, rồi cchc-tui restore TỆP; trong ứng dụng: "
        "ctrl+p → Sao lưu)."
    )


def write_failure(exc: sqlite3.Error, path: str) -> DatabaseError | None:
    """A one-line message for what the disk or another program did to a
    write (nothing of it was saved); None for anything else (a bug)."""
    code = primary_code(exc)
    folder = Path(path).parent if path != ":memory:" else Path.cwd()
    if code == FULL or (code == IOERR and disk_is_full(folder)):
        return DatabaseError(disk_full_message())
    if code == READONLY:
        return DatabaseError(
            "Không ghi được vào tệp dữ liệu (tệp hoặc ổ đĩa chỉ đọc); thay đổi chưa được lưu."
        )
    if code == IOERR:
        return DatabaseError(
            "Lỗi đọc/ghi ổ đĩa: thay đổi chưa được lưu. Hãy kiểm tra ổ đĩa (USB đã rút? ổ mạng "
            "mất kết nối?) rồi thử lại."
        )
    if code in (BUSY, LOCKED):
        return DatabaseError(
            "Cơ sở dữ liệu đang bị một chương trình khác khóa: thay đổi chưa được lưu; "
            "hãy thử lại sau."
        )
    if code in (CORRUPT, NOTADB):
        return DamagedFileError(damaged_message(path))
    return None


def open_failure(exc: sqlite3.Error, path: Path) -> DatabaseError:
    """Why a file could not be opened, in one line; the file is left as it was."""
    code = primary_code(exc)
    if code in (CORRUPT, NOTADB):
        return DamagedFileError(
            f"Tệp {path} bị hỏng hoặc không phải cơ sở dữ liệu SQLite; tệp được giữ nguyên. "
            "Hãy khôi phục từ bản sao lưu (cchc-tui restore TỆP)."
        )
    if code in (BUSY, LOCKED):
        return DatabaseError(
            f"Tệp {path} đang bị một chương trình khác khóa; hãy đóng chương trình đó rồi thử lại."
        )
    if code == READONLY:
        return DatabaseError(f"Không có quyền ghi vào {path}.")
    if code == FULL or (code == IOERR and disk_is_full(path.parent)):
        return DatabaseError(disk_full_message())
    if code == CANTOPEN:
        return DatabaseError(f"Không mở được tệp {path}: {exc}.")
    return DatabaseError(f"Lỗi cơ sở dữ liệu ở {path}: {exc}.")
