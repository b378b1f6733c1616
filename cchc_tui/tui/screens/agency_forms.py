"""From the agencies screen: write an agency's progress form (p) or its
reminder letter (k) into the export folder, and say where."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import UserError
from cchc_tui.services.agencies import agency_name
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.forms import agency_slug, form_file_name, make_form_workbook
from cchc_tui.services.reports import (
    REPORTS,
    ReportRequest,
    is_group_with_members,
    produce,
    write_member_forms,
    write_report_file,
)


def free_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext``… when it exists (nothing
    already written is replaced)."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def write_agency_form(app, agency_id: int, folder: Path) -> Path | None:
    """The agency's progress form (.xlsx) in ``folder`` — for a group with
    members, a folder with one form per member; notifies the path."""
    if is_group_with_members(app.store, agency_id):
        name = agency_name(app.store, agency_id) or str(agency_id)
        target = free_path(
            folder / f"phieu-tien-do_{agency_slug(name)}_{format_date(app.today).replace('/', '-')}"
        )
        try:
            written = write_member_forms(app.store, agency_id, target, app.today)
        except (UserError, OSError) as error:
            app.show_error(error)
            return None
        app.notify(
            f"{target}\n{len(written)} phiếu, mỗi thành viên một phiếu; gửi từng đơn vị điền "
            "rồi nhập lại bằng 'Nhập phiếu báo cáo'.",
            title=f"Phiếu báo cáo — {name}",
            markup=False,
            timeout=10,
        )
        return target
    try:
        form, data = make_form_workbook(app.store, agency_id, app.today)
        target = free_path(folder / form_file_name(form))
        write_report_file(app.store, target, data)
    except (UserError, OSError) as error:
        app.show_error(error)
        return None
    app.notify(
        f"{target}\n{len(form.tasks)} nhiệm vụ, {len(form.indicators)} chỉ tiêu; "
        "gửi cơ quan điền rồi nhập lại bằng 'Nhập phiếu báo cáo'.",
        title=f"Phiếu báo cáo — {form.agency}",
        markup=False,
        timeout=10,
    )
    return target


def write_reminder(app, agency_id: int, folder: Path) -> Path | None:
    """The agency's reminder letter (công văn đôn đốc, .docx) in ``folder``;
    refused with a message when it has nothing overdue or due soon."""
    try:
        request = ReportRequest("reminder", app.today, DirectiveFilter(agency_id=agency_id))
        data, _ = produce(app.store, request, "docx")
        agency = agency_name(app.store, agency_id) or str(agency_id)
        name = (
            f"{REPORTS['reminder'].file_stem}_{agency_slug(agency)}_"
            f"{format_date(app.today).replace('/', '-')}.docx"
        )
        target = free_path(folder / name)
        write_report_file(app.store, target, data)
    except (UserError, OSError) as error:
        app.show_error(error)
        return None
    app.notify(str(target), title="Công văn đôn đốc", markup=False, timeout=10)
    return target
