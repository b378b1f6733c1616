"""Set up for an organisation (palette: "Thiết lập cho cơ quan"): the
sample replaced by the standard agencies and groups of a commune, a ward, a
province (or a district before 2025), with the organisation's own names."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from cchc_tui.domain.errors import UserError
from cchc_tui.services.setup import Names
from cchc_tui.tui.actions import action
from cchc_tui.tui.widgets.form import FormScreen, field_row

EXPLANATION = (
    "Thay dữ liệu mẫu bằng danh sách cơ quan, đơn vị chuẩn của cấp mình (các nhóm và thành "
    "viên của nhóm). Dữ liệu mẫu được giữ một bản sao an toàn; chỉ làm được khi chưa nhập gì."
)


class SetupScreen(FormScreen[str | None]):
    """Template, organisation, secretariat, place. Dismisses with the
    template's label once the file is set up (None: cancelled)."""

    FIELD_WIDGETS = {"template": "template", "organisation": "organisation"}

    @action("ctrl+s", "Thiết lập", "Thay dữ liệu mẫu bằng thiết lập đã chọn", writes=True)
    def action_save(self) -> None:
        template = self.query_one("#template", Select).value
        if template is Select.BLANK:
            self._set_error("template", "Chọn cấp của cơ quan mình.")
            self.query_one("#template").focus()
            return
        names = Names(
            organisation=self.query_one("#organisation", Input).value.strip(),
            secretariat=self.query_one("#secretariat", Input).value.strip(),
            place=self.query_one("#place", Input).value.strip(),
        )
        self._set_error("template", "")
        self._set_error("form", "Đang thiết lập…")
        self._set_up(str(template), names)

    @action("escape", "Hủy", "Đóng, không thiết lập")
    def action_cancel(self) -> None:
        super().action_cancel()

    @work(exclusive=True, group="setup")
    async def _set_up(self, template: str, names: Names) -> None:
        try:
            await self.in_thread(self.session.set_up, template, names)
        except UserError as error:
            self._set_error("form", "")
            self.show_user_error(error)
            return
        labels = {t.code: t.label for t in self.session.setup_templates()}
        self.dismiss(labels.get(template, template))

    def compose(self) -> ComposeResult:
        choices = [(Text(t.label), t.code) for t in self.session.setup_templates()]
        with Vertical(classes="dialog form", id="setup-form"):
            yield Static(Text("Thiết lập cho cơ quan", style="bold"), classes="title")
            yield Static(Text(EXPLANATION), classes="dim")
            yield field_row(
                "Cấp",
                Select(choices, prompt="— chọn cấp —", id="template", compact=True),
                "template",
            )
            yield field_row(
                "Tên cơ quan",
                Input(id="organisation", compact=True, placeholder="ví dụ UBND xã Hành Thuận"),
                "organisation",
            )
            yield field_row(
                "Cơ quan thường trực",
                Input(
                    id="secretariat", compact=True, placeholder="ví dụ Văn phòng HĐND và UBND xã"
                ),
                "secretariat",
            )
            yield field_row(
                "Địa danh",
                Input(id="place", compact=True, placeholder="ví dụ Hành Thuận"),
                "place",
            )
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Thiết lập (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#template", Select).focus()
        self.remember_fields()

    @on(Select.Changed, "#template")
    def _chosen(self) -> None:
        self._set_error("template", "")
