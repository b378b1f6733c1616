"""Deadline phrases of a directive. A start ("từ ngày"), a purpose ("… trong
năm 2024") or an event ("khi Sở … tiến hành") is not a deadline; recurring
dates ("trước ngày 15 tháng 02 hằng năm") are not one either."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc_tui.domain.dates import last_day_of_month, make_date
from cchc_tui.domain.errors import ValidationError

_LEAD_IN = r"(?:(?:hoàn thành|hoàn tất|xong)\s+)?"
_DMY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?"
_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y2>\d{4}))?"
_BEFORE = re.compile(
    rf"{_LEAD_IN}(?:trước|chậm nhất(?:\s+là)?|hạn chót|không muộn hơn|trong thời hạn đến)\s+(?:ngày\s+)?(?:{_DMY}|{_WORDS})(?!\d)",
    re.I,
)
_MONTH = re.compile(
    rf"{_LEAD_IN}(?:trong|trước cuối|cuối|hết)\s+tháng\s+(?P<m>\d{{1,2}})\s*(?:/|năm)\s*(?P<y>\d{{4}})",
    re.I,
)
_QUARTER = re.compile(
    rf"{_LEAD_IN}(?:trong|trước cuối|cuối|hết)\s+quý\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|năm)\s*(?P<y>\d{{4}})",
    re.I,
)
_RECURRING = re.compile(
    r"^\W*(?:của\s+)?(?:hằng|hàng)\s+(?:năm|tháng|quý)|^\W*của năm (?:liền kề|sau|báo cáo|tiếp theo)",
    re.I,
)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass
class Deadline:
    on: date
    text: str
    position: int


def find_deadlines(text: str, notice_date: date | None) -> list[Deadline]:
    """Every deadline phrase in ``text``, in order of appearance."""
    found: list[Deadline] = []
    for m in _BEFORE.finditer(text):
        if _RECURRING.match(text[m.end() : m.end() + 40]):
            continue
        day = m.group("d") or m.group("d2")
        month = m.group("m") or m.group("m2")
        year = m.group("y") or m.group("y2")
        if year is None:
            if notice_date is None:
                continue
            year = notice_date.year
        try:
            on = make_date(int(year), int(month), int(day))
        except ValidationError:
            continue
        found.append(Deadline(on, m.group(0).strip(), m.start()))
    for m in _MONTH.finditer(text):
        month, year = int(m.group("m")), int(m.group("y"))
        if 1 <= month <= 12:
            found.append(Deadline(last_day_of_month(year, month), m.group(0).strip(), m.start()))
    for m in _QUARTER.finditer(text):
        quarter, year = _QUARTERS[m.group("q").upper()], int(m.group("y"))
        found.append(Deadline(last_day_of_month(year, quarter * 3), m.group(0).strip(), m.start()))
    found.sort(key=lambda d: d.position)
    return found


def directive_deadline(text: str, notice_date: date | None) -> tuple[date | None, str]:
    """The directive's deadline: the latest one it names (sub-tasks may have
    earlier ones), with its phrase; (None, "") when it names none."""
    found = find_deadlines(text, notice_date)
    if not found:
        return None, ""
    latest = max(found, key=lambda d: (d.on, -d.position))
    return latest.on, _tidy(latest.text)


def _tidy(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip(" ,;.()")
