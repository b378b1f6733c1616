"""`agencies`: the registry in Vietnamese order with counts."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.domain.text import json_dumps
from cchc_tui.reports.tabular import to_grid
from cchc_tui.services.agencies import list_agencies


def register(sub) -> None:
    p = sub.add_parser(
        "agencies", help="cơ quan, đơn vị (thứ tự chữ cái tiếng Việt) và số nhiệm vụ"
    )
    p.add_argument("--format", default="table", choices=["table", "json"])
    p.set_defaults(handler=cmd_agencies)


def cmd_agencies(ctx: Context, args) -> int:
    agencies = list_agencies(ctx.store, ctx.today)
    if args.format == "json":
        ctx.print(json_dumps([a.to_json() for a in agencies], indent=2))
        return 0
    headers = ["ID", "Cơ quan, đơn vị", "Chủ trì", "Phối hợp", "Hoàn thành", "Đang TH", "Quá hạn"]
    rows = [[a.id, a.name, a.lead, a.support, a.done, a.in_progress, a.overdue] for a in agencies]
    ctx.print(to_grid(headers, rows, "simple"))
    return 0
