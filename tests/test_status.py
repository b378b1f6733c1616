"""Status rules: timeliness, update rules, roll-up (DESIGN "Status")."""

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import (
    AssignmentState,
    Report,
    Status,
    Timeliness,
    apply_report,
    parse_progress,
    parse_status,
    roll_up,
    state_label,
    timeliness,
    timeliness_sql,
    validate_report,
)

T = date(2026, 11, 27)
D = date


@pytest.mark.parametrize(
    "status, deadline, completed, expected",
    [
        ("dang_thuc_hien", None, None, Timeliness.NO_DEADLINE),
        ("chua_thuc_hien", T + timedelta(days=8), None, Timeliness.ON_TRACK),
        ("chua_thuc_hien", T + timedelta(days=7), None, Timeliness.ON_TRACK),
        ("chua_thuc_hien", T + timedelta(days=6), None, Timeliness.DUE_SOON),
        ("tam_dung", T, None, Timeliness.DUE_SOON),
        ("dang_thuc_hien", T - timedelta(days=1), None, Timeliness.OVERDUE),
        ("hoan_thanh", T - timedelta(days=1), T - timedelta(days=1), Timeliness.DONE_ON_TIME),
        ("hoan_thanh", T - timedelta(days=10), T - timedelta(days=1), Timeliness.DONE_LATE),
        ("hoan_thanh", None, T, Timeliness.DONE_ON_TIME),
    ],
)
def test_timeliness_table(status, deadline, completed, expected):
    assert timeliness(status, deadline, completed, T, 7) is expected


@given(
    st.sampled_from(list(Status)),
    st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2028, 1, 1))),
    st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2028, 1, 1))),
    st.dates(D(2023, 1, 1), D(2028, 1, 1)),
    st.integers(0, 30),
)
def test_sql_timeliness_agrees_with_python(status, deadline, completed, today, window):
    conn = sqlite3.connect(":memory:")
    sql = (
        f"SELECT {timeliness_sql(window)} "
        "FROM (SELECT :s AS status, :d AS deadline, :c AS completed_on)"
    )
    params = {
        "s": status.value,
        "d": deadline and deadline.isoformat(),
        "c": completed and completed.isoformat(),
        "today": today.isoformat(),
    }
    got = conn.execute(sql, params).fetchone()[0]
    assert got == timeliness(status, deadline, completed, today, window).value


def test_state_labels():
    assert state_label(Status.IN_PROGRESS, Timeliness.OVERDUE) == "Đang thực hiện · Quá hạn"
    assert (
        state_label(Status.DONE, Timeliness.DONE_ON_TIME, D(2024, 8, 30)) == "Hoàn thành đúng hạn"
    )
    assert state_label(Status.DONE, Timeliness.DONE_ON_TIME, None) == "Hoàn thành"


@pytest.mark.parametrize("text", ["hoan_thanh", "hoàn thành", "Hoan-thanh", "HOÀN THÀNH"])
def test_parse_status_accepts_vietnamese(text):
    assert parse_status(text) is Status.DONE


def test_parse_status_and_progress_reject():
    with pytest.raises(ValidationError) as info:
        parse_status("xong")
    assert "chua_thuc_hien" in info.value.message
    for bad in ["abc", "101", "-1", "5.5"]:
        with pytest.raises(ValidationError):
            parse_progress(bad)
    assert parse_progress("60%") == 60
    assert parse_progress("") is None


NS = AssignmentState()


def test_progress_on_not_started_makes_it_in_progress():
    assert apply_report(NS, Report(T, progress=60)) == AssignmentState(Status.IN_PROGRESS, 60)


def test_progress_100_means_done_with_date():
    assert apply_report(NS, Report(D(2026, 11, 1), progress=100)) == AssignmentState(
        Status.DONE, 100, D(2026, 11, 1)
    )


def test_done_sets_100_and_date():
    s = apply_report(AssignmentState(Status.IN_PROGRESS, 40), Report(T, status=Status.DONE))
    assert s == AssignmentState(Status.DONE, 100, T)


def test_same_status_counts_as_not_given():
    with pytest.raises(ValidationError) as info:
        validate_report(Report(T, status=Status.NOT_STARTED), [NS], T)
    assert info.value.field == "status"
    validate_report(Report(T, note="Đã họp"), [NS], T)  # a note alone is a report


def test_reopening_needs_a_note():
    done = AssignmentState(Status.DONE, 100, D(2026, 1, 1))
    with pytest.raises(ValidationError) as info:
        validate_report(Report(T, status=Status.IN_PROGRESS), [done], T)
    assert info.value.field == "note"
    validate_report(Report(T, status=Status.IN_PROGRESS, note="Làm lại"), [done], T)
    reopened = apply_report(done, Report(T, status=Status.IN_PROGRESS, note="x"))
    assert reopened.status is Status.IN_PROGRESS and reopened.completed_on is None


def test_contradictions_and_future_dates_rejected():
    with pytest.raises(ValidationError):
        validate_report(Report(T, status=Status.DONE, progress=50), [NS], T)
    with pytest.raises(ValidationError):
        validate_report(
            Report(T, status=Status.NOT_STARTED, progress=50),
            [AssignmentState(Status.IN_PROGRESS, 10)],
            T,
        )
    with pytest.raises(ValidationError) as info:
        validate_report(Report(T + timedelta(days=1), progress=5), [NS], T)
    assert info.value.field == "date"


@pytest.mark.parametrize(
    "leads, expected_status, expected_progress",
    [
        ([Status.DONE, Status.DONE], Status.DONE, 100),
        ([Status.DONE, Status.NOT_STARTED], Status.IN_PROGRESS, 50),
        ([Status.PAUSED, Status.PAUSED], Status.PAUSED, 0),
        ([Status.PAUSED, Status.NOT_STARTED], Status.NOT_STARTED, 0),
        ([Status.NOT_STARTED], Status.NOT_STARTED, 0),
    ],
)
def test_roll_up(leads, expected_status, expected_progress):
    states = [
        AssignmentState(s, 100 if s is Status.DONE else 0, T if s is Status.DONE else None)
        for s in leads
    ]
    rolled = roll_up(states)
    assert rolled.status is expected_status
    assert rolled.progress == expected_progress


def test_roll_up_mean_rounds_half_up_and_latest_completion():
    assert (
        roll_up(
            [AssignmentState(Status.IN_PROGRESS, 1), AssignmentState(Status.IN_PROGRESS, 2)]
        ).progress
        == 2
    )
    assert (
        roll_up(
            [
                AssignmentState(Status.IN_PROGRESS, 33),
                AssignmentState(Status.IN_PROGRESS, 33),
                AssignmentState(Status.IN_PROGRESS, 34),
            ]
        ).progress
        == 33
    )
    done = roll_up(
        [
            AssignmentState(Status.DONE, 100, D(2024, 1, 2)),
            AssignmentState(Status.DONE, 100, D(2024, 3, 4)),
        ]
    )
    assert done.completed_on == D(2024, 3, 4)
