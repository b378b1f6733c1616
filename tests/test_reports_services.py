"""Report builders over the seed: rows, scope, counts, ranges, the brief."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import Status
from cchc_tui.reports import Column, Report, render
from cchc_tui.reports.brief import LIMIT, brief_text
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.directive_editing import DirectiveDraft, create_directive
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.reports import build_report
from cchc_tui.services.updates import record_update, retract_update

MADE_ON = datetime(2026, 11, 27, 9, 30)


def test_summary_has_one_row_per_directive_with_the_design_columns(fresh_store, today):
    report = build_report(fresh_store, "summary", today, made_on=MADE_ON)
    assert [c.title for c in report.columns] == [
        "STT",
        "Nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Thời hạn",
        "Tình trạng",
        "Tiến độ",
        "Cập nhật gần nhất",
        "Ghi chú cập nhật",
    ]
    assert [r["number"] for r in report.rows] == [1, 2, 3, 4, 5, 6, 7]
    assert report.today == today and report.made_on == MADE_ON
    assert report.settings["place"] == "Nghĩa Hành"
    assert dict(report.counts)["Quá hạn"] == 2 and sum(n for _, n in report.counts) == 7
    assert report.scope == ""
    assert "Tổng số nhiệm vụ: 7" in " ".join(report.intro)


def test_scope_by_agency_status_and_notice(fresh_store, today):
    agency = find_agency(fresh_store, "van phong hdnd")
    report = build_report(fresh_store, "summary", today, DirectiveFilter(agency_id=agency["id"]))
    assert [r["number"] for r in report.rows] == [3]
    assert agency["name"] in report.scope
    assert sum(n for _, n in report.counts) == 1
    record_update(fresh_store, 5, today=today, status=Status.DONE)
    done = build_report(fresh_store, "summary", today, DirectiveFilter(statuses=(Status.DONE,)))
    assert [r["number"] for r in done.rows] == [5]
    assert "hoàn thành" in done.scope
    by_notice = build_report(fresh_store, "summary", today, DirectiveFilter(notice_id=1))
    assert len(by_notice.rows) == 7 and "16/08/2024" in by_notice.scope


def test_agencies_counts_leads_supports_and_overdue(fresh_store, today):
    record_update(fresh_store, 7, today=today, agency="Phòng Nội vụ", status=Status.DONE)
    record_update(fresh_store, 5, today=today, agency="Phòng Nội vụ", progress=50)
    rows = {r["agency"]: r for r in build_report(fresh_store, "agencies", today).rows}
    home = rows["Phòng Nội vụ"]
    assert (home["lead"], home["support"], home["done"], home["in_progress"], home["overdue"]) == (
        2,
        0,
        1,
        1,
        0,
    )
    office = rows["Văn phòng HĐND và UBND huyện"]
    assert office["overdue"] == 1 and office["overdue_list"] == "3"
    names = list(rows)
    assert names.index("Ban quản lý dự án đầu tư xây dựng và Phát triển quỹ đất") < names.index(
        "Phòng Nội vụ"
    )
    assert names[-1].startswith("Văn phòng")  # Vietnamese order, "Đ"/"Ủ" not last
    scoped = build_report(
        fresh_store,
        "agencies",
        today,
        DirectiveFilter(agency_id=find_agency(fresh_store, "phong noi vu")["id"]),
    )
    assert [r["agency"] for r in scoped.rows] == ["Phòng Nội vụ"]


def test_overdue_lists_overdue_then_due_soon(fresh_store, today):
    create_directive(
        fresh_store,
        DirectiveDraft(
            notice_id=1,
            number=8,
            title="Việc sắp đến hạn",
            deadline=today + timedelta(days=3),
            leads=[find_agency(fresh_store, "phong noi vu")["id"]],
        ),
    )
    report = build_report(fresh_store, "overdue", today)
    assert [(r["number"], r["timeliness"]) for r in report.rows] == [
        (3, "overdue"),
        (1, "overdue"),
        (8, "due_soon"),
    ]
    assert report.rows[0]["days"] == "Trễ 819 ngày" and report.rows[2]["days"] == "Còn 3 ngày"


def test_history_keeps_the_date_range_and_marks_retractions(fresh_store, today):
    first = record_update(
        fresh_store, 2, today=today, on=date(2026, 10, 1), progress=20, note="đợt 1"
    )
    record_update(fresh_store, 2, today=today, on=date(2026, 11, 10), progress=50, note="đợt 2")
    retract_update(fresh_store, first, "nhập nhầm", today=today)
    report = build_report(
        fresh_store, "history", today, date_from=date(2026, 9, 1), date_to=date(2026, 10, 31)
    )
    assert [r["note"] for r in report.rows] == ["đợt 1"]
    assert "đã rút lại" in report.rows[0]["change"]
    everything = build_report(fresh_store, "history", today)
    assert [r["kind"] for r in everything.rows] == ["report", "report", "retraction"]
    assert "01/09/2026" not in everything.title and "27/11/2026" in everything.title
    document = json.loads(render(report, "json"))
    assert document["from"] == "2026-09-01" and document["to"] == "2026-10-31"
    with pytest.raises(ValidationError):
        build_report(
            fresh_store, "history", today, date_from=date(2026, 12, 1), date_to=date(2026, 11, 1)
        )


def test_brief_names_the_overdue_directives(fresh_store, today):
    text = render(build_report(fresh_store, "brief", today), "txt").decode("utf-8")
    assert len(text) <= LIMIT
    assert "Nhiệm vụ 1:" in text and "Nhiệm vụ 3:" in text
    assert "hạn 30/11/2024" in text and "Văn phòng HĐND và UBND huyện" in text
    assert "Tổng số 7 nhiệm vụ: quá hạn 2; thường xuyên 5." in text
    assert "nhiệm vụ khác" not in text  # nothing left out


def _many_overdue(n: int) -> Report:
    rows = [
        {
            "label": f"Nhiệm vụ {i}",
            "title": f"Một nhiệm vụ khá dài số {i} về cải cách hành chính",
            "lead": "Phòng Nội vụ; UBND các xã, thị trấn",
            "deadline": date(2026, 1, i % 28 + 1),
            "days_late": 300,
        }
        for i in range(1, n + 1)
    ]
    return Report(
        "brief",
        "Tóm tắt",
        [Column("title", "Nhiệm vụ")],
        rows,
        MADE_ON,
        date(2026, 11, 27),
        settings={"committee": "Ban Chỉ đạo CCHC", "secretariat": "Phòng Nội vụ"},
        counts=[("Quá hạn", n)],
    )


@pytest.mark.parametrize("n", [5, 9, 40, 300])
def test_brief_fits_zalo_and_says_how_many_were_left_out(n):
    text = brief_text(_many_overdue(n))
    assert len(text) <= LIMIT
    shown = sum(1 for line in text.splitlines() if line.startswith("- Nhiệm vụ"))
    if shown < n:
        assert f"… và {n - shown} nhiệm vụ khác" in text
    else:
        assert "nhiệm vụ khác" not in text
    assert shown >= 1


def test_unknown_report_is_refused(fresh_store, today):
    with pytest.raises(ValidationError):
        build_report(fresh_store, "nope", today)
