"""`list`, `show`, `update`, `retract`."""

from __future__ import annotations

from cchc_tui.cli.context import Context, parse_id
from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.status import STATUS_LABELS, Timeliness, parse_progress, parse_status
from cchc_tui.domain.text import json_dumps
from cchc_tui.reports.tabular import shorten, to_csv, to_grid
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.directives import DirectiveFilter, get_directive, list_directives
from cchc_tui.services.history import HistoryEntry
from cchc_tui.services.indicators_view import indicator_line
from cchc_tui.services.updates import report_progress, retract_update

LIST_FORMATS = ["table", "md", "csv", "json"]


def register(sub) -> None:
    p = sub.add_parser("list", help="danh sách nhiệm vụ", description="Danh sách nhiệm vụ.")
    p.add_argument("--notice", metavar="ID", help="chỉ nhiệm vụ của văn bản ID")
    p.add_argument("--status", metavar="CODE", help="trạng thái (mã hoặc chữ: 'hoàn thành')")
    p.add_argument(
        "--agency", metavar="TEXT", help="cơ quan (tên hoặc tên gọi khác, không dấu cũng được)"
    )
    p.add_argument("--overdue", action="store_true", help="chỉ nhiệm vụ quá hạn")
    p.add_argument(
        "--unreported",
        action="store_true",
        help="chỉ nhiệm vụ còn đơn vị chưa báo cáo (với --agency: đơn vị đó chưa báo cáo)",
    )
    p.add_argument(
        "--search", metavar="TEXT", help="tìm không dấu trong số, tên, nội dung, cơ quan"
    )
    p.add_argument("--archived", action="store_true", help="kể cả nhiệm vụ đã lưu trữ")
    p.add_argument("--format", default="table", choices=LIST_FORMATS)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="một nhiệm vụ với cơ quan, chỉ tiêu, lịch sử")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("update", help="ghi một lần cập nhật tiến độ; in số của cập nhật")
    p.add_argument("id", metavar="ID")
    p.add_argument("--agency", metavar="TEXT", help="một cơ quan chủ trì (mặc định: tất cả)")
    p.add_argument(
        "--status", metavar="CODE", help="chua_thuc_hien | dang_thuc_hien | hoan_thanh | tam_dung"
    )
    p.add_argument("--progress", metavar="N", help="tiến độ 0–100 (%%)")
    p.add_argument("--date", metavar="DD/MM/YYYY", help="ngày báo cáo (mặc định hôm nay)")
    p.add_argument("--note", metavar="TEXT", default="", help="ghi chú")
    p.add_argument(
        "--evidence", metavar="TEXT", default="", help="tài liệu kiểm chứng (số, ngày, tên tệp)"
    )
    p.add_argument("--by", metavar="NAME", help="người cập nhật (mặc định theo cài đặt)")
    p.set_defaults(handler=cmd_update)

    p = sub.add_parser("retract", help="rút lại một cập nhật nhầm (ghi lại, không xóa)")
    p.add_argument("update_id", metavar="UPDATE_ID")
    p.add_argument("--note", metavar="TEXT", required=True, help="lý do rút lại")
    p.add_argument("--by", metavar="NAME")
    p.set_defaults(handler=cmd_retract)


def build_filter(ctx: Context, args) -> DirectiveFilter:
    flt = DirectiveFilter(search=args.search or "")
    if args.notice:
        flt.notice_id = parse_id(args.notice, "notice", "văn bản")
    if args.status:
        flt.statuses = (parse_status(args.status, "status"),)
    if args.agency:
        flt.agency_id = find_agency(ctx.store, args.agency)["id"]
    if args.overdue:
        flt.timeliness = (Timeliness.OVERDUE,)
    if getattr(args, "unreported", False):
        flt.unreported = True
    if args.archived:
        flt.archived = "all"
    return flt


def cmd_list(ctx: Context, args) -> int:
    print_list(ctx, args.format, build_filter(ctx, args))
    return 0


def print_list(ctx: Context, fmt: str, flt: DirectiveFilter | None = None) -> None:
    rows = list_directives(ctx.store, ctx.today, flt)
    if fmt == "json":
        ctx.print(json_dumps([r.to_json() for r in rows], indent=2))
        return
    headers = ["ID", "Số", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng", "Tiến độ"]
    if fmt == "csv":
        body = [
            [
                r.id,
                r.number,
                r.title,
                "; ".join(r.lead),
                format_date(r.deadline),
                r.state_label,
                r.progress,
            ]
            for r in rows
        ]
        ctx.write_document(to_csv(headers, body))
        return
    body = [
        [
            r.id,
            r.number,
            shorten(r.title, 40),
            shorten("; ".join(r.lead), 30),
            format_date(r.deadline, "Thường xuyên"),
            r.state_label,
            f"{r.progress}%",
        ]
        for r in rows
    ]
    ctx.print(to_grid(headers, body, "github" if fmt == "md" else "simple"))
    if fmt == "table":
        ctx.print(f"\n{len(rows)} nhiệm vụ · xét hạn theo ngày {format_date(ctx.today)}")


def cmd_show(ctx: Context, args) -> int:
    detail = get_directive(ctx.store, parse_id(args.id), ctx.today)
    if args.format == "json":
        ctx.print(json_dumps(detail.to_json(), indent=2))
        return 0
    r = detail.row
    p = ctx.print
    p(f"Nhiệm vụ {r.number} (ID {r.id}) — {r.notice_label}")
    p(r.title)
    p(f"Tình trạng: {r.state_label} · {r.progress}%")
    deadline = format_date(r.deadline, "Thường xuyên (không có hạn)")
    p(f"Thời hạn: {deadline}" + (f" — «{r.deadline_text}»" if r.deadline_text else ""))
    if r.completed_on:
        p(f"Hoàn thành ngày: {format_date(r.completed_on)}")
    p("\nNội dung:")
    p(r.content)
    p("\nChủ trì:")
    for a in detail.leads:
        done = f", xong {format_date(a.completed_on)}" if a.completed_on else ""
        p(f"  - {a.agency}: {STATUS_LABELS[a.status]} {a.progress}%{done}")
        if a.agency_id in detail.members_by_group:
            p(f"      {detail.member_counts(a.agency_id).text()}")
            for m in detail.members_by_group[a.agency_id]:
                last = (
                    f", báo cáo {format_date(m.last_update)}" if m.last_update else ", chưa báo cáo"
                )
                p(f"      · {m.agency}: {m.state_label} {m.progress}%{last}")
    supports = [a.agency for a in detail.assignments if a.role == "support"]
    p("Phối hợp: " + ("; ".join(supports) if supports else "(không)"))
    if detail.cited_documents:
        p("\nVăn bản được dẫn:")
        for c in detail.cited_documents:
            p(f"  - {c['kind']} số {c['number']} ngày {format_date(c.get('date'))}")
    if detail.indicators:
        p("\nChỉ tiêu:")
        for i in detail.indicators:
            p(f"  - {indicator_line(i)}")
    p("\nLịch sử (mới nhất trước):")
    if not detail.history:
        p("  (chưa có cập nhật)")
    for h in detail.history:
        p("  " + history_line(h))
    return 0


def history_line(h: HistoryEntry) -> str:
    """One history entry on one line: its date, who, what, then the details."""
    parts = [f"{format_date(h.date)} {h.by or '—'}: {h.headline()}"]
    parts += [d for d in h.details() if not d.startswith("Ghi lúc")]
    return " — ".join(parts)


def cmd_update(ctx: Context, args) -> int:
    directive_id = parse_id(args.id)
    status = parse_status(args.status, "status") if args.status else None
    progress = parse_progress(args.progress, "progress")
    on = parse_date(args.date, "date") if args.date else None
    done = report_progress(
        ctx.store,
        directive_id,
        today=ctx.today,
        on=on,
        status=status,
        progress=progress,
        note=args.note,
        evidence=args.evidence,
        agency=args.agency,
        by=args.by,
        source="cli",
    )
    ctx.print(str(done.id))  # scripts read the bare id on stdout
    ctx.err.write(f"Đã ghi cập nhật số {done.id} cho nhiệm vụ {directive_id}.\n")
    if done.left_alone:
        kept = "; ".join(f"{name} ({why})" for name, why in done.left_alone)
        ctx.err.write(f"Giữ nguyên: {kept}.\n")
    return 0


def cmd_retract(ctx: Context, args) -> int:
    update_id = parse_id(args.update_id, "update_id", "cập nhật")
    new_id = retract_update(
        ctx.store, update_id, args.note, today=ctx.today, by=args.by, source="cli"
    )
    ctx.print(str(new_id))
    return 0
