"""How well the importer reads notices whose expected reading is known.

    python -m cchc_tui.importer.accuracy FOLDER_OR_FILE… [--expected DIR]… [-v]
        [--require PERCENT]

For each notice (.txt, .docx, .md) the expected reading is looked up as
``<stem>.expected.json`` beside it or in an ``--expected`` folder, or as a
JSON file whose ``notice.text_file`` names it (the seed's format). Documents
without one are listed and left out.

Checks, per document: the notice's number and issue date (when the expected
reading gives them), the number of directives, and for each expected
directive its leads, its supports and its deadline. Expected directives are
matched to the ones read by the words they start with (``"starts"``), in
order, or else by position. Only the directives the reading proposes
(ticked) count; an expected entry with ``"selected": false`` is an item the
reading must propose unticked, and is not scored.

An expected reading may name the agency registry to read against:
``"registry": "sample"`` (the bundled sample's agencies, the default) or
``"empty"`` (a new database of another level: nothing is known).

A first line "# source: …" (where a document was taken from) is skipped."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cchc_tui.domain.text import fold
from cchc_tui.importer.agencies import Registry, canonical_name
from cchc_tui.importer.draft import DirectiveDraftItem, NoticeImportError, NoticeReading
from cchc_tui.importer.parse import parse_notice
from cchc_tui.importer.reading import read_notice_file
from cchc_tui.resources import seed_data

NOTICE_SUFFIXES = (".txt", ".docx", ".md")
FIELDS = ("number", "date", "count", "leads", "supports", "deadlines")
LABELS = {
    "number": "Số",
    "date": "Ngày",
    "count": "Số nhiệm vụ",
    "leads": "Chủ trì",
    "supports": "Phối hợp",
    "deadlines": "Thời hạn",
}


@dataclass
class Score:
    name: str
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    expected: int = 0
    found: int = 0
    seconds: float = 0.0
    error: str = ""
    misses: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, miss: str = "") -> None:
        self.total[name] += 1
        if ok:
            self.right[name] += 1
        elif miss:
            self.misses.append(miss)

    def add(self, other: Score) -> None:
        for key in FIELDS:
            self.right[key] += other.right[key]
            self.total[key] += other.total[key]
        self.expected += other.expected
        self.found += other.found

    @property
    def checks(self) -> tuple[int, int]:
        return sum(self.right.values()), sum(self.total.values())


def default_registry() -> Registry:
    """The agencies a new database holds (the bundled seed's registry)."""
    return Registry.from_rows(seed_data()["agencies"])


def registry_for(expected: dict, sample: Registry) -> Registry:
    choice = expected.get("registry", "sample")
    if choice == "sample":
        return sample
    if choice == "empty":
        return Registry()
    raise ValueError(f"registry '{choice}' is not 'sample' or 'empty'")


def read_for_accuracy(path: Path, registry: Registry) -> NoticeReading:
    text = read_notice_file(path)
    if text.startswith("# source:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return parse_notice(text, registry, source_file=path.name)


def name_key(name: str) -> str:
    """Names compare accent-insensitively, "Ủy ban nhân dân" as "UBND"."""
    key = fold(canonical_name(name.strip()))
    return re.sub(r"\s+", " ", re.sub(r"\s*([,;:])\s*", r"\1 ", key)).strip(" .;,")


def _names(values) -> set[str]:
    return {name_key(v) for v in values}


def _start_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def match(expected: list[dict], found: list[DirectiveDraftItem]) -> list[DirectiveDraftItem | None]:
    """The directive read for each expected one: by its first words, in
    order; by position when the expected reading gives none."""
    if not any("starts" in w for w in expected):
        return [found[k] if k < len(found) else None for k in range(len(expected))]
    out: list[DirectiveDraftItem | None] = []
    pointer = 0
    for w in expected:
        key = _start_key(w.get("starts", ""))
        hit = None
        for k in range(pointer, len(found)):
            d = found[k]
            if _start_key(d.content).startswith(key) or _start_key(d.title).startswith(key):
                hit = k
                break
        if hit is None:
            out.append(None)
        else:
            out.append(found[hit])
            pointer = hit + 1
    return out


def score(path: Path, expected: dict, registry: Registry) -> Score:
    import time

    result = Score(path.name)
    wanted = [w for w in expected["directives"] if w.get("selected", True)]
    result.expected = len(wanted)
    notice = expected.get("notice", {})
    started = time.perf_counter()
    try:
        reading = read_for_accuracy(path, registry)
    except NoticeImportError as exc:
        result.seconds = time.perf_counter() - started
        result.error = exc.message
        for key in ("number", "issued_on"):
            if key in notice:
                result.check("number" if key == "number" else "date", False)
        result.check("count", False)
        for _ in wanted:
            for name in ("leads", "supports", "deadlines"):
                result.check(name, False)
        return result
    result.seconds = time.perf_counter() - started
    if "number" in notice:
        result.check(
            "number",
            reading.number == notice["number"],
            f"số {reading.number} ≠ {notice['number']}",
        )
    if "issued_on" in notice:
        got = reading.issued_on.isoformat() if reading.issued_on else None
        result.check("date", got == notice["issued_on"], f"ngày {got} ≠ {notice['issued_on']}")
    found = [d for d in reading.directives if d.selected]
    result.found = len(found)
    result.check("count", len(found) == len(wanted), f"{len(found)} nhiệm vụ ≠ {len(wanted)}")
    for position, (w, d) in enumerate(zip(wanted, match(wanted, found), strict=True), start=1):
        tag = f"{position} ({w.get('starts', '')[:40]})" if "starts" in w else str(position)
        if d is None:
            result.misses.append(f"{tag}: không tìm thấy")
            for name in ("leads", "supports", "deadlines"):
                result.check(name, False)
            continue
        result.check(
            "leads",
            _names(a.name for a in d.leads) == _names(w["lead"]),
            f"{tag}: chủ trì {[a.name for a in d.leads]} ≠ {w['lead']}",
        )
        result.check(
            "supports",
            _names(a.name for a in d.supports) == _names(w.get("support", [])),
            f"{tag}: phối hợp {[a.name for a in d.supports]} ≠ {w.get('support', [])}",
        )
        deadline = d.deadline.isoformat() if d.deadline else None
        result.check(
            "deadlines",
            deadline == w.get("deadline"),
            f"{tag}: thời hạn {deadline} ≠ {w.get('deadline')}",
        )
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
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "—"


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m cchc_tui.importer.accuracy")
    parser.add_argument("targets", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--expected", action="append", type=Path, default=[], metavar="DIR")
    parser.add_argument("--verbose", "-v", action="store_true", help="in từng chỗ đọc sai")
    parser.add_argument(
        "--require",
        type=float,
        metavar="PERCENT",
        help="thoát với mã 1 khi tỷ lệ kiểm tra đúng thấp hơn mức này",
    )
    args = parser.parse_args(argv)
    sample = default_registry()
    total = Score("TỔNG")
    rows = []
    skipped = []
    slowest = 0.0
    for path in notice_files(args.targets):
        expected = find_expected(path, args.expected)
        if expected is None:
            skipped.append(path.name)
            continue
        s = score(path, expected, registry_for(expected, sample))
        slowest = max(slowest, s.seconds)
        total.add(s)
        rows.append(s)
    width = max([len(r.name) for r in rows] + [10])
    width = min(width, 48)
    header = f"{'Văn bản':<{width}} " + " ".join(f"{LABELS[k]:>14}" for k in FIELDS)
    out.write(header + "\n" + "-" * len(header) + "\n")
    for s in [*rows, total]:
        cells = " ".join(f"{_pct(s.right[k], s.total[k]):>14}" for k in FIELDS)
        out.write(f"{s.name[:width]:<{width}} {cells}\n")
        if s.error:
            out.write(f"    lỗi: {s.error}\n")
        if args.verbose:
            for miss in s.misses:
                out.write(f"    {miss}\n")
    right, checks = total.checks
    share = 100 * right / checks if checks else 0.0
    out.write(
        f"\n{len(rows)} văn bản, {total.expected} nhiệm vụ mong đợi, đọc được {total.found}; "
        f"đúng {right}/{checks} phép kiểm tra ({share:.1f}%); "
        f"văn bản chậm nhất {slowest:.2f} s.\n"
    )
    if skipped:
        out.write(f"Không có cách đọc mong đợi ({len(skipped)}): {', '.join(skipped)}\n")
    if args.require is not None and share < args.require:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
