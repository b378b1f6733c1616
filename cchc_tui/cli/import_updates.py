"""`import-updates FILE… [--dry-run] [--force --note TEXT]`: read filled
progress forms back."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import json_dumps
from cchc_tui.services.form_import import ImportResult, import_form, result_lines


def register(sub) -> None:
    p = sub.add_parser(
        "import-updates",
        help="nhập phiếu báo cáo tiến độ (.xlsx) do cơ quan điền",
        description="Đọc phiếu báo cáo tiến độ các cơ quan đã điền: kiểm tra từng dòng, ghi các "
        "dòng hợp lệ của mỗi tệp trong một giao dịch, liệt kê dòng lỗi và dòng xung đột. "
        "Mã thoát 2 khi có tệp bị từ chối, dòng lỗi hoặc xung đột chưa ghi.",
    )
    p.add_argument("files", metavar="FILE", nargs="+", help="tệp phiếu .xlsx")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.add_argument(
        "--force", action="store_true", help="vẫn ghi các dòng xung đột (cần --note lý do)"
    )
    p.add_argument("--note", metavar="TEXT", default="", help="lý do ghi đè xung đột")
    p.add_argument("--by", metavar="NAME", help="người nhập (mặc định theo cài đặt)")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.set_defaults(handler=cmd_import_updates)


def cmd_import_updates(ctx: Context, args) -> int:
    results: list[ImportResult] = []
    refused: list[tuple[str, str]] = []
    for path in args.files:
        try:
            results.append(
                import_form(
                    ctx.store,
                    path,
                    today=ctx.today,
                    dry_run=args.dry_run,
                    force=args.force,
                    note=args.note,
                    by=args.by,
                )
            )
        except ValidationError as exc:
            if exc.field != "file":
                raise
            refused.append((path, exc.message))
    if args.format == "json":
        ctx.print(
            json_dumps(
                {
                    "dry_run": args.dry_run,
                    "files": [r.to_json() for r in results],
                    "refused": [{"file": f, "message": m} for f, m in refused],
                },
                indent=2,
            )
        )
    else:
        for result in results:
            _print_result(ctx, result)
    for _path, message in refused:
        ctx.err.write(f"Lỗi (FILE): {message}\n")
    problems = refused or any(not r.clean for r in results)
    return 2 if problems else 0


def _print_result(ctx: Context, r: ImportResult) -> None:
    for line in result_lines(r):
        ctx.print(line)
