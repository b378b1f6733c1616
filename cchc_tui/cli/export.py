"""`export`: a report in one of the office's formats, to stdout or a file."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.cli.agency_form import export_form
from cchc_tui.cli.context import Context
from cchc_tui.domain.dates import parse_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import parse_status
from cchc_tui.reports import BINARY_FORMATS, BRIEF_FORMATS, FORMATS, REPORT_NAMES, render
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.reports import build_report, refuse_own_file, write_report_file

REPORT_HELP = (
    "summary: tiến độ từng nhiệm vụ; agencies: theo cơ quan; overdue: quá hạn và sắp đến hạn; "
    "history: các lần cập nhật (--from/--to); brief: tóm tắt ngắn để gửi Zalo; "
    "indicators: các chỉ tiêu; reminder: phiếu nhắc việc của một cơ quan (--agency); "
    "form: phiếu báo cáo tiến độ .xlsx gửi một cơ quan (--agency, --format xlsx)"
)


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help="xuất báo cáo (txt, md, html, csv, json, xlsx, docx)",
        description="Xuất báo cáo. Dạng chữ (txt, md, html, csv, json) in ra màn hình nếu "
        "không có -o; xlsx và docx cần -o TỆP.",
    )
    p.add_argument("--report", default="summary", choices=REPORT_NAMES, help=REPORT_HELP)
    p.add_argument(
        "--format", default="txt", choices=list(FORMATS), help="định dạng (mặc định txt)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="tệp ghi ra ('-': màn hình)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    p.add_argument("--from", dest="date_from", metavar="DD/MM/YYYY", help="history: từ ngày")
    p.add_argument(
        "--to", dest="date_to", metavar="DD/MM/YYYY", help="history: đến ngày (mặc định hôm nay)"
    )
    p.add_argument("--notice", metavar="ID", help="chỉ nhiệm vụ của văn bản ID")
    p.add_argument(
        "--agency", metavar="TEXT", help="chỉ nhiệm vụ có cơ quan này (chủ trì hoặc phối hợp)"
    )
    p.add_argument("--status", metavar="CODE", help="chỉ nhiệm vụ có trạng thái này")
    p.set_defaults(handler=cmd_export)


class OptionError(Exception):
    """Bad input naming the option (exit 2)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def _date(text: str | None, option: str):
    if not text:
        return None
    try:
        return parse_date(text, option)
    except ValidationError as exc:
        raise OptionError(option, str(exc)) from None


def _scope(ctx: Context, args) -> DirectiveFilter:
    from cchc_tui.cli.context import parse_id

    scope = DirectiveFilter()
    if args.notice:
        scope.notice_id = parse_id(args.notice, "notice", "văn bản")
        if ctx.store.value("SELECT 1 FROM notices WHERE id = ?", [scope.notice_id]) is None:
            raise ValidationError(
                f"Không có văn bản số {scope.notice_id}; các nhiệm vụ có số văn bản trong 'cchc-tui list --format json'.",
                "notice",
            )
    if args.status:
        scope.statuses = (parse_status(args.status, "status"),)
    if args.agency:
        scope.agency_id = find_agency(ctx.store, args.agency)["id"]
    return scope


def _check_target(args, ctx: Context) -> Path | None:
    """Where to write, or None for stdout; refuses what would go wrong."""
    to_stdout = args.output in (None, "-")
    if to_stdout:
        if args.format in BINARY_FORMATS:
            raise OptionError(
                "-o",
                f"Định dạng {args.format} là tệp nhị phân, không in ra màn hình được; "
                f"thêm -o TEN_TEP.{args.format}.",
            )
        return None
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise OptionError("-o", f"'{path}' là một thư mục; hãy ghi rõ tên tệp.")
    if not path.parent.exists():
        raise OptionError("-o", f"Thư mục '{path.parent}' không tồn tại.")
    refuse_own_file(ctx.store, path)  # never offer --force for the database itself
    if path.exists() and not args.force:
        raise OptionError("-o", f"Tệp '{path}' đã có; thêm --force để ghi đè.")
    return path


def cmd_export(ctx: Context, args) -> int:
    if args.report == "form":
        return export_form(ctx, args)
    try:
        if args.report == "brief" and args.format not in BRIEF_FORMATS:
            raise OptionError(
                "--format",
                f"Báo cáo brief là đoạn chữ ngắn, chỉ có dạng {', '.join(BRIEF_FORMATS)}; "
                "bảng các nhiệm vụ quá hạn: --report overdue.",
            )
        if (args.date_from or args.date_to) and args.report != "history":
            raise OptionError("--from", "--from/--to chỉ dùng với --report history.")
        date_from = _date(args.date_from, "--from")
        date_to = _date(args.date_to, "--to")
        target = _check_target(args, ctx)
        scope = _scope(ctx, args)
        try:
            report = build_report(
                ctx.store, args.report, ctx.today, scope, date_from=date_from, date_to=date_to
            )
        except ValidationError as exc:
            if exc.field == "from":
                raise OptionError("--from", str(exc)) from None
            raise
    except OptionError as exc:
        ctx.err.write(f"Lỗi ({exc.option}): {exc}\n")
        return 2
    data = render(report, args.format)
    if target is None:
        ctx.write_document(data)
        return 0
    write_report_file(ctx.store, target, data)
    ctx.print(f"Đã ghi {target.resolve()}")
    return 0
