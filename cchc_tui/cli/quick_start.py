"""Opening the terminal app without loading every command.

`cchc-tui` with only global options (``--db``, ``--today``, ``--debug``)
opens the TUI. Building the full parser imports every command module (the
importer, forms, reports…), a noticeable part of the app's start-up, so that
case is recognised here first. Anything else — a command, ``--help``, an
invalid date, an odd argument — returns None and goes through the full
parser, which reports it as usual.
"""

from __future__ import annotations

import gc
import sys

from cchc_tui.cli.terminal import report_unexpected, utf8_streams

VALUE_OPTIONS = ("--db", "--today")


def global_options(args: list[str]) -> dict | None:
    """The global options when ``args`` holds nothing else, else None."""
    found: dict = {"debug": False}
    items = iter(args)
    for arg in items:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return None  # the full path knows how to clean it
        name, equals, value = arg.partition("=")
        if arg == "--debug":
            found["debug"] = True
        elif name in VALUE_OPTIONS and equals:
            found[name[2:]] = value
        elif arg in VALUE_OPTIONS:
            following = next(items, None)
            if following is None or following.startswith("-"):
                return None
            found[arg[2:]] = following
        else:
            return None
    return found


def open_tui_quickly(args: list[str]) -> int | None:
    """Run the TUI if ``args`` asks only for it; None when the full command
    line path must handle them."""
    options = global_options(args)
    if options is None:
        return None
    utf8_streams()
    from cchc_tui.cli.context import resolve_db_path, resolve_today

    try:
        db_path = resolve_db_path(options.get("db"))
        today = resolve_today(options.get("today"))
    except Exception:  # noqa: BLE001 - the full path reports it in Vietnamese
        return None
    # No garbage collection while the app loads (most of the objects made now
    # live as long as the app; collecting them repeatedly only slows the first
    # paint): the main screen freezes them and collects at rest from then on
    # (tui.collector).
    gc.disable()
    from cchc_tui.serve.ticket import browser_user
    from cchc_tui.tui.app import run_app

    try:
        return run_app(db_path, today, debug=options["debug"], user=browser_user())
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 1
    except Exception as exc:  # a bug or an OS problem: one line unless --debug
        report_unexpected(exc, options["debug"], sys.stderr)
        return 1
