"""Reading a notice file into Unicode text: .txt (UTF-8 with or without BOM,
UTF-16 with BOM, legacy TCVN3) and .docx (paragraphs and tables, in order).
Everything that is not a readable notice is refused with a clear message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cchc_tui.domain.text import nfc
from cchc_tui.importer.draft import NoticeImportError
from cchc_tui.importer.tcvn3 import looks_like_tcvn3, looks_like_vni, tcvn3_to_unicode

MAX_FILE_BYTES = 5 * 1024 * 1024
# A .docx is a zip: refuse archives that would unpack to too much (zip bombs).
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000
# Cells of a table row are joined with a wide gap, like a two-column PDF line.
CELL_GAP = "      "


def read_notice_file(path: str | Path) -> str:
    """The text of the notice in ``path``; NoticeImportError when it cannot be read."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NoticeImportError(f"Không tìm thấy tệp '{path}'.") from None
    except OSError as exc:
        raise NoticeImportError(f"Không mở được tệp '{path}': {exc.strerror or exc}.") from None
    if path.is_dir():
        raise NoticeImportError(f"'{path}' là một thư mục, không phải tệp văn bản.")
    if size > MAX_FILE_BYTES:
        raise NoticeImportError(
            f"Tệp '{name}' quá lớn ({size / 1024 / 1024:.1f} MB); chỉ nhận tệp đến 5 MB."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NoticeImportError(f"Không đọc được tệp '{name}': {exc.strerror or exc}.") from None
    return read_notice_bytes(data, name)


def read_notice_bytes(data: bytes, name: str = "văn bản") -> str:
    """The text of a notice given as bytes (``name`` is used in messages and for the type)."""
    if len(data) > MAX_FILE_BYTES:
        raise NoticeImportError(f"Tệp '{name}' quá lớn; chỉ nhận tệp đến 5 MB.")
    if not data.strip():
        raise NoticeImportError(f"Tệp '{name}' rỗng: không có nội dung để nhập.")
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        text = _docx_text(data, name)
        # Word files typed with .VnTime (TCVN3) or VNI fonts
        if looks_like_tcvn3(text):
            text = tcvn3_to_unicode(text)
        elif looks_like_vni(text):
            raise _vni_error(name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NoticeImportError(
            f"Tệp '{name}' là tệp Word cũ (.doc). Hãy mở bằng Word và lưu thành .docx, "
            "hoặc sao chép nội dung ra tệp .txt (UTF-8)."
        )
    elif data.startswith(b"%PDF"):
        raise NoticeImportError(
            f"Tệp '{name}' là PDF. Hãy sao chép nội dung văn bản ra tệp .txt (UTF-8) rồi nhập."
        )
    else:
        text = _plain_text(data, name)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise NoticeImportError(f"Tệp '{name}' rỗng: không có nội dung để nhập.")
    return text


def _plain_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise NoticeImportError(f"Tệp '{name}' hỏng: không đọc được theo UTF-16.") from None
        return _check_text(text.lstrip("\ufeff"), name)
    if b"\x00" in data:
        raise NoticeImportError(
            f"Tệp '{name}' không phải văn bản (có ký tự nhị phân). "
            "Chỉ nhận tệp .txt (UTF-8, UTF-16) hoặc .docx."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # 8-bit legacy text: Latin-1 keeps every byte as its code point, which
        # is how TCVN3 is recognised.
        text = data.decode("latin-1")
        if looks_like_tcvn3(text):
            return _check_text(tcvn3_to_unicode(text), name)
        if looks_like_vni(text):
            raise _vni_error(name) from None
        raise NoticeImportError(
            f"Tệp '{name}' không ở bảng mã UTF-8 và không nhận ra được bảng mã. "
            "Hãy lưu lại tệp với bảng mã Unicode (UTF-8)."
        ) from None
    if looks_like_tcvn3(text):
        text = tcvn3_to_unicode(text)
    elif looks_like_vni(text):
        raise _vni_error(name)
    return _check_text(text, name)


def _vni_error(name: str) -> NoticeImportError:
    return NoticeImportError(
        f"Tệp '{name}' dùng bảng mã cũ VNI, không nhập được. Hãy chuyển sang Unicode "
        "(Unikey: Công cụ chuyển mã, nguồn VNI Windows, đích Unicode) rồi nhập lại."
    )


def _check_text(text: str, name: str) -> str:
    """Refuse binary junk that happened to decode: many control characters."""
    sample = text[:20000]
    if not sample.strip():
        raise NoticeImportError(f"Tệp '{name}' rỗng: không có nội dung để nhập.")
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if controls > max(3, len(sample) // 100):
        raise NoticeImportError(
            f"Tệp '{name}' không phải văn bản (có ký tự nhị phân). "
            "Chỉ nhận tệp .txt (UTF-8, UTF-16) hoặc .docx."
        )
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < 10:
        raise NoticeImportError(f"Tệp '{name}' gần như không có chữ: không phải một văn bản.")
    return text


def _docx_text(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NoticeImportError(
            f"Tệp '{name}' không phải tệp .docx hợp lệ (hỏng hoặc sai định dạng)."
        ) from None
    if len(infos) > MAX_DOCX_MEMBERS:
        raise NoticeImportError(f"Tệp '{name}' có quá nhiều thành phần ({len(infos)}); không nhập.")
    if sum(i.file_size for i in infos) > MAX_DOCX_UNPACKED:
        raise NoticeImportError(f"Tệp '{name}' khi giải nén quá lớn (trên 50 MB); không nhập.")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise NoticeImportError(
            f"Tệp '{name}' không phải tệp Word .docx (thiếu word/document.xml)."
        )
    try:
        import docx  # python-docx, only needed for .docx files
    except ImportError:
        raise NoticeImportError(
            f"Chưa cài python-docx nên không đọc được '{name}'. Cài bằng: pip install python-docx"
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on malformed XML
        raise NoticeImportError(
            f"Tệp '{name}' không phải tệp .docx hợp lệ (nội dung hỏng)."
        ) from None
    return "\n".join(_docx_lines(document))


def _docx_lines(document) -> list[str]:
    """Paragraphs and tables in document order. A paragraph of a numbered
    list gets the number Word shows ("1.", "a)"). A table of tasks (STT |
    Nội dung | Cơ quan chủ trì | …) becomes markdown rows, one per task; any
    other table (a letterhead) one line per cell line, cells side by side."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from cchc_tui.importer.docx_numbering import Numbering

    numbering = Numbering.of(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            lines.append(_numbered(numbering.label(paragraph), paragraph.text))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document), numbering))
            lines.append("")
    return lines


def _numbered(label: str, text: str) -> str:
    if not label or not text.strip() or text.lstrip().startswith(label):
        return text
    return f"{label} {text.lstrip()}"


def _cells(row, numbering) -> list[list[str]]:
    from docx.text.paragraph import Paragraph

    cells: list[list[str]] = []
    seen: list[object] = []  # the cells' XML elements (merged cells repeat)
    for cell in row.cells:
        if any(cell._tc is s for s in seen):
            continue  # a merged cell appears once
        seen.append(cell._tc)
        texts = []
        for p in cell._tc.iter():
            if p.tag.rsplit("}", 1)[-1] == "p":
                paragraph = Paragraph(p, cell)
                texts.append(_numbered(numbering.label(paragraph), paragraph.text))
        cells.append(texts)
    return cells


def _table_lines(table, numbering) -> list[str]:
    from cchc_tui.importer.tables import task_columns

    rows = [_cells(row, numbering) for row in table.rows]
    header = [" ".join(t.strip() for t in cell if t.strip()) for cell in rows[0]] if rows else []
    if header and task_columns(header):
        out = []
        for cells in rows:
            texts = [
                " ".join(t.strip() for t in cell if t.strip()).replace("|", "/") for cell in cells
            ]
            out.append("| " + " | ".join(texts) + " |")
        return out
    lines = []
    for cells in rows:
        # A header cell often holds several lines (body name, "Số: …"): lay
        # them out line by line, side by side.
        height = max((len(c) for c in cells), default=0)
        for i in range(height):
            parts = [c[i].strip() if i < len(c) else "" for c in cells]
            if any(parts):
                lines.append(CELL_GAP.join(p if p else " " for p in parts).rstrip())
    return lines
