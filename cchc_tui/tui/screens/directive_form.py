"""Create (n) or edit (e) a directive: notice, number, title, content,
deadline and its phrase, leads and supports from the agency registry."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import StaleWriteError, UserError, ValidationError
from cchc_tui.services.directive_editing import DirectiveDraft, parse_directive_number
from cchc_tui.services.notices import Notice
from cchc_tui.session import Session
from cchc_tui.tui.actions import action
from cchc_tui.tui.widgets.form import FormScreen, field_row
from cchc_tui.tui.widgets.styles import shorten
from cchc_tui.tui.widgets.ticks import TickList

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


@dataclass(frozen=True)
class DirectiveFormData:
    """What the form starts from, read in a worker as it opens."""

    draft: DirectiveDraft
    version: int | None
    """The directive's version (None: a new one)."""
    notices: list[Notice]
    names: dict[int, str]
    """Agency id -> name, for the agencies of the draft."""
    generation: str | None
    """The file's restore generation: the save is refused if it changed."""


def read_form_data(
    session: Session, directive_id: int | None, notice_id: int | None
) -> DirectiveFormData:
    """The draft of ``directive_id`` (None: a new one in ``notice_id``, or
    in the newest notice, numbered after its last directive)."""
    notices = session.notices()
    generation = session.generation()
    if directive_id is None:
        notice = notice_id or (notices[0].id if notices else 0)
        draft = DirectiveDraft(
            notice_id=notice, number=session.next_directive_number(notice), title=""
        )
        version = None
    else:
        draft, version = session.directive_draft(directive_id)
    names = (
        session.agency_names([*draft.leads, *draft.supports])
        if draft.leads or draft.supports
        else {}
    )
    return DirectiveFormData(draft, version, notices, names, generation)


class DirectiveForm(FormScreen):
    """``ctrl+s`` saves (every change lands in history; a later deadline is
    recorded as an extension), ``escape`` cancels. Dismisses with the id."""

    FIELD_WIDGETS = {name: name for name in FIELDS}

    _saving: bool = False
    """A save is running (ctrl+s again does nothing)."""

    @action("ctrl+s", "Lưu", "Lưu nhiệm vụ", writes=True)
    def action_save(self) -> None:
        if self.data is None or self._saving:
            return
        draft = self._draft()
        if draft is None:
            return
        note = self.query_one("#note", Input).value if self.directive_id is not None else ""
        self._saving = True
        self.run_worker(self._store(draft, note), group="save")

    @action("ctrl+l", "Thêm chủ trì", "Chọn cơ quan chủ trì (hoặc thêm mới)")
    async def action_add_lead(self) -> None:
        await self._pick("leads", "Chọn cơ quan chủ trì")

    @action("ctrl+o", "Thêm phối hợp", "Chọn cơ quan phối hợp (hoặc thêm mới)")
    async def action_add_support(self) -> None:
        await self._pick("supports", "Chọn cơ quan phối hợp")

    @action("escape", "Hủy", "Đóng, không lưu")
    def action_cancel(self) -> None:
        super().action_cancel()

    def __init__(self, directive_id: int | None, notice_id: int | None = None) -> None:
        super().__init__()
        self.directive_id = directive_id
        self.notice_id = notice_id
        self.data: DirectiveFormData | None = None
        """Read as the form opens (``on_mount``)."""
        self.names: dict[int, str] = {}
        self.new_names: dict[int, str] = {}
        """Agencies to add on save: the (negative) value in the list -> name."""
        self._saving = False

    def compose(self) -> ComposeResult:
        heading = "Thêm nhiệm vụ" if self.directive_id is None else "Sửa nhiệm vụ"
        with Vertical(classes="dialog form", id="directive-form"):
            yield Static(
                Text(
                    heading + "  (ctrl+l thêm chủ trì, ctrl+o thêm phối hợp, ctrl+s lưu)",
                    style="bold",
                ),
                classes="title",
                id="directive-form-title",
            )
            with VerticalScroll(id="directive-fields"):
                yield field_row("Văn bản", Select([], id="notice", compact=True), "notice")
                yield field_row("Số thứ tự", Input(id="number", compact=True), "number")
                yield field_row("Tên nhiệm vụ", Input(id="title", compact=True), "title")
                yield field_row(
                    "Nội dung",
                    TextArea(id="content", soft_wrap=True, tab_behavior="focus"),
                    "content",
                )
                yield field_row(
                    "Thời hạn",
                    Input(
                        id="deadline",
                        compact=True,
                        placeholder="dd/mm/yyyy; để trống = thường xuyên",
                    ),
                    "deadline",
                )
                yield field_row(
                    "Cụm từ thời hạn",
                    Input(id="deadline_text", compact=True, placeholder="như trong văn bản"),
                    "deadline_text",
                )
                yield field_row("Chủ trì", TickList[int](id="leads"), "leads")
                yield field_row("Phối hợp", TickList[int](id="supports"), "supports")
                if self.directive_id is not None:
                    yield field_row("Ghi chú (lý do sửa)", Input(id="note", compact=True), "note")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    async def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        try:
            data = await self.in_thread(
                read_form_data, self.session, self.directive_id, self.notice_id
            )
        except UserError as error:
            self.cchc.show_error(error)
            self.dismiss(None)
            return
        self._fill(data)
        self.remember_fields()

    def _fill(self, data: DirectiveFormData) -> None:
        self.data, self.names, d = data, dict(data.names), data.draft
        if self.directive_id is not None:
            self.query_one("#directive-form-title", Static).update(
                Text(
                    f"Sửa nhiệm vụ {d.number}  (ctrl+l thêm chủ trì, ctrl+o thêm phối hợp, "
                    "ctrl+s lưu)",
                    style="bold",
                )
            )
        notice = self.query_one("#notice", Select)
        notice.set_options(
            [(Text(shorten(f"{n.label} — {n.title}", 70)), n.id) for n in data.notices]
        )
        if any(n.id == d.notice_id for n in data.notices):
            notice.value = d.notice_id
        self.query_one("#number", Input).value = str(d.number)
        self.query_one("#title", Input).value = d.title
        self.query_one("#content", TextArea).text = d.content
        self.query_one("#deadline", Input).value = format_date(d.deadline)
        self.query_one("#deadline_text", Input).value = d.deadline_text
        for list_id, ids in (("leads", d.leads), ("supports", d.supports)):
            self.query_one(f"#{list_id}", SelectionList).add_options(
                [(Text(self.names.get(a, "?")), a, True) for a in ids]
            )

    # -- agencies -----------------------------------------------------------------------
    async def _pick(self, list_id: str, title: str) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker, NewAgency

        chosen = {
            v
            for lid in ("leads", "supports")
            for v in self.query_one(f"#{lid}", SelectionList).selected
        }

        async def picked(agency: int | NewAgency | None) -> None:
            if agency is None:
                return
            target = self.query_one(f"#{list_id}", SelectionList)
            if isinstance(agency, NewAgency):
                # added to the registry only when the form is saved
                value = -1 - len(self.new_names)
                self.new_names[value] = agency.name
                target.add_option(
                    (Text.assemble(agency.name, (" (mới, thêm khi lưu)", "italic")), value, True)
                )
                target.focus()
                return
            if agency not in self.names:
                name = await self.in_thread(self.session.agency_name, agency)
                self.names[agency] = name or "?"
            target.add_option((Text(self.names[agency]), agency, True))
            target.focus()

        await self.cchc.open_screen(AgencyPicker(title, exclude=chosen, add_on_save=True), picked)

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
        notice = self.query_one("#notice", Select).value
        return DirectiveDraft(
            notice_id=notice if isinstance(notice, int) else 0,
            number=number,
            title=self.query_one("#title", Input).value,
            content=self.query_one("#content", TextArea).text,
            deadline=deadline,
            deadline_text=self.query_one("#deadline_text", Input).value,
            leads=[v for v in self.query_one("#leads", SelectionList).selected if v > 0],
            supports=[v for v in self.query_one("#supports", SelectionList).selected if v > 0],
        )

    def _new_agencies(self, list_id: str) -> tuple[str, ...]:
        """The names of the agencies to add, ticked in ``list_id``."""
        selected = self.query_one(f"#{list_id}", SelectionList).selected
        return tuple(self.new_names[v] for v in selected if v in self.new_names)

    async def _store(self, draft: DirectiveDraft, note: str) -> None:
        """Save in a thread; close with the directive's id, or show why not."""
        assert self.data is not None
        directive_id, version = self.directive_id, self.data.version
        new_leads, new_supports = self._new_agencies("leads"), self._new_agencies("supports")

        def save() -> int:
            return self.session.save_directive(
                directive_id,
                draft,
                new_leads=new_leads,
                new_supports=new_supports,
                expected_version=None if directive_id is None else version or 0,
                note=note,
                generation=self.data.generation if self.data else None,
            )

        try:
            saved_id = await self.in_thread(save)
        except StaleWriteError as error:
            self._set_error(
                "form", error.message + " Đóng (esc) rồi mở lại để sửa trên dữ liệu mới."
            )
            return
        except UserError as error:
            self.show_user_error(error)
            return
        finally:
            self._saving = False
        self.dismiss(saved_id)
