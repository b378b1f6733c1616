"""Agency picker: accent-insensitive search in the registry, or add one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cchc_tui.domain.errors import UserError
from cchc_tui.domain.text import fold
from cchc_tui.services.agencies import add_agency, list_agencies
from cchc_tui.services.settings import user_name

ADD_NEW = "add-new"


class AgencyPicker(ModalScreen[int | None]):
    """Type part of a name or alias ("tai nguyen"), pick with enter; when
    nothing fits, the last option adds the typed name to the registry.
    Dismisses with the agency id or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Hủy", id="cancel_picker", tooltip="Đóng, không chọn"),
        Binding("down", "next_option", "Xuống", id="picker_down", show=False),
        Binding("up", "previous_option", "Lên", id="picker_up", show=False),
    ]

    def __init__(
        self,
        title: str,
        exclude: set[int] | frozenset[int] = frozenset(),
        *,
        allow_add: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.allow_add = allow_add
        self.agencies = [
            (a.id, a.name, fold(" ".join([a.name, *a.aliases])))
            for a in list_agencies(self.app.store, self.app.today)
            if a.id not in exclude
        ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="agency-picker"):
            yield Label(Text(self.title_text), classes="title")
            yield Input(placeholder="Gõ tên cơ quan (không dấu cũng được)…", id="agency-search")
            yield OptionList(id="agency-options")
            yield Static("", id="picker-error", classes="error")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#agency-search").focus()

    @on(Input.Changed, "#agency-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        words = fold(query).split()
        options = [
            Option(Text(name), id=str(agency_id))
            for agency_id, name, key in self.agencies
            if all(w in key for w in words)
        ]
        typed = " ".join(query.split())
        if (
            self.allow_add
            and typed
            and not any(fold(name) == fold(typed) for _, name, _ in self.agencies)
        ):
            options.append(Option(Text(f"+ Thêm cơ quan mới: {typed}", style="italic"), id=ADD_NEW))
        option_list = self.query_one("#agency-options", OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if options:
            option_list.highlighted = 0

    def action_next_option(self) -> None:
        self.query_one("#agency-options", OptionList).action_cursor_down()

    def action_previous_option(self) -> None:
        self.query_one("#agency-options", OptionList).action_cursor_up()

    @on(Input.Submitted, "#agency-search")
    def _submitted(self) -> None:
        option_list = self.query_one("#agency-options", OptionList)
        if option_list.highlighted is None:
            return
        self._choose(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected, "#agency-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id != ADD_NEW:
            self.dismiss(int(option_id))
            return
        name = self.query_one("#agency-search", Input).value
        try:
            agency_id = add_agency(self.app.store, name, by=user_name(self.app.store))
        except UserError as error:
            message = self.query_one("#picker-error", Static)
            message.update(Text(error.message))
            message.add_class("shown")
            return
        self.app.notify(f"Đã thêm cơ quan: {' '.join(name.split())}", markup=False)
        self.dismiss(agency_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
