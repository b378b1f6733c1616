"""Dates as people type them (dd/mm/yyyy) and as stored (ISO)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import fold

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_WORDS = re.compile(r"^\s*(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\s*$")


def make_date(year: int, month: int, day: int, field: str = "date", shown: str = "") -> date:
    """A date, or a ValidationError saying why it cannot exist."""
    shown = shown or f"{day:02d}/{month:02d}/{year}"
    if not 1 <= month <= 12:
        raise ValidationError(f"Ngày '{shown}' không hợp lệ: tháng phải từ 1 đến 12.", field)
    if not 1900 <= year <= 2200:
        raise ValidationError(f"Ngày '{shown}' không hợp lệ: năm phải từ 1900 đến 2200.", field)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            f"Ngày '{shown}' không hợp lệ: tháng {month}/{year} chỉ có {last} ngày.", field
        )
    return date(year, month, day)


def parse_date(text: str, field: str = "date") -> date:
    """Parse dd/mm/yyyy (also d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy, ISO and
    "ngày 14 tháng 10 năm 2024"). Raises ValidationError with a Vietnamese
    message for anything else or an impossible date."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError("Chưa nhập ngày (dạng dd/mm/yyyy).", field)
    if m := _NUMERIC.match(raw):
        d, mo, y = (int(g) for g in m.groups())
        return make_date(y, mo, d, field, raw)
    if m := _ISO.match(raw):
        y, mo, d = (int(g) for g in m.groups())
        return make_date(y, mo, d, field, raw)
    if m := _WORDS.match(fold(raw)):
        d, mo, y = (int(g) for g in m.groups())
        return make_date(y, mo, d, field, raw)
    raise ValidationError(f"Ngày '{raw}' không đúng dạng dd/mm/yyyy (ví dụ 27/11/2026).", field)


def format_date(value: date | str | None, empty: str = "") -> str:
    """dd/mm/yyyy for people; accepts a date or an ISO string."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def iso(value: date | None) -> str | None:
    """ISO text for storage and JSON, or None."""
    return value.isoformat() if value else None


def from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def long_vn_date(value: date) -> str:
    """ "ngày 27 tháng 11 năm 2026" as Nghị định 30/2020 writes date lines:
    days below 10 and the months 1 and 2 take a leading zero."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
