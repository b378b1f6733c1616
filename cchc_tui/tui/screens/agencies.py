"""Agencies screen (a): the registry in Vietnamese order with counts; add,
rename, aliases, merge; enter shows the agency's directives."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import UserError
from cchc_tui.services.agencies import (
    AgencySummary,
    add_agency,
    add_alias,
    list_agencies,
    merge_agencies,
    rename_agency,
)
from cchc_tui.services.settings import user_name
from cchc_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from cchc_tui.tui.widgets.styles import shorten


class AgenciesScreen(Screen):
    """Counts per agency over directives being tracked (not archived)."""

    BINDINGS = [
        Binding(
            "enter",
            "show_directives",
            "Nhiệm vụ",
            id="agency_directives",
            tooltip="Xem các nhiệm vụ của cơ quan này",
        ),
        Binding("n", "add_agency", "Thêm", id="add_agency", tooltip="Thêm cơ quan vào danh sách"),
        Binding(
            "r",
            "rename_agency",
            "Đổi tên",
            id="rename_agency",
            tooltip="Đổi tên (tên cũ thành tên gọi khác)",
        ),
        Binding("l", "add_alias", "Tên khác", id="add_alias", tooltip="Thêm tên gọi khác"),
        Binding(
            "m",
            "merge_agency",
            "Gộp",
            id="merge_agency",
            tooltip="Gộp cơ quan này vào một cơ quan khác",
        ),
        Binding(
            "p",
            "agency_form",
            "Phiếu báo cáo",
            id="agency_form",
            tooltip="Lập phiếu báo cáo tiến độ (.xlsx) gửi cơ quan này điền",
        ),
        Binding(
            "k",
            "agency_reminder",
            "Nhắc việc",
            id="agency_reminder",
            tooltip="Lập phiếu nhắc việc (.docx): nhiệm vụ quá hạn, sắp đến hạn của cơ quan",
        ),
        Binding("escape", "back", "Quay lại", id="agencies_back", tooltip="Về danh sách nhiệm vụ"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f" Cơ quan, đơn vị   Hôm nay: {format_date(self.app.today)}", style="bold"),
            id="header",
        )
        yield DataTable(id="agencies", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#agencies", DataTable)
        self.reload()
        table.focus()

    def reload(self, select_id: int | None = None) -> None:
        table = self.query_one("#agencies", DataTable)
        current = self.current_agency()
        keep = select_id or (current.id if current else None)
        self.agencies: list[AgencySummary] = list_agencies(self.app.store, self.app.today)
        width = max(self.size.width, 80) - 2
        name_width = max(20, width - 4 * 2 - 4 * 10 - 2 * 4 - 24)
        table.clear(columns=True)
        table.add_column("Cơ quan", width=name_width)
        table.add_column("Tên gọi khác", width=20)
        for label in ("Chủ trì", "Phối hợp", "Đã xong", "Quá hạn"):
            table.add_column(label, width=8)
        for a in self.agencies:
            table.add_row(
                Text(shorten(a.name, name_width)),
                Text(shorten("; ".join(a.aliases), 20), style="dim"),
                Text(str(a.lead).rjust(8)),
                Text(str(a.support).rjust(8)),
                Text(str(a.done).rjust(8), style="green" if a.done else ""),
                Text(str(a.overdue).rjust(8), style="bold red" if a.overdue else ""),
            )
        index = next((i for i, a in enumerate(self.agencies) if a.id == keep), 0)
        if self.agencies:
            table.move_cursor(row=index, animate=False)

    def current_agency(self) -> AgencySummary | None:
        table = self.query_one("#agencies", DataTable)
        agencies = getattr(self, "agencies", [])
        if table.row_count and 0 <= table.cursor_row < len(agencies):
            return agencies[table.cursor_row]
        return None

    def on_data_table_row_selected(self) -> None:
        self.action_show_directives()

    def action_show_directives(self) -> None:
        if agency := self.current_agency():
            self.app.action_show_agency(agency.id)

    def _run(self, change, done_message: str, select_id: int | None = None) -> None:
        try:
            new_id = change()
        except UserError as error:
            self.app.show_error(error)
            return
        self.app.notify(done_message, markup=False)
        self.reload(select_id=new_id if isinstance(new_id, int) else select_id)
        self.app.refresh_directives()

    def action_agency_form(self) -> None:
        from cchc_tui.tui.screens.agency_forms import write_agency_form
        from cchc_tui.tui.screens.export_dialog import default_export_folder

        if agency := self.current_agency():
            write_agency_form(self.app, agency.id, default_export_folder())

    def action_agency_reminder(self) -> None:
        from cchc_tui.tui.screens.agency_forms import write_reminder
        from cchc_tui.tui.screens.export_dialog import default_export_folder

        if agency := self.current_agency():
            write_reminder(self.app, agency.id, default_export_folder())

    def action_add_agency(self) -> None:
        def answered(name: str | None) -> None:
            if name:
                store = self.app.store
                self._run(lambda: add_agency(store, name, by=user_name(store)), f"Đã thêm: {name}")

        self.app.push_screen(TextDialog("Thêm cơ quan, đơn vị", "Tên cơ quan:"), answered)

    def action_rename_agency(self) -> None:
        agency = self.current_agency()
        if agency is None:
            return

        def answered(name: str | None) -> None:
            if name:
                store = self.app.store
                self._run(
                    lambda: rename_agency(
                        store, agency.id, name, by=user_name(store), expected_version=agency.version
                    ),
                    f"Đã đổi tên: {name}",
                    agency.id,
                )

        self.app.push_screen(
            TextDialog(
                f"Đổi tên '{agency.name}' (tên cũ được giữ làm tên gọi khác)",
                "Tên mới:",
                agency.name,
            ),
            answered,
        )

    def action_add_alias(self) -> None:
        agency = self.current_agency()
        if agency is None:
            return

        def answered(alias: str | None) -> None:
            if alias:
                store = self.app.store
                self._run(
                    lambda: add_alias(store, agency.id, alias, by=user_name(store)),
                    f"Đã thêm tên gọi khác: {alias}",
                    agency.id,
                )

        self.app.push_screen(
            TextDialog(f"Tên gọi khác của '{agency.name}'", "Tên gọi khác:"), answered
        )

    def action_merge_agency(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        source = self.current_agency()
        if source is None:
            return

        def picked(target_id: int | None) -> None:
            if target_id is None:
                return
            target = (
                next(a for a in self.agencies if a.id == target_id)
                if any(a.id == target_id for a in self.agencies)
                else None
            )
            target_name = target.name if target else str(target_id)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    store = self.app.store
                    self._run(
                        lambda: merge_agencies(store, source.id, target_id, by=user_name(store)),
                        f"Đã gộp '{source.name}' vào '{target_name}'",
                        target_id,
                    )

            self.app.push_screen(
                ConfirmDialog(
                    f"Gộp '{source.name}' vào '{target_name}'?\nCác nhiệm vụ chuyển sang '{target_name}'; "
                    f"tên '{source.name}' trở thành tên gọi khác. Không xóa gì.",
                    yes_label="Gộp",
                ),
                confirmed,
            )

        self.app.push_screen(
            AgencyPicker(f"Gộp '{source.name}' vào cơ quan nào?", exclude={source.id}), picked
        )

    def action_back(self) -> None:
        self.dismiss()
