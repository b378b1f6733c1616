"""Shared helpers for the TUI tests (imported by tests/test_tui_*.py)."""

from __future__ import annotations

from cchc_tui.tui.app import CchcApp

SIZE = (100, 32)


async def settle(app, pilot) -> None:
    """Let workers finish and their messages land."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type text key by key (spaces included)."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def table_ids(app: CchcApp) -> list[int]:
    """Directive ids in the table, top to bottom."""
    return [r.id for r in app.main_screen.query_one("#directives").directive_rows]


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def shown(widget) -> str:
    """The plain text a Static-like widget shows."""
    visual = widget.render()
    if hasattr(visual, "plain"):
        return visual.plain
    from io import StringIO

    from rich.console import Console

    console = Console(width=200, record=True, file=StringIO())
    console.print(getattr(visual, "_renderable", visual))
    return console.export_text()
