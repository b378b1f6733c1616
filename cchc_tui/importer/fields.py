"""Field layouts of a task: "Cơ quan chủ trì: …", "Đơn vị phối hợp: …",
"Thời gian thực hiện: …", "Nội dung: …" (one per line, often as "-" points),
and the time written in such a field or in a table's "Thời gian" column
("Quý IV/2025", "Năm 2026", "Tháng 12/2025", "Thường xuyên")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc_tui.domain.dates import last_day_of_month, make_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import fold
from cchc_tui.importer.deadlines import directive_deadline

_BODY = r"(?:(?:co quan|don vi|co quan, don vi|bo phan|cac co quan|cac don vi)\s+)?"
_LABELS = [
    (
        "lead",
        re.compile(
            rf"^{_BODY}(?:chu tri(?:,? thuc hien)?|thuc hien(?: chinh)?|chu tri tham muu|"
            rf"chiu trach nhiem(?: thuc hien)?)(?:\s+(?:tham muu|thuc hien|tham muu thuc hien))?$"
            r"|^trach nhiem thuc hien$|^don vi chu tri, phoi hop$"
        ),
    ),
    ("support", re.compile(rf"^{_BODY}phoi hop(?:\s+thuc hien)?$")),
    (
        "deadline",
        re.compile(
            r"^(?:thoi gian|thoi han|tien do|moc thoi gian)(?:\s+(?:thuc hien|hoan thanh|ban hanh|"
            r"trinh|bao cao|thuc hien, hoan thanh))?$"
        ),
    ),
    ("content", re.compile(r"^noi dung(?:\s+(?:thuc hien|cong viec|nhiem vu))?$")),
    ("product", re.compile(r"^(?:san pham(?:\s+du kien)?|ket qua(?:\s+dau ra)?)$")),
]


@dataclass
class FieldLine:
    role: str  # "lead" | "support" | "deadline" | "content" | "product"
    value: str


def parse_field(text: str) -> FieldLine | None:
    """ "Đơn vị chủ trì thực hiện: Các Sở, ngành" -> FieldLine("lead", "Các Sở, ngành")."""
    colon = text.find(":")
    if colon <= 0 or colon > 60:
        return None
    label = re.sub(r"\s+", " ", fold(text[:colon])).strip(" .-+")
    for role, pattern in _LABELS:
        if pattern.match(label):
            return FieldLine(role, text[colon + 1 :].strip())
    return None


_ONGOING = re.compile(
    r"^(thuong xuyen|hang nam|hang thang|hang quy|dinh ky|lien tuc|theo (ke hoach|tien do|yeu cau|quy dinh|"
    r"lo trinh|chi dao|huong dan)|khi co|ngay sau khi|sau khi)"
    r"|cac nam tiep theo|nhung nam tiep theo|hang nam$|^tu\b"
)
_FIELD_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_FIELD_MONTH = re.compile(r"\bthang\s*(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})\b")
_FIELD_QUARTER = re.compile(r"\bqu[yi]\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|nam|\s)\s*(\d{4})\b")
_FIELD_YEARS = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/])")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def time_value(text: str, notice_date: date | None) -> tuple[date | None, str, bool]:
    """The deadline a time field states: (date or None, phrase, certain).
    "Thường xuyên", "Hằng năm", "năm 2025 và các năm tiếp theo" -> no deadline;
    a year or a period ("2026 - 2027") -> its last day, marked uncertain."""
    phrase = re.sub(r"\s+", " ", text).strip(" .;,")
    key = fold(phrase)
    if not key or _ONGOING.search(key):
        return None, "", True
    on, said = directive_deadline(phrase, notice_date)
    if on is not None:
        return on, said, True
    if m := _FIELD_DATE.search(key):
        try:
            return make_date(int(m.group(3)), int(m.group(2)), int(m.group(1))), phrase, True
        except ValidationError:
            pass
    if m := _FIELD_MONTH.search(key):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return last_day_of_month(year, month), phrase, True
    quarters = _FIELD_QUARTER.findall(key)
    if quarters:  # "Quý IV/2025 - Quý II/2026": the end of the period
        year, quarter = max((int(y), _QUARTERS[q]) for q, y in quarters)
        return last_day_of_month(year, quarter * 3), phrase, len(quarters) == 1
    years = _FIELD_YEARS.findall(key)
    if years:
        last_year = max(int(b or a) for a, b in years)
        single = len(years) == 1 and not years[0][1]
        return make_date(last_year, 12, 31), phrase, single
    return None, phrase, False
