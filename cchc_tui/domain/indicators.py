"""Indicator rules: comparisons (stored as ASCII, shown with ≥ ≤), reading
measured values as people type them, whether a value meets its target."""

from __future__ import annotations

import math

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import nfc

# Stored and exported as ASCII; shown with the mathematical signs.
COMPARISONS = (">", ">=", "<", "<=", "=")
COMPARISON_SIGNS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "="}
_COMPARISON_INPUT = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<=", "==": "="}
TREND_SYMBOLS = {"up": "↑", "down": "↓", "flat": "→"}
EPSILON = 1e-9


def parse_comparison(text: str, field: str = "comparison") -> str:
    """A comparison code from '>', '>=', '≥', '<', '<=', '≤' or '='."""
    key = (text or "").strip()
    key = _COMPARISON_INPUT.get(key, key)
    if key not in COMPARISONS:
        raise ValidationError(
            f"Phép so sánh '{text}' không hợp lệ; chọn một trong: > ≥ < ≤ = "
            "(hoặc >, >=, <, <=, =).",
            field,
        )
    return key


def parse_value(value, field: str = "value") -> float:
    """A measured value from a number or text ("92,5", "92.5", "92,5%")."""
    if isinstance(value, bool):
        raise ValidationError(f"Giá trị '{value}' không phải là số.", field)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = nfc(str(value or "")).strip().rstrip("%").strip().replace(" ", "")
        if not text:
            raise ValidationError("Chưa nhập giá trị đo (một số, ví dụ 92,5).", field)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(
                f"Giá trị '{value}' không phải là số; nhập ví dụ 92,5 hoặc 92.5.", field
            ) from None
    if not math.isfinite(number):
        raise ValidationError(f"Giá trị '{value}' không phải là số hữu hạn.", field)
    return number


def is_met(value: float | None, comparison: str, target: float) -> bool | None:
    """Whether ``value`` meets the target; None without a value."""
    if value is None:
        return None
    return {
        ">": value > target + EPSILON,
        ">=": value >= target - EPSILON,
        "<": value < target - EPSILON,
        "<=": value <= target + EPSILON,
        "=": abs(value - target) <= EPSILON,
    }[comparison]


def format_number(value: float | None) -> str:
    """92.5 -> "92,5", 90.0 -> "90" (Vietnamese decimal comma)."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def target_text(comparison: str, target: float, unit: str) -> str:
    """ "> 90%", "≤ 2%"."""
    return f"{COMPARISON_SIGNS[comparison]} {format_number(target)}{unit}"
