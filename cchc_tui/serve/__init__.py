"""Browser mode: `cchc-tui serve` runs the app in a web browser through
textual-serve's pieces (one app process per tab), behind access keys."""
