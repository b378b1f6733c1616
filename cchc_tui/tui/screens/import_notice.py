"""Importing a notice (palette "Nhập thông báo", ctrl+o): read a .txt/.docx
file, check the drafted directives beside the source text, correct any
field, untick items that are not directives, and save in one transaction.
Cancelling leaves no trace: the draft lives only in this screen. The file
is read, and the draft saved, in a worker through the session. In the
browser mode the file can also be chosen in the browser (F2): the tab's
upload page opens, and what it sends is read as if its path were typed."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.timer import Timer
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static, TextArea

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.domain.text import clean
from cchc_tui.serve.inbox import Arrival, Inbox, browser_inbox
from cchc_tui.services.imports import FIELD_LABELS, AgencyRef, DirectiveDraftItem, NoticeReading
from cchc_tui.session.files import AgencyMatcher
from cchc_tui.tui.base import AppModal
from cchc_tui.tui.widgets.ticks import TickBox

NOTICE_FIELDS = ["kind", "number", "issued_on", "issuer", "title"]
BROWSE_LABEL = "Chọn tệp trong trình duyệt (F2)"
WATCH_S = 0.5


class BrowserPicker:
    """A file chosen in the browser for an import screen: opens the tab's
    upload page, looks in the tab's folder every half second (in a thread),
    hands each new file to ``arrived``; empties the folder when the screen
    goes. Only in the browser mode (``inbox`` is None in the terminal)."""

    def __init__(
        self,
        screen: AppModal,
        kind: str,
        suffixes: tuple[str, ...],
        arrived: Callable[[Path], Awaitable[bool]],
    ) -> None:
        self.screen = screen
        self.kind = kind
        self.suffixes = suffixes
        self.arrived = arrived
        """Reads the file; False when it cannot now (busy): looked at again later."""
        self.inbox: Inbox | None = browser_inbox(screen.session.user.signed_in)
        self.timer: Timer | None = None
        self.seen: Arrival | None = None
        self._looking = False

    @property
    def available(self) -> bool:
        return self.inbox is not None

    def open(self) -> None:
        """The upload page in a new browser tab, and the watch started."""
        if self.inbox is None:
            return
        self.screen.app.open_url(self.inbox.page(self.kind))
        if self.timer is None:
            self.timer = self.screen.set_interval(WATCH_S, self.look)

    async def look(self) -> None:
        if self.inbox is None or self._looking:
            return
        self._looking = True
        try:
            arrival = await self.screen.in_thread(self.inbox.latest, self.suffixes)
            if arrival is None or arrival == self.seen:
                return
            if await self.arrived(arrival.path):
                if self.seen is not None and self.seen.path != arrival.path:
                    self.inbox.discard(self.seen.path)  # a second choice replaces the first
                self.seen = arrival
        finally:
            self._looking = False

    def close(self) -> None:
        """The screen goes: the uploads it was sent go too."""
        if self.timer is not None:
            self.timer.stop()
        if self.inbox is not None:
            self.inbox.discard()


def names_of(refs: list[AgencyRef]) -> str:
    return "; ".join(r.name for r in refs)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


def _marked(text: str, uncertain: bool) -> Text:
    """A cell the reading is not sure of: "?" and the warning colour."""
    if uncertain:
        return Text(f"{text} ?", style="bold yellow")
    return Text(text)


class ImportNoticeScreen(AppModal[int | None]):
    """Choose a file (enter reads it), then check and correct the draft:
    the table lists the drafted directives (space ticks/unticks one), the
    fields below edit the highlighted one, the source text is on the right.
    ``ctrl+s`` saves the ticked directives; ``escape`` cancels. Reading
    and saving run in a worker ("Đang đọc…", "Đang lưu…"), the screen
    answering meanwhile. Dismisses with the new notice's id, or None."""

    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Lưu", id="save_import", tooltip="Lưu văn bản và các nhiệm vụ đã chọn"
        ),
        Binding("escape", "cancel", "Hủy", id="cancel_import", tooltip="Đóng, không lưu gì"),
        Binding(
            "f2",
            "browse",
            "Chọn tệp",
            id="browse_import",
            tooltip="Chọn tệp trong trình duyệt (chế độ trình duyệt)",
        ),
        Binding(
            "space",
            "toggle_item",
            "Chọn/bỏ",
            id="toggle_import_item",
            tooltip="Chọn hoặc bỏ chọn mục đang trỏ (bỏ các mục không phải nhiệm vụ)",
        ),
    ]

    # Screen-specific layout kept here so the shared stylesheet stays untouched.
    DEFAULT_CSS = """
    ImportNoticeScreen { align: center middle; }
    ImportNoticeScreen #import-notice {
        width: 100%; height: 100%; border: thick $primary; background: $panel; padding: 0 1;
    }
    ImportNoticeScreen .title { text-style: bold; }
    ImportNoticeScreen .row { height: 1; }
    ImportNoticeScreen .import-label { width: 11; padding-right: 1; }
    ImportNoticeScreen .short-label { width: auto; padding: 0 1; }
    ImportNoticeScreen .row Input { width: 1fr; }
    ImportNoticeScreen #notice-kind { width: 2fr; }
    ImportNoticeScreen #notice-number { width: 2fr; }
    ImportNoticeScreen #notice-issued_on { width: 12; }
    ImportNoticeScreen #import-error { color: $error; height: auto; display: none; }
    ImportNoticeScreen #import-error.shown { display: block; }
    ImportNoticeScreen #import-status { color: $text-muted; height: auto; display: none; }
    ImportNoticeScreen #import-status.shown { display: block; }
    ImportNoticeScreen #import-panes { height: 1fr; }
    ImportNoticeScreen #import-left { width: 2fr; height: 1fr; }
    ImportNoticeScreen #import-source { width: 1fr; height: 1fr; }
    ImportNoticeScreen #draft-table { height: 1fr; min-height: 3; }
    ImportNoticeScreen #content-row { height: 3; }
    ImportNoticeScreen #item-content { height: 3; width: 1fr; }
    ImportNoticeScreen #item-info { height: 1; color: $text-muted; }
    ImportNoticeScreen #import-buttons { height: 1; align: right middle; }
    ImportNoticeScreen #import-buttons Button { margin-left: 1; }
    ImportNoticeScreen #browse { margin-left: 1; }
    ImportNoticeScreen Input.-textual-compact { background: $surface; }
    ImportNoticeScreen Input.-textual-compact:focus { background: $boost; }
    """

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.reading: NoticeReading | None = None
        """The draft being checked (nothing is written until ctrl+s)."""
        self.agencies: AgencyMatcher | None = None
        """The agencies typed names are matched against (read with the file)."""
        self._busy = False
        """A file is being read or the draft saved."""
        self._saving = False
        self._loading = False
        self._shown: int | None = None
        """The item whose values the fields hold: edits go to it, whatever
        row the cursor has moved to since (typed-ahead keys)."""
        self.picker: BrowserPicker | None = None
        """The file chosen in the browser (the browser mode), set at compose."""

    # -- layout -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.picker = BrowserPicker(self, "notice", (".txt", ".docx"), self._uploaded)
        with Vertical(id="import-notice"):
            yield Label(
                "Nhập thông báo — enter: đọc tệp · space: chọn/bỏ mục · ctrl+s: lưu · esc: hủy",
                classes="title",
            )
            with Horizontal(classes="row"):
                yield Label("Tệp", classes="import-label")
                yield Input(
                    self.initial_path,
                    id="notice-path",
                    compact=True,
                    placeholder="đường dẫn tệp .txt hoặc .docx, rồi enter",
                )
                if self.picker.available:
                    yield Button(BROWSE_LABEL, id="browse", compact=True)
            yield Static("", id="import-error")
            yield Static("", id="import-status")
            with Horizontal(classes="row"):
                yield Label("Loại", classes="import-label")
                yield Input(id="notice-kind", compact=True, disabled=True)
                yield Label("Số", classes="short-label")
                yield Input(id="notice-number", compact=True, disabled=True)
                yield Label("Ngày", classes="short-label")
                yield Input(id="notice-issued_on", compact=True, disabled=True)
            with Horizontal(classes="row"):
                yield Label("Ban hành", classes="import-label")
                yield Input(id="notice-issuer", compact=True, disabled=True)
            with Horizontal(classes="row"):
                yield Label("Trích yếu", classes="import-label")
                yield Input(id="notice-title", compact=True, disabled=True)
            with Horizontal(id="import-panes"):
                with Vertical(id="import-left"):
                    table: DataTable = DataTable(
                        id="draft-table", cursor_type="row", zebra_stripes=True
                    )
                    table.add_columns("Chọn", "STT", "Nhiệm vụ", "Chủ trì", "Thời hạn")
                    yield table
                    for wid, label, hint in (
                        ("item-title", "Tên", ""),
                        ("item-leads", "Chủ trì", "A; B"),
                        ("item-supports", "Phối hợp", "A; B"),
                        ("item-deadline", "Thời hạn", "dd/mm/yyyy, trống = thường xuyên"),
                    ):
                        with Horizontal(classes="row"):
                            yield Label(label, classes="import-label")
                            yield Input(id=wid, compact=True, disabled=True, placeholder=hint)
                    with Horizontal(id="content-row"):
                        yield Label("Nội dung", classes="import-label")
                        yield TextArea(id="item-content", disabled=True, soft_wrap=True)
                    yield Static("", id="item-info")
                yield TextArea("", id="import-source", read_only=True, soft_wrap=True)
            with Horizontal(id="import-buttons"):
                yield TickBox("Vẫn nhập khi trùng số và ngày", id="import-force", compact=True)
                yield Button("Đọc tệp", id="read", compact=True)
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#notice-path", Input).focus()
        if self.initial_path:
            self.read_file()

    def on_unmount(self) -> None:
        if self.picker is not None:
            self.picker.close()

    # -- a file chosen in the browser -------------------------------------------
    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        if self.picker is None or not self.picker.available:
            return
        self.picker.open()
        self._show_status(
            "Đã mở trang chọn tệp trong trình duyệt: chọn tệp .txt/.docx, bấm «Gửi tệp», "
            "rồi quay lại đây — tệp được đọc ngay."
        )

    async def _uploaded(self, path: Path) -> bool:
        if self._busy:
            return False
        self.query_one("#notice-path", Input).value = str(path)
        self.read_file()
        return True

    # -- reading ----------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(Text(message))  # file names and messages shown literally
        error.set_class(bool(message), "shown")

    def _show_status(self, message: str) -> None:
        status = self.query_one("#import-status", Static)
        status.update(Text(message))
        status.set_class(bool(message), "shown")

    def _set_busy(self, message: str) -> None:
        """Say what is being done ("" when done); no second read or save meanwhile."""
        self._busy = bool(message)
        self._show_status(message)
        for button in ("#read", "#save"):
            self.query_one(button, Button).disabled = self._busy

    @on(Input.Submitted, "#notice-path")
    @on(Button.Pressed, "#read")
    def read_file(self) -> None:
        if self._busy:
            return
        raw = self.query_one("#notice-path", Input).value.strip().strip('"')
        if not raw:
            self._show_error("Chưa nhập đường dẫn tệp thông báo.")
            return
        self._read(Path(raw).expanduser())

    @work(exclusive=True, group="import-notice")
    async def _read(self, path: Path) -> None:
        """Read and parse the file in a thread worker (a long .docx does not
        hold the screen), then fill the draft."""
        self._show_error("")
        self._set_busy(f"Đang đọc {path.name}…")
        try:
            reading = await self.in_thread(self.session.read_notice, path)
            agencies = await self.in_thread(self.session.agency_matcher)
        except UserError as error:
            self._show_error(error.message)
            return
        finally:
            self._set_busy("")
        self.reading = reading
        self.agencies = agencies
        self._fill(reading)

    def _fill(self, reading: NoticeReading) -> None:
        self._loading = True
        values = {
            "kind": reading.kind,
            "number": reading.number or "",
            "issued_on": format_date(reading.notice_date),
            "issuer": reading.issuer,
            "title": reading.title,
        }
        for key, value in values.items():
            field = self.query_one(f"#notice-{key}", Input)
            field.value = value
            field.disabled = False
        self.query_one("#import-source", TextArea).load_text(reading.full_text)
        table = self.query_one("#draft-table", DataTable)
        table.clear()
        self._shown = None
        for index, item in enumerate(reading.directives):
            table.add_row(*self._cells(item), key=str(index))
        for wid in (
            "#item-title",
            "#item-leads",
            "#item-supports",
            "#item-deadline",
            "#item-content",
        ):
            self.query_one(wid).disabled = False
        self._loading = False
        table.focus()
        if reading.directives:
            table.move_cursor(row=0)
            self._show_item(0)

    def _cells(self, item: DirectiveDraftItem) -> list:
        """Cells of a row, cut to fit the table's width so that Chủ trì and
        Thời hạn stay visible; what the reading is unsure of is marked "?"."""
        title_width, lead_width = self._text_widths()
        leads = names_of(item.leads) or "(chưa có)"
        lead_cell = _cut(leads, lead_width - (2 if item.level("lead") == "low" else 0))
        deadline = format_date(item.deadline) or "Thường xuyên"
        return [
            Text("[x]" if item.selected else "[ ]"),
            Text(str(item.number)),
            Text(_cut(item.title, title_width)),
            _marked(lead_cell, item.level("lead") == "low"),
            _marked(deadline, item.level("deadline") == "low"),
        ]

    def _text_widths(self) -> tuple[int, int]:
        """Room for the title and the leads: the table's width less the fixed
        columns ("[x]", the number, a date), their padding and the scrollbar."""
        width = self.query_one("#draft-table", DataTable).size.width or (
            self.app.size.width * 2 // 3
        )
        room = max(24, width - (3 + 3 + 14) - 5 * 2 - 2)
        lead_width = max(12, room * 2 // 5)
        return max(12, room - lead_width), lead_width

    def on_resize(self) -> None:
        if self.reading is not None:
            for index in range(len(self.reading.directives)):
                self._refresh_row(index)

    def _refresh_row(self, index: int) -> None:
        table = self.query_one("#draft-table", DataTable)
        item = self._draft().directives[index]
        for column, cell in enumerate(self._cells(item)):
            table.update_cell_at(Coordinate(index, column), cell)

    # -- the highlighted directive ----------------------------------------------
    @property
    def current_index(self) -> int | None:
        if self.reading is None or not self.reading.directives:
            return None
        row = self.query_one("#draft-table", DataTable).cursor_row
        return row if 0 <= row < len(self.reading.directives) else None

    @on(DataTable.RowHighlighted, "#draft-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_item(event.cursor_row)

    def _show_item(self, index: int) -> None:
        if self.reading is None or not 0 <= index < len(self.reading.directives):
            return
        if index == self._shown:
            return
        self._commit()  # what was typed belongs to the item shown until now
        item = self.reading.directives[index]
        self._shown = index
        self._loading = True
        self.query_one("#item-title", Input).value = item.title
        self.query_one("#item-leads", Input).value = names_of(item.leads)
        self.query_one("#item-supports", Input).value = names_of(item.supports)
        self.query_one("#item-deadline", Input).value = format_date(item.deadline)
        self.query_one("#item-content", TextArea).load_text(item.content)
        self._loading = False
        self._show_info(item)

    def _show_info(self, item: DirectiveDraftItem) -> None:
        parts = []
        if item.deadline_text:
            parts.append(f"Cụm từ thời hạn: {item.deadline_text}")
        doubts = [
            f"{FIELD_LABELS[f]}: {item.doubts[f]}" if item.doubts.get(f) else FIELD_LABELS[f]
            for f in item.low_fields()
        ]
        if doubts:
            parts.append("Cần kiểm tra — " + "; ".join(doubts))
        new = [r.name for r in item.leads + item.supports if r.is_new]
        if new:
            parts.append("Cơ quan mới: " + "; ".join(new))
        if not item.selected:
            parts.append("Mục này sẽ không được lưu.")
        self.query_one("#item-info", Static).update(Text(" · ".join(parts)))

    @on(Input.Changed, "#item-title, #item-leads, #item-supports, #item-deadline")
    def _item_edited(self, event: Input.Changed) -> None:
        if not self._loading:
            self._commit(event.input.id)

    @on(TextArea.Changed, "#item-content")
    def _content_edited(self, event: TextArea.Changed) -> None:
        if not self._loading:
            self._commit("item-content")

    def _commit(self, only: str | None = None) -> None:
        """Write the fields into the item they show (``self._shown``). The
        fields always hold that item's values, so a change notice that
        arrives late (after the cursor moved on) writes nothing wrong."""
        index = self._shown
        if self.reading is None or index is None or not 0 <= index < len(self.reading.directives):
            return
        item = self.reading.directives[index]
        changed = False
        for wid in ("item-title", "item-leads", "item-supports", "item-deadline", "item-content"):
            if only is not None and wid != only:
                continue
            if wid == "item-content":
                value = self.query_one("#item-content", TextArea).text
                if value != item.content:
                    item.content = value
                continue
            value = self.query_one(f"#{wid}", Input).value
            if wid == "item-title" and value != item.title:
                item.title = value
                changed = True
            elif wid == "item-leads" and value != names_of(item.leads):
                item.leads = self._matcher().refs(value)
                item.confidence["lead"] = "high"  # a person wrote it
                changed = True
            elif wid == "item-supports" and value != names_of(item.supports):
                item.supports = self._matcher().refs(value)
                item.confidence["support"] = "high"
                changed = True
            elif wid == "item-deadline" and value != format_date(item.deadline):
                try:
                    when = parse_date(value, "deadline") if value.strip() else None
                except ValidationError as error:
                    self._show_error(f"Nhiệm vụ {item.number}: {error.message}")
                    continue
                self._show_error("")
                item.deadline = when
                item.deadline_text = format_date(when) if when else ""
                item.confidence["deadline"] = "high"
                changed = True
        if changed:
            self._refresh_row(index)
            self._show_info(item)

    def action_toggle_item(self) -> None:
        index = self.current_index
        if index is None or not isinstance(self.focused, DataTable):
            return
        item = self._draft().directives[index]
        item.selected = not item.selected
        self._refresh_row(index)
        self._show_info(item)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_item":
            # space types a space in the text fields
            return isinstance(self.focused, DataTable)
        if action == "browse":
            return self.picker is not None and self.picker.available
        return True

    # -- saving -----------------------------------------------------------------
    def _matcher(self) -> AgencyMatcher:
        """The agencies the file was read with (set with the reading)."""
        assert self.agencies is not None, "no file read yet"
        return self.agencies

    def _draft(self) -> NoticeReading:
        """The reading being reviewed (the actions that use it need one)."""
        assert self.reading is not None, "no file read yet"
        return self.reading

    def _apply_notice_fields(self) -> None:
        reading = self._draft()
        value = {key: self.query_one(f"#notice-{key}", Input).value for key in NOTICE_FIELDS}
        reading.kind = clean(value["kind"])
        reading.number = clean(value["number"]) or None
        reading.issuer = clean(value["issuer"])
        reading.title = clean(value["title"])
        when = parse_date(value["issued_on"], "issued_on") if value["issued_on"].strip() else None
        if reading.issued_on is not None or reading.meeting_on is None:
            reading.issued_on = when
        else:
            reading.meeting_on = when

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self._busy:
            return
        if self.reading is None:
            self._show_error("Chưa đọc tệp nào: nhập đường dẫn rồi nhấn enter.")
            return
        self._commit()
        try:
            self._apply_notice_fields()
        except UserError as error:
            self._show_error(error.message)
            return
        self._save(self.query_one("#import-force", Checkbox).value)

    @work(exclusive=True, group="import-notice")
    async def _save(self, force: bool) -> None:
        """Save the notice and its ticked directives in one transaction."""
        self._set_busy("Đang lưu…")
        self._saving = True
        draft = copy.deepcopy(self._draft())  # the fields stay editable meanwhile
        try:
            notice_id = await self.in_thread(lambda: self.session.save_reading(draft, force=force))
        except UserError as error:
            self._show_error(error.message)
            return
        finally:
            self._saving = False
            self._set_busy("")
        self.dismiss(notice_id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._saving:
            return  # it is being written: the screen closes with its id
        self.dismiss(None)
