"""`backup [FILE]` and `restore FILE`."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.cli.context import Context
from cchc_tui.services.backup import backup_to, list_backups, restore_from, restore_over_damaged
from cchc_tui.store.database import DamagedFileError, ForeignFileError, PreviousDataError


def register(sub) -> None:
    p = sub.add_parser(
        "backup", help="sao lưu an toàn (mặc định vào thư mục backups/ cạnh tệp dữ liệu)"
    )
    p.add_argument(
        "file", nargs="?", metavar="FILE", help="tệp sao lưu mới (mặc định: backups/<tên>-<giờ>.db)"
    )
    p.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu, mới nhất trước")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser(
        "restore", help="khôi phục từ bản sao lưu (giữ một bản an toàn của dữ liệu hiện tại)"
    )
    p.add_argument("file", metavar="FILE", help="bản sao lưu để khôi phục")
    p.set_defaults(handler=cmd_restore)


def cmd_backup(ctx: Context, args) -> int:
    if args.list:
        backups = list_backups(ctx.store)
        if not backups:
            ctx.print("Chưa có bản sao lưu nào.")
        for b in backups:
            ctx.print(
                f"{b.made_at:%d/%m/%Y %H:%M}  {b.kind_label:<16} {b.size // 1024:>7} KB  {b.path}"
            )
        return 0
    target = backup_to(ctx.store, Path(args.file) if args.file else None)
    ctx.print(f"Đã sao lưu vào {target}")
    return 0


def cmd_restore(ctx: Context, args) -> int:
    try:
        store = ctx.store
    except (DamagedFileError, ForeignFileError, PreviousDataError):
        # the live file cannot be opened (damaged, replaced by something
        # else, missing, or a restore was interrupted): keep what is there
        # aside and write the copy anew
        kept = restore_over_damaged(ctx.db_path, Path(args.file))
        ctx.store  # noqa: B018 - opens (and migrates) the restored file
        if kept == ctx.db_path:
            ctx.print(f"Đã khôi phục từ {args.file} vào {ctx.db_path}.")
        else:
            ctx.print(f"Đã khôi phục từ {args.file}. Tệp cũ được giữ lại nguyên trạng: {kept}")
        return 0
    safety = restore_from(store, Path(args.file))
    ctx.print(f"Đã khôi phục từ {args.file}. Bản an toàn của dữ liệu trước đó: {safety}")
    return 0
