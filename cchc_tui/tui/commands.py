"""Command palette: the app's actions by Vietnamese name (accent-insensitive)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from cchc_tui.domain.text import fold

PALETTE_PLACEHOLDER = "Gõ tên lệnh (không dấu cũng được)…"
NO_MATCH = "Không có lệnh phù hợp"
"""Said in the list when nothing matches (instead of Textual's English)."""


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry: a Vietnamese name, the app action it runs, help."""

    name: str
    action: str
    help: str = ""


class ActionCommands(Provider):
    """Offers ``app.PALETTE_COMMANDS``; "cap nhat" finds "Cập nhật tiến độ"."""

    def _commands(self) -> list[PaletteCommand]:
        return [
            c
            for c in getattr(self.app, "PALETTE_COMMANDS", [])
            if self.app.check_action(c.action, ()) is not False
        ]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, self._runner(command), help=command.help)

    async def search(self, query: str) -> Hits:
        words = fold(query).split()
        matcher = self.matcher(query)
        found = False
        for command in self._commands():
            key = fold(command.name + " " + command.help)
            if all(w in key for w in words):
                found = True
                score = 1.0 if fold(command.name).startswith(fold(query)) else 0.5
                yield Hit(
                    score, command.name, self._runner(command), text=command.name, help=command.help
                )
            elif (score := matcher.match(command.name)) > 0:
                found = True
                yield Hit(
                    score * 0.4,
                    matcher.highlight(command.name),
                    self._runner(command),
                    text=command.name,
                    help=command.help,
                )
        if not found and words:
            # Textual's own line is English and cannot be changed; a hit that
            # does nothing (chosen, it just closes the palette) says it instead
            yield Hit(0.0, Text(NO_MATCH, style="dim italic"), _nothing, text=NO_MATCH)

    def _runner(self, command: PaletteCommand):
        async def run() -> None:
            await self.app.run_action(command.action)

        return run


async def _nothing() -> None:
    """The command of the "no match" line."""
