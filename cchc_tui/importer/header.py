"""The header of a notice: issuing body, number, place and date, kind,
title (trích yếu) and addressees (Kính gửi, "… điện:"). Works on two-column
lines as flattened from a PDF, a Word table or a markdown table, and on the
one-column layout of a web page (issuer, motto, number and date one under the
other). A letterhead further down (a news summary above a telegram) is found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import make_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.importer.cleanup import is_upper, split_columns
from cchc_tui.importer.tables import ROW

KINDS = {
    "thong bao": "Thông báo",
    "thong bao ket luan": "Thông báo kết luận",
    "ket luan": "Kết luận",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "bao cao": "Báo cáo",
    "van ban": "Văn bản",
    "chuong trinh": "Chương trình",
    "huong dan": "Hướng dẫn",
    "nghi quyet": "Nghị quyết",
    "phuong an": "Phương án",
}
_NUMBER = re.compile(
    r"\bSố\s*:?\s*([0-9]{0,6})\s*/\s*([A-ZĐa-zđ0-9][A-ZĐa-zđ0-9.\-–&/]*(?:\s*[-–]\s*[A-ZĐ0-9.&]+)*)"
)
_PLACE_DATE = re.compile(
    r"(?:(?P<place>[A-ZĐ\u00c0-\u1ef8][^,\d]{1,40}?)\s*,\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s*(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.I,
)
_MOTTO = re.compile(r"cộng hòa|cộng hoà|độc lập|tự do|hạnh phúc", re.I)
_MOTTO_FOLDED = "cong hoa xa hoi chu nghia viet nam doc lap tu do hanh phuc"
_RULE = re.compile(r"^[\s\-_–—=*.|]+$")
_VV = re.compile(r"^\s*(?:V/v|V/V|Về việc)\s*:?\s*", re.I)
_BODY_START = re.compile(
    r"^\s*(?:Ngày\s+\d|\d{1,2}\s*[.)]\s|[IVX]{1,4}\s*[.)]\s|(?:Căn cứ|Thực hiện|Sau khi|Để|Nhằm|Trên cơ sở|Theo|Vừa qua|"
    r"Thời gian qua|Qua|Tại|Hôm nay|Chiều|Sáng|Kính gửi|Xét|Trả lời|Tiếp theo|Trong|Từ ngày|"
    r"Trước tình hình|Cuối)\b)",
    re.I,
)
# Words that open the name of a body in a letterhead ("BỘ TÀI CHÍNH / CỤC THUẾ").
_BODY_HEAD = re.compile(
    r"^(ủy ban|uỷ ban|ubnd|hđnd|hội đồng|bộ|văn phòng|cục|sở|trung tâm|phòng|ban|thủ tướng|"
    r"tổng cục|chi cục|đảng ủy|huyện ủy|tỉnh ủy|thành ủy|công an|kho bạc|thuế)\b",
    re.I,
)
_INCOMPLETE_END = re.compile(
    r"\b(nhân|ủy ban|uỷ ban|văn phòng|chính|tài|hội đồng|và|thủ tướng|trung tâm|ban|-)$", re.I
)
_AUTHORITY = re.compile(
    r"^(CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|TRƯỞNG BAN|"
    r"HỘI ĐỒNG NHÂN DÂN|CHÁNH VĂN PHÒNG|CỤC TRƯỞNG|BAN CHỈ ĐẠO)\b"
)
HEADER_SCAN = 40  # non-blank lines


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
    start: int = 0  # index of the first line of the letterhead
    end: int = 0  # index of the first line after the header
    warnings: list[str] = field(default_factory=list)
    letter: bool = False  # a letter ("V/v …", "Kính gửi …"): its body may be one task
    kind_found: bool = False  # the kind was written ("THÔNG BÁO"), not guessed


def _kind_of(cell: str) -> str | None:
    return KINDS.get(fold(cell).strip(" .:"))


def is_motto(cell: str) -> bool:
    """The national motto, or a piece of it broken over lines ("HỘI CHỦ NGHĨA VIỆT NAM")."""
    if _MOTTO.search(cell) and (is_upper(cell) or fold(cell).startswith(("doc lap", "cong hoa"))):
        return True
    key = re.sub(r"[^a-z ]", " ", fold(cell))
    key = re.sub(r"\s+", " ", key).strip()
    return (
        (len(key) >= 6 or _MOTTO_FOLDED.startswith(key)) and is_upper(cell) and key in _MOTTO_FOLDED
    )


def letterhead_start(lines: list[str]) -> int:
    """Where the letterhead begins: 0, or the issuer above a motto that comes
    after other text (a news summary pasted above the document)."""
    seen_text = 0
    for i, line in enumerate(lines[:400]):
        if not line.strip():
            continue
        if any(is_motto(c) for c in split_columns(line)):
            if seen_text < 3:
                return 0
            k = i - 1
            start = i
            while k >= 0 and i - k <= 8:
                text = lines[k].strip()
                if text and not (is_upper(text) or _RULE.match(text)):
                    break
                if text and is_upper(text):
                    start = k
                k -= 1
            return start
        if not is_upper(line):
            seen_text += 1
    return 0


def parse_header(lines: list[str]) -> Header:
    """Read the header from the first lines; ``end`` says where the body starts."""
    head = Header()
    head.start = letterhead_start(lines)
    lines = _join_broken_dates(lines)
    issuer_lines: list[str] = []
    number_seen = False
    kind_at = vv_at = None
    last = head.start - 1
    scanned = 0
    i = head.start
    while i < len(lines) and scanned < HEADER_SCAN:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        scanned += 1
        if i > head.start and len(line.strip()) > 160 and not split_columns(line)[1:]:
            break  # a body paragraph
        cells = split_columns(line)
        consumed = False
        for cell in cells:
            if is_motto(cell):
                last = max(last, i)
                consumed = True
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
                consumed = True
                rest = cell[m.end() :]
                if (pd := _PLACE_DATE.search(rest)) and head.issued_on is None:
                    _set_date(head, pd)
                continue
            pd = _PLACE_DATE.search(cell)
            if (
                pd
                and head.issued_on is None
                and (pd.group("place") or cell.strip().lower().startswith("ngày"))
                and pd.start() < 60
            ):
                if kind_at is None or i <= kind_at + 1:
                    _set_date(head, pd)
                    last = max(last, i)
                    consumed = True
                    continue
            if _VV.match(cell) and vv_at is None and kind_at is None:
                vv_at = i
                head.title = _VV.sub("", cell)
                head.letter = True
                last = max(last, i)
                consumed = True
                continue
            kind = _kind_of(cell)
            if kind and kind_at is None and len(cells) == 1:
                kind_at = i
                head.kind = kind
                last = max(last, i)
                consumed = True
                continue
            if (
                not number_seen
                and kind_at is None
                and vv_at is None
                and is_upper(cell)
                and not head.issued_on
            ):
                issuer_lines.append(cell)
                last = max(last, i)
                consumed = True
                continue
        if kind_at is not None and i > kind_at:
            break
        if vv_at is not None and i > vv_at and not consumed:
            if _BODY_START.match(line) or len(cells) > 1 or fold(line).startswith("kinh gui"):
                break
            head.title += " " + line.strip()
            last = i
        elif vv_at is not None and i > vv_at + 1 and not lines[i - 1].strip() and head.title:
            vv_at = -1  # the subject line is over (a blank line, then the date)
        i += 1
    if kind_at is not None:
        head.kind_found = True
        last = max(last, _title(lines, kind_at, head))
    head.title = clean(head.title).rstrip(".")
    if head.title:
        head.title = head.title[0].upper() + head.title[1:]
        if is_upper(head.title):
            head.title = head.title[0] + head.title[1:].lower()
    head.end = last + 1
    head.addressees, head.end = _addressees(lines, head.end)
    if head.addressees:
        head.letter = True
    head.parent, head.issuer = _issuer(issuer_lines)
    if not head.kind:
        symbol = fold(head.number or "")
        if "/tb" in symbol:
            head.kind = "Thông báo"
        elif "/kl" in symbol:
            head.kind = "Kết luận"
        elif "/cd-" in symbol:
            head.kind = "Công điện"
        elif vv_at is not None or head.number:
            head.kind = "Công văn"
        else:
            head.kind = "Thông báo"
    if head.kind == "Thông báo" and fold(head.title).startswith("ket luan"):
        head.kind = "Thông báo kết luận"
    return head


def _title(lines: list[str], kind_at: int, head: Header) -> int:
    """The title under the kind line, up to a blank line, the body, the
    signing authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") or a change from
    capitals to ordinary text. Returns the index of its last line."""
    title_lines: list[str] = []
    j = kind_at + 1
    last = kind_at
    while j < len(lines) and not lines[j].strip():
        j += 1
    while j < len(lines) and len(title_lines) < 8:
        text = lines[j].strip()
        if not text:
            if title_lines:
                break
            j += 1
            continue
        if _BODY_START.match(text) or _RULE.match(text) or len(text) > 300:
            break
        if text.startswith((ROW, "|")) or (title_lines and text.endswith(":")):
            break  # a table, or the sentence introducing the items
        if title_lines and (
            _AUTHORITY.match(text)
            or (is_upper(" ".join(title_lines)) and not is_upper(text) and text[:1].isupper())
        ):
            break
        if re.search(r"\bđiện\s*:\s*$|QUYẾT ĐỊNH\s*:|^Kính gửi", text, re.I):
            break
        if (place_date := _PLACE_DATE.search(text)) and head.issued_on is None and not title_lines:
            _set_date(head, place_date)
            last = j
            j += 1
            continue
        title_lines.append(text)
        last = j
        j += 1
    head.title = " ".join(title_lines)
    return last


def _join_broken_dates(lines: list[str]) -> list[str]:
    """ "Hà Nội, ngày 18" / "tháng 11 năm 2025" on two lines; blanks left in
    a date for the hand-written day ("ngày      tháng 11")."""
    out = [re.sub(r"(?i)\b(ngày|tháng|năm)\s{2,}(\d)", r"\1 \2", line) for line in lines]
    out = [re.sub(r"(?i)(\d)\s{2,}(tháng|năm)\b", r"\1 \2", line) for line in out]
    for i in range(min(len(out), 400) - 1):
        if re.search(r"(?i)\bngày\s*\d{0,2}\s*$", out[i]) and not split_columns(out[i])[1:]:
            k = i + 1
            while k < len(out) and not out[k].strip() and k - i < 3:
                k += 1
            if k < len(out) and re.match(r"(?i)\s*(\d{1,2}\s+)?tháng\b", out[k]):
                out[i] = out[i].rstrip() + " " + out[k].strip()
                out[k] = ""
    return out


def _issuer(issuer_lines: list[str]) -> tuple[str, str]:
    """(parent body, issuing body) from the letterhead's lines: a line that
    opens a new body name ("CỤC THUẾ" under "BỘ TÀI CHÍNH") starts the issuer;
    others go on the name above ("ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH")."""
    units: list[str] = []
    for line in issuer_lines:
        text = clean(line)
        if units and (
            not _BODY_HEAD.match(text)
            or _INCOMPLETE_END.search(units[-1])
            or len(units[-1].split()) == 1
        ):
            units[-1] = f"{units[-1]} {text}"
        else:
            units.append(text)
    if not units:
        return "", ""
    if len(units) == 1:
        return "", units[0]
    return units[0], " ".join(units[1:])


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


_ADDRESSEE_INTRO = re.compile(r"^\s*(?:Kính gửi|.{0,60}\bđiện)\s*:\s*", re.I)


def _addressees(lines: list[str], start: int) -> tuple[list[str], int]:
    """The addressees right after the header: "Kính gửi: …" or a telegram's
    "THỦ TƯỚNG CHÍNH PHỦ điện:", as "- A;" lines or one line. The block ends
    where a line no longer continues an addressee (the body's first sentence)."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return [], start
    m = _ADDRESSEE_INTRO.match(lines[i])
    if not m or not (fold(lines[i]).startswith("kinh gui") or re.search(r"điện\s*:", lines[i])):
        return [], start
    first = lines[i][m.end() :].strip()
    block: list[str] = [first] if first else []
    i += 1
    while i < len(lines):
        text = lines[i].strip()
        if not text:
            if block:
                # a blank line ends the block unless the next line is another "- …"
                k = i + 1
                while k < len(lines) and not lines[k].strip():
                    k += 1
                if k < len(lines) and (
                    re.match(r"^\s*[-+•]", lines[k])
                    and not block[-1].endswith(".")
                    or block[-1].endswith(":")
                ):
                    i = k
                    continue
                break
            i += 1
            continue
        dash = text.startswith(("-", "+", "•"))
        if block and not dash:
            previous = block[-1]
            if (
                previous.endswith(".")
                or _BODY_START.match(text)
                or (previous.endswith(";") and text[:1].isupper())
            ):
                break
            if not (text[:1].islower() or not previous.endswith((";", "."))):
                break
        if not block and not dash and _BODY_START.match(text):
            break
        block.append(text)
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
