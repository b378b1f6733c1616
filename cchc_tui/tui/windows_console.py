"""The Windows console around the running app (``prepared(app)`` in run_app).

- QuickEdit off. In the legacy console (conhost, the default on Windows 10)
  QuickEdit is on by default: a mouse click starts a text selection and the
  console stops delivering input and output until Esc, so the app looks
  frozen (Textual #6295). Textual sets the input mode without
  ENABLE_EXTENDED_FLAGS, which leaves QuickEdit as it was.
  ``quick_edit_disabled()`` clears it for the app's lifetime and puts the
  user's console mode back afterwards.
- Glyphs the console font has. Consolas, the legacy console's font, has the
  single and double box lines and the half blocks of code page 437, not the
  eighth blocks (▁▂▃▅▆▇▉▊▋▍▎▏▔) of Textual's scrollbars and "tall" borders,
  nor the rounded corners: those show as boxes. On the legacy console the app
  gets the class ``-legacy-console`` (single-line borders in app.tcss) and
  scrollbars drawn with half and full blocks only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from textual.scrollbar import ScrollBar, ScrollBarRender

LEGACY_CONSOLE_CLASS = "-legacy-console"

STD_INPUT_HANDLE = -10
ENABLE_QUICK_EDIT_MODE = 0x0040
ENABLE_EXTENDED_FLAGS = 0x0080  # needed for SetConsoleMode to change QuickEdit at all


def without_quick_edit(mode: int) -> int:
    """The input mode with QuickEdit off: the extended flags bit set (else
    the console ignores the QuickEdit bit) and the QuickEdit bit cleared."""
    return (mode | ENABLE_EXTENDED_FLAGS) & ~ENABLE_QUICK_EDIT_MODE


def restoring(original: int) -> int:
    """The mode that puts ``original`` back, QuickEdit included: a QuickEdit
    bit counts only together with the extended flags bit."""
    if original & ENABLE_QUICK_EDIT_MODE:
        return original | ENABLE_EXTENDED_FLAGS
    return original


def _kernel32(platform: str = sys.platform):
    """The console API on Windows, else None."""
    if platform != "win32":
        return None
    import ctypes

    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows only: checked above


@contextmanager
def quick_edit_disabled(kernel32=None) -> Iterator[bool]:
    """QuickEdit off inside the block, the original mode back after it.
    Yields whether the mode was changed; does nothing off Windows, or when
    the input is not a console (redirected, browser mode)."""
    kernel32 = kernel32 or _kernel32()
    if kernel32 is None:
        yield False
        return
    import ctypes

    handle = kernel32.GetStdHandle(STD_INPUT_HANDLE)
    mode = ctypes.c_uint32(0)
    original = None
    if kernel32.GetConsoleMode(handle, ctypes.pointer(mode)):
        wanted = without_quick_edit(mode.value)
        if wanted != mode.value and kernel32.SetConsoleMode(handle, wanted):
            original = mode.value
    try:
        yield original is not None
    finally:
        if original is not None:
            kernel32.SetConsoleMode(handle, restoring(original))


# -- glyphs --------------------------------------------------------------------


def is_legacy_console(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> bool:
    """Windows without a modern terminal: Windows Terminal sets WT_SESSION,
    VS Code and others TERM_PROGRAM; conhost sets neither. An app drawn by
    another driver (textual-serve's web driver: TEXTUAL_DRIVER) is not on
    the console at all."""
    if platform != "win32":
        return False
    modern = ("WT_SESSION", "TERM_PROGRAM", "TEXTUAL_DRIVER")
    return not any(environ.get(name) for name in modern)


class ConsoleScrollBarRender(ScrollBarRender):
    """Scrollbars whose thumb ends use only blocks the console fonts have:
    each eighth block becomes the nearest of blank, half and full."""

    # lower 1/8 … 7/8, then blank (see ScrollBarRender.VERTICAL_BARS)
    VERTICAL_BARS = [" ", " ", "▄", "▄", "▄", "█", "█", " "]
    # left 7/8 … 1/8, then blank (see ScrollBarRender.HORIZONTAL_BARS)
    HORIZONTAL_BARS = ["█", "█", "▌", "▌", "▌", " ", " ", " "]


@contextmanager
def console_glyphs(app, legacy: bool | None = None) -> Iterator[bool]:
    """On the legacy console, the app's plain glyph set inside the block.
    Yields whether it applies."""
    if legacy is None:
        legacy = is_legacy_console()
    if not legacy:
        yield False
        return
    previous = ScrollBar.renderer
    ScrollBar.renderer = ConsoleScrollBarRender
    app.add_class(LEGACY_CONSOLE_CLASS)
    try:
        yield True
    finally:
        ScrollBar.renderer = previous


@contextmanager
def prepared(app) -> Iterator[None]:
    """Everything the Windows console needs around ``app.run()``."""
    with console_glyphs(app), quick_edit_disabled():
        yield
