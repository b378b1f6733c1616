"""Benchmark: synthetic databases of three sizes and the figures of the app
on each, side by side with a bare Textual app (``python tools/bench.py``).
Development tooling: it lives in ``tools/``, out of the wheel and the
offline bundle."""

import os
from datetime import date
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent
"""``tools/``: put on ``PYTHONPATH`` of the probes' own interpreters."""


def child_env() -> dict[str, str]:
    """The environment of a child that imports ``cchc_bench``."""
    path = os.environ.get("PYTHONPATH", "")
    return os.environ | {"PYTHONPATH": os.pathsep.join(p for p in (str(TOOLS), path) if p)}


TODAY = date(2026, 11, 27)
"""The *today* every figure is judged against (kept here, light to import:
the probes must not load more before timing than the apps they time)."""
