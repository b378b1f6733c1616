"""How well the importer reads notices whose expected reading is known.

    python -m cchc_tui.importer.accuracy FOLDER_OR_FILE… [--expected DIR]…

For each notice (.txt, .docx) the expected reading is looked up as
``<stem>.expected.json`` beside it or in an ``--expected`` folder, or as a
JSON file whose ``notice.text_file`` names it (the seed's format). Each
prints directives found against expected, and how many directives have
exactly the expected leads, supports and deadline; then the totals.
A first line "# source: …" (where a letter was taken from) is skipped."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cchc_tui.domain.text import fold
from cchc_tui.importer.agencies import Registry
from cchc_tui.importer.draft import NoticeImportError, NoticeReading
from cchc_tui.importer.parse import parse_notice
from cchc_tui.importer.reading import read_notice_file

NOTICE_SUFFIXES = (".txt", ".docx", ".md")


@dataclass
class Score:
    name: str
    expected: int = 0
    found: int = 0
    leads: int = 0
    supports: int = 0
    deadlines: int = 0
    error: str = ""
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for key in ("expected", "found", "leads", "supports", "deadlines"):
            setattr(self, key, getattr(self, key) + getattr(other, key))


def default_registry() -> Registry:
    """The agencies a new database holds (the bundled seed's registry)."""
    from cchc_tui.services.seeding import seed_data

    return Registry.from_rows(seed_data()["agencies"])


def read_for_accuracy(path: Path, registry: Registry) -> NoticeReading:
    text = read_notice_file(path)
    if text.startswith("# source:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return parse_notice(text, registry, source_file=path.name)


def _names(values) -> set[str]:
    return {fold(v) for v in values}


def score(path: Path, expected: dict, registry: Registry) -> Score:
    result = Score(path.name)
    want = expected["directives"]
    result.expected = len(want)
    try:
        reading = read_for_accuracy(path, registry)
    except NoticeImportError as exc:
        result.error = exc.message
        return result
    got = {d.number: d for d in reading.directives}
    result.found = len(reading.directives)
    for position, w in enumerate(want, start=1):
        d = got.get(position)
        if d is None:
            result.misses.append(f"{position}: không tìm thấy")
            continue
        if _names(a.name for a in d.leads) == _names(w["lead"]):
            result.leads += 1
        else:
            result.misses.append(f"{position}: chủ trì {[a.name for a in d.leads]} ≠ {w['lead']}")
        if _names(a.name for a in d.supports) == _names(w.get("support", [])):
            result.supports += 1
        else:
            result.misses.append(
                f"{position}: phối hợp {[a.name for a in d.supports]} ≠ {w.get('support', [])}"
            )
        deadline = d.deadline.isoformat() if d.deadline else None
        if deadline == w.get("deadline"):
            result.deadlines += 1
        else:
            result.misses.append(f"{position}: thời hạn {deadline} ≠ {w.get('deadline')}")
    return result


def find_expected(path: Path, extra_dirs: list[Path]) -> dict | None:
    stem = path.name.rsplit(".", 1)[0]
    for folder in [path.parent, *extra_dirs]:
        candidate = folder / f"{stem}.expected.json"
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    for candidate in path.parent.glob("*.json"):
        try:
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("notice", {}).get("text_file") == path.name:
            return data
    return None


def notice_files(targets: list[Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(sorted(p for p in target.iterdir() if p.suffix.lower() in NOTICE_SUFFIXES))
        else:
            files.append(target)
    return files


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "0/0"


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m cchc_tui.importer.accuracy")
    parser.add_argument("targets", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--expected", action="append", type=Path, default=[], metavar="DIR")
    parser.add_argument("--verbose", "-v", action="store_true", help="in từng chỗ đọc sai")
    args = parser.parse_args(argv)
    registry = default_registry()
    total = Score("TỔNG")
    rows = []
    for path in notice_files(args.targets):
        expected = find_expected(path, args.expected)
        if expected is None:
            out.write(f"(bỏ qua {path.name}: không có cách đọc mong đợi)\n")
            continue
        s = score(path, expected, registry)
        total.add(s)
        rows.append(s)
    header = f"{'Văn bản':<58} {'Nhiệm vụ':>9} {'Chủ trì':>13} {'Phối hợp':>13} {'Thời hạn':>13}"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for s in [*rows, total]:
        found = f"{s.found}/{s.expected}"
        out.write(
            f"{s.name[:58]:<58} {found:>9} {_pct(s.leads, s.expected):>13} "
            f"{_pct(s.supports, s.expected):>13} {_pct(s.deadlines, s.expected):>13}\n"
        )
        if s.error:
            out.write(f"    lỗi: {s.error}\n")
        if args.verbose:
            for miss in s.misses:
                out.write(f"    {miss}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
