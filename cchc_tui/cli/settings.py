"""`settings [KEY [VALUE]]`."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.reports.tabular import to_grid
from cchc_tui.services.settings import SPECS, get_settings, resolve_key, set_setting


def register(sub) -> None:
    p = sub.add_parser(
        "settings",
        help=f"xem hoặc đặt cài đặt ({', '.join(SPECS)})",
    )
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p.add_argument("--by", metavar="NAME")
    p.set_defaults(handler=cmd_settings)


def cmd_settings(ctx: Context, args) -> int:
    if args.key is None:
        values = get_settings(ctx.store)
        rows = [
            [key, SPECS[key].label, value.replace("\n", " / ")] for key, value in values.items()
        ]
        ctx.print(to_grid(["Khóa", "Ý nghĩa", "Giá trị"], rows, "simple"))
        return 0
    key = resolve_key(args.key)
    if args.value is None:
        ctx.print(get_settings(ctx.store)[key])
        return 0
    set_setting(ctx.store, key, args.value, by=args.by or "")
    ctx.print(f"Đã đặt {key} = {get_settings(ctx.store)[key]}")
    return 0
