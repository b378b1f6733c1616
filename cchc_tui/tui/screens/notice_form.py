"""Create or edit a notice (palette: "Thêm văn bản", "Sửa văn bản")."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.services.notices import (
    Notice,
    NoticeDraft,
    create_notice,
    edit_notice,
    get_notice,
)
from cchc_tui.services.settings import user_name
from cchc_tui.tui.widgets.form import FormScreen, field_row

TEXT_FIELDS = ("kind", "number", "title", "issuer")
DATE_FIELDS = ("issued_on", "meeting_on")


class NoticeForm(FormScreen):
    """Kind, number (once known), dates, issuer, title. Every change is
    recorded with old and new values. Dismisses with the notice id."""

    FIELD_WIDGETS = {name: name for name in (*TEXT_FIELDS, *DATE_FIELDS)}

    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="save_notice", tooltip="Lưu văn bản"),
        Binding("escape", "cancel", "Hủy", id="cancel_notice", tooltip="Đóng, không lưu"),
    ]

    def __init__(self, notice_id: int | None) -> None:
        super().__init__()
        self.notice_id = notice_id
        self.notice = get_notice(self.app.store, notice_id) if notice_id else None

    def compose(self) -> ComposeResult:
        n = self.notice or Notice(0, "Thông báo kết luận", "", None, None, "", "", False, 0, "")
        heading = "Thêm văn bản" if self.notice_id is None else "Sửa văn bản"
        with Vertical(classes="dialog form", id="notice-form"):
            yield Static(Text(heading, style="bold"), classes="title")
            yield field_row("Loại văn bản", Input(n.kind, id="kind", compact=True), "kind")
            yield field_row(
                "Số, ký hiệu",
                Input(
                    n.number or "",
                    id="number",
                    compact=True,
                    placeholder="ví dụ 125/TB-UBND; để trống nếu chưa có",
                ),
                "number",
            )
            yield field_row(
                "Ngày ban hành",
                Input(
                    format_date(n.issued_on),
                    id="issued_on",
                    compact=True,
                    placeholder="dd/mm/yyyy",
                ),
                "issued_on",
            )
            yield field_row(
                "Ngày họp",
                Input(
                    format_date(n.meeting_on),
                    id="meeting_on",
                    compact=True,
                    placeholder="dd/mm/yyyy",
                ),
                "meeting_on",
            )
            yield field_row(
                "Cơ quan ban hành", Input(n.issuer, id="issuer", compact=True), "issuer"
            )
            yield field_row("Trích yếu", Input(n.title, id="title", compact=True), "title")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#kind" if self.notice_id is None else "#number", Input).focus()

    def action_save(self) -> None:
        values: dict = {f: self.query_one(f"#{f}", Input).value for f in TEXT_FIELDS}
        errors = {}
        for name in DATE_FIELDS:
            text = self.query_one(f"#{name}", Input).value
            try:
                values[name] = parse_date(text, name) if text.strip() else None
            except ValidationError as error:
                errors[name] = error.message
        for name in (*TEXT_FIELDS, *DATE_FIELDS, "form"):
            self._set_error(name, errors.get(name, ""))
        if errors:
            return
        store, by = self.app.store, user_name(self.app.store)
        try:
            if self.notice_id is None:
                notice_id = create_notice(store, NoticeDraft(**values), by=by)
            else:
                edit_notice(
                    store,
                    self.notice_id,
                    values,
                    by=by,
                    expected_version=self.notice.version if self.notice else None,
                )
                notice_id = self.notice_id
        except UserError as error:
            self.show_user_error(error)
            return
        self.dismiss(notice_id)
