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
    rf"{_LEAD_IN}(?:trước|chậm nhất(?:\s+là)?(?:\s+(?:vào|trong))?|hạn chót|không muộn hơn|"
    rf"trong thời hạn đến|(?:hoàn thành|xong)\s+(?:đến|vào)|đến hết)\s+(?:ngày\s+)?(?:{_DMY}|{_WORDS})(?!\d)",
    re.I,
)
_MONTH = re.compile(
    rf"{_LEAD_IN}(?:trong|trước cuối|cuối|hết|đến hết|trước hết)\s+tháng\s+(?P<m>\d{{1,2}})\s*(?:/|năm|-)\s*(?P<y>\d{{4}})",
    re.I,
)
_YEAR_END = re.compile(
    rf"{_LEAD_IN}(?:đến hết|trước hết|trước cuối|đến cuối|chậm nhất(?: là)? (?:đến )?hết)\s+năm\s+(?P<y>\d{{4}})",
    re.I,
)
_QUARTER = re.compile(
    rf"{_LEAD_IN}(?:trong|trước cuối|cuối|hết|đến hết|trước hết)\s+qu[ýí]\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|năm|-)\s*(?P<y>\d{{4}})",
    re.I,
)
_RECURRING = re.compile(
    r"^(?:\s*(?:và|,)\s*\d{1,2}\s*/\s*\d{1,2})*\W*(?:của\s+)?(?:hằng|hàng)\s+(?:năm|tháng|quý)"
    r"|^\W*của năm (?:liền kề|sau|báo cáo|tiếp theo)",
    re.I,
)
_RECURRING_BEFORE = re.compile(r"(?:định kỳ|hằng năm|hàng năm|hằng tháng|hằng quý)\W*$", re.I)
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
        if _RECURRING_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            continue  # "định kỳ trước ngày 01/6 …"
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
    for m in _YEAR_END.finditer(text):
        found.append(Deadline(make_date(int(m.group("y")), 12, 31), m.group(0).strip(), m.start()))
    found.sort(key=lambda d: d.position)
    return found


_RELATIVE = re.compile(
    r"(?:chậm nhất|trong (?:thời hạn|vòng)|trước|không quá)\s+(?:là\s+)?(?P<n>\d{1,3})\s+ngày"
    r"(?P<work>\s+làm việc)?(?:\s+(?:kể\s+)?từ\s+(?:ngày\s+)?(?:ban hành|ký|Quyết định (?:này\s+)?(?:được\s+)?(?:ký|ban hành))"
    r"|(?=\s+(?:[a-zđà-ỹ]+\s+){0,2}(?:công khai|thực hiện|hoàn thành|xây dựng|gửi|báo cáo)))",
    re.I,
)


def relative_deadlines(text: str, notice_date: date | None) -> list[Deadline]:
    """ "chậm nhất 03 ngày làm việc kể từ ngày ban hành Quyết định": counted
    from the document's date (working days skip Saturdays and Sundays)."""
    if notice_date is None:
        return []
    from datetime import timedelta

    out = []
    for m in _RELATIVE.finditer(text):
        n = int(m.group("n"))
        day = notice_date
        if m.group("work"):
            left = n
            while left:
                day += timedelta(days=1)
                if day.weekday() < 5:
                    left -= 1
        else:
            day = notice_date + timedelta(days=n)
        out.append(Deadline(day, m.group(0).strip(), m.start()))
    return out


def directive_deadline(text: str, notice_date: date | None) -> tuple[date | None, str]:
    """The directive's deadline: the latest one it names (sub-tasks may have
    earlier ones), with its phrase; (None, "") when it names none."""
    found = find_deadlines(text, notice_date) + relative_deadlines(text, notice_date)
    if not found:
        return None, ""
    latest = max(found, key=lambda d: (d.on, -d.position))
    return latest.on, _tidy(latest.text)


def _tidy(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip(" ,;.()")


def closing_deadline(paragraphs: list[str], notice_date: date | None) -> Deadline | None:
    """A deadline in the closing sentences ("Các cơ quan báo cáo kết quả
    thực hiện trước ngày 15/12/2025"), which applies to every item that has
    none of its own."""
    for paragraph in paragraphs[:4]:
        found = find_deadlines(paragraph, notice_date)
        if found:
            latest = max(found, key=lambda d: (d.on, -d.position))
            return Deadline(latest.on, _tidy(latest.text), latest.position)
    return None


@dataclass
class Piece:
    on: date
    text: str
    leads: list


def split_by_deadline(text: str, ctx, notice_date: date | None) -> list[Piece]:
    """Different deadlines for different agencies in one item ("Bộ A … trước
    ngày 10/12; Bộ B … trong tháng 12"): one piece per deadline with its
    agencies; [] when the item has one deadline or the agencies overlap."""
    from cchc_tui.domain.text import fold
    from cchc_tui.importer.roles import clauses, read_roles

    if len({d.on for d in find_deadlines(text, notice_date)}) < 2:
        return []
    pieces: list[Piece] = []
    for clause in clauses(text):
        leads = read_roles(clause, ctx).leads
        found = find_deadlines(clause, notice_date)
        if found:
            latest = max(found, key=lambda d: (d.on, -d.position))
            same = next((p for p in pieces if p.on == latest.on), None)
            if same is None:
                pieces.append(Piece(latest.on, _tidy(latest.text), list(leads)))
            else:
                same.leads += leads
        elif pieces and leads and not pieces[-1].leads:
            pieces[-1].leads += leads
    pieces = [p for p in pieces if p.leads]
    if len(pieces) < 2:
        return []
    seen: set[str] = set()
    for p in pieces:
        keys = {fold(r.name) for r in p.leads}
        if keys & seen:
            return []
        seen |= keys
    return pieces
