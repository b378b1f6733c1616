"""The summary report (báo cáo kết quả thực hiện: I. Kết quả — the counts,
the agency table, the indicators —, II. Tồn tại, hạn chế, III. Đề xuất,
kiến nghị, and the directives in a landscape appendix) and the agencies
report (the agency table on its own)."""

from __future__ import annotations

from cchc_tui.domain.dates import format_date, long_vn_date
from cchc_tui.domain.periods import period_phrase
from cchc_tui.reports.model import Report, Section, Table, percent_text
from cchc_tui.services import indicator_reports
from cchc_tui.services.as_of import DirectiveState, directives_as_of
from cchc_tui.services.report_common import (
    DIRECTIVE_COLUMNS,
    ReportRequest,
    SummaryCounts,
    agency_table,
    directive_lines,
    groups_with_members,
    issuer_name,
    notice_phrases,
    overdue_by_agency,
    period_sentences,
    set_counts,
)
from cchc_tui.store.database import Store

SUMMARY_TITLE = "Kết quả thực hiện các nhiệm vụ theo kết luận của Ban Chỉ đạo"
AGENCIES_TITLE = "Kết quả thực hiện nhiệm vụ theo cơ quan, đơn vị"


def _paragraphs(text: str) -> list[str]:
    """The user's text as paragraphs (blank lines dropped)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _sources(store: Store, directives: list[DirectiveState]) -> str:
    phrases = notice_phrases(store, [d.row.notice_id for d in directives])
    return next(iter(phrases.values())) if len(phrases) == 1 else ""


def _subject(base: str, request: ReportRequest, source: str) -> str:
    text = f"Kết quả thực hiện các nhiệm vụ theo {source}" if source else base
    if request.period:
        text += " " + period_phrase(*request.period)
    return text


def build_summary(store: Store, report: Report, request: ReportRequest) -> None:
    directives = directives_as_of(store, request.as_of, request.scope)
    set_counts(report, directives)
    source = _sources(store, directives)
    issuer = issuer_name(report.settings)
    counts = SummaryCounts.of(directives)
    report.title = _subject(SUMMARY_TITLE, request, source)
    report.table = Table(
        list(DIRECTIVE_COLUMNS), directive_lines(store, directives), name="Nhiệm vụ"
    )
    when = long_vn_date(request.as_of)
    report.intro = [
        f"Thực hiện {source or 'các thông báo kết luận của Ban Chỉ đạo'}, {issuer} báo cáo "
        f"kết quả thực hiện các nhiệm vụ tính đến {when} như sau:"
    ]
    period, period_meta = period_sentences(store, request, directives)
    general = [counts.sentence(), *period]
    if directives:
        general.append("(Chi tiết từng nhiệm vụ tại Phụ lục kèm theo.)")
    table, lines, total = agency_table(directives, None, groups_with_members(store))
    late = overdue_by_agency(lines)
    report.sections = [
        Section("Kết quả thực hiện", level=1),
        Section("Tình hình chung", general, level=2),
    ]
    if table.rows:
        report.sections.append(
            Section(
                "Kết quả theo cơ quan, đơn vị",
                [
                    f"Các cơ quan, đơn vị chủ trì {total.total} lượt nhiệm vụ; đã hoàn thành "
                    f"{total.done} lượt ({percent_text(total.done, total.total)})."
                ],
                table=table,
                after=(
                    ["Các cơ quan, đơn vị có nhiệm vụ quá hạn: " + " ".join(late)] if late else []
                ),
                level=2,
            )
        )
    indicators, indicator_data = indicator_reports.indicator_section(store, request)
    if indicators:
        report.sections.append(Section("Các chỉ tiêu", indicators, level=2))
        report.meta["indicators"] = indicator_data
    if findings := _paragraphs(request.findings):
        report.sections.append(Section("Tồn tại, hạn chế", findings, level=1))
    if proposals := _paragraphs(request.proposals):
        report.sections.append(Section("Đề xuất, kiến nghị", proposals, level=1))
    if directives:
        report.appendix = [
            "PHỤ LỤC",
            f"Tình hình thực hiện từng nhiệm vụ tính đến ngày {format_date(request.as_of)}",
            f"(Kèm theo Báo cáo số        /{report.symbol} ngày {format_date(request.as_of)} "
            f"của {issuer})",
        ]
    report.meta |= {
        "summary": counts.to_json(),
        "agencies": [*table.rows, table.total],
        "directives": [_directive_json(d) for d in directives],
        **period_meta,
    }


def _directive_json(d: DirectiveState) -> dict:
    return {
        "id": d.id,
        "notice_id": d.row.notice_id,
        "number": d.row.number,
        "title": d.row.title,
        "deadline": d.row.deadline,
        "status": d.state.status.value,
        "timeliness": d.timeliness.value,
        "state_label": d.state_label,
        "progress": d.state.progress,
        "completed_on": d.state.completed_on,
        "last_update": d.last_on,
    }


def build_agencies(store: Store, report: Report, request: ReportRequest) -> None:
    directives = directives_as_of(store, request.as_of, request.scope)
    set_counts(report, directives)
    table, lines, total = agency_table(
        directives, request.scope.agency_id, groups_with_members(store)
    )
    report.title = AGENCIES_TITLE + (" " + period_phrase(*request.period) if request.period else "")
    report.table = table
    counts = SummaryCounts(
        done_on_time=total.done_on_time,
        done_late=total.done_late,
        in_time=total.in_time,
        overdue=total.overdue,
        ongoing=total.ongoing,
    )
    agencies = sum(1 for line in lines if line.level == 0)
    report.intro = [
        f"Tính đến {long_vn_date(request.as_of)}, {agencies} cơ quan, đơn vị được giao chủ trì "
        f"thực hiện {len(directives)} nhiệm vụ. " + counts.sentence("lượt nhiệm vụ")
    ]
    period, period_meta = period_sentences(store, request, directives)
    report.intro += period
    late = overdue_by_agency(lines)
    if late:
        report.sections.append(
            Section("Các nhiệm vụ quá hạn theo cơ quan, đơn vị", late, numbered=False)
        )
    report.meta |= {"total": table.total, "summary": counts.to_json(), **period_meta}
