"""`import-notice FILE [--dry-run] [--format text|json] [--force]`."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.domain.dates import format_date
from cchc_tui.domain.text import json_dumps
from cchc_tui.importer.draft import NoticeReading
from cchc_tui.services.imports import read_notice, save_reading
from cchc_tui.services.settings import user_name


def register(sub) -> None:
    p = sub.add_parser(
        "import-notice",
        help="đọc một thông báo (.txt, .docx) thành văn bản mới với các nhiệm vụ",
        description="Đọc một thông báo kết luận / công văn giao nhiệm vụ (.txt UTF-8 hoặc "
        "UTF-16, TCVN3; .docx) thành văn bản mới. Với --dry-run chỉ in bản đọc, không lưu.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="chỉ in bản đọc, không lưu")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.add_argument("--force", action="store_true", help="nhập cả khi đã có văn bản cùng số và ngày")
    p.add_argument("--by", metavar="NAME", help="người nhập (mặc định theo cài đặt)")
    p.set_defaults(handler=cmd_import_notice)


def cmd_import_notice(ctx: Context, args) -> int:
    reading = read_notice(ctx.store, args.file)
    _list_uncertain(ctx, reading)
    if args.dry_run:
        if args.format == "json":
            ctx.print(json_dumps(reading.to_json(), indent=2))
        else:
            ctx.print(preview_text(reading))
        return 0
    notice_id = save_reading(ctx.store, reading, force=args.force, by=user_name(ctx.store, args.by))
    if args.format == "json":
        ctx.print(json_dumps({"notice_id": notice_id}))
    else:
        ctx.print(str(notice_id))
    return 0


def _list_uncertain(ctx: Context, reading: NoticeReading) -> None:
    """What the reading is not sure of goes to stderr, so that a person checks
    those fields first (stdout keeps the reading, or the new notice's id)."""
    lines = reading.uncertain()
    unticked = [d.number for d in reading.directives if not d.selected]
    if unticked:
        numbers = ", ".join(str(n) for n in unticked)
        lines.append(f"Mục không có cơ quan chủ trì, không nhập: {numbers}")
    if lines:
        text = "Cần kiểm tra:\n" + "\n".join(f"- {line}" for line in lines) + "\n"
        ctx.err.write(text)  # ctx.err shows control characters as symbols


def preview_text(reading: NoticeReading) -> str:
    """The draft as plain text, for a person to check before saving."""
    lines = [
        f"{reading.kind}: {reading.title}",
        f"Số: {reading.number or '(không ghi)'}   "
        f"Ngày: {format_date(reading.notice_date) or '(không ghi)'}   "
        f"Cơ quan ban hành: {reading.issuer or '(không rõ)'}",
        "",
    ]
    for d in reading.directives:
        if not d.selected:
            continue
        lines.append(f"{d.number}. {d.title}")
        lines.append(
            f"   Chủ trì{_mark(d, 'lead')}: {'; '.join(a.name for a in d.leads) or '(chưa xác định)'}"
        )
        if d.supports:
            lines.append(
                f"   Phối hợp{_mark(d, 'support')}: {'; '.join(a.name for a in d.supports)}"
            )
        deadline = (
            f"{format_date(d.deadline)} ({d.deadline_text})" if d.deadline else "Thường xuyên"
        )
        lines.append(f"   Thời hạn{_mark(d, 'deadline')}: {deadline}")
    if any(not d.selected for d in reading.directives):
        lines.append("")
        lines.append(
            "Mục không được nhập (không có cơ quan chủ trì): "
            + ", ".join(str(d.number) for d in reading.directives if not d.selected)
        )
    new = reading.new_agencies()
    if new:
        lines += ["", "Cơ quan mới sẽ được thêm: " + "; ".join(a.name for a in new)]
    for warning in reading.warnings:
        lines.append(f"Lưu ý: {warning}")
    return "\n".join(lines)


def _mark(item, name: str) -> str:
    """ " (?)" after a field the reading is not sure of."""
    return " (?)" if item.level(name) == "low" else ""
