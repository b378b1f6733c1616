"""`export`: a report in one of the office's formats, to stdout or a file.

The reports, their formats and their help come from the registry
(``cchc_tui.services.reports.REPORTS``)."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.cli.context import Context
from cchc_tui.domain.dates import parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.domain.status import parse_status
from cchc_tui.reports import BINARY_FORMATS, FORMATS
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.reports import (
    REPORTS,
    FileInUseError,
    ReportRequest,
    is_group_with_members,
    produce,
    refuse_own_file,
    write_member_forms,
    write_report_file,
)

TEXT_LIMIT = 20_000  # characters of --findings/--proposals (a file or the option)


def report_help() -> str:
    return "; ".join(f"{kind.name}: {kind.help}" for kind in REPORTS.values())


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help="xuất báo cáo (txt, md, html, csv, json, xlsx, docx)",
        description="Xuất báo cáo. Dạng chữ (txt, md, html, csv, json) in ra màn hình nếu "
        "không có -o; xlsx và docx cần -o TỆP. Số liệu tính đến ngày --as-of (mặc định "
        "hôm nay, hoặc --today).",
    )
    p.add_argument("--report", default="summary", choices=list(REPORTS), help=report_help())
    p.add_argument(
        "--format", default="txt", choices=list(FORMATS), help="định dạng (mặc định txt)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="tệp ghi ra ('-': màn hình)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    p.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DD/MM/YYYY",
        help="tính đến ngày (bỏ qua mọi cập nhật sau ngày đó; mặc định hôm nay)",
    )
    p.add_argument("--from", dest="date_from", metavar="DD/MM/YYYY", help="kỳ báo cáo: từ ngày")
    p.add_argument(
        "--to", dest="date_to", metavar="DD/MM/YYYY", help="kỳ báo cáo: đến ngày (mặc định --as-of)"
    )
    for name, what in (("findings", "Tồn tại, hạn chế"), ("proposals", "Đề xuất, kiến nghị")):
        group = p.add_mutually_exclusive_group()
        group.add_argument(f"--{name}", metavar="TEXT", help=f"mục “{what}” của báo cáo")
        group.add_argument(
            f"--{name}-file", metavar="FILE", help=f"mục “{what}” đọc từ tệp văn bản UTF-8"
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


OPTIONS = {
    "from": "--from",
    "to": "--to",
    "format": "--format",
    "agency": "--agency",
    "notice": "--notice",
    "status": "--status",
    "output": "-o",
    "report": "--report",
    "as_of": "--as-of",
}


def _date(text: str | None, option: str):
    if not text:
        return None
    try:
        return parse_date(text, option)
    except ValidationError as exc:
        raise OptionError(option, str(exc)) from None


def _text(given: str | None, file: str | None, option: str) -> str:
    """A section's text from the option or a UTF-8 file (BOM or not)."""
    if file:
        try:
            text = Path(file).expanduser().read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise OptionError(
                f"{option}-file", f"Không đọc được tệp '{file}': {exc.strerror}."
            ) from None
        except UnicodeDecodeError:
            raise OptionError(
                f"{option}-file", f"Tệp '{file}' không phải văn bản UTF-8; hãy lưu lại dạng UTF-8."
            ) from None
    else:
        text = (given or "").replace("\\n", "\n")
    if len(text) > TEXT_LIMIT:
        raise OptionError(option, f"Dài {len(text)} ký tự; tối đa {TEXT_LIMIT}.")
    return text


def _scope(ctx: Context, args) -> DirectiveFilter:
    from cchc_tui.cli.context import parse_id

    scope = DirectiveFilter()
    if args.notice:
        scope.notice_id = parse_id(args.notice, "notice", "văn bản")
        if ctx.store.value("SELECT 1 FROM notices WHERE id = ?", [scope.notice_id]) is None:
            raise ValidationError(
                f"Không có văn bản số {scope.notice_id}; các nhiệm vụ có số văn bản trong "
                "'cchc-tui list --format json'.",
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


def _request(ctx: Context, args) -> ReportRequest:
    kind = REPORTS[args.report]
    if args.format not in kind.formats:
        raise OptionError("--format", f"Báo cáo {kind.name} chỉ có dạng {', '.join(kind.formats)}.")
    if kind.needs_agency and not args.agency:
        raise OptionError("--agency", f"{kind.label} lập cho một cơ quan: thêm --agency TÊN.")
    if kind.make is not None and (args.notice or args.status or args.date_from or args.date_to):
        raise OptionError("--agency", f"{kind.label} không dùng --notice, --status, --from, --to.")
    as_of = _date(args.as_of, "--as-of") or ctx.today
    if as_of > ctx.today:
        raise OptionError(
            "--as-of",
            f"Ngày tính đến {as_of:%d/%m/%Y} ở sau ngày hôm nay ({ctx.today:%d/%m/%Y}).",
        )
    date_from = _date(args.date_from, "--from")
    date_to = _date(args.date_to, "--to")
    if date_to is not None and date_from is None and args.report != "history":
        raise OptionError("--to", "Kỳ báo cáo cần cả --from (từ ngày) và --to (đến ngày).")
    if date_to is not None and args.as_of is None:
        as_of = date_to  # a period that ends on D is reported as of D
    return ReportRequest(
        args.report,
        as_of,
        _scope(ctx, args),
        date_from,
        date_to,
        _text(args.findings, args.findings_file, "--findings"),
        _text(args.proposals, args.proposals_file, "--proposals"),
    )


def _member_forms(ctx: Context, args, request: ReportRequest) -> int:
    """`--report form --agency GROUP -o FOLDER`: one form per member."""
    if args.output in (None, "-"):
        raise OptionError("-o", "Phiếu cho từng thành viên của nhóm: thêm -o THƯ_MỤC.")
    group_id = request.scope.agency_id
    assert group_id is not None  # cmd_export found it is a group with members
    folder = Path(args.output).expanduser()
    written = write_member_forms(ctx.store, group_id, folder, request.as_of)
    ctx.print(f"Đã ghi {len(written)} phiếu (mỗi thành viên một phiếu) vào {folder.resolve()}:")
    for path in written:
        ctx.print(f"  {path.name}")
    return 0


def cmd_export(ctx: Context, args) -> int:
    try:
        request = _request(ctx, args)
        if args.report == "form" and is_group_with_members(ctx.store, request.scope.agency_id):
            return _member_forms(ctx, args, request)
        target = _check_target(args, ctx)
        data, note = produce(ctx.store, request, args.format)
        if target is not None:
            write_report_file(ctx.store, target, data)
    except OptionError as exc:
        ctx.err.write(f"Lỗi ({exc.option}): {exc}\n")
        return 2
    except FileInUseError as exc:
        ctx.err.write(f"Lỗi (-o): {exc}\n")
        return 1
    except UserError as exc:
        option = OPTIONS.get(exc.field or "")
        if option is None:
            raise
        ctx.err.write(f"Lỗi ({option}): {exc}\n")
        return 2
    if target is None:
        ctx.write_document(data)
        return 0
    ctx.print(f"Đã ghi {target.resolve()}" + (f": {note}." if note else ""))
    return 0
