"""Agency picker: accent-insensitive search in the registry, or add one."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cchc_tui.domain.errors import UserError
from cchc_tui.domain.text import fold
from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppModal

ADD_NEW = "add-new"
NEAREST = 3
"""How many look-alike agencies are proposed when no name contains the words."""
LOOKS_ALIKE = 0.6
"""How alike (difflib's ratio, on the folded names) a proposal must be."""
NO_DIACRITICS = "tên không dấu — kiểm tra lại"


@dataclass(frozen=True)
class NewAgency:
    """A name to add to the registry when the form that asked is saved."""

    name: str


def lacks_diacritics(name: str) -> bool:
    """A Vietnamese name typed without its marks ("Trung tam phuc vu")."""
    return any(ch.isalpha() for ch in name) and name.isascii()


def nearest(query: str, agencies: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """The agencies whose name or alias looks most like ``query`` (folded),
    best first."""
    folded = fold(query)
    scored = []
    for agency_id, name, key in agencies:
        ratio = max(
            SequenceMatcher(None, folded, fold(name)).ratio(),
            SequenceMatcher(None, folded, key).ratio(),
        )
        if ratio >= LOOKS_ALIKE:
            scored.append((ratio, agency_id, name))
    scored.sort(key=lambda s: -s[0])
    return [(agency_id, name) for _, agency_id, name in scored[:NEAREST]]


class AgencyPicker(AppModal[int | NewAgency | None]):
    """Type part of a name or alias ("tai nguyen"), pick with enter; when
    nothing fits, the closest names come first, then an option adds the
    typed name (not offered where the session may not write; a name without
    diacritics asks for a second enter). ``kinds`` limits the choice
    ("agency": no groups). Dismisses with the agency id or None; with
    ``add_on_save`` a new name comes back as a ``NewAgency``, for the form
    to create when it is saved, else it is added at once."""

    EXTRA_BINDINGS = [
        Binding("down", "next_option", "Xuống", id="picker_down", show=False),
        Binding("up", "previous_option", "Lên", id="picker_up", show=False),
    ]

    @action("escape", "Hủy", "Đóng, không chọn")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def __init__(
        self,
        title: str,
        exclude: set[int] | frozenset[int] = frozenset(),
        *,
        allow_add: bool = True,
        kinds: frozenset[str] = frozenset({"agency", "group"}),
        add_on_save: bool = False,
    ) -> None:
        super().__init__()
        self.add_on_save = add_on_save
        self._warned: str | None = None
        """The diacritic-less name already warned about (a second enter adds it)."""
        self.title_text = title
        self.exclude = frozenset(exclude)
        self.allow_add = allow_add
        self.kinds = kinds
        self.agencies: list[tuple[int, str, str]] = []
        """(id, name, folded name and aliases) of those offered."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="agency-picker"):
            yield Label(Text(self.title_text), classes="title")
            yield Input(placeholder="Gõ tên cơ quan (không dấu cũng được)…", id="agency-search")
            yield OptionList(id="agency-options")
            yield Static("", id="picker-error", classes="error")

    async def on_mount(self) -> None:
        self.allow_add = self.allow_add and self.session.can_write
        self.query_one("#agency-search").focus()
        try:
            agencies = await self.in_thread(self.session.agencies)
        except UserError as error:
            self._show_error(error.message)
            return
        self.agencies = [
            (a.id, a.name, fold(" ".join([a.name, *a.aliases])))
            for a in agencies
            if a.id not in self.exclude and a.kind in self.kinds
        ]
        self._fill(self.query_one("#agency-search", Input).value)

    @on(Input.Changed, "#agency-search")
    def _search(self, event: Input.Changed) -> None:
        self.query_one("#picker-error", Static).remove_class("shown")
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        words = fold(query).split()
        options = [
            Option(Text(name), id=str(agency_id))
            for agency_id, name, key in self.agencies
            if all(w in key for w in words)
        ]
        typed = " ".join(query.split())
        if typed and not options:
            options = [
                Option(Text.assemble(("Gần giống: ", "dim"), name), id=str(agency_id))
                for agency_id, name in nearest(typed, self.agencies)
            ]
        if (
            self.allow_add
            and typed
            and not any(fold(name) == fold(typed) for _, name, _ in self.agencies)
        ):
            label = Text(f"+ Thêm cơ quan mới: {typed}", style="italic")
            if lacks_diacritics(typed):
                label.append(f" ({NO_DIACRITICS})", style="bold")
            options.append(Option(label, id=ADD_NEW))
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
    async def _submitted(self) -> None:
        option_list = self.query_one("#agency-options", OptionList)
        if option_list.highlighted is None:
            return
        await self._choose(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected, "#agency-options")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        await self._choose(event.option.id)

    async def _choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        if option_id != ADD_NEW:
            self.dismiss(int(option_id))
            return
        name = " ".join(self.query_one("#agency-search", Input).value.split())
        if lacks_diacritics(name) and self._warned != name:
            self._warned = name
            self._show_error(
                f"'{name}': {NO_DIACRITICS} (tên cơ quan thường có dấu). "
                "Sửa tên, hoặc enter lần nữa để vẫn thêm."
            )
            return
        if self.add_on_save:
            self.dismiss(NewAgency(name))
            return
        try:
            agency_id = await self.in_thread(self.session.add_agency, name)
        except UserError as error:
            self._show_error(error.message)
            return
        self.notify(f"Đã thêm cơ quan: {name}", markup=False)
        self.cchc.data_changed()
        self.dismiss(agency_id)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#picker-error", Static)
        error.update(Text(message))
        error.add_class("shown")
