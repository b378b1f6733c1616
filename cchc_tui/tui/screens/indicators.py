"""Indicators screen (i, palette "Chỉ tiêu"): every indicator with its latest
value against the target, filterable by agency; `r` records a measurement."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.services.agencies import agency_names, list_agencies
from cchc_tui.services.indicators import (
    TREND_SYMBOLS,
    IndicatorRow,
    format_number,
    get_indicator,
    list_indicators,
    measurements_of,
    parse_value,
    record_measurement,
)
from cchc_tui.services.settings import user_name
from cchc_tui.tui.widgets.form import FormScreen, field_row
from cchc_tui.tui.widgets.styles import shorten

NO_AGENCY = 0
"""Agency choice meaning the measurement is not tied to one agency."""

MET_STYLES = {True: "bold green", False: "bold red", None: "dim"}


def result_text(row: IndicatorRow) -> Text:
    return Text(row.met_label, style=MET_STYLES[row.met])


class IndicatorsScreen(Screen):
    """Indicators with target, latest value and date, trend and result; the
    highlighted one's recent measurements below. ``escape`` goes back."""

    BINDINGS = [
        Binding(
            "r",
            "record_measurement",
            "Ghi số liệu",
            id="record_measurement",
            tooltip="Ghi một số liệu đo cho chỉ tiêu đang chọn",
        ),
        Binding(
            "f",
            "filter_agency",
            "Lọc cơ quan",
            id="filter_indicators",
            tooltip="Chỉ tiêu của một cơ quan (bấm lại để bỏ lọc)",
        ),
        Binding(
            "escape", "back", "Quay lại", id="indicators_back", tooltip="Về danh sách nhiệm vụ"
        ),
    ]

    def __init__(self, agency_id: int | None = None) -> None:
        super().__init__()
        self.agency_id = agency_id
        """Show only this agency's indicators (None: all)."""
        self.rows: list[IndicatorRow] = []

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield DataTable(id="indicators", cursor_type="row", zebra_stripes=True)
        yield Static(id="indicator-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#indicators", DataTable).focus()

    def reload(self, select_id: int | None = None) -> None:
        store = self.app.store
        table = self.query_one("#indicators", DataTable)
        current = self.current_indicator()
        keep = select_id or (current.id if current else None)
        self.rows = list_indicators(store, agency_id=self.agency_id)
        scope = "tất cả cơ quan"
        if self.agency_id is not None:
            scope = agency_names(store, [self.agency_id]).get(self.agency_id, "")
        self.query_one("#header", Static).update(
            Text(
                f" Chỉ tiêu · {scope}   Hôm nay: {format_date(self.app.today)}",
                style="bold",
            )
        )
        table.clear(columns=True)
        name_width = max(20, max(self.size.width, 80) - 70)
        for label, width in (
            ("NV", 3),
            ("Chỉ tiêu", name_width),
            ("Mục tiêu", 9),
            ("Gần nhất", 9),
            ("Ngày", 10),
            ("", 2),
            ("Kết quả", 15),
        ):
            table.add_column(label, width=width)
        for row in self.rows:
            table.add_row(
                str(row.directive_number or "—"),
                Text(shorten(row.name, name_width)),
                Text(row.target_text),
                Text(f"{format_number(row.latest_value)}{row.unit}" if row.latest else "—"),
                format_date(row.latest_date, "—"),
                TREND_SYMBOLS.get(row.trend or "", ""),
                result_text(row),
                key=str(row.id),
            )
        if keep is not None:
            for index, row in enumerate(self.rows):
                if row.id == keep:
                    table.move_cursor(row=index)
        self._show_detail()

    def current_indicator(self) -> IndicatorRow | None:
        table = self.query_one("#indicators", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#indicators")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#indicator-detail", Static)
        row = self.current_indicator()
        if row is None:
            detail.update(Text("Không có chỉ tiêu nào." if not self.rows else ""))
            return
        text = Text()
        text.append(row.name + "\n", style="bold")
        where = f"Nhiệm vụ {row.directive_number}" if row.directive_number else "Cả văn bản"
        text.append(f"{where} · mục tiêu {row.target_text}")
        if row.source_phrase:
            text.append(f" — “{row.source_phrase}”", style="italic")
        text.append("\n")
        for m in [m for m in measurements_of(self.app.store, row.id) if m.effective][:4]:
            line = f"  {format_date(m.measured_on)}: {format_number(m.value)}{row.unit}"
            if m.agency:
                line += f" · {m.agency}"
            if m.source:
                line += f" · {m.source}"
            text.append(shorten(line, 160) + "\n")
        if not row.latest:
            text.append("  Chưa có số liệu; bấm r để ghi.\n", style="dim")
        detail.update(text)

    def action_record_measurement(self) -> None:
        row = self.current_indicator()
        if row is None:
            self.app.notify("Chưa chọn chỉ tiêu nào.", severity="warning")
            return

        def saved(measurement_id: int | None) -> None:
            if measurement_id is not None:
                self.app.notify("Đã ghi số liệu", title="Chỉ tiêu")
                self.reload(select_id=row.id)

        self.app.push_screen(MeasurementForm(row.id, agency_id=self.agency_id), saved)

    def action_filter_agency(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        if self.agency_id is not None:
            self.agency_id = None
            self.reload()
            return

        def chosen(agency_id: int | None) -> None:
            if agency_id is not None:
                self.agency_id = agency_id
                self.reload()

        self.app.push_screen(AgencyPicker("Lọc chỉ tiêu theo cơ quan"), chosen)

    def action_back(self) -> None:
        self.dismiss()


FIELDS = ("value", "date", "period", "agency", "source", "by")


class MeasurementForm(FormScreen):
    """Giá trị → Ngày → Kỳ số liệu → Cơ quan → Nguồn → Người ghi; ``ctrl+s``
    saves through record_measurement, ``escape`` cancels. Dismisses with the
    new measurement id or None."""

    FIELD_WIDGETS = {name: name for name in FIELDS}

    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="save_measurement", tooltip="Lưu số liệu đo"),
        Binding("escape", "cancel", "Hủy", id="cancel_measurement", tooltip="Đóng, không lưu"),
    ]

    def __init__(self, indicator_id: int, agency_id: int | None = None) -> None:
        super().__init__()
        self.indicator = get_indicator(self.app.store, indicator_id)
        self.agency_id = agency_id

    def compose(self) -> ComposeResult:
        ind, app = self.indicator, self.app
        agencies = [(Text("(không ghi cơ quan)"), NO_AGENCY)] + [
            (Text(a.name), a.id) for a in list_agencies(app.store, app.today)
        ]
        with Vertical(classes="dialog form", id="measurement-form"):
            yield Static(
                Text(f"Ghi số liệu — {shorten(ind.name, 80)}", style="bold"), classes="title"
            )
            yield Static(
                Text(f"Mục tiêu {ind.target_text}; gần nhất: {ind.latest_text}"), classes="dim"
            )
            yield field_row(
                f"Giá trị ({ind.unit})" if ind.unit else "Giá trị",
                Input(id="value", compact=True, placeholder="ví dụ 92,5"),
                "value",
            )
            yield field_row(
                "Ngày đo",
                Input(format_date(app.today), id="date", compact=True, placeholder="dd/mm/yyyy"),
                "date",
            )
            yield field_row(
                "Kỳ số liệu",
                Input(id="period", compact=True, placeholder="ví dụ Quý III/2024"),
                "period",
            )
            yield field_row(
                "Cơ quan",
                Select(
                    agencies,
                    value=self.agency_id or NO_AGENCY,
                    allow_blank=False,
                    id="agency",
                    compact=True,
                ),
                "agency",
            )
            yield field_row(
                "Nguồn số liệu",
                Input(id="source", compact=True, placeholder="báo cáo, văn bản kiểm chứng"),
                "source",
            )
            yield field_row("Người ghi", Input(user_name(app.store), id="by", compact=True), "by")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save")
                yield Button("Hủy (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    @on(Input.Changed, "#value")
    def _check_value(self, event: Input.Changed) -> None:
        try:
            parse_value(event.value)
            self._set_error("value", "")
        except ValidationError as error:
            self._set_error("value", error.message if event.value.strip() else "")

    @on(Input.Changed, "#date")
    def _check_date(self, event: Input.Changed) -> None:
        try:
            parse_date(event.value)
            self._set_error("date", "")
        except ValidationError as error:
            self._set_error("date", error.message)

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        values: dict = {}
        try:
            values["value"] = parse_value(self.query_one("#value", Input).value)
        except ValidationError as error:
            errors["value"] = error.message
        try:
            values["on"] = parse_date(self.query_one("#date", Input).value)
        except ValidationError as error:
            errors["date"] = error.message
        for name in FIELDS:
            self._set_error(name, errors.get(name, ""))
        self._set_error("form", "")
        if errors:
            self.query_one(f"#{next(iter(errors))}").focus()
            return
        agency = self.query_one("#agency", Select).value
        try:
            measurement_id = record_measurement(
                self.app.store,
                self.indicator.id,
                today=self.app.today,
                period=self.query_one("#period", Input).value,
                agency=None if agency == NO_AGENCY else int(agency),
                source=self.query_one("#source", Input).value,
                by=self.query_one("#by", Input).value,
                **values,
            )
        except UserError as error:
            self.show_user_error(error)
            return
        self.dismiss(measurement_id)
