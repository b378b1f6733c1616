"""Service helpers the forms use instead of SQL of their own."""

from __future__ import annotations

import pytest

from cchc_tui.domain.errors import ValidationError
from cchc_tui.services.agencies import add_agency, agency_names, merge_agencies
from cchc_tui.services.directive_editing import next_directive_number, parse_directive_number
from cchc_tui.services.notices import list_notices


@pytest.mark.parametrize(
    "text", ["", "  ", "²", "¹²", "1,5", "1.0", "-3", "+4", "0", "00", "1_0", "x"]
)
def test_parse_directive_number_refuses_what_is_not_a_positive_whole_number(text):
    with pytest.raises(ValidationError) as caught:
        parse_directive_number(text)
    assert caught.value.field == "number"
    assert caught.value.message.startswith("Số thứ tự")


def test_parse_directive_number_refuses_numbers_beyond_sqlite():
    with pytest.raises(ValidationError, match="quá lớn"):
        parse_directive_number("9" * 30)


@pytest.mark.parametrize(("text", "number"), [("7", 7), (" 12 ", 12), ("007", 7), ("１２", 12)])
def test_parse_directive_number_accepts_decimal_digits(text, number):
    assert parse_directive_number(text) == number


def test_next_directive_number(fresh_store):
    notice_id = list_notices(fresh_store)[0].id
    assert next_directive_number(fresh_store, notice_id) == 8
    assert next_directive_number(fresh_store, 999) == 1


def test_agency_names_for_some_or_every_agency(fresh_store):
    every = agency_names(fresh_store)
    assert len(every) == fresh_store.value("SELECT count(*) FROM agencies")
    first, second = sorted(every)[:2]
    assert agency_names(fresh_store, [second, first, 99999]) == {
        first: every[first],
        second: every[second],
    }
    assert agency_names(fresh_store, []) == {}
    new = add_agency(fresh_store, "Phòng [bold]Thử[/]")
    single = fresh_store.value("SELECT min(id) FROM agencies WHERE kind = 'agency'")
    merge_agencies(fresh_store, new, single)
    assert agency_names(fresh_store, [new]) == {new: "Phòng [bold]Thử[/]"}


def test_tui_screens_and_widgets_run_no_sql_of_their_own():
    """Business data reaches the TUI through services; only the upkeep
    timer reads SQLite's data_version to notice other writers."""
    import re
    from pathlib import Path

    import cchc_tui.tui

    root = Path(cchc_tui.tui.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"store\.(value|rows|row|db)\b|\bSELECT\b|\bUPDATE\b|\bINSERT\b", line):
                if "PRAGMA data_version" not in line:
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert found == []
