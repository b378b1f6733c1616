"""Argument parsing, dispatch, and the exit-code contract."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from cchc_tui import __version__
from cchc_tui.cli import (
    agencies,
    backup,
    directives,
    doctor,
    export,
    import_notice,
    import_updates,
    indicator,
    init,
    serve,
    settings,
    users,
)
from cchc_tui.cli.context import Context, resolve_db_path, resolve_today
from cchc_tui.cli.terminal import (
    VisibleStream,
    one_line,
    os_problem,
    report_unexpected,
    utf8_streams,
)
from cchc_tui.domain.errors import DatabaseError, StaleWriteError, UserError

# Each module adds its subcommands with `register(subparsers)`.
COMMAND_MODULES = [
    init,
    directives,
    agencies,
    settings,
    backup,
    doctor,
    indicator,
    import_updates,
    export,
    import_notice,
    serve,
    users,
]

_TRANSLATIONS = [
    ("the following arguments are required:", "thiếu tham số bắt buộc:"),
    ("unrecognized arguments:", "tham số không nhận ra:"),
    ("invalid choice:", "lựa chọn không hợp lệ:"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "tham số "),
    ("invalid int value:", "không phải số nguyên:"),
]


# The command-line spelling of each field a UserError can name.
OPTION_NAMES = {
    "id": "ID",
    "update_id": "UPDATE_ID",
    "agency": "--agency",
    "status": "--status",
    "progress": "--progress",
    "date": "--date",
    "note": "--note",
    "evidence": "--evidence",
    "today": "--today",
    "notice": "--notice",
    "key": "KEY",
    "file": "FILE",
    "output": "-o",
    "by": "--by",
    "template": "--template",
    "group": "NHÓM",
    "member_of": "--member-of",
    "add": "--add",
    "remove": "--remove",
    "value": "--value",
    "source": "--source",
    "directive": "--directive",
    "measurement_id": "MEASUREMENT_ID",
    "indicator_name": "--name",
    "comparison": "--comparison",
    "target": "--target",
    "user": "TÊN",
    "role": "--role",
    "port": "--port",
}


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class VietnameseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        prefix = "Cách dùng: " if prefix is None else prefix
        return super().add_usage(usage, actions, groups, prefix)


GLOBAL_OPTIONS: list[tuple[str, dict]] = [
    ("--db", {"metavar": "PATH", "help": "tệp cơ sở dữ liệu (hoặc biến CCHC_DB)"}),
    (
        "--today",
        {"metavar": "DD/MM/YYYY", "help": "ngày dùng để xét thời hạn (hoặc CCHC_TODAY)"},
    ),
    ("--debug", {"action": "store_true", "help": "in đầy đủ lỗi khi có sự cố"}),
]
"""Options of every command, before or after its name."""


class VietnameseParser(argparse.ArgumentParser):
    """argparse in Vietnamese (help, headings, errors); errors become exit
    code 2 via an exception."""

    def __init__(self, *args, root: bool = False, **kwargs) -> None:
        kwargs.setdefault("formatter_class", VietnameseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
        if not root:
            # the global options are taken after the command too ("show 1 --today …");
            # given here they replace what came before the command
            for flag, options in GLOBAL_OPTIONS:
                self.add_argument(flag, default=argparse.SUPPRESS, **options)

    def error(self, message: str):  # noqa: D401 - argparse API
        for english, vietnamese in _TRANSLATIONS:
            message = message.replace(english, vietnamese)
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="cchc-tui",
        description="Theo dõi nhiệm vụ của Ban Chỉ đạo cải cách hành chính. "
        "Không có lệnh: mở giao diện.",
        root=True,
    )
    for flag, options in GLOBAL_OPTIONS:
        parser.add_argument(flag, **options)
    parser.add_argument(
        "--version", action="version", version=f"cchc-tui {__version__}", help="in số phiên bản"
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseParser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _valid_text(arg: str) -> str:
    """An argument that SQLite can store: bytes the terminal could not decode
    (lone surrogates) become U+FFFD instead of failing deep in a write."""
    try:
        arg.encode("utf-8")
        return arg
    except UnicodeEncodeError:
        try:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "replace").decode("utf-8")


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    """Run one command; returns the exit code."""
    if out is None:
        utf8_streams()
    out = VisibleStream(out or sys.stdout)
    err = VisibleStream(err or sys.stderr)
    argv = [_valid_text(a) for a in (sys.argv[1:] if argv is None else argv)]
    debug = "--debug" in argv
    ctx = None
    try:
        args = build_parser().parse_args(argv)
        ctx = Context(resolve_db_path(args.db), resolve_today(args.today), out, err)
        handler = getattr(args, "handler", None)
        if handler is None:
            return open_tui(ctx, debug=debug)
        return handler(ctx, args) or 0
    except UsageError as exc:
        err.write(f"Lỗi: {one_line(exc)}\n")
        return 2
    except (DatabaseError, StaleWriteError) as exc:
        err.write(f"Lỗi: {one_line(exc)}\n")
        return 1
    except UserError as exc:
        option = OPTION_NAMES.get(exc.field or "")
        where = f" ({option})" if option else ""
        err.write(f"Lỗi{where}: {one_line(exc)}\n")
        return 2
    except KeyboardInterrupt:
        err.write("Đã dừng.\n")
        return 1
    except BrokenPipeError:
        # the reader of the output went away (`cchc-tui doctor | head`):
        # stop quietly, and keep Python from reporting it again at exit
        quiet_stdout()
        return 1
    except OSError as exc:  # the disk, a folder, a permission: say what to do
        if debug:
            report_unexpected(exc, debug, err)
        else:
            err.write(f"Lỗi: {os_problem(exc)}\n")
        return 1
    except Exception as exc:  # a bug: one line unless --debug
        report_unexpected(exc, debug, err)
        return 1
    finally:
        if ctx is not None:
            ctx.close()


def quiet_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def open_tui(ctx: Context, *, debug: bool = False) -> int:
    """Without a command: the terminal app."""
    try:
        from cchc_tui.tui.app import run_app
    except ImportError:
        # The TUI is not built yet in this version: show the list instead.
        from cchc_tui.cli.directives import print_list

        print_list(ctx, fmt="table")
        ctx.print("\nXem các lệnh: cchc-tui --help")
        return 0
    from cchc_tui.serve.ticket import browser_user

    return run_app(ctx.db_path, ctx.today, debug=debug, user=browser_user())
