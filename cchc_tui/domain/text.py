"""Vietnamese text: NFC storage, accent-insensitive folding, alphabetical order."""

from __future__ import annotations

import functools
import json
import re
import unicodedata

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({d: "-" for d in DASHES})
_SPACES = re.compile(r"\s+")


# C0 controls (but tab and line feed) and DEL -> their Unicode pictures (ESC -> ␛,
# CR -> ␍); C1 controls and the invisible direction marks -> <U+XXXX>.
_DIRECTION_MARKS = [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C]
_VISIBLE = (
    {c: 0x2400 + c for c in range(32) if c not in (9, 10)}
    | {0x7F: 0x2421}
    | {c: f"<U+{c:04X}>" for c in [*range(0x80, 0xA0), *_DIRECTION_MARKS]}
)


def _class_of(chars) -> re.Pattern[str]:
    """A pattern matching any one of ``chars`` (a regex scan is much quicker
    than ``str.translate`` with a dict or a per-character test in Python on
    long non-ASCII text)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]")


_INVISIBLE = _class_of(map(chr, _VISIBLE))


def _replacer(table: dict):
    def replace(match: re.Match[str]) -> str:
        found = table[ord(match.group())]
        return found if isinstance(found, str) else chr(found)

    return replace


_SHOW = _replacer(_VISIBLE)


def visible(text: str) -> str:
    """Text safe to send to a terminal or to put in a txt/md/csv/html file:
    control characters and escape sequences (which could retitle the window,
    write the clipboard or clear the screen) and invisible direction marks
    (which reorder what is shown) become visible symbols; tab and line feed
    stay."""
    return _INVISIBLE.sub(_SHOW, text)


_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *_DIRECTION_MARKS]}
_JSON_UNSAFE = _class_of(map(chr, _JSON_ESCAPES))
_JSON_ESCAPE = _replacer(_JSON_ESCAPES)


def json_dumps(value, **options) -> str:
    """JSON with Vietnamese letters as they are and every control character
    escaped (``json`` escapes C0 only; C1 and direction marks are escaped
    here too), so a JSON document shown on a terminal obeys nothing in it."""
    return _JSON_UNSAFE.sub(_JSON_ESCAPE, json.dumps(value, ensure_ascii=False, **options))


def nfc(text: str) -> str:
    """Text as stored: Unicode NFC (some keyboards and files send NFD)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed; for names and titles."""
    return _SPACES.sub(" ", nfc(text)).strip()


def normalize_dashes(text: str) -> str:
    """Hyphen, en dash, em dash and minus all become '-'."""
    return text.translate(_DASH_TABLE)


@functools.cache
def _combining() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane (a regex scan is
    quicker than testing each character of a long text in Python); built on
    first use, not at start-up."""
    return _class_of(chr(c) for c in range(0x10000) if unicodedata.combining(chr(c)))


_DASH = _class_of(DASHES)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Search key: no accents, đ→d, casefolded, dashes alike, spaces collapsed.

    ``fold("Đăng ký  đất đai")`` == ``"dang ky dat dai"``.
    """
    decomposed = unicodedata.normalize("NFD", text)
    if _ASTRAL.search(decomposed):  # marks beyond the BMP too (rare): one by one
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    else:
        stripped = _combining().sub("", decomposed)
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    stripped = _DASH.sub("-", stripped).casefold()
    return _SPACES.sub(" ", stripped).strip()


def fold_char(ch: str) -> str:
    """One character folded like `fold` (no accents, đ→d, lower case, dashes
    alike), kept one for one so a folded token lines up with its text."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return "-" if base in DASHES else base


# Vietnamese alphabet, with the Latin letters Vietnamese does not use (f j w z)
# in their Latin places so that names such as "Wifi" still sort sensibly.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}


def _split_letter(ch: str) -> tuple[str, int]:
    """Return (letter with its shape marks, tone rank) for one NFC character."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    shape = "".join(m for m in decomposed[1:] if m in _SHAPE_MARKS)
    tone = max((_TONES.get(m, 0) for m in decomposed[1:]), default=0)
    return unicodedata.normalize("NFC", base + shape), tone


def sort_key(text: str) -> str:
    """A string whose plain ordering is Vietnamese alphabetical order.

    Letters first (a ă â b c d đ e ê g h …), then tones (ngang, huyền, hỏi,
    ngã, sắc, nặng), then case. Storable in SQLite for ORDER BY.
    """
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    for ch in normalize_dashes(clean(text)):
        letter, tone = _split_letter(ch)
        if letter in _LETTER_RANK:
            primary.append(chr(0x100 + _LETTER_RANK[letter]))
        elif letter.isdigit():
            primary.append(chr(0x80 + int(letter) if letter.isascii() else 0x8A))
        elif letter.isspace():
            primary.append(chr(0x20))
        else:
            # punctuation and other scripts: after space, before digits
            primary.append(chr(0x21 + min(ord(letter) % 0x5E, 0x5D)))
        tones.append(chr(0x30 + tone))
        cases.append("1" if ch.isupper() else "0")
    return "".join(primary) + "\x01" + "".join(tones) + "\x01" + "".join(cases)


def vn_sorted(items, key=lambda x: x):
    """``sorted`` in Vietnamese alphabetical order of ``key(item)``."""
    return sorted(items, key=lambda item: sort_key(key(item)))


_SYMBOL = re.compile(r"([^0-9a-z\s])")


def search_text(text: str) -> str:
    """Folded text as searched: every symbol a word of its own ("12/TTr-PNV"
    → "12 / ttr - pnv"), so that a phrase matches from the start of a word
    whatever the punctuation around it."""
    return " ".join(_SYMBOL.sub(r" \1 ", fold(text)).split())


def search_terms(query: str) -> list[str]:
    """The phrases of a search query, folded: each part in double quotes
    ("…" or “…”) is one, the rest (its words in order) another. Each must
    occur, from the start of a word ("noi vu" finds "Phòng Nội vụ", not
    "nội dung … nhiệm vụ"; "vu" finds "vụ" and "vụn")."""
    text = query.replace("“", '"').replace("”", '"')
    parts = text.split('"')
    quoted = [search_text(p) for p in parts[1::2]]
    rest = search_text(" ".join(parts[0::2]))
    return [p for p in (*quoted, rest) if p]


def matches(query: str, folded_haystack: str) -> bool:
    """True when every phrase of ``query`` (``search_terms``) occurs in the
    folded haystack from the start of a word."""
    padded = " " + search_text(folded_haystack)
    return all(" " + term in padded for term in search_terms(query))
