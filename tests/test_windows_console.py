"""QuickEdit off for the app's lifetime in the Windows console: the mode
arithmetic, and the calls against a fake kernel32 that behaves like conhost."""

from __future__ import annotations

import pytest

from cchc_tui.tui import windows_console as wc
from cchc_tui.tui.windows_console import (
    ENABLE_EXTENDED_FLAGS,
    ENABLE_QUICK_EDIT_MODE,
    quick_edit_disabled,
    restoring,
    without_quick_edit,
)

ENABLE_INSERT_MODE = 0x0020
ENABLE_VIRTUAL_TERMINAL_INPUT = 0x0200
WINDOWS10_DEFAULT = 0x01F7  # what conhost reports for a new cmd.exe window


class FakeConsole:
    """kernel32 as conhost answers it: the QuickEdit and insert bits change
    only when ENABLE_EXTENDED_FLAGS is in the new mode."""

    def __init__(self, mode: int = WINDOWS10_DEFAULT, console: bool = True):
        self.mode = mode
        self.console = console
        self.set_calls: list[int] = []

    def GetStdHandle(self, which):  # noqa: N802 (the Windows API's names)
        assert which == wc.STD_INPUT_HANDLE
        return 42

    def GetConsoleMode(self, handle, mode_pointer):  # noqa: N802
        assert handle == 42
        if not self.console:
            return 0  # redirected input: not a console handle
        mode_pointer.contents.value = self.mode
        return 1

    def SetConsoleMode(self, handle, mode):  # noqa: N802
        assert handle == 42
        self.set_calls.append(mode)
        extended = ENABLE_QUICK_EDIT_MODE | ENABLE_INSERT_MODE
        if mode & ENABLE_EXTENDED_FLAGS:
            self.mode = mode
        else:
            self.mode = (mode & ~extended) | (self.mode & extended)
        return 1

    @property
    def quick_edit(self) -> bool:
        return bool(self.mode & ENABLE_QUICK_EDIT_MODE)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (0x01F7, 0x01B7),  # Windows 10 default: only QuickEdit goes
        (0x0040, 0x0080),  # QuickEdit alone: the extended flags bit is needed
        (0x0087, 0x0087),  # already off: unchanged
        (0x0000, 0x0080),
    ],
)
def test_without_quick_edit(mode, expected):
    assert without_quick_edit(mode) == expected
    assert not without_quick_edit(mode) & ENABLE_QUICK_EDIT_MODE
    assert without_quick_edit(mode) & ENABLE_EXTENDED_FLAGS
    # every other bit the user had is kept
    others = ~(ENABLE_QUICK_EDIT_MODE | ENABLE_EXTENDED_FLAGS)
    assert without_quick_edit(mode) & others == mode & others


@pytest.mark.parametrize(
    ("original", "expected"),
    [(0x01F7, 0x01F7), (0x0040, 0x00C0), (0x0087, 0x0087), (0x0007, 0x0007)],
)
def test_restoring_puts_quick_edit_back_only_if_it_was_on(original, expected):
    assert restoring(original) == expected


def test_quick_edit_is_off_inside_and_back_after():
    console = FakeConsole()
    with quick_edit_disabled(console) as changed:
        assert changed
        assert not console.quick_edit
        # Textual's driver then sets its own input mode, without the extended flags
        console.SetConsoleMode(42, ENABLE_VIRTUAL_TERMINAL_INPUT)
        assert not console.quick_edit  # a click no longer freezes the app
    assert console.quick_edit
    assert console.set_calls[0] == WINDOWS10_DEFAULT & ~ENABLE_QUICK_EDIT_MODE
    assert console.set_calls[-1] == WINDOWS10_DEFAULT
    assert console.mode == WINDOWS10_DEFAULT


def test_the_mode_comes_back_after_an_error():
    console = FakeConsole()
    with pytest.raises(RuntimeError), quick_edit_disabled(console):
        raise RuntimeError("the app crashed")
    assert console.quick_edit and console.mode == WINDOWS10_DEFAULT


def test_nothing_is_set_when_quick_edit_is_already_off():
    console = FakeConsole(mode=WINDOWS10_DEFAULT & ~ENABLE_QUICK_EDIT_MODE)
    with quick_edit_disabled(console) as changed:
        assert not changed
    assert console.set_calls == []


def test_nothing_is_set_when_input_is_not_a_console():
    console = FakeConsole(console=False)
    with quick_edit_disabled(console) as changed:
        assert not changed
    assert console.set_calls == []


def test_off_windows_it_does_nothing(monkeypatch):
    assert wc._kernel32("linux") is None
    assert wc._kernel32("darwin") is None
    monkeypatch.setattr(wc, "_kernel32", lambda: None)
    with quick_edit_disabled() as changed:
        assert not changed


def test_run_app_runs_the_app_with_quick_edit_off(monkeypatch, db_path, today):
    from cchc_tui.tui import app as tui_app

    console = FakeConsole()
    monkeypatch.setattr(wc, "_kernel32", lambda: console)
    seen = []

    def fake_run(self):
        seen.append(console.quick_edit)
        return 0

    monkeypatch.setattr(tui_app.CchcApp, "run", fake_run)
    assert tui_app.run_app(db_path, today) == 0
    assert seen == [False]  # off while the app ran
    assert console.quick_edit  # and on again after
