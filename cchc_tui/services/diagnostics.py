"""`doctor`: what a support person needs to know about this installation."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cchc_tui import __version__
from cchc_tui.services.backup import list_backups
from cchc_tui.store import migrations
from cchc_tui.store.database import Store

OLD_BACKUP_DAYS = 7
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs"}


@dataclass
class Diagnosis:
    """Facts (label, value) and warnings, in Vietnamese."""

    facts: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def on_network_share(path: Path) -> bool:
    """UNC paths and mapped network drives on Windows; NFS/SMB mounts on Linux."""
    text = str(path.resolve())
    if sys.platform == "win32":  # what os.name "nt" means; mypy knows ctypes.windll there
        if text.startswith("\\\\"):
            return True
        try:
            import ctypes

            drive = os.path.splitdrive(text)[0] + "\\"
            return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
        except (AttributeError, OSError):
            return False
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    best, fstype = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (text == parts[1] or text.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) > len(best):
                best, fstype = parts[1], parts[2]
    return fstype in NETWORK_FILESYSTEMS


def colour_support() -> str:
    if os.environ.get("NO_COLOR"):
        return "tắt (NO_COLOR)"
    if os.environ.get("COLORTERM") in ("truecolor", "24bit"):
        return "24-bit (truecolor)"
    term = os.environ.get("TERM", "")
    if "256" in term:
        return "256 màu"
    if os.name == "nt":
        return (
            "Windows Terminal"
            if os.environ.get("WT_SESSION")
            else "cmd.exe / PowerShell (nên dùng Windows Terminal)"
        )
    return f"cơ bản ({term or 'không rõ TERM'})"


LARGE_WAL_BYTES = 1024 * 1024
"""A -wal file bigger than this holds work the .db file alone lacks."""

COPY_ADVICE = (
    "Chép dữ liệu sang máy khác hoặc USB: cchc-tui backup TỆP (ví dụ E:\\cchc-sao-luu.db trên USB) hoặc ctrl+p → Sao lưu trong ứng "
    "dụng: luôn ra một tệp đầy đủ. Đừng chép riêng tệp .db khi ứng dụng đang mở."
)


def wal_size(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def diagnose(store: Store) -> Diagnosis:
    """Facts about the installation and the file, and what to fix. The
    full integrity check runs first: a damaged file gets no counts."""
    d = Diagnosis()
    path = Path(store.path)
    d.facts.append(("Phiên bản", f"cchc-tui {__version__}, Python {sys.version.split()[0]}"))
    d.facts.append(("Tệp dữ liệu", str(path.resolve())))
    known = len(migrations.known_names())
    d.facts.append(("Lược đồ", f"{store.schema_version()} (chương trình hỗ trợ {known})"))
    integrity = full_check(store)
    d.facts.append(("Kiểm tra toàn vẹn", integrity))
    if integrity != "ok":
        d.warnings.append(
            "Tệp dữ liệu bị hỏng; ứng dụng không ghi thêm vào tệp này. Hãy khôi phục từ bản sao "
            "lưu: cchc-tui backup --list, rồi cchc-tui restore TỆP."
        )
    else:
        counts = {
            "văn bản": "SELECT count(*) FROM notices",
            "nhiệm vụ": "SELECT count(*) FROM directives",
            "cơ quan": "SELECT count(*) FROM agencies WHERE merged_into IS NULL",
            "cập nhật": "SELECT count(*) FROM updates",
        }
        d.facts.append(
            ("Số liệu", ", ".join(f"{store.value(sql)} {name}" for name, sql in counts.items()))
        )
    size = path.stat().st_size if path.exists() else 0
    wal = wal_size(path)
    d.facts.append(("Dung lượng", f"{_size(size)} (+ nhật ký WAL {_size(wal)})"))
    if wal > LARGE_WAL_BYTES:
        d.warnings.append(
            f"Nhật ký WAL lớn ({_size(wal)}): phần việc mới nhất có thể chưa nằm trong tệp .db. "
            "Đóng các cửa sổ cchc-tui để gộp lại; muốn chép dữ liệu đi thì dùng cchc-tui backup."
        )
    d.advice.append(COPY_ADVICE)
    backups = list_backups(store)
    if backups:
        last = backups[0]
        age = (datetime.now() - last.made_at).days
        d.facts.append(
            ("Sao lưu gần nhất", f"{last.made_at:%d/%m/%Y %H:%M} ({last.kind_label}) — {last.path}")
        )
        if age > OLD_BACKUP_DAYS:
            d.warnings.append(f"Bản sao lưu gần nhất đã {age} ngày; hãy chạy 'cchc-tui backup'.")
    else:
        d.facts.append(("Sao lưu gần nhất", "chưa có"))
        d.warnings.append(
            "Chưa có bản sao lưu nào; hãy chạy 'cchc-tui backup' (ứng dụng cũng tự sao lưu mỗi ngày khi mở)."
        )
    size_term = shutil.get_terminal_size((0, 0))
    term_text = f"{size_term.columns}×{size_term.lines}" if size_term.columns else "không rõ"
    d.facts.append(("Cửa sổ terminal", term_text))
    if size_term.columns and (size_term.columns < 80 or size_term.lines < 24):
        d.warnings.append("Cửa sổ terminal nhỏ hơn 80×24; hãy phóng to để xem đủ bảng.")
    d.facts.append(("Màu", colour_support()))
    d.facts.append(("Mã hóa đầu ra", getattr(sys.stdout, "encoding", None) or "không rõ"))
    if store.readonly:
        d.warnings.append("Không có quyền ghi tệp dữ liệu: ứng dụng mở ở chế độ chỉ đọc.")
    if on_network_share(path):
        d.warnings.append(
            "Tệp dữ liệu nằm trên ổ mạng: SQLite có thể hỏng khi nhiều máy cùng ghi qua mạng; "
            "hãy để tệp trên ổ của máy này."
        )
    if store.schema_version() < known:
        d.warnings.append("Lược đồ cũ hơn chương trình; mở ứng dụng một lần để nâng cấp.")
    return d


def full_check(store: Store) -> str:
    """``PRAGMA integrity_check`` (the full one: indexes against tables too);
    marks the store damaged when it fails."""
    with store.reader() as conn:
        try:
            result = str(conn.execute("PRAGMA integrity_check(1)").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            result = str(exc)
    if result != "ok":
        store.damaged = True
        store.integrity = result
    return result
