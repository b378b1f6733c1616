"""Report builders over the seed: rows, scope, counts, ranges, the brief."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import Status
from cchc_tui.reports import Column, Report, Table, render
from cchc_tui.reports.brief import LIMIT, brief_text
from cchc_tui.reports.model import STRONG
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.directive_editing import DirectiveDraft, create_directive
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.reports import build_report
from cchc_tui.services.updates import record_update, retract_update

MADE_ON = datetime(2026, 11, 27, 9, 30)


def test_summary_has_one_line_per_lead_and_the_official_counts(fresh_store, today):
    report = build_report(fresh_store, "summary", today, made_on=MADE_ON)
    data = [c for c in report.columns if c.page]
    assert [c.title for c in data] == [
        "STT",
        "Nhiệm vụ",
        "Thời hạn",
        "Cơ quan chủ trì",
        "Trạng thái",
        "Đánh giá thời hạn",
        "Tiến độ",
        "Kết quả thực hiện",
        "Tài liệu kiểm chứng",
        "Cơ quan phối hợp",
    ]
    assert [r["number"] for r in report.rows][:4] == [1, 1, 2, 2]
    assert len(report.rows) == 17 and len({r["_item"] for r in report.rows}) == 7
    assert report.today == today and report.made_on == MADE_ON
    assert dict(report.counts)["Quá hạn"] == 2 and sum(n for _, n in report.counts) == 7
    general = next(s for s in report.sections if s.title == "Tình hình chung")
    assert general.lines[0] == (
        "Tổng số 7 nhiệm vụ; đã hoàn thành 0 nhiệm vụ (0,0%); chưa hoàn thành 7 nhiệm vụ "
        "(100,0%), trong đó trong hạn 0, quá hạn 2 (28,6%), thường xuyên 5."
    )
    assert [s.title for s in report.sections] == [
        "Kết quả thực hiện",
        "Tình hình chung",
        "Kết quả theo cơ quan, đơn vị",
        "Các chỉ tiêu",
    ]
    assert report.appendix[0] == "PHỤ LỤC"


def test_summary_counts_add_up_with_done_late_on_time_and_paused(fresh_store, today):
    record_update(fresh_store, 3, today=today, on=date(2024, 8, 28), status=Status.DONE)
    record_update(fresh_store, 5, today=today, status=Status.DONE)  # no deadline: on time
    record_update(fresh_store, 4, today=today, status=Status.PAUSED, note="Chờ kinh phí")
    report = build_report(fresh_store, "summary", today)
    counts = report.meta["summary"]
    assert counts == {
        "total": 7,
        "done": 2,
        "done_on_time": 2,
        "done_late": 0,
        "not_done": 5,
        "in_time": 0,
        "due_soon": 0,
        "overdue": 1,
        "ongoing": 4,
        "paused": 1,
    }
    record_update(fresh_store, 1, today=today, status=Status.DONE)  # after 30/11/2024: late
    counts = build_report(fresh_store, "summary", today).meta["summary"]
    assert (counts["done_late"], counts["overdue"]) == (1, 0)
    assert counts["done"] + counts["not_done"] == counts["total"] == 7


def _second_notice(store) -> None:
    """A notice of 2026 with one overdue directive (so two notices report)."""
    from cchc_tui.services.notices import NoticeDraft, create_notice

    notice = create_notice(
        store,
        NoticeDraft(
            kind="Thông báo kết luận",
            number="15/TB-BCĐ",
            issued_on=date(2026, 3, 2),
            title="Kết luận quý I",
        ),
    )
    create_directive(
        store,
        DirectiveDraft(
            notice_id=notice,
            number=1,
            title="Rà soát thủ tục",
            deadline=date(2026, 6, 30),
            leads=[find_agency(store, "phong noi vu")["id"]],
        ),
    )


def test_the_brief_groups_overdue_items_by_notice(fresh_store, today):
    _second_notice(fresh_store)
    text = render(build_report(fresh_store, "brief", today), "txt").decode("utf-8")
    lines = text.splitlines()
    first = lines.index("[Thông báo kết luận số 15/TB-BCĐ ngày 02/03/2026]")
    second = lines.index("[Thông báo kết luận hội nghị ngày 16/08/2024]")
    assert lines[first + 1].startswith("- Nhiệm vụ 1: Rà soát thủ tục")
    assert [line[:13] for line in lines[second + 1 : second + 3]] == [
        "- Nhiệm vụ 3:",
        "- Nhiệm vụ 1:",
    ]
    assert "Quá hạn (3):" in text and "TBKL" not in text  # no notice on each line


def test_several_notices_group_the_lines_under_a_heading(fresh_store, today):
    from cchc_tui.services.notices import NoticeDraft, create_notice

    notice = create_notice(
        fresh_store,
        NoticeDraft(
            kind="Thông báo kết luận",
            number="15/TB-BCĐ",
            issued_on=date(2026, 3, 2),
            title="Kết luận quý I",
        ),
    )
    create_directive(
        fresh_store,
        DirectiveDraft(
            notice_id=notice,
            number=1,
            title="Rà soát thủ tục",
            deadline=date(2026, 6, 30),
            leads=[find_agency(fresh_store, "phong noi vu")["id"]],
        ),
    )
    report = build_report(fresh_store, "summary", today)
    headings = [r["_heading"] for r in report.rows if "_heading" in r]
    assert headings == [
        "Thông báo kết luận số 15/TB-BCĐ ngày 02/03/2026",
        "Thông báo kết luận hội nghị ngày 16/08/2024",
    ]
    assert all("(" not in r["title"] for r in report.rows if "title" in r)  # no notice in titles
    assert {r["notice"] for r in report.table.data_rows()} == {
        "Số 15/TB-BCĐ (02/03/2026)",
        "TBKL 16/08/2024",
    }


def test_scope_by_agency_status_and_notice(fresh_store, today):
    agency = find_agency(fresh_store, "van phong hdnd")
    report = build_report(fresh_store, "summary", today, DirectiveFilter(agency_id=agency["id"]))
    # the lead of 3, a member of the lead group of 1, 2 and 6
    assert {r["number"] for r in report.rows} == {1, 2, 3, 6}
    assert agency["name"] in report.scope
    assert sum(n for _, n in report.counts) == 4
    record_update(fresh_store, 5, today=today, status=Status.DONE)
    done = build_report(fresh_store, "summary", today, DirectiveFilter(statuses=(Status.DONE,)))
    assert {r["number"] for r in done.rows} == {5}
    assert "hoàn thành" in done.scope
    by_notice = build_report(fresh_store, "summary", today, DirectiveFilter(notice_id=1))
    assert len(by_notice.rows) == 17 and "16/08/2024" in by_notice.scope


def test_agency_table_adds_up_with_a_total(fresh_store, today):
    record_update(fresh_store, 7, today=today, agency="Phòng Nội vụ", status=Status.DONE)
    record_update(fresh_store, 5, today=today, agency="Phòng Nội vụ", progress=50)
    report = build_report(fresh_store, "agencies", today)
    rows = {r["agency"]: r for r in report.rows}
    home = rows["Phòng Nội vụ"]
    # named lead of 5 and 7, a member of the lead group of 1, 2 and 6 (1 is overdue)
    assert (home["total"], home["done_on_time"], home["ongoing"], home["percent_done"]) == (
        5,
        1,
        3,
        20.0,
    )
    office = rows["Văn phòng HĐND và UBND huyện"]
    assert office["overdue"] == 2 and office["overdue_list"] == "1, 3"
    for row in [*report.rows, report.table.total]:
        parts = ("done_on_time", "done_late", "in_time", "overdue", "ongoing")
        assert sum(row[k] for k in parts) == row["total"], row
    total = report.table.total
    # every tracked unit once: 26 on each of 1, 2 and 6, and the named leads of 3, 4, 5, 7
    assert total["agency"] == "Tổng cộng" and total["total"] == 85
    assert total["total"] == sum(r["total"] for r in report.rows if not r.get(STRONG))
    groups = [r["agency"] for r in report.rows if r.get(STRONG)]
    assert groups == ["Các cơ quan, đơn vị huyện", "UBND các xã, thị trấn"]
    assert rows["UBND các xã, thị trấn"]["total"] == 36  # 12 communes × 3 directives
    names = list(rows)
    assert names.index("Ban quản lý dự án đầu tư xây dựng và Phát triển quỹ đất") < names.index(
        "Phòng Nội vụ"
    )
    # Vietnamese order inside a group: "Đ"/"Ủ" not last
    assert names.index("Văn phòng HĐND và UBND huyện") == names.index("UBND các xã, thị trấn") - 1
    scoped = build_report(
        fresh_store,
        "agencies",
        today,
        DirectiveFilter(agency_id=find_agency(fresh_store, "phong noi vu")["id"]),
    )
    assert [r["agency"] for r in scoped.rows] == ["Phòng Nội vụ"]


def test_groups_are_subtotal_lines_with_their_members_and_count_once():
    """The counting takes tracked units and member lists, so that per-member
    tracking plugs in: a member in two groups counts once in the total."""
    from cchc_tui.domain.status import Timeliness
    from cchc_tui.services.agency_table import Group, agency_lines
    from cchc_tui.services.as_of import UnitState

    def unit(directive, agency, name, tl, kind="agency"):
        return UnitState(directive, agency, name, kind, name, timeliness=tl)

    units = [
        unit(1, 10, "UBND xã A", Timeliness.DONE_ON_TIME),
        unit(1, 11, "UBND xã B", Timeliness.OVERDUE),
        unit(2, 11, "UBND xã B", Timeliness.DONE_LATE),
        unit(3, 20, "Phòng Nội vụ", Timeliness.ON_TRACK),
    ]
    groups = [
        Group(30, "UBND các xã", "ubnd cac xa", (10, 11)),
        Group(31, "Xã miền núi", "xa mien nui", (11,)),
    ]
    lines, total = agency_lines(units, groups, {1: "1", 2: "2", 3: "3"})
    shown = [(line.name, line.level, line.total, line.done) for line in lines]
    assert shown == [
        ("Phòng Nội vụ", 0, 1, 0),
        ("UBND các xã", 0, 3, 2),
        ("UBND xã A", 1, 1, 1),
        ("UBND xã B", 1, 2, 1),
        ("Xã miền núi", 0, 2, 1),
        ("UBND xã B", 1, 2, 1),
    ]
    assert (total.total, total.done, total.overdue) == (4, 2, 1)
    assert [line.subtotal for line in lines] == [False, True, False, False, True, False]
    assert lines[1].overdue_items == ["1"]


def test_overdue_lists_late_leads_overdue_first(fresh_store, today):
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
    listed = [(r["number"], r["lead"], r["timeliness"]) for r in report.rows]
    assert listed[0] == (3, "Văn phòng HĐND và UBND huyện", "overdue")
    # directive 1 is late for every member of its two lead groups: each is named
    late_on_1 = [lead for number, lead, _ in listed if number == 1]
    assert len(late_on_1) == 26 and "UBND xã Hành Thuận" in late_on_1
    assert listed[-1] == (8, "Phòng Nội vụ", "due_soon")
    assert report.rows[0]["days"] == "Trễ 819 ngày" and report.rows[0]["days_late"] == 819
    assert report.rows[-1]["days"] == "Còn 3 ngày" and report.rows[-1]["days_left"] == 3


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
    assert (
        "Tổng số 7 nhiệm vụ: đã hoàn thành 0 (0,0%); chưa hoàn thành 7, trong đó quá hạn 2, "
        "trong hạn 0, thường xuyên 5." in text
    )
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
        Table([Column("title", "Nhiệm vụ")], rows),
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


def test_registry_is_what_the_cli_and_the_dialog_offer():
    from cchc_tui.cli.app import build_parser
    from cchc_tui.services.reports import REPORTS
    from cchc_tui.tui.screens.export_dialog import REPORT_CHOICES

    parser = build_parser()
    export = parser._subparsers._group_actions[0].choices["export"]
    report = next(a for a in export._actions if a.dest == "report")
    assert list(report.choices) == list(REPORTS)
    for kind in REPORTS.values():
        assert kind.help in report.help
    assert [name for _, name in REPORT_CHOICES] == [
        k.name for k in REPORTS.values() if not k.needs_agency
    ]
