"""Reports: the one registry of what can be exported (the CLI's --report
choices and help, the export dialog's list and the file names all come from
:data:`REPORTS`), building a report as of a day, and writing it to a file.

Adding a report is one :class:`ReportKind` entry: a builder that fills a
:class:`~cchc_tui.reports.model.Report` from a :class:`ReportRequest` (or a
``make`` that writes the file's bytes itself, as the agency form does).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.reports import BRIEF_FORMATS, FORMATS, render
from cchc_tui.reports.model import Report, Table
from cchc_tui.services import indicator_reports, report_lists, report_summary
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.report_common import ReportRequest, describe_scope, issuer_name
from cchc_tui.services.settings import get_settings
from cchc_tui.store.database import Store
from cchc_tui.store.paths import owned_by

__all__ = [
    "REPORTS",
    "FileInUseError",
    "ReportKind",
    "ReportRequest",
    "build_report",
    "default_file_name",
    "describe_scope",
    "export_to_file",
    "produce",
    "report_kind",
    "write_report_file",
]

PAGE_FORMATS = ("docx", "xlsx", "html", "csv", "md", "txt", "json")


@dataclass(frozen=True)
class ReportKind:
    """One report a user can ask for."""

    name: str  # the CLI's --report value
    label: str  # what people call it (the dialog's list, the help)
    help: str  # one line of CLI help
    file_stem: str  # "bao-cao-tien-do" → bao-cao-tien-do-2026-11-27.docx
    formats: tuple[str, ...] = PAGE_FORMATS
    build: Callable[[Store, Report, ReportRequest], None] | None = None
    make: Callable[[Store, ReportRequest], tuple[bytes, str]] | None = None
    needs_agency: bool = False  # a report about one agency (--agency)
    sections: bool = False  # takes "Tồn tại, hạn chế" and "Đề xuất, kiến nghị"


def _make_form(store: Store, request: ReportRequest) -> tuple[bytes, str]:
    from cchc_tui.services.forms import make_form_workbook

    agency_id = request.scope.agency_id
    assert agency_id is not None  # the form needs_agency: check_request refused none
    form, data = make_form_workbook(store, agency_id, request.as_of)
    note = (
        f"phiếu của {form.agency}, {len(form.tasks)} nhiệm vụ, "
        f"{len(form.indicators)} chỉ tiêu (mã phiếu {form.form_id[:8]})"
    )
    return data, note


REPORTS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in [
        ReportKind(
            "summary",
            "Báo cáo kết quả thực hiện (tổng hợp)",
            "báo cáo tổng hợp: số liệu, bảng theo cơ quan, chỉ tiêu, phụ lục từng nhiệm vụ",
            "bao-cao-tien-do",
            build=report_summary.build_summary,
            sections=True,
        ),
        ReportKind(
            "agencies",
            "Theo cơ quan, đơn vị",
            "theo cơ quan: số nhiệm vụ chủ trì, hoàn thành đúng hạn/quá hạn, tỷ lệ",
            "bao-cao-theo-co-quan",
            build=report_summary.build_agencies,
        ),
        ReportKind(
            "overdue",
            "Quá hạn và sắp đến hạn",
            "nhiệm vụ quá hạn và sắp đến hạn, từng cơ quan chủ trì",
            "bao-cao-qua-han",
            build=report_lists.build_overdue,
        ),
        ReportKind(
            "history",
            "Lịch sử cập nhật",
            "các lần cập nhật tiến độ trong kỳ (--from/--to)",
            "lich-su-cap-nhat",
            build=report_lists.build_history,
        ),
        ReportKind(
            "indicators",
            "Các chỉ tiêu",
            "các chỉ tiêu: giá trị gần nhất so với mục tiêu",
            "bao-cao-chi-tieu",
            build=indicator_reports.build_indicators,
        ),
        ReportKind(
            "brief",
            "Tóm tắt ngắn (Zalo)",
            "tóm tắt ngắn để gửi Zalo",
            "tom-tat",
            formats=BRIEF_FORMATS,
            build=report_lists.build_brief,
        ),
        ReportKind(
            "reminder",
            "Công văn đôn đốc một cơ quan",
            "công văn đôn đốc một cơ quan (--agency)",
            "cong-van-don-doc",
            formats=("docx", "html", "md", "txt", "json"),
            build=indicator_reports.build_reminder,
            needs_agency=True,
        ),
        ReportKind(
            "form",
            "Phiếu báo cáo tiến độ gửi một cơ quan",
            "phiếu báo cáo tiến độ .xlsx gửi một cơ quan (--agency, --format xlsx)",
            "phieu-bao-cao-tien-do",
            formats=("xlsx",),
            make=_make_form,
            needs_agency=True,
        ),
    ]
}


def report_kind(name: str) -> ReportKind:
    """The registry entry ``name``; ValidationError naming the choices."""
    if name not in REPORTS:
        allowed = ", ".join(REPORTS)
        raise ValidationError(f"Không có báo cáo '{name}'; chọn một trong: {allowed}.", "report")
    return REPORTS[name]


def default_file_name(report_name: str, fmt: str, as_of: date) -> str:
    """ "bao-cao-tien-do-2026-11-27.docx"."""
    stem = REPORTS[report_name].file_stem if report_name in REPORTS else "bao-cao"
    return f"{stem}-{as_of.isoformat()}.{fmt}"


def check_request(kind: ReportKind, fmt: str, request: ReportRequest) -> None:
    """Refuse what this report cannot do, naming the field."""
    if fmt not in FORMATS:
        raise ValidationError(f"Không có định dạng '{fmt}'.", "format")
    if fmt not in kind.formats:
        raise ValidationError(
            f"{kind.label} chỉ xuất được dạng {', '.join(kind.formats)}.", "format"
        )
    if kind.needs_agency and request.scope.agency_id is None:
        raise ValidationError(f"{kind.label} lập cho một cơ quan: hãy chọn cơ quan.", "agency")
    start, end = request.date_from, request.date_to
    if end is not None and start is not None and start > end:
        raise ValidationError(
            f"Kỳ báo cáo: từ ngày {start:%d/%m/%Y} sau đến ngày {end:%d/%m/%Y}.", "from"
        )
    if end is not None and end > request.as_of:
        raise ValidationError(
            f"Kỳ báo cáo kết thúc ngày {end:%d/%m/%Y}, sau ngày tính đến {request.as_of:%d/%m/%Y}.",
            "to",
        )
    if start is not None and start > request.as_of:
        raise ValidationError(
            f"Kỳ báo cáo bắt đầu ngày {start:%d/%m/%Y}, sau ngày tính đến "
            f"{request.as_of:%d/%m/%Y}.",
            "from",
        )


def build_report(
    store: Store,
    name: str,
    today: date,
    scope: DirectiveFilter | None = None,
    *,
    as_of: date | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    findings: str = "",
    proposals: str = "",
    made_on: datetime | None = None,
) -> Report:
    """The report ``name`` over the directives in ``scope`` as of ``as_of``
    (default ``today``): states replayed to that day, deadlines judged at it."""
    request = ReportRequest(
        name,
        as_of or today,
        scope or DirectiveFilter(),
        date_from,
        date_to,
        findings,
        proposals,
    )
    return build(store, request, made_on=made_on)


def build(store: Store, request: ReportRequest, *, made_on: datetime | None = None) -> Report:
    """The report of ``request`` (a registry entry with a builder)."""
    kind = report_kind(request.name)
    if kind.build is None:
        raise ValidationError(f"{kind.label} là bảng tính Excel: dùng định dạng xlsx.", "format")
    settings = get_settings(store)
    report = Report(
        name=request.name,
        title=kind.label,
        table=Table([]),
        made_on=made_on or datetime.now().astimezone(),
        today=request.as_of,
        settings=settings,
        scope=describe_scope(store, request.scope),
        symbol=(settings.get("report_symbol") or "").strip() or "BC-BCĐ",
        period=request.period,
    )
    report.meta["as_of"] = request.as_of
    kind.build(store, report, request)
    if not report.closing and not report.addressees:
        # the closing sentence of every report; it goes over a page break
        # with the signer block, which never stands alone
        subject = report.title[:1].lower() + report.title[1:]
        report.closing = [f"Trên đây là báo cáo {subject} của {issuer_name(settings)}./."]
    return report


def produce(
    store: Store, request: ReportRequest, fmt: str, *, made_on: datetime | None = None
) -> tuple[bytes, str]:
    """The file's bytes and a note on what it holds ("" for most reports)."""
    kind = report_kind(request.name)
    check_request(kind, fmt, request)
    if kind.make is not None:
        return kind.make(store, request)
    return render(build(store, request, made_on=made_on), fmt), ""


# -- files -------------------------------------------------------------------


class FileInUseError(UserError):
    """The finished report could not replace the file of that name (open in
    Word or Excel on Windows)."""


REPLACE_TRIES = 6
REPLACE_PAUSE_S = 0.25
FILE_IN_USE = "Tệp đang mở trong Word/Excel? Đóng tệp rồi xuất lại, hoặc đổi tên"


def refuse_own_file(store: Store, path: Path) -> None:
    """ValidationError when writing ``path`` would replace one of the open
    database's own files (symlinks and, on Windows, case resolved)."""
    own = owned_by(store.path, path)
    if own is not None:
        raise ValidationError(
            f"Không ghi báo cáo vào {path}: đó là {own.label}. Hãy chọn tên tệp khác, ở thư mục "
            "khác (ví dụ thư mục Tài liệu).",
            "output",
        )


def write_report_file(store: Store, path: Path, data: bytes) -> None:
    """Write a finished report whole or not at all: a temporary file beside
    it, then a rename (an open or half-written file never replaces a good
    one). A rename refused for a while (Windows: the old file is open in
    Word or Excel) ends in :class:`FileInUseError`. Refuses a path that is
    the database's own (the file, its -wal/-shm, the copies beside it, its
    backups folder)."""
    refuse_own_file(store, path)
    handle, temp = tempfile.mkstemp(prefix=".cchc-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        for attempt in range(REPLACE_TRIES):
            try:
                os.replace(temp, path)
                break
            except PermissionError:
                if attempt == REPLACE_TRIES - 1:
                    raise FileInUseError(f"{FILE_IN_USE} ({path.name}).", "output") from None
                time.sleep(REPLACE_PAUSE_S)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def reading(store: Store):
    """A Store of its own for reading on ``store``'s file (``Store.reading``)."""
    return store.reading()


def write_member_forms(store: Store, group_id: int, folder: Path, today: date) -> list[Path]:
    """One progress form per member of a group, written into ``folder``
    (created when missing); an existing file is never replaced (-2, -3…).
    ValidationError when the agency is not a group with members."""
    from cchc_tui.services.forms import form_file_name, make_form_workbook
    from cchc_tui.services.memberships import members_of

    members = members_of(store, group_id)
    if not members:
        raise ValidationError(
            "Nhóm này chưa có thành viên; thêm thành viên (cchc-tui agencies members) hoặc lập "
            "phiếu cho một cơ quan.",
            "agency",
        )
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            f"Phiếu cho từng thành viên được ghi vào một thư mục; '{folder}' là một tệp.", "output"
        )
    refuse_own_file(store, folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for member in members:
        form, data = make_form_workbook(store, member["id"], today)
        target = folder / form_file_name(form)
        number = 2
        while target.exists():
            target = folder / f"{Path(form_file_name(form)).stem}-{number}.xlsx"
            number += 1
        write_report_file(store, target, data)
        written.append(target)
    return written


def is_group_with_members(store: Store, agency_id: int | None) -> bool:
    return agency_id is not None and bool(
        store.value(
            "SELECT 1 FROM agencies g JOIN agency_members m ON m.group_id = g.id "
            "WHERE g.id = ? AND g.kind = 'group' AND m.removed_at IS NULL LIMIT 1",
            [agency_id],
        )
    )


def export_to_file(store: Store, request: ReportRequest, fmt: str, path: Path) -> tuple[Path, str]:
    """Build and write one report on a connection of its own (for a worker
    thread); returns the written path and the report's note."""
    with reading(store) as own:
        data, note = produce(own, request, fmt)
    write_report_file(store, path, data)
    return path.resolve(), note


def free_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext``… when it exists (nothing
    already written is replaced)."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


@dataclass(frozen=True)
class WrittenForms:
    """Where an agency's progress form (or a group's, one per member) went."""

    path: Path
    agency: str
    forms: int
    tasks: int = 0
    indicators: int = 0


def write_agency_forms(store: Store, agency_id: int, folder: Path, today: date) -> WrittenForms:
    """The agency's progress form (.xlsx) in ``folder``; for a group with
    members, a folder in it with one form per member."""
    from cchc_tui.domain.dates import format_date
    from cchc_tui.services.agencies import agency_name
    from cchc_tui.services.forms import agency_slug, form_file_name, make_form_workbook

    name = agency_name(store, agency_id) or str(agency_id)
    if is_group_with_members(store, agency_id):
        day = format_date(today).replace("/", "-")
        target = free_path(folder / f"phieu-tien-do_{agency_slug(name)}_{day}")
        written = write_member_forms(store, agency_id, target, today)
        return WrittenForms(target, name, len(written))
    form, data = make_form_workbook(store, agency_id, today)
    target = free_path(folder / form_file_name(form))
    write_report_file(store, target, data)
    return WrittenForms(target, form.agency, 1, len(form.tasks), len(form.indicators))


def write_reminder(store: Store, agency_id: int, folder: Path, today: date) -> Path:
    """The agency's reminder letter (công văn đôn đốc, .docx) in ``folder``;
    ValidationError when it has nothing overdue or due soon."""
    from cchc_tui.domain.dates import format_date
    from cchc_tui.services.agencies import agency_name
    from cchc_tui.services.forms import agency_slug

    request = ReportRequest("reminder", today, DirectiveFilter(agency_id=agency_id))
    data, _ = produce(store, request, "docx")
    agency = agency_name(store, agency_id) or str(agency_id)
    name = (
        f"{REPORTS['reminder'].file_stem}_{agency_slug(agency)}_"
        f"{format_date(today).replace('/', '-')}.docx"
    )
    target = free_path(folder / name)
    write_report_file(store, target, data)
    return target
