"""`users`: access keys for the browser mode (`users add`, `users list`,
`users revoke`)."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.reports.tabular import to_grid
from cchc_tui.services.settings import user_name
from cchc_tui.services.users import ROLE_LABELS, ROLES, add_user, list_users, revoke_user


def register(sub) -> None:
    p = sub.add_parser(
        "users",
        help="người dùng và khóa truy cập cho chế độ trình duyệt (cchc-tui serve)",
        description="Không có việc con: liệt kê người dùng.",
    )
    p.set_defaults(handler=cmd_list)
    jobs = p.add_subparsers(dest="users_job", metavar="VIỆC")
    add = jobs.add_parser(
        "add",
        help="thêm người dùng và in khóa truy cập (chỉ in một lần)",
        description="Khóa chỉ hiện một lần: gửi riêng cho người dùng. Mất khóa: thu hồi rồi thêm lại.",
    )
    add.add_argument("name", metavar="TÊN")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="editor: xem và cập nhật; viewer: chỉ xem")  # fmt: skip
    add.set_defaults(handler=cmd_add)
    lst = jobs.add_parser("list", help="liệt kê người dùng (kể cả đã thu hồi)")
    lst.set_defaults(handler=cmd_list)
    revoke = jobs.add_parser(
        "revoke", help="thu hồi khóa của một người dùng (đóng các phiên đang mở)"
    )
    revoke.add_argument("name", metavar="TÊN")
    revoke.set_defaults(handler=cmd_revoke)


def cmd_add(ctx: Context, args) -> int:
    new = add_user(ctx.store, args.name, args.role, by=user_name(ctx.store))
    ctx.print(f"Đã thêm người dùng '{new.user.name}' ({ROLE_LABELS[new.user.role]}).")
    ctx.print(f"Khóa truy cập (chỉ hiện một lần): {new.key}")
    ctx.print(
        "Mở: http://ĐỊA-CHỈ-MÁY:CỔNG/?key="
        + new.key
        + "  (địa chỉ do 'cchc-tui serve --lan' in ra)"
    )
    return 0


def cmd_list(ctx: Context, args) -> int:
    users = list_users(ctx.store)
    if not users:
        ctx.print("Chưa có người dùng (thêm: cchc-tui users add TÊN --role editor|viewer).")
        return 0
    rows = [
        [u.name + (" (máy này)" if u.local else ""), f"{u.role} ({ROLE_LABELS[u.role]})",
         u.created_at.replace("T", " "), (u.revoked_at or "").replace("T", " ") or "đang dùng"]
        for u in users
    ]  # fmt: skip
    ctx.print(to_grid(["Người dùng", "Vai trò", "Tạo lúc", "Thu hồi"], rows, "simple"))
    return 0


def cmd_revoke(ctx: Context, args) -> int:
    user = revoke_user(ctx.store, args.name, by=user_name(ctx.store))
    ctx.print(f"Đã thu hồi khóa của '{user.name}'.")
    return 0
