"""Dates typed dd/mm/yyyy, stored ISO."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_tui.domain.dates import format_date, long_vn_date, parse_date
from cchc_tui.domain.errors import ValidationError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/8/2024", date(2024, 8, 1)),
        ("01/08/2024", date(2024, 8, 1)),
        ("20.7.2020", date(2020, 7, 20)),
        ("2024-08-16", date(2024, 8, 16)),
        ("ngày 14 tháng 10 năm 2024", date(2024, 10, 14)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_parse_accepts(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("31/02/2024", "chỉ có 29 ngày"),
        ("29/02/2023", "chỉ có 28 ngày"),
        ("01/13/2024", "tháng phải từ 1 đến 12"),
        ("hôm qua", "dd/mm/yyyy"),
        ("", "Chưa nhập"),
        ("32/1/2024", "chỉ có 31 ngày"),
    ],
)
def test_parse_rejects_with_reason(text, reason):
    with pytest.raises(ValidationError) as info:
        parse_date(text, "date")
    assert reason in info.value.message
    assert info.value.field == "date"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_parse_format_round_trip(value):
    assert parse_date(format_date(value)) == value


def test_long_date_line_follows_decree_30():
    assert long_vn_date(date(2026, 11, 27)) == "ngày 27 tháng 11 năm 2026"
    assert long_vn_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert long_vn_date(date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
