"""#17 item 6: a search matches its words in order as a phrase, quotes give
an exact phrase, and named agencies' other names and evidence numbers are
searchable (a group's members are not: the agency filter finds those)."""

from __future__ import annotations

import json

from conftest import run_cli

from cchc_tui.domain.text import search_terms


def _found(db, query: str) -> list[int]:
    code, out, err = run_cli(db, "list", "--search", query, "--format", "json")
    assert code == 0, err
    return [r["id"] for r in json.loads(out)]


def test_words_in_order_as_a_phrase_not_anywhere(db_path):
    # directive 1 says "nội dung … nhiệm vụ" but names no "Nội vụ"
    assert 1 not in _found(db_path, "noi vu")
    assert _found(db_path, "noi vu") == _found(db_path, "Nội vụ")
    assert _found(db_path, "noi vu")  # Phòng Nội vụ leads some
    assert _found(db_path, "vu noi") == []


def test_quotes_give_an_exact_phrase_and_split_the_rest(db_path):
    assert search_terms('"một cửa" huyện') == ["mot cua", "huyen"]
    assert search_terms("“một cửa”") == ["mot cua"]
    assert _found(db_path, '"mot cua"') == _found(db_path, "một cửa") != []


def test_aliases_of_named_agencies_are_searchable(fresh_store, db_path):
    from cchc_tui.services.agencies import add_alias, find_agency

    named = _found(db_path, "Phòng Nội vụ")
    assert named and _found(db_path, "Phòng NV Nghĩa Hành") == []
    add_alias(fresh_store, find_agency(fresh_store, "Phòng Nội vụ")["id"], "Phòng NV Nghĩa Hành")
    assert _found(db_path, "phong nv nghia") == named


def test_evidence_numbers_are_searchable_until_retracted(db_path):
    assert _found(db_path, "12/TTr") == []
    code, out, err = run_cli(
        db_path, "update", "4", "--progress", "10", "--evidence", "Tờ trình 12/TTr-PNV"
    )
    assert code == 0, err
    assert _found(db_path, "12/TTr") == [4]
    assert _found(db_path, "TTr-PNV") == [4]
    assert run_cli(db_path, "retract", out.strip(), "--note", "nhầm")[0] == 0
    assert _found(db_path, "12/TTr") == []


def test_members_of_a_group_are_not_searched_but_filtered(db_path):
    assert _found(db_path, "Hành Thuận") == []
    code, out, _ = run_cli(db_path, "list", "--agency", "UBND xã Hành Thuận", "--format", "json")
    assert [r["id"] for r in json.loads(out)]
