"""#12 item 10 in the TUI: user text holding terminal escape sequences is
shown as visible symbols, never sent to the terminal as it is."""

from __future__ import annotations

from conftest import run_cli
from test_tui_support import SIZE, settle

from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.directive import DirectiveScreen
from cchc_tui.tui.widgets.detail_pane import DetailPane

HOSTILE = "Họp\x1b]0;pwned\x07 \x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J xong\x9b31m \u202eabc"
BAD = ("\x1b", "\x07", "\x9b", "\u202e")


def _lines(widget) -> str:
    """What the widget sends to the terminal, line by line."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    )


async def test_escape_sequences_in_a_note_are_shown_not_obeyed(fresh_store, today, db_path):
    assert run_cli(db_path, "update", "3", "--progress", "20", "--note", HOSTILE)[0] == 0
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
        await settle(app, pilot)
        pane = _lines(app.main_screen.query_one(DetailPane))
        assert "␛]0;pwned" in pane
        assert not any(bad in pane for bad in BAD)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectiveScreen)
        body = app.screen.query_one("#directive-text")
        text = _lines(body)
        assert "␛[2J" in text and "<U+202E>" in text
        assert not any(bad in text for bad in BAD)
