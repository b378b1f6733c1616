"""At start, when the data file is missing (or empty) beside copies of
earlier data, or a restore was cut short: a small screen that offers to
restore the newest copy, instead of the app starting on nothing."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from cchc_tui.tui.widgets.styles import shown


class RestoreOffer(App[bool]):
    """Says what was found and asks; exits True to restore ``copy``."""

    TITLE = "Theo dõi nhiệm vụ CCHC"
    CSS = """
    Screen { align: center middle; }
    #offer { width: 90; max-width: 100%; height: auto; border: round $warning; padding: 1 2; }
    #buttons { height: auto; margin-top: 1; }
    Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("k", "restore", "Khôi phục", tooltip="Khôi phục từ bản sao mới nhất"),
        Binding("escape,q", "quit_app", "Thoát", tooltip="Thoát, không làm gì"),
    ]

    def __init__(self, message: str, copy: Path) -> None:
        super().__init__()
        self.message = message
        self.copy = copy

    def compose(self) -> ComposeResult:
        with Vertical(id="offer"):
            yield Static(Text("Không mở được dữ liệu", style="bold"))
            yield Static(Text(shown(self.message)))
            yield Static(
                Text(
                    f"\nKhôi phục từ {shown(str(self.copy))}? Những gì đang có được giữ "
                    "lại nguyên trạng bên cạnh."
                )
            )
            with Horizontal(id="buttons"):
                yield Button("Khôi phục (k)", variant="primary", id="restore", compact=True)
                yield Button("Thoát (esc)", id="quit", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#restore", Button).focus()

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        self.exit(True)

    @on(Button.Pressed, "#quit")
    def action_quit_app(self) -> None:
        self.exit(False)
