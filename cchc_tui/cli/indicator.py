"""`indicator list`, `indicator record`, `indicator retract`."""

from __future__ import annotations

from cchc_tui.cli.context import Context, parse_id
from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.text import json_dumps
from cchc_tui.reports.tabular import shorten, to_grid
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.indicators import (
    TREND_SYMBOLS,
    create_indicator,
    format_number,
    list_indicators,
    record_measurement,
    retract_measurement,
)


def register(sub) -> None:
    p = sub.add_parser(
        "indicator",
        help="chỉ tiêu: danh sách, ghi số liệu đo",
        description="Chỉ tiêu (mục tiêu đo được) của nhiệm vụ và số liệu đo.",
    )
    actions = p.add_subparsers(dest="indicator_action", metavar="VIỆC", required=True)

    q = actions.add_parser("list", help="các chỉ tiêu với giá trị gần nhất so với mục tiêu")
    q.add_argument("--agency", metavar="TEXT", help="chỉ chỉ tiêu của cơ quan này")
    q.add_argument("--directive", metavar="ID", help="chỉ chỉ tiêu của nhiệm vụ ID")
    q.add_argument("--format", default="table", choices=["table", "json"])
    q.set_defaults(handler=cmd_list)

    q = actions.add_parser("record", help="ghi một số liệu đo; in số của số liệu")
    q.add_argument("id", metavar="ID", help="số chỉ tiêu (xem 'indicator list')")
    q.add_argument("--value", metavar="V", required=True, help="giá trị đo (ví dụ 92,5)")
    q.add_argument("--date", metavar="DD/MM/YYYY", help="ngày đo (mặc định hôm nay)")
    q.add_argument("--period", metavar="TEXT", default="", help="kỳ số liệu (ví dụ 'Quý III/2024')")
    q.add_argument("--agency", metavar="TEXT", help="cơ quan báo cáo số liệu")
    q.add_argument("--source", metavar="TEXT", default="", help="nguồn, tài liệu kiểm chứng")
    q.add_argument("--by", metavar="NAME", help="người ghi (mặc định theo cài đặt)")
    q.set_defaults(handler=cmd_record)

    q = actions.add_parser("add", help="thêm một chỉ tiêu; in số của chỉ tiêu")
    q.add_argument("--directive", metavar="ID", help="nhiệm vụ có chỉ tiêu này")
    q.add_argument("--notice", metavar="ID", help="hoặc: chỉ tiêu của cả văn bản ID")
    q.add_argument("--name", metavar="TEXT", required=True, help="tên chỉ tiêu")
    q.add_argument("--comparison", metavar="OP", required=True, help="> >= < <= = (hoặc ≥ ≤)")
    q.add_argument("--target", metavar="N", required=True, help="giá trị mục tiêu")
    q.add_argument("--unit", metavar="TEXT", default="", help="đơn vị (ví dụ %%)")
    q.add_argument("--agency", metavar="TEXT", help="cơ quan chịu trách nhiệm (nếu có)")
    q.add_argument("--source", metavar="TEXT", default="", help="câu trích trong văn bản")
    q.add_argument("--by", metavar="NAME")
    q.set_defaults(handler=cmd_add)

    q = actions.add_parser("retract", help="rút lại một số liệu nhầm (ghi lại, không xóa)")
    q.add_argument("measurement_id", metavar="MEASUREMENT_ID")
    q.add_argument("--note", metavar="TEXT", required=True, help="lý do rút lại")
    q.add_argument("--by", metavar="NAME")
    q.set_defaults(handler=cmd_retract)


def cmd_list(ctx: Context, args) -> int:
    agency_id = find_agency(ctx.store, args.agency)["id"] if args.agency else None
    directive_id = parse_id(args.directive, "directive", "nhiệm vụ") if args.directive else None
    rows = list_indicators(ctx.store, agency_id=agency_id, directive_id=directive_id)
    if args.format == "json":
        ctx.print(json_dumps([r.to_json() for r in rows], indent=2))
        return 0
    headers = ["ID", "NV", "Chỉ tiêu", "Mục tiêu", "Gần nhất", "Ngày", "Xu hướng", "Kết quả"]
    body = [
        [
            r.id,
            r.directive_number or "—",
            shorten(r.name, 40),
            r.target_text,
            f"{format_number(r.latest_value)}{r.unit}" if r.latest else "—",
            format_date(r.latest_date, "—"),
            TREND_SYMBOLS.get(r.trend or "", ""),
            r.met_label,
        ]
        for r in rows
    ]
    ctx.print(to_grid(headers, body, "simple"))
    ctx.print(f"\n{len(rows)} chỉ tiêu")
    return 0


def cmd_record(ctx: Context, args) -> int:
    indicator_id = parse_id(args.id, "id", "chỉ tiêu")
    on = parse_date(args.date, "date") if args.date else None
    measurement_id = record_measurement(
        ctx.store,
        indicator_id,
        value=args.value,
        today=ctx.today,
        on=on,
        period=args.period,
        agency=args.agency,
        source=args.source,
        by=args.by,
    )
    ctx.print(str(measurement_id))
    return 0


def cmd_add(ctx: Context, args) -> int:
    indicator_id = create_indicator(
        ctx.store,
        name=args.name,
        comparison=args.comparison,
        target=args.target,
        unit=args.unit,
        directive_id=parse_id(args.directive, "directive", "nhiệm vụ") if args.directive else None,
        notice_id=parse_id(args.notice, "notice", "văn bản") if args.notice else None,
        agency=args.agency,
        source_phrase=args.source,
        by=args.by,
    )
    ctx.print(str(indicator_id))
    return 0


def cmd_retract(ctx: Context, args) -> int:
    measurement_id = parse_id(args.measurement_id, "measurement_id", "số liệu")
    new_id = retract_measurement(ctx.store, measurement_id, args.note, today=ctx.today, by=args.by)
    ctx.print(str(new_id))
    return 0
