"""What the modal forms share: labelled fields with an error line each, the
save / cancel / error-showing behaviour, and asking before ``escape``
throws away what was typed."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual import events, on
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from cchc_tui.domain.errors import UserError
from cchc_tui.tui.base import AppModal

T = TypeVar("T")

EDITABLE = (Input, TextArea, Select, Checkbox, SelectionList)


def field_row(label: str, widget: Widget, name: str) -> Vertical:
    """A labelled field with its (hidden until needed) error line."""
    return Vertical(
        Horizontal(Label(label, classes="field-label", markup=False), widget, classes="field-row"),
        Static("", id=f"{name}-error", classes="error"),
        classes="field",
    )


def _value(widget: Widget) -> object:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, SelectionList):
        values = (widget.get_option_at_index(i).value for i in range(widget.option_count))
        return (tuple(values), tuple(widget.selected))
    return getattr(widget, "value", None)


class FormScreen(AppModal[T]):
    """A modal form: ``#save`` runs ``action_save``, ``#cancel`` and escape
    run ``action_cancel``, which asks first when something was typed; errors
    show beside their field, or in ``#form-error`` when no field has one."""

    FIELD_WIDGETS: dict[str, str] = {}
    """Field named by a service error -> the widget it is shown beside."""

    _initial: dict[str, object] | None = None

    @on(events.Mount)
    def _remember_fields(self) -> None:
        # after the form's own on_mount has filled its fields
        self.call_after_refresh(self.remember_fields)

    def remember_fields(self) -> None:
        """Take the fields as they are now as "nothing typed" (also after a reload)."""
        self._initial = self._fields()

    def _fields(self) -> dict[str, object]:
        return {w.id: _value(w) for w in self.query("*") if isinstance(w, EDITABLE) and w.id}

    def has_typed_content(self) -> bool:
        """Whether any field differs from how the form opened."""
        if self._initial is None:
            return False
        now = self._fields()
        return any(now.get(key) != value for key, value in self._initial.items())

    def _set_error(self, name: str, message: str) -> None:
        found = self.query(f"#{name}-error") or self.query("#form-error")
        target = found.first(Static)
        target.update(Text(message))
        target.set_class(bool(message), "shown")

    def show_user_error(self, error: UserError) -> None:
        """A refusal from the services, beside its field (focused)."""
        name = self.FIELD_WIDGETS.get(error.field or "", "form")
        self._set_error(name, error.message)
        if name != "form":
            self.query_one(f"#{name}").focus()

    def action_save(self) -> None:  # pragma: no cover - every form defines it
        raise NotImplementedError

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without saving — after asking, when something was typed."""
        if not self.has_typed_content():
            self.dismiss(None)
            return
        from cchc_tui.tui.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Bỏ những gì đã nhập trong mẫu này? Chưa có gì được lưu.",
                yes_label="Bỏ, đóng mẫu",
                no_label="Nhập tiếp",
            ),
            answered,
        )
