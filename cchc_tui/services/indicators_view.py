"""Indicators of a directive as shown with it (`show`, the directive screen):
each with its target, latest value and whether it is met."""

from __future__ import annotations

from cchc_tui.domain.dates import format_date
from cchc_tui.services.indicators import IndicatorRow, format_number, list_indicators
from cchc_tui.store.database import Store


def indicators_of(store: Store, directive_id: int) -> list[IndicatorRow]:
    """The indicators of one directive."""
    return list_indicators(store, directive_id=directive_id)


def indicator_line(item: IndicatorRow) -> str:
    """One line for people: "Tỷ lệ số hóa hồ sơ TTHC: mục tiêu > 90%; gần nhất
    92,5% (27/11/2026) — Đạt"."""
    text = f"{item.name}: mục tiêu {item.target_text}"
    if item.latest_value is None:
        return text + "; chưa có số liệu"
    when = format_date(item.latest_date)
    result = "Đạt" if item.met else "Chưa đạt"
    return f"{text}; gần nhất {format_number(item.latest_value)}{item.unit} ({when}) — {result}"
