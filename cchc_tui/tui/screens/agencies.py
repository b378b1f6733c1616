"""Agencies screen (a): the registry in Vietnamese order with counts, which
rows are groups (and how many members) and which groups an agency is in;
add an agency or a group, rename, aliases, merge, a group's members; enter
shows the agency's directives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import UserError
from cchc_tui.services.agencies import AgencySummary
from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppScreen, DataChanged
from cchc_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from cchc_tui.tui.widgets.styles import shorten

T = TypeVar("T")

COUNT_COLUMNS = ("Chủ trì", "Phối hợp", "Đã xong", "Quá hạn")
GROUP_WIDTH = 16
ALIAS_WIDTH = 16
ALIAS_COLUMN_FROM = 100
"""The "Tên gọi khác" column shows from this many cells (below: under the table)."""


def group_cell(agency: AgencySummary) -> Text:
    """The "Nhóm" column: a group's member count, or the groups an agency is in."""
    if agency.kind == "group":
        return Text(f"nhóm, {len(agency.members)} đơn vị", style="bold cyan")
    return Text(shorten("; ".join(agency.groups), GROUP_WIDTH), style="dim")


def agency_detail(agency: AgencySummary | None) -> Text:
    """The line under the table: a group's members, or an agency's groups."""
    if agency is None:
        return Text("")
    if agency.kind == "group":
        text = Text(f"Nhóm '{agency.name}' ", style="bold")
        if not agency.members:
            text.append("chưa có thành viên; bấm t để thêm.", style="italic")
            return text
        text.append(f"gồm {len(agency.members)} thành viên: ")
        text.append(shorten(", ".join(agency.members), 300))
        text.append("  (t: xem, thêm, bớt)", style="dim")
        return text
    text = Text(f"{agency.name}: ", style="bold")
    if agency.groups:
        text.append("thuộc nhóm " + "; ".join(agency.groups))
    else:
        text.append("không thuộc nhóm nào.", style="dim")
    return text


class AgenciesScreen(AppScreen):
    """Counts per agency over directives being tracked (not archived); a
    group counts its members' units. ``escape`` goes back."""

    @action("enter", "Nhiệm vụ", "Xem các nhiệm vụ của cơ quan này")
    async def action_show_directives(self) -> None:
        if agency := self.current_agency():
            self.cchc.action_show_agency(agency.id)

    @action("n", "Thêm", "Thêm cơ quan vào danh sách", writes=True)
    async def action_add_agency(self) -> None:
        await self._add(group=False)

    @action("g", "Thêm nhóm", "Thêm một nhóm cơ quan (ví dụ UBND các xã); rồi thêm thành viên",
            writes=True)  # fmt: skip
    async def action_add_group(self) -> None:
        await self._add(group=True)

    @action("t", "Thành viên", "Thành viên của nhóm đang chọn: xem, thêm, bớt; với một cơ quan: "
            "các nhóm nó thuộc về")  # fmt: skip
    async def action_group_members(self) -> None:
        from cchc_tui.tui.screens.group_members import GroupMembersScreen

        agency = self.current_agency()
        if agency is None:
            return
        if agency.kind != "group":
            groups = "; ".join(agency.groups) or "không thuộc nhóm nào"
            self.notify(
                f"'{agency.name}' là một cơ quan, không phải nhóm (thuộc: {groups}). "
                "Chọn một dòng 'Nhóm' để xem thành viên.",
                markup=False,
                timeout=6,
            )
            return
        await self.cchc.open_screen(GroupMembersScreen(agency.id, agency.name))

    @action("r", "Đổi tên", "Đổi tên (tên cũ thành tên gọi khác)", writes=True)
    async def action_rename_agency(self) -> None:
        agency = self.current_agency()
        if agency is None:
            return

        async def answered(name: str | None) -> None:
            if name:
                await self._change(
                    lambda: self.session.rename_agency(
                        agency.id, name, expected_version=agency.version
                    ),
                    f"Đã đổi tên: {name}",
                    agency.id,
                )

        await self.cchc.open_screen(
            TextDialog(
                f"Đổi tên '{agency.name}' (tên cũ được giữ làm tên gọi khác)",
                "Tên mới:",
                agency.name,
            ),
            answered,
        )

    @action("l", "Tên khác", "Thêm tên gọi khác", writes=True)
    async def action_add_alias(self) -> None:
        agency = self.current_agency()
        if agency is None:
            return

        async def answered(alias: str | None) -> None:
            if alias:
                await self._change(
                    lambda: self.session.add_alias(agency.id, alias),
                    f"Đã thêm tên gọi khác: {alias}",
                    agency.id,
                )

        await self.cchc.open_screen(
            TextDialog(f"Tên gọi khác của '{agency.name}'", "Tên gọi khác:"), answered
        )

    @action("m", "Gộp", "Gộp cơ quan này vào một cơ quan khác", writes=True)
    async def action_merge_agency(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        source = self.current_agency()
        if source is None:
            return

        async def picked(target_id: int | None) -> None:
            if target_id is None:
                return
            target = next((a for a in self.agencies if a.id == target_id), None)
            target_name = target.name if target else str(target_id)

            async def confirmed(yes: bool | None) -> None:
                if yes:
                    await self._change(
                        lambda: self.session.merge_agencies(source.id, target_id),
                        f"Đã gộp '{source.name}' vào '{target_name}'",
                        target_id,
                    )

            await self.cchc.open_screen(
                ConfirmDialog(
                    f"Gộp '{source.name}' vào '{target_name}'?\nCác nhiệm vụ chuyển sang "
                    f"'{target_name}'; tên '{source.name}' trở thành tên gọi khác. Không xóa gì.",
                    yes_label="Gộp",
                ),
                confirmed,
            )

        await self.cchc.open_screen(
            AgencyPicker(f"Gộp '{source.name}' vào cơ quan nào?", exclude={source.id}), picked
        )

    @action("p", "Phiếu báo cáo", "Lập phiếu báo cáo tiến độ (.xlsx) gửi cơ quan này điền "
            "(nhóm: mỗi thành viên một phiếu)")  # fmt: skip
    async def action_agency_form(self) -> None:
        from cchc_tui.tui.screens.agency_forms import write_agency_form

        if agency := self.current_agency():
            await write_agency_form(self, agency.id)

    @action("k", "Nhắc việc",
            "Lập phiếu nhắc việc (.docx): nhiệm vụ quá hạn, sắp đến hạn của cơ quan")  # fmt: skip
    async def action_agency_reminder(self) -> None:
        from cchc_tui.tui.screens.agency_forms import write_reminder

        if agency := self.current_agency():
            await write_reminder(self, agency.id)

    @action("escape", "Quay lại", "Về danh sách nhiệm vụ")
    def action_back(self) -> None:
        self.dismiss()

    def __init__(self) -> None:
        super().__init__()
        self.alias_column = True
        """Whether the table has the other names' column (from 100 cells)."""
        self.agencies: list[AgencySummary] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f" Cơ quan, đơn vị   Hôm nay: {format_date(self.session.today)}", style="bold"),
            id="header",
        )
        yield DataTable(id="agencies", cursor_type="row", zebra_stripes=True)
        yield Static(id="agency-detail")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.query_one("#agencies", DataTable).focus()
        await self.reload()

    @on(DataChanged)
    async def _data_changed(self) -> None:
        await self.reload()

    async def reload(self, select_id: int | None = None) -> None:
        """Read the registry again (in a worker); the cursor stays on the same
        agency, or goes to ``select_id``."""
        try:
            agencies = await self.in_thread(self.session.agencies)
        except UserError as error:
            self.cchc.show_error(error)
            return
        current = self.current_agency()
        keep = select_id or (current.id if current else None)
        self.agencies = agencies
        self._fill(keep)

    def _fill(self, keep: int | None) -> None:
        table = self.query_one("#agencies", DataTable)
        width = max(self.size.width, 80) - 2
        # below 100 cells the other names leave the table for the line under
        # it, so that the counts and the groups stay in view at 80 columns
        self.alias_column = width + 2 >= ALIAS_COLUMN_FROM
        columns = 2 + len(COUNT_COLUMNS) + self.alias_column
        fixed = GROUP_WIDTH + 8 * len(COUNT_COLUMNS) + 2 * columns + 2
        fixed += ALIAS_WIDTH if self.alias_column else 0
        name_width = max(16, width - fixed)
        table.clear(columns=True)
        table.add_column("Cơ quan", width=name_width)
        if self.alias_column:
            table.add_column("Tên gọi khác", width=ALIAS_WIDTH)
        for label in COUNT_COLUMNS:
            table.add_column(label, width=8)
        table.add_column("Nhóm", width=GROUP_WIDTH)
        for a in self.agencies:
            aliases = [Text(shorten("; ".join(a.aliases), ALIAS_WIDTH), style="dim")]
            table.add_row(
                Text(shorten(a.name, name_width), style="bold" if a.kind == "group" else ""),
                *(aliases if self.alias_column else []),
                Text(str(a.lead).rjust(8)),
                Text(str(a.support).rjust(8)),
                Text(str(a.done).rjust(8), style="green" if a.done else ""),
                Text(str(a.overdue).rjust(8), style="bold red" if a.overdue else ""),
                group_cell(a),
                key=str(a.id),
            )
        index = next((i for i, a in enumerate(self.agencies) if a.id == keep), 0)
        if self.agencies:
            table.move_cursor(row=index, animate=False)
        self._show_detail()

    def current_agency(self) -> AgencySummary | None:
        table = self.query_one("#agencies", DataTable)
        if table.row_count and 0 <= table.cursor_row < len(self.agencies):
            return self.agencies[table.cursor_row]
        return None

    @on(DataTable.RowHighlighted, "#agencies")
    def _show_detail(self) -> None:
        agency = self.current_agency()
        detail = agency_detail(agency)
        if agency is not None and agency.aliases and not self.alias_column:
            detail.append("\nTên gọi khác: ", style="bold")
            detail.append(shorten("; ".join(agency.aliases), 200))
        self.query_one("#agency-detail", Static).update(detail)

    @on(DataTable.RowSelected, "#agencies")
    async def _row_selected(self) -> None:
        await self.action_show_directives()

    # -- saving ----------------------------------------------------------------------------
    async def _add(self, *, group: bool) -> None:
        what = "nhóm" if group else "cơ quan"

        async def answered(name: str | None) -> None:
            if name:
                await self._change(
                    lambda: self.session.add_agency(name, group=group), f"Đã thêm {what}: {name}"
                )

        title = (
            "Thêm nhóm cơ quan (thêm thành viên sau, phím t)" if group else "Thêm cơ quan, đơn vị"
        )
        await self.cchc.open_screen(TextDialog(title, f"Tên {what}:"), answered)

    async def _change(
        self, change: Callable[[], T], done_message: str, select_id: int | None = None
    ) -> None:
        """Save ``change`` in a worker; on success say so, show the row it
        made or changed, and tell the other screens."""
        try:
            new_id = await self.in_thread(change)
        except UserError as error:
            self.cchc.show_error(error)
            return
        self.notify(done_message, markup=False)
        await self.reload(select_id=new_id if isinstance(new_id, int) else select_id)
        self.cchc.data_changed()
