"""Writing to the console: UTF-8 streams and one-line error messages.
Light on imports: the quick TUI start uses it too."""

from __future__ import annotations

import io
import sys
import traceback
import unicodedata


def utf8_streams() -> None:
    """Vietnamese on consoles whose default code page is not UTF-8 (cmd.exe)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in (
            "utf-8",
            "utf8",
        ):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


def one_line(exc: BaseException) -> str:
    """The message on one line: line breaks and control characters the user
    typed (echoed in the message) become spaces, and no escape sequence
    reaches the terminal."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in str(exc))


def report_unexpected(exc: BaseException, debug: bool, err) -> None:
    """A bug or an OS problem: one line, or the traceback with --debug."""
    if debug:
        traceback.print_exception(exc, file=err)
    else:
        err.write(
            f"Lỗi: {type(exc).__name__}: {one_line(exc)} (chạy lại với --debug để xem chi tiết)\n"
        )
