"""Filter dialog (f): status, timeliness, agency, notice, archived."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, SelectionList

from cchc_tui.domain.errors import UserError
from cchc_tui.domain.status import TIMELINESS_ORDER, Status
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppModal
from cchc_tui.tui.widgets.styles import shorten
from cchc_tui.tui.widgets.ticks import TickList

ANY = -1
"""Select value meaning "no filter on this field"."""

ALL = "all"
"""The "Tất cả" entry of a list: nothing of that list filters."""


ARCHIVED_LABELS = {
    "active": "Đang theo dõi",
    "archived": "Đã lưu trữ",
    "all": "Tất cả (cả lưu trữ)",
}


class FilterScreen(AppModal[DirectiveFilter | None]):
    """Choose what the table shows; dismisses with the new filter or None.
    The notices and the agency's name are read in a worker as it opens."""

    @on(Button.Pressed, "#apply")
    @action("ctrl+s", "Áp dụng", "Áp dụng bộ lọc")
    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#reset")
    @action("ctrl+r", "Bỏ lọc", "Bỏ mọi điều kiện lọc")
    def action_reset(self) -> None:
        self.dismiss(DirectiveFilter(search=self.current.search))

    @on(Button.Pressed, "#cancel")
    @action("escape", "Hủy", "Đóng, giữ bộ lọc cũ")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def __init__(self, current: DirectiveFilter) -> None:
        super().__init__()
        self.current = current
        self.agency_id = current.agency_id
        """The agency filtered on (None: every agency)."""
        self.agency_name: str | None = None
        self.notices_read = False
        """The notice choice is filled (else the current notice filter is kept)."""

    def _agency_label(self) -> Text:
        if self.agency_id is None:
            return Text("Tất cả cơ quan (enter để chọn)")
        return Text(shorten(self.agency_name or "…", 60))

    async def _show_agency(self, agency_id: int | None) -> None:
        self.agency_id = agency_id
        self.agency_name = None
        if agency_id is not None:
            try:
                self.agency_name = await self.in_thread(self.session.agency_name, agency_id)
            except UserError as error:
                self.cchc.show_error(error)
        self.query_one("#agency", Button).label = self._agency_label()

    @on(Button.Pressed, "#agency")
    async def _pick_agency(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        async def picked(agency_id: int | None) -> None:
            if agency_id is not None:
                await self._show_agency(agency_id)

        await self.cchc.open_screen(AgencyPicker("Lọc theo cơ quan", allow_add=False), picked)

    @on(Button.Pressed, "#agency-clear")
    async def _clear_agency(self) -> None:
        await self._show_agency(None)

    def compose(self) -> ComposeResult:
        flt = self.current
        with Vertical(classes="dialog form", id="filter-form"):
            yield Label(
                "Lọc nhiệm vụ (phím cách: đánh dấu X hoặc bỏ; ctrl+s áp dụng)",
                classes="title",
                markup=False,
            )
            with Horizontal(id="filter-lists"):
                yield TickList(
                    ("Tất cả trạng thái", ALL, not flt.statuses),
                    *[(s.label, s, s in flt.statuses) for s in Status],
                    id="statuses",
                )
                yield TickList(
                    ("Tất cả thời hạn", ALL, not flt.timeliness),
                    *[(t.label, t, t in flt.timeliness) for t in TIMELINESS_ORDER],
                    id="timeliness",
                )
            with Horizontal(classes="field-row"):
                yield Label("Cơ quan", classes="field-label")
                yield Button(self._agency_label(), id="agency", compact=True)
                yield Button("Bỏ chọn", id="agency-clear", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Báo cáo", classes="field-label")
                yield Select(
                    [
                        (Text("Tất cả"), False),
                        (Text("Còn đơn vị chưa báo cáo (với cơ quan: cơ quan đó)"), True),
                    ],
                    allow_blank=False,
                    value=flt.unreported,
                    id="unreported",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("Văn bản", classes="field-label")
                yield Select(
                    [(Text("Tất cả văn bản"), ANY)],
                    allow_blank=False,
                    value=ANY,
                    id="notice",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("Lưu trữ", classes="field-label")
                yield Select(
                    [(label, key) for key, label in ARCHIVED_LABELS.items()],
                    allow_blank=False,
                    value=flt.archived,
                    id="archived",
                    compact=True,
                )
            with Horizontal(classes="buttons"):
                yield Button("Áp dụng (ctrl+s)", variant="primary", id="apply", compact=True)
                yield Button("Bỏ lọc (ctrl+r)", id="reset", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    async def on_mount(self) -> None:
        self.query_one("#statuses", SelectionList).border_title = "Trạng thái"
        self.query_one("#timeliness", SelectionList).border_title = "Thời hạn"
        self.query_one("#statuses").focus()
        try:
            notices = await self.in_thread(self.session.notices)
        except UserError as error:
            self.cchc.show_error(error)
            return
        select = self.query_one("#notice", Select)
        select.set_options(
            [
                (Text("Tất cả văn bản"), ANY),
                *[(Text(shorten(f"{n.label} — {n.title}", 70)), n.id) for n in notices],
            ]
        )
        if self.current.notice_id in {n.id for n in notices}:
            select.value = self.current.notice_id
        self.notices_read = True
        await self._show_agency(self.agency_id)

    @on(SelectionList.SelectionToggled)
    def _keep_all_explicit(self, event: SelectionList.SelectionToggled) -> None:
        """ "Tất cả" is ticked exactly when nothing else of its list is:
        ticking it clears the others, ticking another clears it."""
        options = event.selection_list
        others = [v for v in options.selected if v != ALL]
        if event.selection.value == ALL:
            if ALL in options.selected:
                for value in others:
                    options.deselect(value)
            elif not others:
                options.select(ALL)  # the list cannot mean "nothing"
        elif others:
            options.deselect(ALL)
        else:
            options.select(ALL)

    def chosen(self) -> DirectiveFilter:
        notice = self.query_one("#notice", Select).value
        archived = self.query_one("#archived", Select).value
        return DirectiveFilter(
            search=self.current.search,
            statuses=tuple(v for v in self.query_one("#statuses", TickList).selected if v != ALL),
            timeliness=tuple(
                v for v in self.query_one("#timeliness", TickList).selected if v != ALL
            ),
            agency_id=self.agency_id,
            notice_id=(notice if isinstance(notice, int) and notice != ANY else None)
            if self.notices_read
            else self.current.notice_id,
            archived=archived if isinstance(archived, str) else "active",
            unreported=bool(self.query_one("#unreported", Select).value),
        )
