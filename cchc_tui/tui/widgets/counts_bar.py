"""The line of counts by timeliness (a partition of the matching rows)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from cchc_tui.domain.status import TIMELINESS_ORDER, Timeliness
from cchc_tui.tui.widgets.styles import TIMELINESS_STYLE


class CountsBar(Static):
    """ "7 nhiệm vụ: Quá hạn 2 · Sắp đến hạn 0 · …" — they add up to the total."""

    def show_counts(self, counts: dict[Timeliness, int]) -> None:
        self.counts = dict(counts)
        total = sum(counts.values())
        text = Text()
        text.append(f"{total} nhiệm vụ", style="bold")
        text.append(": ")
        for i, tl in enumerate(TIMELINESS_ORDER):
            if i:
                text.append(" · ", style="dim")
            n = counts.get(tl, 0)
            text.append(f"{tl.label} ", style="" if n else "dim")
            text.append(str(n), style=(TIMELINESS_STYLE[tl] or "bold") if n else "dim")
        self.update(text)
