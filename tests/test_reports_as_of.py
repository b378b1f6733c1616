"""Reports as of a date: the history replayed to D, measurements up to D,
retractions always; periods and the change against the previous one."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cchc_tui.domain.periods import period_kind, period_phrase, previous_period
from cchc_tui.domain.status import Status
from cchc_tui.services.as_of import directives_as_of
from cchc_tui.services.directives import list_directives
from cchc_tui.services.indicators import record_measurement
from cchc_tui.services.reports import build_report
from cchc_tui.services.updates import record_update, retract_update

TODAY = date(2026, 11, 27)


@pytest.fixture
def history_store(fresh_store):
    """Updates in 2024 and in 2026; directive 3 finished on 28/08/2024,
    directive 4 on 12/11/2026."""
    s = fresh_store
    record_update(s, 3, today=TODAY, on=date(2024, 8, 19), progress=30, note="Dự thảo kế hoạch")
    record_update(s, 3, today=TODAY, on=date(2024, 8, 28), status=Status.DONE, note="Đã ban hành")
    record_update(s, 5, today=TODAY, on=date(2024, 8, 20), agency="Phòng Nội vụ", progress=40)
    record_update(
        s, 5, today=TODAY, on=date(2026, 11, 10), agency="Phòng Nội vụ", status=Status.DONE
    )
    record_update(s, 4, today=TODAY, on=date(2026, 11, 12), status=Status.DONE)
    record_update(s, 7, today=TODAY, on=date(2026, 11, 20), progress=50, note="Đợt 1 năm 2026")
    record_measurement(s, 1, value=92.5, today=TODAY, on=date(2026, 11, 20))
    return s


def test_as_of_a_past_day_shows_nothing_recorded_after_it(history_store):
    report = build_report(history_store, "summary", TODAY, as_of=date(2024, 8, 20))
    assert report.today == date(2024, 8, 20)
    lines = {(r["number"], r["lead"]): r for r in report.table.data_rows()}
    three = lines[(3, "Văn phòng HĐND và UBND huyện")]
    assert (three["status_code"], three["progress"]) == ("dang_thuc_hien", 30)
    assert three["timeliness"] == "on_track"  # deadline 30/08/2024 not passed yet
    assert three["last_update"] == date(2024, 8, 19)
    five = lines[(5, "Phòng Nội vụ")]
    assert (five["progress"], five["last_update"]) == (40, date(2024, 8, 20))
    assert all(
        r["last_update"] is None or r["last_update"] <= date(2024, 8, 20)
        for r in report.table.data_rows()
    )
    assert report.meta["summary"]["done"] == 0
    text = json.dumps(report.meta, default=str)
    assert "2026-11" not in text and "Đợt 1 năm 2026" not in text
    indicators = next(s for s in report.sections if s.title == "Các chỉ tiêu")
    assert not any("92,5" in line for line in indicators.lines)  # measured in 2026


def test_as_of_the_last_day_shows_everything_as_stored(history_store):
    report = build_report(history_store, "summary", TODAY)
    assert report.meta["summary"]["done"] == 2  # 3 (on 28/08/2024, in time) and 4
    replayed = {d.id: d for d in directives_as_of(history_store, TODAY)}
    for row in list_directives(history_store, TODAY):
        d = replayed[row.id]
        assert (d.state.status, d.state.progress, d.state.completed_on) == (
            row.status,
            row.progress,
            row.completed_on,
        )
        assert d.timeliness == row.timeliness and d.last_on == row.last_update
    indicators = next(s for s in report.sections if s.title == "Các chỉ tiêu")
    assert any("gần nhất 92,5%" in line for line in indicators.lines)


def test_a_directive_done_after_the_day_is_not_done_then(history_store):
    soon = build_report(history_store, "overdue", TODAY, as_of=date(2024, 8, 27))
    assert [(r["number"], r["timeliness"]) for r in soon.rows] == [(3, "due_soon")]
    done = build_report(history_store, "overdue", TODAY, as_of=date(2024, 8, 31))
    assert done.rows == []  # finished on 28/08, in time
    d3 = {d.id: d for d in directives_as_of(history_store, date(2024, 8, 27))}[3]
    assert d3.state.status is Status.IN_PROGRESS
    d3 = {d.id: d for d in directives_as_of(history_store, date(2024, 8, 28))}[3]
    assert d3.state.status is Status.DONE and d3.state.completed_on == date(2024, 8, 28)


def test_a_retraction_applies_whatever_its_date(fresh_store):
    update = record_update(fresh_store, 2, today=TODAY, on=date(2024, 9, 1), progress=60)
    retract_update(fresh_store, update, "nhập nhầm", today=TODAY)  # recorded in 2026
    d2 = {d.id: d for d in directives_as_of(fresh_store, date(2024, 12, 31))}[2]
    assert d2.state.progress == 0 and d2.last_on is None


def test_updates_fold_in_reported_order_not_recording_order(fresh_store):
    """A report typed in late, dated earlier, comes first in the fold."""
    record_update(fresh_store, 4, today=TODAY, on=date(2026, 11, 20), progress=70, note="mới")
    record_update(fresh_store, 4, today=TODAY, on=date(2026, 11, 1), progress=20, note="cũ")
    d4 = {d.id: d for d in directives_as_of(fresh_store, TODAY)}[4]
    assert d4.state.progress == 70 and d4.last_note == "mới"
    d4 = {d.id: d for d in directives_as_of(fresh_store, date(2026, 11, 5))}[4]
    assert d4.state.progress == 20


def test_cli_as_of_and_today_agree(cli, history_store):
    by_option = json.loads(cli("export", "--format", "json", "--as-of", "20/08/2024").out)
    by_today = json.loads(cli("export", "--format", "json", today="20/08/2024").out)
    assert by_option["as_of"] == by_today["as_of"] == "2024-08-20"
    assert by_option["rows"] == by_today["rows"]
    assert by_option["summary"] == by_today["summary"]
    later = json.loads(cli("export", "--format", "json", "--as-of", "27/11/2026").out)
    assert later["summary"]["done"] == 2


@pytest.mark.parametrize(
    ("start", "end", "kind", "before", "phrase"),
    [
        (date(2026, 11, 1), date(2026, 11, 30), "month", (date(2026, 10, 1), date(2026, 10, 31)), "tháng 11/2026"),
        (date(2026, 1, 1), date(2026, 1, 31), "month", (date(2025, 12, 1), date(2025, 12, 31)), "tháng 1/2026"),
        (date(2026, 10, 1), date(2026, 12, 31), "quarter", (date(2026, 7, 1), date(2026, 9, 30)), "quý IV/2026"),
        (date(2026, 1, 1), date(2026, 6, 30), "half", (date(2025, 7, 1), date(2025, 12, 31)), "6 tháng đầu năm 2026"),
        (date(2026, 1, 1), date(2026, 12, 31), "year", (date(2025, 1, 1), date(2025, 12, 31)), "năm 2026"),
        (date(2026, 3, 1), date(2026, 3, 31), "month", (date(2026, 2, 1), date(2026, 2, 28)), "tháng 3/2026"),
        (date(2026, 11, 5), date(2026, 11, 20), None, (date(2026, 10, 20), date(2026, 11, 4)), "từ ngày 05/11/2026 đến ngày 20/11/2026"),
        (date(2026, 2, 1), date(2026, 4, 30), None, (date(2025, 11, 4), date(2026, 1, 31)), "từ ngày 01/02/2026 đến ngày 30/04/2026"),
    ],
)  # fmt: skip
def test_periods_and_the_one_before(start, end, kind, before, phrase):
    assert period_kind(start, end) == kind
    assert previous_period(start, end) == before
    assert period_phrase(start, end) == phrase


def test_period_says_what_was_done_and_the_change(history_store):
    report = build_report(
        history_store,
        "summary",
        TODAY,
        as_of=date(2026, 11, 30),
        date_from=date(2026, 11, 1),
        date_to=date(2026, 11, 30),
    )
    assert report.title.endswith("tháng 11/2026")
    general = next(s for s in report.sections if s.title == "Tình hình chung")
    assert "Trong kỳ báo cáo (tháng 11/2026) hoàn thành 1 nhiệm vụ" in general.lines[1]
    assert "kỳ trước (tháng 10/2026) hoàn thành 0 nhiệm vụ" in general.lines[1]
    assert "số nhiệm vụ đã hoàn thành tăng 1 (từ 1 lên 2)" in general.lines[2]
    assert report.meta["change"] == {"done": 1, "overdue": 0}
    assert report.meta["previous_period"]["to"] == date(2026, 10, 31)


def test_cli_period_options(cli, history_store):
    result = cli(
        "export",
        "--format",
        "json",
        "--from",
        "01/11/2026",
        "--to",
        "30/11/2026",
        today="30/11/2026",
    )
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["period"] == {"from": "2026-11-01", "to": "2026-11-30", "done": 1}
    assert document["as_of"] == "2026-11-30"
    late = cli("export", "--as-of", "01/11/2026", "--from", "01/10/2026", "--to", "30/11/2026")
    assert late.code == 2 and "(--to)" in late.err
    alone = cli("export", "--to", "30/11/2026")
    assert alone.code == 2 and "(--to)" in alone.err
