"""Report periods: what a period A–B is called, and the period before it
(DESIGN, Decisions — Reports: a calendar month, quarter, half-year or year
is followed by the previous one of its kind; any other period by the same
number of days before A)."""

from __future__ import annotations

from datetime import date, timedelta

from cchc_tui.domain.dates import format_date, last_day_of_month

QUARTERS = ["I", "II", "III", "IV"]


def _months(start: date, end: date) -> int | None:
    """How many whole calendar months A–B spans, or None if it is not whole months."""
    if start.day != 1 or end != last_day_of_month(end.year, end.month):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_kind(start: date, end: date) -> str | None:
    """ "month", "quarter", "half" or "year" when A–B is one, else None."""
    months = _months(start, end)
    if months == 1:
        return "month"
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    if months == 6 and start.month in (1, 7):
        return "half"
    if months == 12 and start.month == 1:
        return "year"
    return None


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period before A–B."""
    kind = period_kind(start, end)
    if kind is not None:
        months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
        first = _shift_months(start, -months)
        return first, start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def period_phrase(start: date, end: date) -> str:
    """ "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026", "năm 2026",
    else "từ ngày 05/11/2026 đến ngày 20/11/2026"."""
    kind = period_kind(start, end)
    if kind == "month":
        return f"tháng {start.month}/{start.year}"
    if kind == "quarter":
        return f"quý {QUARTERS[(start.month - 1) // 3]}/{start.year}"
    if kind == "half":
        return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
    if kind == "year":
        return f"năm {start.year}"
    return f"từ ngày {format_date(start)} đến ngày {format_date(end)}"
