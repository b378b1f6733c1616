"""How wide text prints in Times New Roman, and column widths from content.

The advance widths are those of Times Roman (Adobe's metrics, in thousandths
of an em), which Times New Roman and Liberation Serif share; a Vietnamese
letter is as wide as its base letter (the marks sit above or below it).
Good to a few per cent: enough to give each column room for its longest
word and the wordy columns the space.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

PT_MM = 25.4 / 72

_REGULAR = {
    " ": 250, "!": 333, '"': 408, "#": 500, "$": 500, "%": 833, "&": 778, "'": 180,
    "(": 333, ")": 333, "*": 500, "+": 564, ",": 250, "-": 333, ".": 250, "/": 278,
    ":": 278, ";": 278, "<": 564, "=": 564, ">": 564, "?": 444, "@": 921,
    "A": 722, "B": 667, "C": 667, "D": 722, "E": 611, "F": 556, "G": 722, "H": 722,
    "I": 333, "J": 389, "K": 722, "L": 611, "M": 889, "N": 722, "O": 722, "P": 556,
    "Q": 722, "R": 667, "S": 556, "T": 611, "U": 722, "V": 722, "W": 944, "X": 722,
    "Y": 722, "Z": 611, "[": 333, "\\": 278, "]": 333, "_": 500,
    "a": 444, "b": 500, "c": 444, "d": 500, "e": 444, "f": 333, "g": 500, "h": 500,
    "i": 278, "j": 278, "k": 500, "l": 278, "m": 778, "n": 500, "o": 500, "p": 500,
    "q": 500, "r": 333, "s": 389, "t": 278, "u": 500, "v": 500, "w": 722, "x": 500,
    "y": 500, "z": 444, "|": 200, "–": 500, "—": 1000, "…": 1000, "“": 444, "”": 444,
    "‘": 333, "’": 333, "·": 250, "→": 1000, "≤": 549, "≥": 549, "ơ": 560, "ư": 590,
    "Ơ": 800, "Ư": 800, "đ": 500, "Đ": 722,
}  # fmt: skip
_BOLD_FACTOR = 1.07
_DIGIT = 500
_OTHER = 556


def _char(ch: str) -> int:
    if ch in _REGULAR:
        return _REGULAR[ch]
    if ch.isdigit():
        return _DIGIT
    base = unicodedata.normalize("NFD", ch)[:1]
    if base and base != ch and base in _REGULAR:
        return _REGULAR[base]
    if unicodedata.east_asian_width(ch) in "WF":
        return 1000
    return _OTHER


class _Widths(dict):
    """Advance width by character, worked out on first sight."""

    def __missing__(self, ch: str) -> int:
        self[ch] = width = _char(ch)
        return width


_WIDTHS = _Widths()


@lru_cache(maxsize=65536)
def _units(text: str) -> int:
    return sum(map(_WIDTHS.__getitem__, text))


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of ``text`` on one line."""
    width = _units(text) * size_pt / 1000 * PT_MM
    return width * _BOLD_FACTOR if bold else width


def longest_word_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of the widest word (what a column needs so that no word breaks)."""
    words = text.split()
    return max((text_mm(w, size_pt, bold) for w in words), default=0.0)


def _fill(
    least: Sequence[float], wanted: Sequence[float], weights: Sequence[float], total: float
) -> tuple[list[float], float]:
    """Widths max(least, min(wanted, level × weight)) adding up to ``total``
    (assumes sum(least) < total < sum(wanted))."""

    def widths_at(level: float) -> list[float]:
        return [max(m, min(w, level * k)) for m, w, k in zip(least, wanted, weights, strict=True)]

    low, high = 0.0, max(w / k for w, k in zip(wanted, weights, strict=True))
    for _ in range(50):  # bisection on the level
        level = (low + high) / 2
        if sum(widths_at(level)) > total:
            high = level
        else:
            low = level
    return widths_at(low), low


def fit_widths(
    least: Sequence[float],
    wanted: Sequence[float],
    total: float,
    weights: Sequence[float] | None = None,
) -> list[float]:
    """Widths adding up to ``total``: every column at least ``least`` (its
    longest word); then, like water filling a vessel, every column up to a
    common level or its ``wanted`` width (its longest line), whichever is
    less, so that short columns never wrap; the columns still short of
    what they want then share the room left in proportion to ``weights``
    (how much text each holds). When even the least does not fit, the least
    is scaled down."""
    n = len(least)
    wanted = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    floor = sum(least)
    if floor >= total:
        return [total * m / floor for m in least] if floor else [total / n] * n
    if sum(wanted) <= total:
        extra = total - sum(wanted)
        return [w + extra * w / sum(wanted) for w in wanted]
    even, level = _fill(least, wanted, [1.0] * n, total)
    if weights is None:
        return even
    short = [j for j in range(n) if wanted[j] > level]  # still wrapping
    done = [j for j in range(n) if j not in short]
    room = total - sum(wanted[j] for j in done)
    shared, _ = _fill(
        [least[j] for j in short],
        [wanted[j] for j in short],
        [max(weights[j], 1e-6) for j in short],
        room,
    )
    widths = list(wanted)
    for j, w in zip(short, shared, strict=True):
        widths[j] = w
    spare = total - sum(widths)
    return [w + spare * w / sum(widths) for w in widths]


def column_widths_mm(
    headers: list[str],
    columns_text: list[list[str]],
    total_mm: float,
    *,
    size_pt: float,
    header_pt: float,
    padding_mm: float,
    cap_mm: float,
    numeric: list[bool] | None = None,
) -> list[float]:
    """Column widths for a table on paper: room for each column's longest
    word (header words included), then for its longest line up to ``cap_mm``.
    ``columns_text`` holds each column's cell texts."""
    from collections import Counter

    least, wanted, volume = [], [], []
    for j, (header, texts) in enumerate(zip(headers, columns_text, strict=True)):
        low = longest_word_mm(header, header_pt, bold=True)
        high = low
        text_volume = 0.0
        lines = Counter(line for text in texts for line in text.split("\n"))
        words = {word for line in lines for word in line.split()}
        for word in words:
            # measured bold: subtotal and total lines are printed bold
            low = max(low, text_mm(word, size_pt, bold=True))
        for line, count in lines.items():
            width = text_mm(line, size_pt)
            text_volume += count * width * width
            high = max(high, width)
        if numeric and numeric[j]:
            high = low  # a number column needs no more than its widest number
        least.append(low + padding_mm)
        wanted.append(min(max(high, low), cap_mm) + padding_mm)
        volume.append(text_volume**0.5)
    # wordy columns share the room by how much text they hold, long cells
    # counting more (a long cell is what makes a row tall)
    middle = sorted(volume)[len(volume) // 2] or 1.0
    weights = [max(v / middle, 1.0) ** 0.5 for v in volume]
    return fit_widths(least, wanted, total_mm, weights)
