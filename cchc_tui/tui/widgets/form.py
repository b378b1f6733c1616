"""What the modal forms share: labelled fields with an error line each, and
the save / cancel / error-showing behaviour."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from cchc_tui.domain.errors import UserError


def field_row(label: str, widget: Widget, name: str) -> Vertical:
    """A labelled field with its (hidden until needed) error line."""
    return Vertical(
        Horizontal(Label(label, classes="field-label", markup=False), widget, classes="field-row"),
        Static("", id=f"{name}-error", classes="error"),
        classes="field",
    )


class FormScreen(ModalScreen[int | None]):
    """A modal form: ``#save`` runs ``action_save``, ``#cancel`` (and escape
    where bound) dismisses with None; errors show beside their field, or in
    ``#form-error`` when no field has one."""

    FIELD_WIDGETS: dict[str, str] = {}
    """Field named by a service error -> the widget it is shown beside."""

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
    def action_cancel(self) -> None:
        self.dismiss(None)
