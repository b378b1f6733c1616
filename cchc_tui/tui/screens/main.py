"""Main screen: header, counts, search and filters, directives table, detail."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.status import Timeliness
from cchc_tui.services.directives import DirectiveFilter, DirectiveRow
from cchc_tui.tui.actions import DIRECTIVE, MAIN
from cchc_tui.tui.base import AppScreen, DataChanged
from cchc_tui.tui.collector import COLLECTOR_DELAY, IdleCollector
from cchc_tui.tui.waiting import drained
from cchc_tui.tui.widgets.counts_bar import CountsBar
from cchc_tui.tui.widgets.detail_pane import DetailPane
from cchc_tui.tui.widgets.directive_table import DirectiveTable

PAGE_SIZE = 60
"""Rows fetched per page: a screenful or two, so that each search keystroke
reads little; the table asks for the other pages as they come into view."""
ROW_WAIT_SECONDS = 10.0
"""How long an action waits for the highlighted row's page before giving up."""


class SearchInput(Input):
    """The search box. Its screen reloads the table while the typed key is
    being handled, so that the character and the matching rows are painted
    in one frame (an Input.Changed message arrives after the character has
    been painted, and the rows would wait for the next frame)."""

    def watch_value(self, value: str) -> None:
        if isinstance(self.screen, MainScreen):
            self.screen.search_for(value)


class MainScreen(AppScreen):
    """All directives (filtered, searched), their counts and the highlighted one."""

    SCOPES = frozenset({MAIN, DIRECTIVE})

    BINDINGS = [
        Binding(
            "escape",
            "clear_search",
            "Xóa tìm kiếm",
            id="clear_search",
            show=False,
            tooltip="Xóa ô tìm kiếm và quay về bảng",
        ),
    ]

    @dataclass
    class DirectivesLoaded(Message):
        """The first page of rows of a search or filter was read."""

        generation: int
        rows: list[DirectiveRow]
        has_more: bool
        select_id: int | None
        to_top: bool = False

    @dataclass
    class PageLoaded(Message):
        """A page the table asked for was read."""

        generation: int
        offset: int
        rows: list[DirectiveRow]

    @dataclass
    class CountsLoaded(Message):
        """The exact counts by timeliness of every row matching the filter."""

        generation: int
        counts: dict[Timeliness, int]

    def __init__(self) -> None:
        super().__init__()
        self.directive_filter = DirectiveFilter()
        """What the table shows (search text included)."""
        self._generation = 0
        self._collector = IdleCollector()
        """Garbage collection between keystrokes, not during them."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="header"):
            yield Static(id="organisation")
            yield Static(id="today")
        yield CountsBar(id="counts")
        with Horizontal(id="toolbar"):
            yield SearchInput(
                placeholder="/ Tìm kiếm (gõ không dấu cũng được)…",
                id="search",
                select_on_focus=False,
            )
            yield Static(id="filters")
        yield DirectiveTable(id="directives", page_size=PAGE_SIZE)
        yield DetailPane(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_header()
        self.query_one(DirectiveTable).focus()
        self.reload()
        # once the first screen is painted and read (a full collection takes a while)
        self.set_timer(COLLECTOR_DELAY, lambda: self._collector.start(self.app))

    def on_unmount(self) -> None:
        self._collector.stop()

    def refresh_header(self) -> None:
        settings = self.session.settings()
        header = Text(overflow="ellipsis", no_wrap=True)
        header.append(f" {settings['organisation']}", style="bold")
        header.append(f" · {settings['committee']}")
        self.query_one("#organisation", Static).update(header)
        self.query_one("#today", Static).update(
            Text(f" Hôm nay: {format_date(self.session.today)} ", style="bold")
        )

    # -- loading --------------------------------------------------------------------
    def reload(self, select_id: int | None = None, *, to_top: bool = False) -> None:
        """Read the first page again, then the counts (in a worker). The
        cursor stays on the same directive (or ``select_id``), or goes to the
        first row when ``to_top`` (a new search or filter).

        The first page is an indexed query that stops after PAGE_SIZE + 1
        rows (milliseconds, even over 20,000 directives), so it is read here:
        a typed character and its result are painted in the same frame. The
        counts scan every matching row and follow from a worker."""
        self._collector.activity()
        self._generation += 1
        generation, flt = self._generation, self.directive_filter
        try:
            rows = self.session.directive_page(flt, limit=PAGE_SIZE + 1)
        except Exception as error:  # noqa: BLE001 - reported like a worker's error
            self._report_error(error)
            return
        self._show_loaded(
            self.DirectivesLoaded(
                generation, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE, select_id, to_top
            )
        )
        # after the rows are painted: the counts thread would slow the painting
        self.call_after_refresh(self._count, generation, flt)

    async def settled(self) -> None:
        """Wait until the table shows what keys typed ahead asked for (a
        search, cursor moves, the page of a row the cursor jumped to) before
        an action reads the highlighted row."""
        table = self.query_one(DirectiveTable)
        await drained(self)
        await drained(table)
        await table.wait_for_current_row(ROW_WAIT_SECONDS)

    @work(thread=True, group="directives", exit_on_error=False)
    def _count(self, generation: int, flt: DirectiveFilter) -> None:
        if generation != self._generation:
            return  # typed over: a newer search counts its own rows
        counts = self.session.directive_counts(flt)
        self.post_message(self.CountsLoaded(generation, counts))

    @on(DirectivesLoaded)
    def _show_loaded(self, message: DirectivesLoaded) -> None:
        if message.generation != self._generation:
            return  # an older search or filter
        self.query_one(DirectiveTable).show_rows(
            message.rows,
            message.has_more,
            select_id=message.select_id,
            keep_cursor=not message.to_top,
        )
        self._show_detail()

    @on(CountsLoaded)
    def _show_counts(self, message: CountsLoaded) -> None:
        if message.generation == self._generation:
            self.query_one(CountsBar).show_counts(message.counts)
            self.query_one(DirectiveTable).set_row_count(sum(message.counts.values()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self._report_error(event.worker.error)

    def _report_error(self, error: BaseException | None) -> None:
        self.app.notify(
            f"Không đọc được dữ liệu: {error}",
            title="Lỗi",
            severity="error",
            markup=False,
        )

    @on(DirectiveTable.PageRequested, "#directives")
    def _page_requested(self, message: DirectiveTable.PageRequested) -> None:
        self._load_page(self._generation, self.directive_filter, message.offset)

    @work(thread=True, group="directives-page", exit_on_error=False)
    def _load_page(self, generation: int, flt: DirectiveFilter, offset: int) -> None:
        if generation != self._generation:
            return  # typed over
        rows = self.session.directive_page(flt, limit=PAGE_SIZE, offset=offset)
        self.post_message(self.PageLoaded(generation, offset, rows))

    @on(PageLoaded)
    def _show_page(self, message: PageLoaded) -> None:
        if message.generation == self._generation:
            self.query_one(DirectiveTable).add_page(message.offset, message.rows)

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        """Saved somewhere in the app (or picked up from elsewhere): read again."""
        self.refresh_header()
        self.reload(select_id=message.directive_id)

    # -- the highlighted row ----------------------------------------------------------
    async def directive_in_view(self) -> int | None:
        await self.settled()
        row = self.current_row()
        return row.id if row else None

    def current_row(self) -> DirectiveRow | None:
        """The highlighted row (None: no rows, or its page not read yet)."""
        return self.query_one(DirectiveTable).current_row()

    def row_still_loading(self) -> bool:
        """The cursor is on a row whose page has not been read yet."""
        return self.query_one(DirectiveTable).cursor_on_placeholder

    @on(DirectiveTable.RowHighlighted, "#directives")
    def _row_highlighted(self) -> None:
        self._collector.activity()
        self._show_detail()

    @on(DirectiveTable.RowSelected, "#directives")
    def _row_selected(self) -> None:
        # not awaited here: the action first waits for this screen to settle
        # (settled), which it cannot do while inside this handler
        self.app.call_later(self.app.run_action, "open_directive")

    def _show_detail(self) -> None:
        if self.query_one(DirectiveTable).cursor_on_placeholder:
            self.query_one(DetailPane).show_loading()
        else:
            self.query_one(DetailPane).show_row(self.current_row())

    # -- search and filters ----------------------------------------------------------
    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def search_for(self, text: str) -> None:
        """Show the rows matching ``text`` (called as it is typed)."""
        if text != self.directive_filter.search:
            self.directive_filter = replace(self.directive_filter, search=text)
            self.reload(to_top=True)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_for(event.value)  # already done by SearchInput, unless set otherwise

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(DirectiveTable).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""  # Input.Changed reloads
        self.query_one(DirectiveTable).focus()

    def set_filter(self, flt: DirectiveFilter | None) -> None:
        """Apply a filter chosen in the filter dialog (None: cancelled)."""
        if flt is None:
            return
        current = self.directive_filter
        self.directive_filter = replace(flt, search=current.search, order=current.order)
        self._show_filter_line()
        self.reload(to_top=True)
        self.query_one(DirectiveTable).focus()

    def set_order(self, order: str) -> None:
        """Sort the list (``ORDERS`` of the services); the filter stays."""
        self.directive_filter = replace(self.directive_filter, order=order)
        self._show_filter_line()
        self.reload(to_top=True)
        self.query_one(DirectiveTable).focus()

    def _show_filter_line(self) -> None:
        from cchc_tui.services.directives import ORDERS

        label = self.session.describe_filter(self.directive_filter)
        if self.directive_filter.order != "notice":
            order = "Sắp xếp: " + ORDERS[self.directive_filter.order][0].lower()
            label = f"{label} · {order}" if label else order
        filters = self.query_one("#filters", Static)
        filters.update(Text(label, style="bold yellow") if label else "")
        filters.set_class(bool(label), "active")
