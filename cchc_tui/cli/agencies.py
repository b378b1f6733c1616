"""`agencies`: the registry in Vietnamese order with counts; `agencies add`,
`agencies members`, `agencies import` edit it."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.cli.context import Context
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import json_dumps
from cchc_tui.reports.tabular import to_grid
from cchc_tui.services.agencies import add_agency, find_agency, list_agencies
from cchc_tui.services.agency_import import import_list
from cchc_tui.services.memberships import change_members, members_of
from cchc_tui.services.settings import user_name


def register(sub) -> None:
    p = sub.add_parser(
        "agencies",
        help="cơ quan, đơn vị (thứ tự chữ cái tiếng Việt) và số nhiệm vụ; thêm, nhóm, nhập danh sách",
        description="Không có việc con: liệt kê cơ quan với số nhiệm vụ.",
    )
    p.add_argument("--format", default="table", choices=["table", "json"])
    p.set_defaults(handler=cmd_agencies)
    jobs = p.add_subparsers(dest="agencies_job", metavar="VIỆC")
    add = jobs.add_parser("add", help="thêm một cơ quan hoặc một nhóm")
    add.add_argument("name", metavar="TÊN")
    add.add_argument("--group", action="store_true", help="là một nhóm (có thành viên)")
    add.add_argument("--alias", action="append", default=[], metavar="TÊN_KHÁC",
                     help="tên gọi khác (lặp lại được)")  # fmt: skip
    add.add_argument("--member-of", action="append", default=[], metavar="NHÓM",
                     help="thêm vào nhóm này (lặp lại được)")  # fmt: skip
    add.set_defaults(handler=cmd_add)
    members = jobs.add_parser("members", help="xem, thêm, bớt thành viên của một nhóm")
    members.add_argument("group", metavar="NHÓM")
    members.add_argument("--add", action="append", default=[], metavar="CƠ_QUAN")
    members.add_argument("--remove", action="append", default=[], metavar="CƠ_QUAN")
    members.set_defaults(handler=cmd_members)
    imp = jobs.add_parser(
        "import",
        help="nhập danh sách cơ quan (.csv, .xlsx: cột Tên, Tên gọi khác, Thuộc nhóm)",
        description="Chỉ thêm hoặc bổ sung (cơ quan, tên gọi khác, thành viên nhóm); nhập lại "
        "cùng danh sách không đổi gì. Một dòng lỗi: không nhập gì, báo dòng lỗi.",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    imp.set_defaults(handler=cmd_import)


def cmd_agencies(ctx: Context, args) -> int:
    agencies = list_agencies(ctx.store, ctx.today)
    if args.format == "json":
        ctx.print(json_dumps([a.to_json() for a in agencies], indent=2))
        return 0
    headers = ["ID", "Cơ quan, đơn vị", "Chủ trì", "Phối hợp", "Hoàn thành", "Đang TH", "Quá hạn"]
    rows = [
        [a.id, a.name + (f" (nhóm, {len(a.members)} thành viên)" if a.kind == "group" else ""),
         a.lead, a.support, a.done, a.in_progress, a.overdue]
        for a in agencies
    ]  # fmt: skip
    ctx.print(to_grid(headers, rows, "simple"))
    return 0


def _group(ctx: Context, text: str, field: str = "group") -> dict:
    group = find_agency(ctx.store, text, field)
    if group["kind"] != "group":
        raise ValidationError(
            f"'{group['name']}' là một cơ quan, không phải nhóm (thêm nhóm: cchc-tui agencies add "
            "TÊN --group).",
            field,
        )
    return group


def cmd_add(ctx: Context, args) -> int:
    store = ctx.store
    by = user_name(store)
    groups = [_group(ctx, g, "member_of") for g in args.member_of]
    with store.transaction():
        agency_id = add_agency(
            store, args.name, "group" if args.group else "agency", args.alias, by=by
        )
        for group in groups:
            change_members(store, group["id"], add=[agency_id], by=by)
    kind = "nhóm" if args.group else "cơ quan"
    where = f", thành viên của: {'; '.join(g['name'] for g in groups)}" if groups else ""
    ctx.err.write(f"Đã thêm {kind} {args.name} (mã {agency_id}){where}.\n")
    ctx.print(str(agency_id))
    return 0


def cmd_members(ctx: Context, args) -> int:
    store = ctx.store
    group = _group(ctx, args.group)
    add = [find_agency(store, a, "add")["id"] for a in args.add]
    remove = [find_agency(store, a, "remove")["id"] for a in args.remove]
    if add or remove:
        done = change_members(store, group["id"], add=add, remove=remove, by=user_name(store))
        if done.added:
            ctx.err.write(f"Đã thêm vào nhóm: {'; '.join(done.added)}.\n")
        if done.removed:
            ctx.err.write(f"Đã bỏ khỏi nhóm: {'; '.join(done.removed)} (lịch sử của họ vẫn giữ).\n")
        if done.unchanged:
            ctx.err.write(f"Không đổi: {'; '.join(done.unchanged)}.\n")
        if done.directives:
            ctx.err.write(f"Theo dõi thành viên trên {done.directives} nhiệm vụ của nhóm.\n")
    members = members_of(store, group["id"])
    ctx.print(f"{group['name']}: {len(members)} thành viên")
    for m in members:
        ctx.print(f"  - {m['name']}")
    return 0


def cmd_import(ctx: Context, args) -> int:
    result = import_list(
        ctx.store, Path(args.file).expanduser(), dry_run=args.dry_run, by=user_name(ctx.store)
    )
    for line in result.lines():
        ctx.print(line)
    return 0
