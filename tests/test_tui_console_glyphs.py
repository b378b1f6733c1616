"""On the legacy Windows console the app draws only glyphs its font
(Consolas) has: the box lines and blocks of code page 437 and the
punctuation of the Windows code pages. Checked on the screens a clerk opens,
as Textual renders them."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from textual.scrollbar import ScrollBar, ScrollBarRender

from cchc_tui.session import Session
from cchc_tui.tui import windows_console as wc
from cchc_tui.tui.app import CchcApp

# Windows Glyph List 4 shapes that no code page codec lists (cp437's 0x10-0x1F)
_WGL4_EXTRA = set("▲▼►◄■□▪▫●○◘◙◦↑↓→←↔↕")


def consolas_has(ch: str) -> bool:
    """Letters, digits and combining marks (Vietnamese included), ASCII, and
    the symbols of code page 437 (box lines, half blocks) and 1252/1258."""
    if ch.isascii() or unicodedata.category(ch)[0] in "LMN":
        return True
    if ch in _WGL4_EXTRA:
        return True
    for codec in ("cp437", "cp1252", "cp1258"):
        try:
            ch.encode(codec)
            return True
        except UnicodeEncodeError:
            pass
    return False


def screen_glyphs(app) -> set[str]:
    svg = app.export_screenshot()
    text = html.unescape(" ".join(re.findall(r">([^<]*)<", svg)))
    return {ch for ch in text if not ch.isspace()}


def test_the_font_check_knows_what_consolas_lacks():
    for ch in "─│┌┐└┘═║▀▄█▌▐░▼…—“”•≤≥ệĐ":
        assert consolas_has(ch), ch
    for ch in "╭╮╰╯▁▂▃▅▆▇▉▊▋▍▎▏▔━┃🔎":
        assert not consolas_has(ch), ch


@pytest.mark.parametrize(
    ("platform", "environ", "legacy"),
    [
        ("win32", {}, True),  # conhost, Windows 10's default
        ("win32", {"WT_SESSION": "0b6f…"}, False),  # Windows Terminal
        ("win32", {"TERM_PROGRAM": "vscode"}, False),
        ("win32", {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, False),  # serve
        ("linux", {}, False),
        ("darwin", {}, False),
    ],
)
def test_is_legacy_console(platform, environ, legacy):
    assert wc.is_legacy_console(platform, environ) is legacy


def test_console_scrollbars_use_only_console_glyphs():
    bars = wc.ConsoleScrollBarRender
    assert len(bars.VERTICAL_BARS) == len(ScrollBarRender.VERTICAL_BARS)
    assert len(bars.HORIZONTAL_BARS) == len(ScrollBarRender.HORIZONTAL_BARS)
    assert all(consolas_has(ch) for ch in bars.VERTICAL_BARS + bars.HORIZONTAL_BARS)
    assert not all(consolas_has(ch) for ch in ScrollBarRender.VERTICAL_BARS)  # Textual's own
    for vertical in (True, False):
        for position in range(0, 81, 3):
            segments = bars.render_bar(
                size=20, virtual_size=100, window_size=23, position=position, vertical=vertical
            )
            drawn = "".join(segment.text for segment in segments.segments)
            assert all(consolas_has(ch) for ch in drawn), drawn


def test_console_glyphs_apply_only_inside_and_only_on_the_legacy_console(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    with wc.console_glyphs(app, legacy=False) as applied:
        assert not applied and ScrollBar.renderer is ScrollBarRender
    with wc.console_glyphs(app, legacy=True) as applied:
        assert applied and ScrollBar.renderer is wc.ConsoleScrollBarRender
        assert app.has_class(wc.LEGACY_CONSOLE_CLASS)
    assert ScrollBar.renderer is ScrollBarRender


SCREENS = [
    ("main", []),
    ("filter", ["f"]),
    ("export", ["x"]),
    ("progress", ["down", "u"]),
    ("directive", ["enter"]),  # scrolls: the scrollbar's thumb ends
    ("help", ["question_mark"]),
    ("agencies", ["a"]),
    ("indicators", ["i"]),
    ("palette", ["ctrl+p"]),
    ("new directive", ["n"]),
]


async def _glyphs_by_screen(app, screens=SCREENS) -> dict[str, set[str]]:
    seen = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for name, keys in screens:
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen[name] = screen_glyphs(app)
            for _ in range(3):  # back to the main screen
                if app.screen is app.main_screen:
                    break
                await pilot.press("escape")
                await pilot.pause()
            assert app.screen is app.main_screen, f"{name}: {app.screen_stack}"
    return seen


async def test_legacy_console_screens_use_only_consolas_glyphs(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    with wc.console_glyphs(app, legacy=True):
        seen = await _glyphs_by_screen(app)
    assert set(seen) == {name for name, _ in SCREENS}
    missing = {
        name: "".join(sorted(ch for ch in glyphs if not consolas_has(ch)))
        for name, glyphs in seen.items()
    }
    assert missing == {name: "" for name in seen}
    assert {"┌", "│"} <= seen["filter"]  # the plain borders are there


async def test_other_terminals_keep_textuals_glyphs_but_no_rounded_corners(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    seen = await _glyphs_by_screen(app, [s for s in SCREENS if s[0] in ("filter", "new directive")])
    assert not set("╭╮╰╯") & set().union(*seen.values())  # app.tcss: plain borders
    assert set("▊▎") & seen["new directive"]  # Textual's "tall" input borders stay here
