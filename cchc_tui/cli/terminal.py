"""Writing to the console: UTF-8 streams and one-line error messages.
Light on imports: the quick TUI start uses it too."""

from __future__ import annotations

import errno
import io
import sys
import traceback


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


def one_line(exc: BaseException | str) -> str:
    """The message on one line: line breaks and control characters the user
    typed (echoed in the message) become spaces, and no escape sequence
    reaches the terminal."""
    from cchc_tui.domain.text import visible

    flat = "".join(" " if ch in "\r\n\t" else ch for ch in str(exc))
    return visible(flat)


def report_unexpected(exc: BaseException, debug: bool, err) -> None:
    """A bug or an OS problem: one line, or the traceback with --debug."""
    if debug:
        traceback.print_exception(exc, file=err)
    else:
        err.write(
            f"Lỗi: {type(exc).__name__}: {one_line(exc)} (chạy lại với --debug để xem chi tiết)\n"
        )


def os_problem(exc: OSError) -> str:
    """What the operating system refused, in Vietnamese, with what to do."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"Ổ đĩa đầy{where}: chưa ghi được gì. Hãy giải phóng chỗ trống rồi thử lại."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Không có quyền ghi hoặc đọc{where}; tệp có thể đang mở trong chương trình khác "
            "(Word, Excel) hoặc thư mục chỉ đọc."
        )
    if exc.errno == errno.ENOENT:
        return f"Không tìm thấy tệp hoặc thư mục{where}."
    if exc.errno == errno.EROFS:
        return f"Ổ đĩa chỉ đọc{where}: không ghi được."
    return f"Lỗi đọc/ghi tệp{where}: {one_line(exc.strerror or exc)}."


class VisibleStream:
    """A text stream to the terminal on which control characters and escape
    sequences in what is written (a note, a notice's text, a file name) are
    shown as symbols, never obeyed; the CR of a CR LF line end is kept."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from cchc_tui.domain.text import visible

        return self.stream.write("\r\n".join(visible(part) for part in text.split("\r\n")))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)
