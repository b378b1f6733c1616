"""Benchmark: synthetic databases of three sizes and the figures of the app
on each, side by side with a bare Textual app (``python -m cchc_tui.bench``)."""
