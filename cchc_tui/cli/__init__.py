"""Command line: `cchc-tui [--db PATH] [--today DD/MM/YYYY] COMMAND …`.

Exit codes: 0 ok; 2 bad input (Vietnamese message on stderr, nothing
written); 1 other failure (one line, no traceback unless --debug)."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    """Run one command (see ``cli.app.main``); returns the exit code. Run as
    a program with only global options it opens the TUI without loading
    every command first (``cli.quick_start``)."""
    if argv is None and out is None and err is None:
        from cchc_tui.cli.quick_start import open_tui_quickly

        code = open_tui_quickly(sys.argv[1:])
        if code is not None:
            return code
    from cchc_tui.cli.app import main as run_command

    return run_command(argv, out, err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
