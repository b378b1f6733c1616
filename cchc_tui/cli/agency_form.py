"""`export --report form --agency A --format xlsx -o FILE`: the progress
form an agency fills in (read back with `import-updates`)."""

from __future__ import annotations

from cchc_tui.cli.context import Context
from cchc_tui.domain.errors import ValidationError
from cchc_tui.services.forms import make_form_workbook


def export_form(ctx: Context, args) -> int:
    """Write one agency's form; prints where, and what it holds."""
    from cchc_tui.cli.export import OptionError, _check_target
    from cchc_tui.services.reports import write_report_file

    try:
        if not args.agency:
            raise OptionError(
                "--agency", "Phiếu báo cáo tiến độ lập cho một cơ quan: thêm --agency TÊN."
            )
        if args.format != "xlsx":
            raise OptionError(
                "--format",
                "Phiếu báo cáo tiến độ là bảng tính Excel: dùng --format xlsx -o TỆP.xlsx.",
            )
        target = _check_target(args, ctx)
    except OptionError as exc:
        ctx.err.write(f"Lỗi ({exc.option}): {exc}\n")
        return 2
    if args.notice or args.status or args.date_from or args.date_to:
        raise ValidationError(
            "Phiếu báo cáo tiến độ không dùng --notice, --status, --from, --to.", "agency"
        )
    form, data = make_form_workbook(ctx.store, args.agency, ctx.today)
    write_report_file(ctx.store, target, data)
    ctx.print(
        f"Đã ghi {target.resolve()}: phiếu của {form.agency}, {len(form.tasks)} nhiệm vụ, "
        f"{len(form.indicators)} chỉ tiêu (mã phiếu {form.form_id[:8]})."
    )
    return 0
