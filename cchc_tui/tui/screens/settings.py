"""Settings (palette "Cài đặt"): organisation, place, signer, user, due-soon days."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static, TextArea

from cchc_tui.domain.errors import UserError
from cchc_tui.services.settings import SettingSpec, validate_setting
from cchc_tui.tui.base import AppModal
from cchc_tui.tui.widgets.form import field_row


class SettingsScreen(AppModal[bool]):
    """One field per setting; ``ctrl+s`` checks every changed one first
    (errors beside the field, nothing saved while one is wrong), then saves
    them in a worker (each is recorded). Dismisses with whether any changed."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="save_settings", tooltip="Lưu cài đặt"),
        Binding("escape", "cancel", "Hủy", id="cancel_settings", tooltip="Đóng, không lưu"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.specs: list[SettingSpec] = []
        self.values: dict[str, str] = {}
        """The values the fields were filled with (what a save compares to)."""
        self._saving = False

    def compose(self) -> ComposeResult:
        # a few rows by key, read on the UI thread's own connection like the
        # main screen's header, so that the fields are filled when shown
        self.specs = self.session.setting_specs()
        self.values = self.session.settings()
        with Vertical(classes="dialog form", id="settings-form"):
            yield Static(Text("Cài đặt", style="bold"), classes="title")
            with VerticalScroll(id="settings-fields"):
                for spec in self.specs:
                    widget: TextArea | Input
                    if spec.kind == "multiline":
                        widget = TextArea(self.values[spec.key], id=spec.key, classes="multiline")
                    else:
                        widget = Input(
                            self.values[spec.key], id=spec.key, compact=True, placeholder=spec.help
                        )
                    widget.tooltip = spec.help
                    yield field_row(spec.label, widget, spec.key)
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.specs[0].key}").focus()

    def _value(self, spec: SettingSpec) -> str:
        widget = self.query_one(f"#{spec.key}")
        if isinstance(widget, TextArea):
            return widget.text
        return self.query_one(f"#{spec.key}", Input).value

    def _show_error(self, key: str, message: str) -> None:
        widget = self.query_one(f"#{key}-error" if key else "#form-error", Static)
        widget.update(Text(message))
        widget.set_class(bool(message), "shown")

    def _changes(self) -> dict[str, str] | None:
        """The changed settings, every one checked; None (errors shown
        beside their fields) when one is wrong."""
        changes, failed = {}, False
        for spec in self.specs:
            self._show_error(spec.key, "")
            value = self._value(spec)
            if value == self.values[spec.key]:
                continue
            if spec.kind == "multiline":
                value = value.replace("\n", "\\n")  # how a multiline setting is given
            try:
                if validate_setting(spec.key, value) == self.values[spec.key]:
                    continue  # only spaces around it
            except UserError as error:
                self._show_error(spec.key, error.message)
                failed = True
                continue
            changes[spec.key] = value
        return None if failed else changes

    async def action_save(self) -> None:
        if self._saving:
            return
        changes = self._changes()
        if changes is None:
            return
        self._show_error("", "")
        if not changes:
            self.dismiss(False)
            return
        self._saving = True
        try:
            await self.in_thread(self._save, changes)
        except UserError as error:
            self._show_error("", error.message)
            return
        finally:
            self._saving = False
        self.app.notify("Đã lưu", title="Cài đặt")
        self.dismiss(True)

    def _save(self, changes: dict[str, str]) -> None:
        """In the worker: each changed setting (all were checked first)."""
        for key, value in changes.items():
            self.session.set_setting(key, value)

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
