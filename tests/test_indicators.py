"""Indicators: seed and migration, latest value vs target, recording and
retracting measurements, the `indicator` CLI and `show --format json`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.services.indicators import (
    COMPARISONS,
    format_number,
    get_indicator,
    is_met,
    list_indicators,
    parse_comparison,
    parse_value,
    record_measurement,
    retract_measurement,
    target_text,
)
from cchc_tui.services.opening import open_database
from cchc_tui.store import migrations
from tests.conftest import db_snapshot, old_file

DIGITISATION, LATE = 1, 2


def test_seed_loads_two_tthc_indicators_and_the_plan_figure(fresh_store):
    rows = list_indicators(fresh_store)
    assert [(r.directive_number, r.comparison, r.target, r.unit) for r in rows] == [
        (2, ">", 90.0, "%"),
        (2, "<=", 2.0, "%"),
        (None, ">=", 100.0, "%"),
    ]
    plan = rows[2]
    assert plan.directive_id is None and plan.notice_id == 1
    assert (plan.latest_value, plan.latest_date, plan.met) == (70.0, date(2024, 8, 16), False)
    assert rows[0].met is None and rows[0].latest is None
    assert fresh_store.value("SELECT count(*) FROM database_identity") == 1


def test_show_json_lists_the_two_tthc_indicators_with_targets(cli):
    result = cli("show", "2", "--format", "json")
    assert result.code == 0, result.err
    indicators = json.loads(result.out)["indicators"]
    assert [(i["name"], i["comparison"], i["target"]) for i in indicators] == [
        ("Tỷ lệ số hóa hồ sơ TTHC", ">", 90.0),
        ("Tỷ lệ hồ sơ TTHC giải quyết trễ hẹn", "<=", 2.0),
    ]
    assert all(i["latest_value"] is None and i["met"] is None for i in indicators)


def test_recording_92_5_for_digitisation_marks_it_met(cli):
    result = cli("indicator", "record", "1", "--value", "92.5", "--source", "BC số 5", "--by", "An")
    assert result.code == 0, result.err
    measurement_id = int(result.out.strip())
    assert measurement_id > 0
    items = json.loads(cli("indicator", "list", "--format", "json").out)
    digitisation = next(i for i in items if i["id"] == DIGITISATION)
    assert {k: digitisation[k] for k in ("latest_value", "latest_date", "met")} == {
        "latest_value": 92.5,
        "latest_date": "2026-11-27",
        "met": True,
    }
    for key in ("id", "directive_id", "name", "unit", "comparison", "target"):
        assert key in digitisation
    shown = json.loads(cli("show", "2", "--format", "json").out)["indicators"][0]
    assert shown["latest_value"] == 92.5 and shown["met"] is True


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["1", "--value", "abc"], "--value"),
        (["1", "--value", "120"], "--value"),
        (["1", "--value", "50", "--date", "31/02/2026"], "--date"),
        (["1", "--value", "50", "--date", "28/11/2026"], "--date"),
        (["1", "--value", "50", "--agency", "không có cơ quan này"], "--agency"),
        (["99", "--value", "50"], "ID"),
        (["x", "--value", "50"], "ID"),
    ],
)
def test_bad_record_input_exits_2_naming_the_field_and_writes_nothing(cli, db_path, args, option):
    cli("indicator", "list")  # creates the file
    before = db_snapshot(db_path)
    result = cli("indicator", "record", *args)
    assert result.code == 2
    assert result.err.startswith(f"Lỗi ({option}):")
    assert db_snapshot(db_path) == before


def test_latest_trend_and_retraction(fresh_store, today):
    store = fresh_store
    first = record_measurement(store, LATE, value="3,1", today=today, on=date(2026, 9, 30))
    record_measurement(store, LATE, value=1.8, today=today, on=date(2026, 10, 31), agency="một cửa")
    late = get_indicator(store, LATE)
    assert (late.latest_value, late.met, late.trend, late.improving) == (1.8, True, "down", True)
    assert late.latest.agency == "Bộ phận một cửa huyện"
    # an older measurement recorded later does not become the latest
    record_measurement(store, LATE, value=5, today=today, on=date(2026, 1, 1))
    assert get_indicator(store, LATE).latest_value == 1.8
    newest = store.value("SELECT max(id) FROM measurements WHERE indicator_id=?", [LATE])
    second = store.value("SELECT id FROM measurements WHERE indicator_id=? AND value=1.8", [LATE])
    retraction = retract_measurement(store, second, "Nhầm số liệu", today=today)
    assert retraction > newest
    late = get_indicator(store, LATE)
    assert (late.latest_value, late.met) == (3.1, False)
    assert store.value("SELECT count(*) FROM measurements WHERE indicator_id=?", [LATE]) == 4
    with pytest.raises(ValidationError):
        retract_measurement(store, second, "lần nữa", today=today)
    with pytest.raises(ValidationError):
        retract_measurement(store, first, "  ", today=today)


def test_measurements_are_append_only(fresh_store):
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError):
        fresh_store.conn.execute("UPDATE measurements SET value = 1")
    with pytest.raises(sqlite3.DatabaseError):
        fresh_store.conn.execute("DELETE FROM measurements")


def test_filter_by_agency(fresh_store, today):
    one_stop = fresh_store.value("SELECT id FROM agencies WHERE name='Bộ phận một cửa huyện'")
    assert [r.id for r in list_indicators(fresh_store, agency_id=one_stop)] == [1, 2]
    home = fresh_store.value("SELECT id FROM agencies WHERE name='Phòng Nội vụ'")
    assert list_indicators(fresh_store, agency_id=home) == []
    record_measurement(fresh_store, 3, value=80, today=today, agency=home)
    assert [r.id for r in list_indicators(fresh_store, agency_id=home)] == [3]


@pytest.mark.parametrize(
    ("value", "comparison", "target", "met"),
    [
        (92.5, ">", 90, True),
        (90, ">", 90, False),
        (90, ">=", 90, True),
        (2, "<=", 2, True),
        (2.01, "<=", 2, False),
        (1.99, "<", 2, True),
        (100, "=", 100, True),
        (None, ">", 90, None),
    ],
)
def test_is_met(value, comparison, target, met):
    assert is_met(value, comparison, target) is met


def test_parsing_and_display():
    assert parse_value("92,5%") == 92.5
    assert parse_value(" 1 000 ") == 1000
    assert parse_comparison("≥") == ">=" and parse_comparison("≤") == "<="
    assert target_text("<=", 2.0, "%") == "≤ 2%"
    assert target_text(">", 90.5, "%") == "> 90,5%"
    with pytest.raises(ValidationError):
        parse_comparison("~")
    with pytest.raises(ValidationError):
        parse_value("")
    with pytest.raises(ValidationError):
        parse_value("nan")


def test_record_unknown_indicator(fresh_store, today):
    with pytest.raises(NotFoundError):
        record_measurement(fresh_store, 42, value=1, today=today)


# -- migration into existing files -----------------------------------------------


def test_migration_adds_seed_indicators_to_an_existing_file(tmp_path, monkeypatch):
    path = old_file(tmp_path).rename(tmp_path / "old.db")
    store = open_database(path)
    try:
        rows = list_indicators(store)
        assert [r.name for r in rows][:2] == [
            "Tỷ lệ số hóa hồ sơ TTHC",
            "Tỷ lệ hồ sơ TTHC giải quyết trễ hẹn",
        ]
        assert rows[2].latest_value == 70.0
        assert store.value("SELECT count(*) FROM database_identity") == 1
        assert store.value("SELECT progress FROM directives WHERE id=2") == 40
        assert list(tmp_path.glob("old.db.truoc-nang-cap-v1-*.bak"))
    finally:
        store.close()
    again = open_database(path)  # nothing pending: nothing added twice
    try:
        assert again.value("SELECT count(*) FROM indicators") == 3
        assert again.value("SELECT count(*) FROM measurements") == 1
    finally:
        again.close()


def test_migration_leaves_a_file_without_the_seed_notice_alone(tmp_path, monkeypatch):
    path = tmp_path / "other.db"
    first = migrations.migration_files()[:1]
    with monkeypatch.context() as m:
        m.setattr(migrations, "migration_files", lambda: first)
        open_database(path, seed=False).close()
    store = open_database(path, seed=False)
    try:
        assert store.value("SELECT count(*) FROM indicators") == 0
        assert store.value("SELECT count(*) FROM database_identity") == 1
    finally:
        store.close()


def test_migration_does_not_duplicate_indicators_already_there(tmp_path, monkeypatch):
    from sqlite_utils import Database

    from cchc_tui.store.indicator_seed import load_seed_indicators

    path = old_file(tmp_path).rename(tmp_path / "had.db")
    old = Database(path)
    with old.conn:  # a file of schema 0001 whose seed already had them
        load_seed_indicators(old)
    old.close()
    store = open_database(path)
    try:
        assert store.value("SELECT count(*) FROM indicators") == 3
        with store.transaction() as db:
            assert load_seed_indicators(db) == 0
    finally:
        store.close()


def test_show_text_lists_indicators_with_signs_and_latest_value(cli):
    cli("indicator", "record", "1", "--value", "92,5")
    out = cli("show", "2").out
    assert "Tỷ lệ số hóa hồ sơ TTHC: mục tiêu > 90%; gần nhất 92,5% (27/11/2026) — Đạt" in out
    assert "Tỷ lệ hồ sơ TTHC giải quyết trễ hẹn: mục tiêu ≤ 2%; chưa có số liệu" in out


# -- properties ------------------------------------------------------------------------

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 4))


@given(values)
def test_shown_values_read_back(value):
    assert parse_value(format_number(value)) == pytest.approx(value, abs=1e-4)


@given(values, values)
def test_met_agrees_with_the_comparison_it_names(value, target):
    assert is_met(value, ">=", target) == (is_met(value, ">", target) or is_met(value, "=", target))
    assert is_met(value, "<=", target) == (is_met(value, "<", target) or is_met(value, "=", target))
    assert is_met(value, ">", target) != is_met(value, "<=", target)
    for comparison in COMPARISONS:
        assert is_met(value, comparison, target) in (True, False)


def test_add_an_indicator_then_measure_it(cli):
    result = cli(
        "indicator",
        "add",
        "--directive",
        "4",
        "--name",
        "Tỷ lệ hồ sơ đất đai đúng hạn",
        "--comparison",
        "≥",
        "--target",
        "95",
        "--unit",
        "%",
        "--agency",
        "tai nguyen",
    )
    assert result.code == 0, result.err
    new_id = int(result.out)
    assert cli("indicator", "record", str(new_id), "--value", "96").code == 0
    items = json.loads(cli("indicator", "list", "--agency", "tai nguyen", "--format", "json").out)
    assert [(i["id"], i["comparison"], i["target"], i["met"]) for i in items] == [
        (new_id, ">=", 95.0, True)
    ]
    shown = json.loads(cli("show", "4", "--format", "json").out)["indicators"]
    assert shown[0]["agency"] == "Phòng Tài nguyên và Môi trường"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--directive", "4", "--name", " ", "--comparison", ">", "--target", "1"], "--name"),
        (["--directive", "4", "--name", "X", "--comparison", "~", "--target", "1"], "--comparison"),
        (["--directive", "4", "--name", "X", "--comparison", ">", "--target", "a"], "--target"),
        (["--directive", "99", "--name", "X", "--comparison", ">", "--target", "1"], "--directive"),
        (["--name", "X", "--comparison", ">", "--target", "1"], "--directive"),
        (
            ["--notice", "1", "--name", "X", "--comparison", ">", "--target", "120", "--unit", "%"],
            "--target",
        ),
    ],
)
def test_add_refuses_bad_input(cli, db_path, args, option):
    cli("indicator", "list")
    before = db_snapshot(db_path)
    result = cli("indicator", "add", *args)
    assert result.code == 2 and result.err.startswith(f"Lỗi ({option}):"), result.err
    assert db_snapshot(db_path) == before
