"""A bare Textual app (a Header, a Static and a Footer): the baseline that
the benchmark starts side by side with the real app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """Nothing but Textual itself: what any app pays to start."""

    TITLE = "Theo dõi nhiệm vụ CCHC"
    BINDINGS = [("q", "quit", "Thoát")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Sẵn sàng.", id="body")
        yield Footer()


def run_bare() -> None:
    """Run the bare app in the terminal (for timing first paint by hand)."""
    BareApp().run()


if __name__ == "__main__":
    run_bare()
