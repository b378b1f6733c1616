"""Hostile input: SQL metacharacters are data, markup is stored verbatim."""

from __future__ import annotations

import json

import pytest

from cchc_tui.services.agencies import add_agency, find_agency
from cchc_tui.services.directive_editing import draft_of, edit_directive
from cchc_tui.services.opening import open_database
from cchc_tui.services.updates import record_update
from tests.conftest import db_snapshot


def ids(cli, *args: str) -> list[int]:
    result = cli("list", "--format", "json", *args)
    assert result.code == 0, result.err
    return [row["id"] for row in json.loads(result.out)]


@pytest.fixture
def marked(db_path, today):
    """Directive 2's title holds a '%', directive 5's content a '_'."""
    store = open_database(db_path)
    draft, version = draft_of(store, 2)
    draft.title += " (đạt 100% hồ sơ)"
    edit_directive(store, 2, draft, expected_version=version)
    draft, version = draft_of(store, 5)
    draft.content += " Mã hồ sơ: HS_2024."
    edit_directive(store, 5, draft, expected_version=version)
    store.close()


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "' OR '1'='1",
        '" OR ""="',
        "1; DROP TABLE directives; --",
        "') UNION SELECT name, 1, 1 FROM sqlite_master --",
        "\\",
        "%%",
        "__",
        "[a-z]*",
    ],
)
def test_search_injection_matches_nothing_and_harms_nothing(cli, db_path, query):
    assert len(ids(cli)) == 7  # creates and seeds the file
    before = db_snapshot(db_path)
    assert ids(cli, "--search", query) == []
    assert db_snapshot(db_path) == before
    assert len(ids(cli)) == 7


def test_percent_and_underscore_match_literally(cli, marked):
    assert ids(cli, "--search", "%") == [2]
    assert ids(cli, "--search", "100%") == [2]
    assert ids(cli, "--search", "_") == [5]
    assert ids(cli, "--search", "hs_2024") == [5]
    assert ids(cli, "--search", "hs_2") == [5]
    assert ids(cli, "--search", "1_0") == []  # "_" is not "any one letter" (100%)
    assert ids(cli, "--search", "1%0") == []  # '%' is not "anything"


def test_agency_lookup_metacharacters_are_literal(fresh_store):
    for text in ("%", "_", "' OR 1=1 --", "%phòng%"):
        result_code = None
        try:
            find_agency(fresh_store, text)
        except Exception as exc:  # noqa: BLE001 - must be a user error
            result_code = type(exc).__name__
        assert result_code in ("NotFoundError", "ValidationError"), (text, result_code)


HOSTILE_TEXTS = [
    "<script>alert('x')</script>",
    "[bold red]Không được in đậm[/]",
    "[link=https://example.com]bấm[/link] $(rm -rf /) `id`",
    "Robert'); DROP TABLE updates;--",
    '=HYPERLINK("http://x","y")',
    "{0} %s %(name)s \\N \\x00",
    "dòng 1\ndòng 2\r\n\tthụt lề",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_notes_and_evidence_are_stored_verbatim(cli, db_path, text):
    result = cli("update", "4", "--note", text, "--evidence", text)
    assert result.code == 0, result.err
    update_id = int(result.out)
    store = open_database(db_path)
    try:
        row = store.row("SELECT note, evidence FROM updates WHERE id=?", [update_id])
        assert row["note"] == text
        assert row["evidence"] == text.strip()
        assert store.value("SELECT count(*) FROM directives") == 7
    finally:
        store.close()
    detail = json.loads(cli("show", "4", "--format", "json").out)
    assert any(h.get("note") == text for h in detail["history"])


@pytest.mark.parametrize("text", HOSTILE_TEXTS[:4])
def test_agency_names_and_settings_are_stored_verbatim(fresh_store, cli, db_path, text):
    name = f"Phòng {text}".replace("\n", " ")
    agency_id = add_agency(fresh_store, name)
    assert fresh_store.value("SELECT name FROM agencies WHERE id=?", [agency_id]) == name
    assert find_agency(fresh_store, name)["id"] == agency_id
    assert cli("settings", "place", text).code == 0
    assert cli("settings", "place").out.strip() == text


def test_record_update_with_markup_does_not_touch_other_rows(fresh_store, today):
    before = db_snapshot(fresh_store.path)
    record_update(fresh_store, 1, today=today, note="'; UPDATE directives SET title='x'; --")
    after = db_snapshot(fresh_store.path)
    titles_before = [r for r in before["directives"]]
    assert [r[3] for r in after["directives"]] == [r[3] for r in titles_before]
    assert len(after["updates"]) == len(before["updates"]) + 1
