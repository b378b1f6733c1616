"""Create or edit a notice (palette: "Thêm văn bản", "Sửa văn bản")."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.services.notices import Notice, NoticeDraft
from cchc_tui.tui.actions import action
from cchc_tui.tui.widgets.form import FormScreen, field_row

TEXT_FIELDS = ("kind", "number", "title", "issuer")
DATE_FIELDS = ("issued_on", "meeting_on")


class NoticeForm(FormScreen):
    _saving: bool
    """Kind, number (once known), dates, issuer, title. Every change is
    recorded with old and new values. The notice is read in a worker as the
    form opens, and saved in one. Dismisses with the notice id."""

    FIELD_WIDGETS = {name: name for name in (*TEXT_FIELDS, *DATE_FIELDS)}

    @action("ctrl+s", "Lưu", "Lưu văn bản", writes=True)
    def action_save(self) -> None:
        if self._saving or (self.notice_id is not None and self.notice is None):
            return  # still reading the notice
        values = self._values()
        if values is not None:
            self._saving = True
            self.run_worker(self._store(values), group="save")

    @action("escape", "Hủy", "Đóng, không lưu")
    def action_cancel(self) -> None:
        super().action_cancel()

    def __init__(self, notice_id: int | None) -> None:
        super().__init__()
        self.notice_id = notice_id
        self.notice: Notice | None = None
        """The notice as read when the form opened (None: a new one)."""
        self._saving = False

    def compose(self) -> ComposeResult:
        n = Notice(0, "Thông báo kết luận", "", None, None, "", "", False, 0, "")
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

    async def on_mount(self) -> None:
        self.query_one("#kind" if self.notice_id is None else "#number", Input).focus()
        if self.notice_id is None:
            return
        try:
            self.notice = await self.in_thread(self.session.notice, self.notice_id)
        except UserError as error:
            self.cchc.show_error(error)
            self.dismiss(None)
            return
        n = self.notice
        for name, value in (
            ("kind", n.kind),
            ("number", n.number or ""),
            ("issued_on", format_date(n.issued_on)),
            ("meeting_on", format_date(n.meeting_on)),
            ("issuer", n.issuer),
            ("title", n.title),
        ):
            self.query_one(f"#{name}", Input).value = value
        self.remember_fields()

    def _values(self) -> dict | None:
        """The fields parsed (None: an error is shown beside its field)."""
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
        return None if errors else values

    async def _store(self, values: dict) -> None:
        """Save in a thread; close with the notice's id, or show why not."""
        session, notice_id = self.session, self.notice_id
        version = self.notice.version if self.notice else None

        def save() -> int:
            if notice_id is None:
                return session.create_notice(NoticeDraft(**values))
            session.edit_notice(notice_id, values, expected_version=version)
            return notice_id

        try:
            saved_id = await self.in_thread(save)
        except UserError as error:
            self.show_user_error(error)
            return
        finally:
            self._saving = False
        self.dismiss(saved_id)
