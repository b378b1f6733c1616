"""Settings (palette "Cài đặt"): organisation, place, signer, user, due-soon days."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from cchc_tui.domain.errors import UserError
from cchc_tui.services.settings import SETTINGS, get_settings, set_setting, user_name
from cchc_tui.tui.widgets.form import field_row


class SettingsScreen(ModalScreen[bool]):
    """One field per setting; ``ctrl+s`` saves the changed ones (each is
    recorded), errors beside the field. Dismisses with whether any changed."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="save_settings", tooltip="Lưu cài đặt"),
        Binding("escape", "cancel", "Hủy", id="cancel_settings", tooltip="Đóng, không lưu"),
    ]

    def compose(self) -> ComposeResult:
        values = get_settings(self.app.store)
        with Vertical(classes="dialog form", id="settings-form"):
            yield Static(Text("Cài đặt", style="bold"), classes="title")
            with VerticalScroll(id="settings-fields"):
                for spec in SETTINGS:
                    if spec.kind == "multiline":
                        widget = TextArea(values[spec.key], id=spec.key, classes="multiline")
                    else:
                        widget = Input(
                            values[spec.key], id=spec.key, compact=True, placeholder=spec.help
                        )
                    widget.tooltip = spec.help
                    yield field_row(spec.label, widget, spec.key)
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{SETTINGS[0].key}").focus()

    def _value(self, key: str) -> str:
        widget = self.query_one(f"#{key}")
        return widget.text if isinstance(widget, TextArea) else widget.value

    def action_save(self) -> None:
        store = self.app.store
        current = get_settings(store)
        by = user_name(store)
        changed, failed = False, False
        for spec in SETTINGS:
            message = self.query_one(f"#{spec.key}-error", Static)
            message.update("")
            message.remove_class("shown")
            value = self._value(spec.key)
            if value == current[spec.key]:
                continue
            try:
                set_setting(
                    store,
                    spec.key,
                    value.replace("\n", "\\n") if spec.kind == "multiline" else value,
                    by=by,
                )
                changed = True
            except UserError as error:
                message.update(Text(error.message))
                message.add_class("shown")
                failed = True
        if not failed:
            if changed:
                self.app.notify("Đã lưu", title="Cài đặt")
            self.dismiss(changed)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
