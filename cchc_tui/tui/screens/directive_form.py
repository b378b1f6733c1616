"""Create (n) or edit (e) a directive: notice, number, title, content,
deadline and its phrase, leads and supports from the agency registry."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import StaleWriteError, UserError, ValidationError
from cchc_tui.services.agencies import agency_names
from cchc_tui.services.directive_editing import (
    DirectiveDraft,
    create_directive,
    draft_of,
    edit_directive,
    next_directive_number,
    parse_directive_number,
)
from cchc_tui.services.notices import list_notices
from cchc_tui.services.settings import user_name
from cchc_tui.tui.widgets.form import FormScreen, field_row
from cchc_tui.tui.widgets.styles import shorten

FIELDS = (
    "notice",
    "number",
    "title",
    "content",
    "deadline",
    "deadline_text",
    "leads",
    "supports",
    "note",
)


class DirectiveForm(FormScreen):
    """``ctrl+s`` saves (every change lands in history; a later deadline is
    recorded as an extension), ``escape`` cancels. Dismisses with the id."""

    FIELD_WIDGETS = {name: name for name in FIELDS}

    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="save_directive", tooltip="Lưu nhiệm vụ"),
        Binding(
            "ctrl+l",
            "add_lead",
            "Thêm chủ trì",
            id="add_lead",
            tooltip="Chọn cơ quan chủ trì (hoặc thêm mới)",
        ),
        Binding(
            "ctrl+o",
            "add_support",
            "Thêm phối hợp",
            id="add_support",
            tooltip="Chọn cơ quan phối hợp (hoặc thêm mới)",
        ),
        Binding("escape", "cancel", "Hủy", id="cancel_directive", tooltip="Đóng, không lưu"),
    ]

    def __init__(self, directive_id: int | None, notice_id: int | None = None) -> None:
        super().__init__()
        store = self.app.store
        self.directive_id = directive_id
        self.notices = list_notices(store)
        if directive_id is None:
            notice = notice_id or (self.notices[0].id if self.notices else 0)
            number = next_directive_number(store, notice)
            self.draft, self.version = (
                DirectiveDraft(notice_id=notice, number=number, title=""),
                None,
            )
        else:
            self.draft, self.version = draft_of(store, directive_id)
        self.names = agency_names(store)

    def compose(self) -> ComposeResult:
        d = self.draft
        heading = "Thêm nhiệm vụ" if self.directive_id is None else f"Sửa nhiệm vụ {d.number}"
        with Vertical(classes="dialog form", id="directive-form"):
            yield Static(
                Text(
                    heading + "  (ctrl+l thêm chủ trì, ctrl+o thêm phối hợp, ctrl+s lưu)",
                    style="bold",
                ),
                classes="title",
            )
            with VerticalScroll(id="directive-fields"):
                yield field_row(
                    "Văn bản",
                    Select(
                        [(Text(shorten(f"{n.label} — {n.title}", 70)), n.id) for n in self.notices],
                        value=d.notice_id,
                        allow_blank=False,
                        id="notice",
                        compact=True,
                    ),
                    "notice",
                )
                yield field_row(
                    "Số thứ tự", Input(str(d.number), id="number", compact=True), "number"
                )
                yield field_row("Tên nhiệm vụ", Input(d.title, id="title", compact=True), "title")
                yield field_row(
                    "Nội dung", TextArea(d.content, id="content", soft_wrap=True), "content"
                )
                yield field_row(
                    "Thời hạn",
                    Input(
                        format_date(d.deadline),
                        id="deadline",
                        compact=True,
                        placeholder="dd/mm/yyyy; để trống = thường xuyên",
                    ),
                    "deadline",
                )
                yield field_row(
                    "Cụm từ thời hạn",
                    Input(
                        d.deadline_text,
                        id="deadline_text",
                        compact=True,
                        placeholder="như trong văn bản",
                    ),
                    "deadline_text",
                )
                yield field_row(
                    "Chủ trì",
                    SelectionList(*[(Text(self.names[a]), a, True) for a in d.leads], id="leads"),
                    "leads",
                )
                yield field_row(
                    "Phối hợp",
                    SelectionList(
                        *[(Text(self.names[a]), a, True) for a in d.supports], id="supports"
                    ),
                    "supports",
                )
                if self.directive_id is not None:
                    yield field_row("Ghi chú (lý do sửa)", Input(id="note", compact=True), "note")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    # -- agencies -----------------------------------------------------------------------
    def action_add_lead(self) -> None:
        self._pick("leads", "Chọn cơ quan chủ trì")

    def action_add_support(self) -> None:
        self._pick("supports", "Chọn cơ quan phối hợp")

    def _pick(self, list_id: str, title: str) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        chosen = {
            v
            for lid in ("leads", "supports")
            for v in self.query_one(f"#{lid}", SelectionList).selected
        }

        def picked(agency_id: int | None) -> None:
            if agency_id is None:
                return
            if agency_id not in self.names:
                self.names |= agency_names(self.app.store, [agency_id])
            target = self.query_one(f"#{list_id}", SelectionList)
            target.add_option((Text(self.names.get(agency_id, "?")), agency_id, True))
            target.focus()

        self.app.push_screen(AgencyPicker(title, exclude=chosen), picked)

    # -- saving ---------------------------------------------------------------------------
    def _draft(self) -> DirectiveDraft | None:
        errors = {}
        number = 0
        try:
            number = parse_directive_number(self.query_one("#number", Input).value)
        except ValidationError as error:
            errors["number"] = error.message
        deadline = None
        deadline_text = self.query_one("#deadline", Input).value
        if deadline_text.strip():
            try:
                deadline = parse_date(deadline_text, "deadline")
            except ValidationError as error:
                errors["deadline"] = error.message
        for name in FIELDS:
            self._set_error(name, errors.get(name, ""))
        self._set_error("form", "")
        if errors:
            self.query_one(f"#{next(iter(errors))}").focus()
            return None
        return DirectiveDraft(
            notice_id=self.query_one("#notice", Select).value,
            number=number,
            title=self.query_one("#title", Input).value,
            content=self.query_one("#content", TextArea).text,
            deadline=deadline,
            deadline_text=self.query_one("#deadline_text", Input).value,
            leads=list(self.query_one("#leads", SelectionList).selected),
            supports=list(self.query_one("#supports", SelectionList).selected),
        )

    def action_save(self) -> None:
        draft = self._draft()
        if draft is None:
            return
        store, by = self.app.store, user_name(self.app.store)
        try:
            if self.directive_id is None:
                directive_id = create_directive(store, draft, by=by)
            else:
                note = self.query_one("#note", Input).value
                edit_directive(
                    store, self.directive_id, draft, by=by, expected_version=self.version, note=note
                )
                directive_id = self.directive_id
        except StaleWriteError as error:
            self._set_error(
                "form", error.message + " Đóng (esc) rồi mở lại để sửa trên dữ liệu mới."
            )
            return
        except UserError as error:
            self.show_user_error(error)
            return
        self.dismiss(directive_id)
