"""`init --template sample|xa|phuong|tinh|huyen`: set up a new database."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.services.setup import Names, initialiser, set_up, template_codes, templates
from cchc_tui.store.database import open_store


def register(sub) -> None:
    choices = "; ".join(f"{t.code}: {t.label}" for t in templates())
    p = sub.add_parser(
        "init",
        help="thiết lập tệp dữ liệu mới: dữ liệu mẫu, hoặc cơ quan của một cấp (xã, phường, tỉnh…)",
        description="Thiết lập một tệp dữ liệu chưa có, hoặc chưa có văn bản, cập nhật và cơ "
        f"quan nào. Các mẫu — {choices}.",
    )
    p.add_argument("--template", required=True, choices=template_codes(), help="mẫu thiết lập")
    p.add_argument("--organisation", default="", metavar="TÊN", help="tên cơ quan (UBND xã …)")
    p.add_argument("--secretariat", default="", metavar="TÊN", help="cơ quan thường trực")
    p.add_argument("--place", default="", metavar="ĐỊA_DANH", help="địa danh ở dòng ngày tháng")
    p.add_argument(
        "--replace-sample",
        action="store_true",
        help="thay dữ liệu mẫu (khi chưa dùng: chưa có cập nhật, chưa sửa gì)",
    )
    p.set_defaults(handler=cmd_init)


def cmd_init(ctx: Context, args) -> int:
    names = Names(args.organisation, args.secretariat, args.place)
    path = ctx.db_path
    label = next(t.label for t in templates() if t.code == args.template)
    if not path.exists() or path.stat().st_size == 0:
        ctx._store = open_store(
            path, initialise=initialiser(args.template, names), despite_previous_data=True
        )
        ctx.print(f"Đã tạo {path} theo mẫu: {label}.")
        return 0
    safety = set_up(ctx.store, args.template, names, replace_sample=args.replace_sample)
    ctx.print(f"Đã thiết lập {path} theo mẫu: {label}.")
    if safety is not None:
        ctx.err.write(f"Dữ liệu mẫu cũ được giữ ở {safety}.\n")
    return 0
