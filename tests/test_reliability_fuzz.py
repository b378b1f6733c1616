"""Fuzzing the update path: random fields through the CLI and the service.
Never an unhandled exception; every rejection leaves the database as it was."""

from __future__ import annotations

import io
import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_tui.cli import main
from cchc_tui.domain.dates import parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.domain.status import Status, parse_progress, parse_status
from cchc_tui.services.agencies import add_agency
from cchc_tui.services.updates import record_update
from tests.conftest import TODAY, db_snapshot

FUZZ = settings(
    max_examples=int(os.environ.get("CCHC_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "100",
    "101",
    "1e3",
    "٣",
    "50%",
    "99999999999999999999999",
    "31/02/2026",
    "29/02/2024",
    "28/11/2026",
    "27/11/2026",
    "00/00/0000",
    "1/1/1",
    "2026-11-27",
    "hoan_thanh",
    "Hoàn thành",
    "hoàn  thành",
    "dang_thuc_hien",
    "tam_dung",
    "chua_thuc_hien",
    "' OR 1=1 --",
    "%",
    "_",
    "\x00",
    "x\udcff",
    "[bold]x[/]",
    "<b>x</b>",
    "Phòng Nội vụ",
    "noi vu",
    "UBND",
]
# lone surrogates only reach the app through undecodable command-line bytes
# (the CLI turns them into U+FFFD); services receive proper text
SERVICE_TRICKY = [t for t in TRICKY if t != "x\udcff"]
field_text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
maybe = st.one_of(st.none(), field_text)


def run_cli(db_path, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), "--today", "27/11/2026", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@settings(FUZZ, max_examples=FUZZ.max_examples // 2)
@given(
    directive=st.one_of(st.sampled_from(["1", "2", "3", "4", "5", "6", "7"]), field_text),
    status=maybe,
    progress=maybe,
    on=maybe,
    note=maybe,
    evidence=maybe,
    agency=maybe,
)
def test_cli_update_fuzz(
    fresh_store, db_path, directive, status, progress, on, note, evidence, agency
):
    argv = ["update", directive]
    for option, value in (
        ("--status", status),
        ("--progress", progress),
        ("--date", on),
        ("--note", note),
        ("--evidence", evidence),
        ("--agency", agency),
    ):
        if value is not None:
            argv.append(f"{option}={value}")
    before = db_snapshot(db_path)
    code, out, err = run_cli(db_path, argv)
    assert "Traceback" not in err
    assert code in (0, 2), (argv, code, err)  # 1 would be a crash or a database fault
    if code == 0:
        update_id = int(out)
        assert fresh_store.value("SELECT id FROM updates WHERE id=?", [update_id]) == update_id
    else:
        # one line, whatever control characters the user typed
        lines = err.strip().split("\n")
        assert len(lines) == 1 and lines[0].startswith("Lỗi"), err
        assert not any(ch in err.strip() for ch in "\r\x1b\x00"), err
        assert db_snapshot(db_path) == before, argv


@FUZZ
@given(
    directive=st.integers(min_value=-3, max_value=12),
    status=st.one_of(st.none(), st.sampled_from(list(Status))),
    progress=st.one_of(st.none(), st.integers(min_value=-50, max_value=150)),
    on=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))),
    note=st.text(max_size=40),
    evidence=st.text(max_size=20),
    agency=st.one_of(st.none(), st.integers(min_value=-1, max_value=60), st.text(max_size=15)),
)
def test_record_update_fuzz(
    fresh_store, db_path, directive, status, progress, on, note, evidence, agency
):
    before = db_snapshot(db_path)
    try:
        update_id = record_update(
            fresh_store,
            directive,
            today=TODAY,
            on=on,
            status=status,
            progress=progress,
            note=note,
            evidence=evidence,
            agency=agency,
        )
    except UserError as exc:
        assert str(exc)
        assert db_snapshot(db_path) == before
        assert not fresh_store.conn.in_transaction
    else:
        row = fresh_store.row("SELECT * FROM updates WHERE id=?", [update_id])
        assert row["directive_id"] == directive
        assert row["progress"] == progress
        assert (
            0 <= fresh_store.value("SELECT progress FROM directives WHERE id=?", [directive]) <= 100
        )
        assert fresh_store.value("PRAGMA foreign_key_check") is None


@FUZZ
@given(text=field_text)
def test_field_parsers_fuzz(text):
    for parse in (
        lambda t: parse_date(t, "date"),
        lambda t: parse_progress(t, "progress"),
        lambda t: parse_status(t, "status"),
    ):
        try:
            value = parse(text)
        except ValidationError as exc:
            assert exc.field in ("date", "progress", "status") and str(exc)
        else:
            assert value is None or isinstance(value, date | int | Status)


@FUZZ
@given(name=st.one_of(st.sampled_from(SERVICE_TRICKY), st.text(max_size=40)))
def test_add_agency_fuzz(fresh_store, db_path, name):
    before = db_snapshot(db_path)
    try:
        agency_id = add_agency(fresh_store, name)
    except UserError:
        assert db_snapshot(db_path) == before
    else:
        assert fresh_store.value("SELECT id FROM agencies WHERE id=?", [agency_id]) == agency_id
