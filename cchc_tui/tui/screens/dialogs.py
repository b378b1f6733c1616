"""Small modal dialogs: confirm, ask for a reason, ask for one line of text."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppModal


class ConfirmDialog(AppModal[bool]):
    """A yes/no question; dismisses with True or False."""

    def __init__(self, question: str, yes_label: str = "Đồng ý", no_label: str = "Hủy") -> None:
        super().__init__()
        self.question = question
        self.yes_label, self.no_label = yes_label, no_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, variant="primary", id="yes", compact=True)
                yield Button(self.no_label, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    @action("y", "Đồng ý", "Đồng ý")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    @action("escape", "Hủy", "Đóng, không làm gì")
    def action_cancel(self) -> None:
        self.dismiss(False)


class TextDialog(AppModal[str | None]):
    """Ask for one line of text (a name, a reason); None when cancelled.
    ``required`` refuses an empty answer with a message beside the field."""

    def __init__(
        self,
        question: str,
        label: str,
        value: str = "",
        *,
        required: bool = True,
        ok_label: str = "Đồng ý",
        empty_message: str = "Chưa nhập nội dung.",
    ) -> None:
        super().__init__()
        self.question, self.label, self.value = question, label, value
        self.required, self.ok_label, self.empty_message = required, ok_label, empty_message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            yield Label(self.label)
            yield Input(self.value, id="answer")
            yield Static("", id="answer-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.ok_label, variant="primary", id="ok", compact=True)
                yield Button("Hủy", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#ok")
    @action("ctrl+s", "Lưu", "Xác nhận")
    def action_submit(self) -> None:
        answer = self.query_one("#answer", Input).value.strip()
        if self.required and not answer:
            error = self.query_one("#answer-error", Static)
            error.update(Text(self.empty_message))
            error.add_class("shown")  # .error is hidden until it has something to say
            return
        self.dismiss(answer)

    @on(Button.Pressed, "#cancel")
    @action("escape", "Hủy", "Đóng, không làm gì")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonDialog(TextDialog):
    """Confirm a retraction and ask why (the reason is recorded)."""

    def __init__(self, question: str) -> None:
        super().__init__(
            question,
            "Lý do rút lại (bắt buộc):",
            ok_label="Rút lại",
            empty_message="Cần ghi lý do rút lại.",
        )
