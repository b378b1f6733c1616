"""Benchmark: synthetic databases of three sizes and the figures of the app
on each, side by side with a bare Textual app (``python -m cchc_tui.bench``)."""

from datetime import date

TODAY = date(2026, 11, 27)
"""The *today* every figure is judged against (kept here, light to import:
the probes must not load more before timing than the apps they time)."""
