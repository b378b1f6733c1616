"""Colours and small renderings shared by screens (state, progress)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from cchc_tui.domain.status import Timeliness
from cchc_tui.domain.text import visible

# overdue red, due soon amber, done green; the rest plain
TIMELINESS_STYLE = {
    Timeliness.OVERDUE: "bold red",
    Timeliness.DUE_SOON: "bold dark_orange",
    Timeliness.DONE_ON_TIME: "green",
    Timeliness.DONE_LATE: "dark_green",
    Timeliness.ON_TRACK: "",
    Timeliness.NO_DEADLINE: "",
}


def state_text(label: str, tl: Timeliness) -> Text:
    """A state label in its timeliness colour (plain text, never markup)."""
    return Text(label, style=TIMELINESS_STYLE[tl])


def progress_text(percent: int, tl: Timeliness, bar_width: int = 10) -> Text:
    """ "██████░░░░  60%" (or just " 60%" when ``bar_width`` is 0)."""
    text = Text()
    if bar_width > 0:
        filled = round(percent * bar_width / 100)
        text.append("█" * filled, style=TIMELINESS_STYLE[tl] or "cyan")
        text.append("░" * (bar_width - filled), style="dim")
        text.append(" ")
    text.append(f"{percent:>3}%".rjust(4 if bar_width else 7))
    return text


def shown(text: str | None) -> str:
    """User text as the screen may show it: control characters and escape
    sequences (a notice pasted from anywhere may hold ``ESC ]0;…`` that would
    retitle the terminal, write the clipboard or clear it) and invisible
    direction marks become visible symbols. Textual passes them through."""
    return visible(text or "")


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` cells, ending with "…" when cut (user
    text made ``shown``). Cells are measured with rich (already loaded,
    cached), which keeps a table page quick to build."""
    line = " ".join(shown(text).split())
    if width <= 0:
        return ""
    if max(cell_len(line), len(line)) <= width:
        return line
    return set_cell_size(line, width - 1).rstrip() + "…"
