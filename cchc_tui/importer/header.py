"""The header of a notice: issuing body, number, place and date, kind,
title (trích yếu) and addressees (Kính gửi). Works on two-column lines as
flattened from a PDF, a Word table or a markdown table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import make_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.importer.cleanup import split_columns

KINDS = {
    "thong bao": "Thông báo",
    "thong bao ket luan": "Thông báo kết luận",
    "ket luan": "Kết luận",
    "cong van": "Công văn",
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "bao cao": "Báo cáo",
    "van ban": "Văn bản",
}
_NUMBER = re.compile(
    r"\bSố\s*:?\s*([0-9]{0,6})\s*/\s*([A-ZĐa-zđ0-9][A-ZĐa-zđ0-9.\-–&]*(?:\s*[-–]\s*[A-ZĐ0-9.&]+)*)"
)
_PLACE_DATE = re.compile(
    r"(?:(?P<place>[A-ZĐ\u00c0-\u1ef8][^,\d]{1,40}?)\s*,\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.I,
)
_MOTTO = re.compile(r"cộng hòa|cộng hoà|độc lập|tự do|hạnh phúc", re.I)
_RULE = re.compile(r"^[\s\-_–—=*.]+$")
_VV = re.compile(r"^\s*(?:V/v|V/V|Về việc)\s*:?\s*", re.I)
_BODY_START = re.compile(
    r"^\s*(?:Ngày\s+\d|Căn cứ|Thực hiện|Sau khi|Để|Nhằm|Trên cơ sở|Theo|Vừa qua|Thời gian qua|Qua|Tại|Hôm nay|Chiều|Sáng|Kính gửi)",
    re.I,
)
_PARENT = re.compile(r"^(UBND|ỦY BAN|UỶ BAN|BỘ|TỈNH|HĐND|HUYỆN ỦY|TỈNH ỦY|ĐẢNG BỘ)\b", re.I)
HEADER_SCAN = 30


@dataclass
class Header:
    kind: str = ""
    title: str = ""
    number: str | None = None
    issued_on: date | None = None
    place: str = ""
    issuer: str = ""
    parent: str = ""
    addressees: list[str] = field(default_factory=list)
    end: int = 0  # index of the first line after the header
    warnings: list[str] = field(default_factory=list)


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _kind_of(cell: str) -> str | None:
    return KINDS.get(fold(cell).strip(" .:"))


def parse_header(lines: list[str]) -> Header:
    """Read the header from the first lines; ``end`` says where the body starts."""
    head = Header()
    issuer_lines: list[str] = []
    number_seen = False
    kind_at = vv_at = None
    last = -1
    scan = min(len(lines), HEADER_SCAN)
    for i in range(scan):
        line = _close_date_gaps(lines[i])
        if not line.strip():
            continue
        if i > 0 and len(line.strip()) > 160:
            break  # a body paragraph
        cells = split_columns(line)
        for cell in cells:
            if (
                _MOTTO.search(cell)
                and _is_upper(cell)
                or fold(cell).startswith(("doc lap", "cong hoa"))
            ):
                last = max(last, i)
                continue
            if _RULE.match(cell):
                continue
            m = _NUMBER.search(cell)
            if m and not number_seen and fold(cell).startswith("so"):
                number_seen = True
                digits, symbol = m.group(1), re.sub(r"\s+", "", m.group(2)).replace("–", "-")
                head.number = f"{digits}/{symbol}" if digits else None
                if not digits:
                    head.warnings.append("Văn bản chưa ghi số (chỉ có ký hiệu).")
                last = max(last, i)
                rest = cell[m.end() :]
                if (pd := _PLACE_DATE.search(rest)) and head.issued_on is None:
                    _set_date(head, pd)
                continue
            pd = _PLACE_DATE.search(cell)
            if (
                pd
                and head.issued_on is None
                and (pd.group("place") or cell.strip().lower().startswith("ngày"))
            ):
                if kind_at is None or i <= kind_at + 1:
                    _set_date(head, pd)
                    last = max(last, i)
                    continue
            if _VV.match(cell) and vv_at is None and kind_at is None:
                vv_at = i
                head.title = _VV.sub("", cell)
                last = max(last, i)
                continue
            kind = _kind_of(cell)
            if kind and kind_at is None and len(cells) == 1:
                kind_at = i
                head.kind = kind
                last = max(last, i)
                continue
            if not number_seen and kind_at is None and vv_at is None and _is_upper(cell):
                issuer_lines.append(cell)
                last = max(last, i)
                continue
        if kind_at is not None and i > kind_at:
            break
        if vv_at is not None and i > vv_at:
            if _BODY_START.match(line) or len(cells) > 1:
                break
            head.title += " " + line.strip()
            last = i
    # the title under the kind line, up to a blank line or the body
    if kind_at is not None:
        title_lines = []
        j = kind_at + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        while j < len(lines) and lines[j].strip() and len(title_lines) < 6:
            text = lines[j].strip()
            if _BODY_START.match(text) or _RULE.match(text) or len(text) > 300:
                break
            if _PLACE_DATE.search(text) and head.issued_on is None and not title_lines:
                _set_date(head, _PLACE_DATE.search(text))
                j += 1
                continue
            title_lines.append(text)
            j += 1
        head.title = " ".join(title_lines)
        last = max(last, j - 1)
    head.title = clean(head.title).rstrip(".")
    if head.title:
        head.title = head.title[0].upper() + head.title[1:]
        if _is_upper(head.title):
            head.title = head.title[0] + head.title[1:].lower()
    head.end = last + 1
    head.addressees, head.end = _addressees(lines, head.end)
    if issuer_lines:
        if len(issuer_lines) >= 2 and _PARENT.match(issuer_lines[0]):
            head.parent = clean(issuer_lines[0])
            head.issuer = clean(" ".join(issuer_lines[1:]))
        else:
            head.issuer = clean(" ".join(issuer_lines))
    if not head.kind:
        symbol = fold(head.number or "")
        if "/tb" in symbol:
            head.kind = "Thông báo"
        elif "/kl" in symbol:
            head.kind = "Kết luận"
        elif vv_at is not None or head.number:
            head.kind = "Công văn"
        else:
            head.kind = "Thông báo"
    if head.kind == "Thông báo" and fold(head.title).startswith("ket luan"):
        head.kind = "Thông báo kết luận"
    return head


def _close_date_gaps(line: str) -> str:
    """ "ngày 23 tháng      7    năm 2026" (blanks left for hand-written dates)."""
    line = re.sub(r"(?i)\b(ngày|tháng|năm)\s{2,}(\d)", r"\1 \2", line)
    return re.sub(r"(?i)(\d)\s{2,}(tháng|năm)\b", r"\1 \2", line)


def _set_date(head: Header, match: re.Match) -> None:
    try:
        head.issued_on = make_date(
            int(match.group("y")), int(match.group("m")), int(match.group("d"))
        )
    except ValidationError:
        head.warnings.append(f"Ngày ban hành không hợp lệ: {match.group(0)}.")
        return
    if match.group("place"):
        head.place = clean(match.group("place"))


def _addressees(lines: list[str], start: int) -> tuple[list[str], int]:
    """The 'Kính gửi:' block right after the header, if any."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not fold(lines[i]).startswith("kinh gui"):
        return [], start
    first = re.sub(r"^\s*Kính gửi\s*:?\s*", "", lines[i].strip(), flags=re.I)
    block = [first] if first else []
    i += 1
    while i < len(lines) and lines[i].strip():
        block.append(lines[i].strip())
        i += 1
    block = [b for b in block if not b.startswith("(")]
    if any(b.startswith(("-", "+", "•")) for b in block):
        items, current = [], ""
        for b in block:
            if b.startswith(("-", "+", "•")):
                if current:
                    items.append(current)
                current = b.lstrip("-+• ").strip()
            else:
                current = f"{current} {b}".strip()
        if current:
            items.append(current)
    else:
        items = [" ".join(block)]
    names = [clean(x).rstrip(".;,") for x in items if clean(x)]
    return names, i
