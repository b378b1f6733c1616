"""`doctor`: database path, schema, counts, backups, terminal; warnings."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.cli.terminal import one_line
from cchc_tui.domain.errors import DatabaseError
from cchc_tui.services.diagnostics import diagnose


def register(sub) -> None:
    p = sub.add_parser("doctor", help="kiểm tra cài đặt: tệp dữ liệu, lược đồ, sao lưu, terminal")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(ctx: Context, args) -> int:
    if not ctx.db_path.exists():
        # a check creates nothing: say where the file will be made
        ctx.print(f"Chưa có tệp dữ liệu ở {ctx.db_path}.")
        ctx.print("Tệp sẽ được tạo (kèm thông báo mẫu 16/8/2024) khi mở cchc-tui lần đầu.")
        return 0
    try:
        store = ctx.store
    except DatabaseError as exc:
        ctx.print(f"Tệp dữ liệu : {ctx.db_path}")
        ctx.print(f"\nKhông mở được tệp dữ liệu: {one_line(exc)}")
        return 1
    diagnosis = diagnose(store)
    width = max(len(label) for label, _ in diagnosis.facts)
    for label, value in diagnosis.facts:
        ctx.print(f"{label.ljust(width)} : {value}")
    if diagnosis.warnings:
        ctx.print("\nCảnh báo:")
        for warning in diagnosis.warnings:
            ctx.print(f"  ! {warning}")
    else:
        ctx.print("\nKhông thấy vấn đề nào.")
    for advice in diagnosis.advice:
        ctx.print(f"\n{advice}")
    return 1 if store.damaged else 0
