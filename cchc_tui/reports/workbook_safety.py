"""Checks on a workbook that came from outside (a filled progress form)
before any spreadsheet library parses it: size, the zip's own figures (a
small file that unpacks to gigabytes), and XML document type declarations
(entity expansion). What passes is then read streaming, row-limited."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from cchc_tui.domain.errors import ValidationError

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A form is at most 10 MB on disk (DESIGN, limits)."""
MAX_ROWS = 20_000
"""Rows read from one sheet of a form."""
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
"""What the parts of a form may unpack to, together."""
MAX_PART_RATIO = 200
"""Unpacked / packed size of one part beyond which it is taken for a bomb."""
_CHUNK = 1 << 20
_DECLARATIONS = (b"<!doctype", b"<!entity")


def _refuse(name: str, why: str, verb: str = "không nhận") -> ValidationError:
    return ValidationError(f"Tệp {name} {verb}: {why}.", "file")


def check_workbook(path: str | Path) -> None:
    """Refuse (ValidationError, field "file") a file that is too big, is not
    a zip workbook, would unpack to too much, or declares a document type
    in any of its XML parts. Reads the file only."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ValidationError(f"Không tìm thấy tệp {path}.", "file") from None
    except OSError as exc:
        raise ValidationError(f"Không đọc được tệp {path}: {exc.strerror}.", "file") from exc
    if size > MAX_FILE_BYTES:
        raise _refuse(
            name,
            f"quá lớn ({size / 1024 / 1024:.1f} MB; phiếu báo cáo tối đa "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise _refuse(name, "nội dung giải nén quá lớn (có thể là tệp độc hại)")
            for part in parts:
                if part.compress_size and part.file_size / part.compress_size > MAX_PART_RATIO:
                    raise _refuse(name, "tỷ lệ nén bất thường (có thể là tệp độc hại)")
                if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml(archive, part, name)
    except zipfile.BadZipFile:
        raise _refuse(
            name, "không phải bảng tính Excel (.xlsx) hoặc tệp đã hỏng", "không đọc được"
        ) from None
    except (
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        zlib.error,
    ) as exc:
        raise _refuse(
            name, f"không phải bảng tính Excel hợp lệ ({exc})", "không đọc được"
        ) from None


def _check_xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """No DOCTYPE or ENTITY declaration anywhere in one XML part (streamed,
    with an overlap so a declaration across two chunks is seen)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = (tail + chunk).lower()
            if any(marker in window for marker in _DECLARATIONS):
                raise _refuse(name, "có khai báo DTD trong nội dung (không được phép)")
            tail = window[-16:]
