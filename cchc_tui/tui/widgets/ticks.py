"""Check boxes that read at a glance: Textual draws an X in the box whether
ticked or not (dim or bright), which a clerk reads as "ticked". Here a
ticked box shows the X and an unticked one is empty; the box glyphs (half
blocks, code page 437) are on every console font."""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

TICKED, UNTICKED = "X", " "
"""What the box holds in each state."""

V = TypeVar("V")


class TickBox(Checkbox):
    """A check box whose box is empty while unticked."""

    def on_mount(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        super().watch_value()


class TickList(SelectionList[V]):
    """A selection list whose boxes are empty where the option is not chosen."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return line
        if self.get_option_at_index(index).value in self.selected:
            return line
        segments = list(line)
        if len(segments) < 3 or segments[1].text != self.BOX_INNER:
            return line
        segments[1] = Segment(UNTICKED, segments[1].style, segments[1].control)
        return Strip(segments, line.cell_length)

    BOX_INNER = Checkbox.BUTTON_INNER
    """The glyph Textual draws in every box (the one a tick-less box loses)."""
