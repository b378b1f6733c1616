"""The rows behind a virtual table: how many match, and the pages of them
loaded so far (no Textual here: the table widget paints what this holds)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from cchc_tui.services.directives import DirectiveRow

MAX_PAGES = 20
"""Pages kept loaded; the ones farthest from what is shown are dropped."""
ASK_AGAIN_AFTER = 5.0
"""Seconds after which a page asked for and not received is asked again."""


class RowPages:
    """``count`` rows, of which the pages in ``pages`` are loaded. A page
    holds ``page_size`` rows (fewer at the end) and starts at a multiple of
    ``page_size``."""

    def __init__(self, page_size: int) -> None:
        self.page_size = page_size
        self.count = 0
        """Rows matching: exact when ``count_is_exact``, else a lower bound."""
        self.count_is_exact = True
        self.pages: dict[int, list[DirectiveRow]] = {}
        """Loaded pages by the position of their first row."""
        self.asked: dict[int, float] = {}
        """Pages asked for and not received, with when they were asked."""

    def replace(self, first_page: list[DirectiveRow], has_more: bool, at_least: int = 0) -> None:
        """Forget every row; ``first_page`` is the new page 0. With
        ``has_more`` the exact count comes later (``set_count``): until then
        the count is one more than the page, or ``at_least``."""
        first_page = first_page[: self.page_size]
        self.pages = {0: first_page} if first_page else {}
        self.asked.clear()
        if has_more:
            self.count = max(len(first_page) + 1, at_least)
            self.count_is_exact = False
        else:
            self.count = len(first_page)
            self.count_is_exact = True

    def add(self, offset: int, rows: list[DirectiveRow]) -> None:
        """The rows read at ``offset``. A short page ends the rows there
        (some were removed since they were counted)."""
        self.asked.pop(offset, None)
        rows = rows[: self.page_size]
        self.pages[offset] = rows
        if len(rows) < self.page_size and offset + len(rows) < self.count:
            self.count = offset + len(rows)

    def set_count(self, count: int) -> None:
        """The exact number of rows matching."""
        self.count = count
        self.count_is_exact = True
        self.pages = {offset: rows for offset, rows in self.pages.items() if offset < count}

    def page_of(self, index: int) -> int:
        return index - index % self.page_size

    def row_at(self, index: int) -> DirectiveRow | None:
        """The row at ``index``; None when out of range or not loaded."""
        if not 0 <= index < self.count:
            return None
        page = self.pages.get(self.page_of(index))
        position = index % self.page_size
        return page[position] if page is not None and position < len(page) else None

    def loaded(self) -> list[DirectiveRow]:
        """The loaded rows, in display order."""
        return [row for offset in sorted(self.pages) for row in self.pages[offset]]

    def number_width(self) -> int:
        """Digits of the largest directive number loaded (3 at least)."""
        return max([3, *(len(str(r.number)) for rows in self.pages.values() for r in rows)])

    def to_ask(self, first: int, last: int) -> list[int]:
        """Pages holding rows ``first`` to ``last`` that are neither loaded
        nor asked for recently; they count as asked from now on."""
        first, last = max(first, 0), min(last, self.count - 1)
        now = time.monotonic()
        wanted = []
        for offset in range(self.page_of(first), last + 1, self.page_size):
            asked = self.asked.get(offset)
            if offset not in self.pages and (asked is None or now - asked > ASK_AGAIN_AFTER):
                self.asked[offset] = now
                wanted.append(offset)
        return wanted

    def drop_far(self, keep: Iterable[int], middle: int) -> None:
        """Keep at most MAX_PAGES pages: those holding the rows ``keep``, then
        those nearest to row ``middle``."""
        kept = {self.page_of(i) for i in keep} & set(self.pages)
        others = sorted(
            (offset for offset in self.pages if offset not in kept),
            key=lambda offset: abs(offset + self.page_size // 2 - middle),
        )
        for offset in others[max(MAX_PAGES - len(kept), 0) :]:
            del self.pages[offset]
