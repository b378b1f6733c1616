"""The benchmark: ``python tools/bench.py`` (from a checkout, with the
project installed). Same options as ever:

    python tools/bench.py --make-db PATH --scale S|M|L
    python tools/bench.py --json FILE [--scales S,M,L] [--runs 3] [--terminal]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cchc_bench.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
