"""Indicators screen (i, palette "Chỉ tiêu"): every indicator with its latest
value against the target, filterable by agency; `r` records a measurement."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.services.agencies import AgencySummary
from cchc_tui.services.indicators import (
    TREND_SYMBOLS,
    IndicatorRow,
    Measurement,
    format_number,
    parse_value,
)
from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppScreen, DataChanged
from cchc_tui.tui.widgets.form import FormScreen, field_row
from cchc_tui.tui.widgets.styles import shorten

NO_AGENCY = 0
"""Agency choice meaning the measurement is not tied to one agency."""

MET_STYLES = {True: "bold green", False: "bold red", None: "dim"}


def result_text(row: IndicatorRow) -> Text:
    return Text(row.met_label, style=MET_STYLES[row.met])


@dataclass(frozen=True)
class MeasurementFormData:
    """What the measurement form shows, read before it opens."""

    indicator: IndicatorRow
    agencies: list[AgencySummary]
    default_by: str


class IndicatorsScreen(AppScreen):
    """Indicators with target, latest value and date, trend and result; the
    highlighted one's recent measurements below. ``escape`` goes back."""

    agency_id: int | None

    @action("r", "Ghi số liệu", "Ghi một số liệu đo cho chỉ tiêu đang chọn", writes=True)
    async def action_record_measurement(self) -> None:
        row = self.current_indicator()
        if row is None:
            self.notify("Chưa chọn chỉ tiêu nào.", severity="warning")
            return
        session = self.session

        def read() -> MeasurementFormData:
            return MeasurementFormData(
                session.indicator(row.id), session.agencies(), session.default_recorder()
            )

        try:
            data = await self.in_thread(read)
        except UserError as error:
            self.cchc.show_error(error)
            return

        async def saved(measurement_id: int | None) -> None:
            if measurement_id is not None:
                self.notify("Đã ghi số liệu", title="Chỉ tiêu")
                await self.reload(select_id=row.id)
                self.cchc.data_changed()

        await self.cchc.open_screen(MeasurementForm(data, agency_id=self.agency_id), saved)

    @action("f", "Lọc cơ quan", "Chỉ tiêu của một cơ quan (bấm lại để bỏ lọc)")
    async def action_filter_agency(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        if self.agency_id is not None:
            self.agency_id = None
            await self.reload()
            return

        async def chosen(agency_id: int | None) -> None:
            if agency_id is not None:
                self.agency_id = agency_id
                await self.reload()

        await self.cchc.open_screen(
            AgencyPicker("Lọc chỉ tiêu theo cơ quan", allow_add=False), chosen
        )

    @action("escape", "Quay lại", "Về danh sách nhiệm vụ")
    def action_back(self) -> None:
        self.dismiss()

    @dataclass
    class MeasurementsRead(Message):
        """The highlighted indicator's measurements were read."""

        indicator_id: int
        measurements: list[Measurement]

    def __init__(self, agency_id: int | None = None) -> None:
        super().__init__()
        self.agency_id = agency_id
        """Show only this agency's indicators (None: all)."""
        self.rows: list[IndicatorRow] = []
        self.measurements: dict[int, list[Measurement]] = {}
        """Measurements read, by indicator (read again after a change)."""

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield DataTable(id="indicators", cursor_type="row", zebra_stripes=True)
        yield Static(id="indicator-detail")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.query_one("#indicators", DataTable).focus()
        await self.reload()

    @on(DataChanged)
    async def _data_changed(self) -> None:
        await self.reload()

    async def reload(self, select_id: int | None = None) -> None:
        """Read the indicators again (in a worker), keeping the cursor."""
        session, agency_id = self.session, self.agency_id

        def read() -> tuple[list[IndicatorRow], str]:
            scope = "tất cả cơ quan"
            if agency_id is not None:
                scope = session.agency_name(agency_id) or ""
            return session.indicators(agency_id=agency_id), scope

        try:
            rows, scope = await self.in_thread(read)
        except UserError as error:
            self.cchc.show_error(error)
            return
        current = self.current_indicator()
        keep = select_id or (current.id if current else None)
        self.rows = rows
        self.measurements = {}
        self.query_one("#header", Static).update(
            Text(
                f" Chỉ tiêu · {scope}   Hôm nay: {format_date(self.session.today)}",
                style="bold",
            )
        )
        table = self.query_one("#indicators", DataTable)
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
        row = self.current_indicator()
        if row is not None and row.id not in self.measurements:
            self._read_measurements(row.id)
        self.query_one("#indicator-detail", Static).update(
            self._detail(row, self.measurements.get(row.id) if row else None)
        )

    @work(thread=True, exclusive=True, group="indicator-detail", exit_on_error=False)
    def _read_measurements(self, indicator_id: int) -> None:
        measurements = self.session.measurements(indicator_id)
        self.post_message(self.MeasurementsRead(indicator_id, measurements))

    @on(MeasurementsRead)
    def _measurements_read(self, message: MeasurementsRead) -> None:
        self.measurements[message.indicator_id] = message.measurements
        row = self.current_indicator()
        if row is not None and row.id == message.indicator_id:
            self._show_detail()

    def _detail(self, row: IndicatorRow | None, measurements: list[Measurement] | None) -> Text:
        if row is None:
            return Text("Không có chỉ tiêu nào." if not self.rows else "")
        text = Text()
        text.append(row.name + "\n", style="bold")
        where = f"Nhiệm vụ {row.directive_number}" if row.directive_number else "Cả văn bản"
        text.append(f"{where} · mục tiêu {row.target_text}")
        if row.source_phrase:
            text.append(f" — “{row.source_phrase}”", style="italic")
        text.append("\n")
        for m in [m for m in measurements or [] if m.effective][:4]:
            line = f"  {format_date(m.measured_on)}: {format_number(m.value)}{row.unit}"
            if m.agency:
                line += f" · {m.agency}"
            if m.source:
                line += f" · {m.source}"
            text.append(shorten(line, 160) + "\n")
        if not row.latest:
            text.append("  Chưa có số liệu; bấm r để ghi.\n", style="dim")
        return text


FIELDS = ("value", "date", "period", "agency", "source", "by")


class MeasurementForm(FormScreen):
    """Giá trị → Ngày → Kỳ số liệu → Cơ quan → Nguồn → Người ghi; ``ctrl+s``
    saves through record_measurement, ``escape`` cancels. Dismisses with the
    new measurement id or None."""

    FIELD_WIDGETS = {name: name for name in FIELDS}

    @action("escape", "Hủy", "Đóng, không lưu")
    def action_cancel(self) -> None:
        super().action_cancel()

    def __init__(self, data: MeasurementFormData, agency_id: int | None = None) -> None:
        super().__init__()
        self.data = data
        self.indicator = data.indicator
        self.agency_id = agency_id
        self._saving = False

    def compose(self) -> ComposeResult:
        ind = self.indicator
        agencies = [(Text("(không ghi cơ quan)"), NO_AGENCY)] + [
            (Text(a.name), a.id) for a in self.data.agencies
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
                Input(
                    format_date(self.session.today),
                    id="date",
                    compact=True,
                    placeholder="dd/mm/yyyy",
                ),
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
            yield field_row("Người ghi", Input(self.data.default_by, id="by", compact=True), "by")
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

    @action("ctrl+s", "Lưu", "Lưu số liệu đo")
    def action_save(self) -> None:
        if self._saving:
            return
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
        period = self.query_one("#period", Input).value
        source = self.query_one("#source", Input).value
        by = self.query_one("#by", Input).value
        self._saving = True
        self.run_worker(
            self._record(
                lambda: self.session.record_measurement(
                    self.indicator.id,
                    value=values["value"],
                    on=values["on"],
                    period=period,
                    agency=None if agency in (NO_AGENCY, Select.BLANK) else int(str(agency)),
                    source=source,
                    by=by,
                )
            ),
            group="save",
        )

    async def _record(self, record) -> None:
        """Save in a thread; close with the new id, or show why not."""
        try:
            measurement_id = await self.in_thread(record)
        except UserError as error:
            self.show_user_error(error)
            return
        finally:
            self._saving = False
        self.dismiss(measurement_id)
