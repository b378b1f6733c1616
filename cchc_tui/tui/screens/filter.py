"""Filter dialog (f): status, timeliness, agency, notice, archived."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList

from cchc_tui.domain.status import TIMELINESS_ORDER, Status
from cchc_tui.services.agencies import agency_names
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.notices import list_notices
from cchc_tui.tui.widgets.styles import shorten

ANY = -1
"""Select value meaning "no filter on this field"."""


ARCHIVED_LABELS = {
    "active": "Đang theo dõi",
    "archived": "Đã lưu trữ",
    "all": "Tất cả (cả lưu trữ)",
}


class FilterScreen(ModalScreen[DirectiveFilter | None]):
    """Choose what the table shows; dismisses with the new filter or None."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Áp dụng", id="apply_filter", tooltip="Áp dụng bộ lọc"),
        Binding("ctrl+r", "reset", "Bỏ lọc", id="reset_filter", tooltip="Bỏ mọi điều kiện lọc"),
        Binding("escape", "cancel", "Hủy", id="cancel_filter", tooltip="Đóng, giữ bộ lọc cũ"),
    ]

    def __init__(self, current: DirectiveFilter) -> None:
        super().__init__()
        self.current = current
        self.agency_id = current.agency_id
        """The agency filtered on (None: every agency)."""

    def _agency_label(self) -> Text:
        if self.agency_id is None:
            return Text("Tất cả cơ quan (enter để chọn)")
        name = agency_names(self.app.store, [self.agency_id]).get(self.agency_id)
        return Text(shorten(name or "?", 60))

    @on(Button.Pressed, "#agency")
    def _pick_agency(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        def picked(agency_id: int | None) -> None:
            if agency_id is not None:
                self.agency_id = agency_id
                self.query_one("#agency", Button).label = self._agency_label()

        self.app.push_screen(AgencyPicker("Lọc theo cơ quan", allow_add=False), picked)

    @on(Button.Pressed, "#agency-clear")
    def _clear_agency(self) -> None:
        self.agency_id = None
        self.query_one("#agency", Button).label = self._agency_label()

    def compose(self) -> ComposeResult:
        flt, store = self.current, self.app.store
        notices = [(Text(shorten(f"{n.label} — {n.title}", 70)), n.id) for n in list_notices(store)]
        with Vertical(classes="dialog form", id="filter-form"):
            yield Label("Lọc nhiệm vụ (phím cách để chọn/bỏ chọn; ctrl+s áp dụng)", classes="title")
            with Horizontal(id="filter-lists"):
                yield SelectionList(
                    *[(s.label, s, s in flt.statuses) for s in Status], id="statuses"
                )
                yield SelectionList(
                    *[(t.label, t, t in flt.timeliness) for t in TIMELINESS_ORDER], id="timeliness"
                )
            with Horizontal(classes="field-row"):
                yield Label("Cơ quan", classes="field-label")
                yield Button(self._agency_label(), id="agency", compact=True)
                yield Button("Bỏ chọn", id="agency-clear", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Văn bản", classes="field-label")
                yield Select(
                    [(Text("Tất cả văn bản"), ANY), *notices],
                    allow_blank=False,
                    value=flt.notice_id if flt.notice_id is not None else ANY,
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

    def on_mount(self) -> None:
        self.query_one("#statuses", SelectionList).border_title = "Trạng thái"
        self.query_one("#timeliness", SelectionList).border_title = "Thời hạn"
        self.query_one("#statuses").focus()

    def chosen(self) -> DirectiveFilter:
        notice = self.query_one("#notice", Select).value
        return DirectiveFilter(
            search=self.current.search,
            statuses=tuple(self.query_one("#statuses", SelectionList).selected),
            timeliness=tuple(self.query_one("#timeliness", SelectionList).selected),
            agency_id=self.agency_id,
            notice_id=None if notice == ANY else notice,
            archived=self.query_one("#archived", Select).value,
        )

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#reset")
    def action_reset(self) -> None:
        self.dismiss(DirectiveFilter(search=self.current.search))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
