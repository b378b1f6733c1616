"""From the agencies screen: write an agency's progress form (p) or its
reminder letter (k) into the export folder (in a worker), and say where."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.domain.errors import UserError
from cchc_tui.tui.base import SessionAccess


def export_folder() -> Path:
    """The folder reports go to (looked up when used: tests replace it)."""
    from cchc_tui.tui.screens import export_dialog

    return export_dialog.default_export_folder()


async def write_agency_form(screen: SessionAccess, agency_id: int) -> Path | None:
    """The agency's progress form (.xlsx) — for a group with members, a
    folder with one form per member; notifies the path."""
    try:
        written = await screen.in_thread(screen.session.agency_forms, agency_id, export_folder())
    except (UserError, OSError) as error:
        screen.cchc.show_error(error)
        return None
    if written.path.suffix.lower() != ".xlsx":  # a group: a folder of forms
        message = (
            f"{written.path}\n{written.forms} phiếu, mỗi thành viên một phiếu; gửi từng đơn vị "
            "điền rồi nhập lại bằng 'Nhập phiếu báo cáo'."
        )
    else:
        message = (
            f"{written.path}\n{written.tasks} nhiệm vụ, {written.indicators} chỉ tiêu; "
            "gửi cơ quan điền rồi nhập lại bằng 'Nhập phiếu báo cáo'."
        )
    screen.cchc.notify(message, title=f"Phiếu báo cáo — {written.agency}", markup=False, timeout=10)
    return written.path


async def write_reminder(screen: SessionAccess, agency_id: int) -> Path | None:
    """The agency's reminder letter (công văn đôn đốc, .docx); refused with
    a message when it has nothing overdue or due soon."""
    try:
        target = await screen.in_thread(screen.session.reminder, agency_id, export_folder())
    except (UserError, OSError) as error:
        screen.cchc.show_error(error)
        return None
    screen.cchc.notify(str(target), title="Công văn đôn đốc", markup=False, timeout=10)
    return target
