"""``python tools/bench.py``: make a synthetic database, or measure.

python tools/bench.py --make-db PATH --scale S|M|L
python tools/bench.py --json FILE [--scales S,M,L] [--runs 3] [--terminal]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cchc_bench.synthetic import SCALES


def _scales(text: str) -> list[str]:
    names = [s.strip().upper() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCALES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"scales are among {', '.join(SCALES)}, not {text!r}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/bench.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--make-db", metavar="PATH", help="write a synthetic database at PATH")
    parser.add_argument("--scale", choices=list(SCALES), default="S")
    parser.add_argument("--json", metavar="FILE", help="measure and write the figures here")
    parser.add_argument("--scales", type=_scales, default=["S", "M", "L"])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (≥ 3)")
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="also time the first paint in tmux on the largest scale",
    )
    args = parser.parse_args(argv)
    if bool(args.make_db) == bool(args.json):
        parser.error("give exactly one of --make-db or --json")
    if args.make_db:
        from cchc_bench.writer import cached_database, copy_database

        target = Path(args.make_db)
        if target.exists():
            parser.error(f"{target} exists; choose a new path")
        copy_database(cached_database(args.scale), target)
        print(f"{target}: scale {args.scale}")
        return 0
    from cchc_bench.measures import check_targets, machine, measure_scale, table

    if args.runs < 3:
        parser.error("--runs must be at least 3 (medians of fresh processes)")
    scales = {}
    for scale in args.scales:
        print(f"scale {scale} …", file=sys.stderr)
        scales[scale] = measure_scale(scale, args.runs, log=lambda m: print(m, file=sys.stderr))
    result = {"machine": machine(), "scales": scales}
    Path(args.json).write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(table(scales))
    if args.terminal:
        from cchc_bench.terminal import compare
        from cchc_bench.writer import cached_database, copy_database, work_dir

        scale = args.scales[-1]
        db = work_dir() / f"terminal-{scale}.db"
        copy_database(cached_database(scale), db)
        found = compare(db)
        print(
            f"\ntmux first paint at {scale}: app {found['app_s']} s, bare {found['bare_s']} s, "
            f"ratio {found['ratio']}"
        )
    for miss in check_targets(scales):
        print(f"target missed: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
