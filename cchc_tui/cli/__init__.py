"""Command line: `cchc-tui [--db PATH] [--today DD/MM/YYYY] COMMAND …`.

Exit codes: 0 ok; 2 bad input (Vietnamese message on stderr, nothing
written); 1 other failure (one line, no traceback unless --debug)."""

from __future__ import annotations

import sys

from cchc_tui.cli.app import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
