"""Recognising agency names in a sentence: registry names and aliases first
(accent-insensitive, longest match), then names shaped like Vietnamese
agency names ("Phòng …", "UBND các xã, phường", "Các sở, ban, ngành …").
Group names are kept whole, not split at their commas."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc_tui.domain.text import clean, fold, fold_char
from cchc_tui.importer.draft import AgencyRef
from cchc_tui.importer.vocabulary import CAPITAL_STOPS as _CAPITAL_STOPS
from cchc_tui.importer.vocabulary import GROUP_NOUNS as _GROUP_NOUNS
from cchc_tui.importer.vocabulary import HEADS as _HEADS
from cchc_tui.importer.vocabulary import LIST_CONTINUES as _LIST_CONTINUES
from cchc_tui.importer.vocabulary import OPEN_HEADS as _OPEN_HEADS
from cchc_tui.importer.vocabulary import PERSON_TITLES as _PERSON_TITLES
from cchc_tui.importer.vocabulary import STOPS as _STOPS

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class Token:
    text: str
    key: str  # folded
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()

    @property
    def lower(self) -> bool:
        return self.text[0].islower()


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return "".join(fold_char(c) for c in word)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(m.group(0), _word_key(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)
    )


def tokenize(text: str) -> list[Token]:
    """Words and punctuation of ``text`` with their accent-folded keys (the
    same text is often read more than once: cached)."""
    return list(_tokens(text))


def _keys(text: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(text))


def _phrases(items) -> dict[str, list[tuple[str, ...]]]:
    """Phrases as token tuples, indexed by their first token, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({tuple(x.split()) for x in items}, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return index


HEADS = _phrases(_HEADS)
OPEN_HEADS = _phrases(_OPEN_HEADS)
# One-word heads whose folded spelling is also another word ("Viện" / "Viễn
# thông", "Sở" / "Số", "Bộ" / "Bổ sung"): the accents must match.
_HEAD_SPELLING = {
    "vien": "viện",
    "so": "sở",
    "bo": "bộ",
    "cuc": "cục",
    "doi": "đội",
    "hoi": "hội",
    "quy": "quỹ",
    "bao": "báo",
    "thue": "thuế",
    "vu": "vụ",
    "doan": "đoàn",
    "ban": "ban",
    "truong": "trường",
}


def _head_at(tokens: list[Token], i: int) -> tuple[str, ...] | None:
    head = _match_any(tokens, i, HEADS)
    if head and len(head) == 1 and head[0] in _HEAD_SPELLING:
        if tokens[i].text.lower() != _HEAD_SPELLING[head[0]]:
            return None
    return head


GROUP_NOUNS = _phrases(_GROUP_NOUNS)
STOPS = _phrases(_STOPS)
LIST_CONTINUES = _phrases(_LIST_CONTINUES)
PERSON_TITLES = _phrases(_PERSON_TITLES)
CAPITAL_STOPS = _phrases(_CAPITAL_STOPS)
MAX_NAME_TOKENS = 16
MAX_LIST_TOKENS = 70  # "UBND các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, …"
# Heads of single bodies: "các Bộ: Tài chính, Nội vụ" names "Bộ Tài chính", "Bộ Nội vụ".
_DISTRIBUTED = re.compile(
    r"^các (Bộ|Sở|Tập đoàn|Tổng công ty|Ban|Cục|Vụ|Quân khu|Ngân hàng|Công ty|Hội)\b[^:]*:\s*(.+)$",
    re.I,
)


_LISTED = re.compile(r"^các (đơn vị|cơ quan|cơ quan, đơn vị)\s*:\s*(.+)$", re.I)


def person_title_end(tokens: list[Token], i: int) -> int:
    """Index after the titles of people at ``i`` ("Bộ trưởng", "Chủ tịch", "Giám đốc" …)."""
    k = i
    while k < len(tokens):
        phrase = _match_any(tokens, k, PERSON_TITLES)
        if not phrase:
            break
        k += len(phrase)
        while k < len(tokens) and tokens[k].text == ",":
            k += 1
    return k


def body_name(name: str) -> str:
    """ "Bộ trưởng Bộ Khoa học và Công nghệ" -> "Bộ Khoa học và Công nghệ": a
    person's title stands for the body the person heads."""
    name = clean(name).strip(" .;,")
    toks = tokenize(name)
    k = person_title_end(toks, 0)
    if 0 < k < len(toks):
        rest = name[toks[k].start :]
        return rest[:1].upper() + rest[1:]
    return name


def _match(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > len(tokens):
        return False
    return all(tokens[i + k].key == phrase[k] for k in range(len(phrase)))


def _match_any(tokens, i, phrases) -> tuple[str, ...] | None:
    if i >= len(tokens):
        return None
    for phrase in phrases.get(tokens[i].key, ()):
        if _match(tokens, i, phrase):
            return phrase
    return None


def _matched_length(tokens: list[Token], i: int, phrases) -> int:
    """How many tokens the phrase at ``i`` takes, where a check before found one."""
    phrase = _match_any(tokens, i, phrases)
    assert phrase is not None, "called only where a phrase of `phrases` starts at i"
    return len(phrase)


def _is_stop(tokens: list[Token], i: int) -> bool:
    """A predicate word in lower case, matched with its accents ("đất" is not "đạt")."""
    if not tokens[i].lower:
        return False
    for phrase in STOPS.get(tokens[i].text.lower(), ()):
        if i + len(phrase) <= len(tokens) and all(
            tokens[i + k].text.lower() == phrase[k] for k in range(len(phrase))
        ):
            return True
    return False


@dataclass
class Mention:
    start: int  # token indexes, end exclusive
    end: int
    ref: AgencyRef
    text: str
    known: bool = False  # found in the registry


@dataclass
class Registry:
    """Known agencies: name/alias token keys -> AgencyRef (longest first)."""

    entries: dict[str, list[tuple[tuple[str, ...], AgencyRef]]] = field(default_factory=dict)

    def add(self, name: str, ref: AgencyRef) -> None:
        keys = _keys(name)
        if not keys:
            return
        bucket = self.entries.setdefault(keys[0], [])
        if all(k != keys for k, _ in bucket):
            bucket.append((keys, ref))
            bucket.sort(key=lambda e: len(e[0]), reverse=True)

    @classmethod
    def from_rows(cls, agencies: list[dict]) -> Registry:
        """``agencies``: dicts with id (or None), name, kind, aliases."""
        registry = cls()
        for a in agencies:
            ref = AgencyRef(a["name"], a.get("id"), a.get("kind", "agency"))
            for name in [a["name"], *a.get("aliases", [])]:
                registry.add(name, ref)
        return registry

    def lookup(self, name: str) -> AgencyRef | None:
        """The agency whose name or alias is exactly ``name`` (accent-insensitive)."""
        toks = tokenize(name)
        if not toks:
            return None
        found = self.match(toks, 0)
        return found[1] if found and found[0] == len(toks) else None

    def match(self, tokens: list[Token], i: int) -> tuple[int, AgencyRef] | None:
        for keys, ref in self.entries.get(tokens[i].key, []):
            if _match(tokens, i, keys):
                end = i + len(keys)
                # "… liên quan", "… có liên quan" add nothing to a known name
                for tail in (("lien", "quan"), ("co", "lien", "quan")):
                    if _match(tokens, end, tail):
                        end += len(tail)
                return end, ref
        return None


def find_mentions(text: str, tokens: list[Token], registry: Registry) -> list[Mention]:
    """Agency names in ``tokens`` (a clause), left to right, not overlapping."""
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].is_word:
            i += 1
            continue
        known = registry.match(tokens, i)
        shaped = _shaped_name(tokens, i)
        if known and shaped and shaped > known[0]:
            # a longer shaped name wins only when it goes on with a proper name
            extra = tokens[known[0] : shaped]
            if not any(t.capitalised for t in extra if t.is_word):
                shaped = None
        if known and (not shaped or known[0] >= shaped):
            end, ref = known
            out.append(
                Mention(i, end, ref, text[tokens[i].start : tokens[end - 1].end], known=True)
            )
            i = end
            continue
        if shaped:
            name = clean(text[tokens[i].start : tokens[shaped - 1].end]).rstrip(",:;-– ")
            if name.startswith("văn phòng"):
                name = "V" + name[1:]
            spread = _distributed(text, tokens, i, shaped, registry)
            if spread:
                out += spread
                i = shaped
                continue
            kind = "group" if _collective(fold(name)) else "agency"
            out.append(Mention(i, shaped, AgencyRef(_capitalise(name), None, kind), name))
            i = shaped
            continue
        i += 1
    return out


def _collective(key: str) -> bool:
    """ "Các sở, ban, ngành", "UBND các xã, phường": a group; "Ban Quản lý
    các khu công nghiệp" is one body."""
    return (
        key.startswith("cac ")
        or re.match(r"^(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan) (cac|cap)\b", key) is not None
    )


def _capitalise(name: str) -> str:
    return canonical_name(name[:1].upper() + name[1:])


_LONG_FORMS = [
    (re.compile(r"^(?:Ủy|Uỷ|ỦY|UỶ) ban nhân dân\b", re.I), "UBND"),
    (re.compile(r"^Hội đồng nhân dân\b", re.I), "HĐND"),
]


def canonical_name(name: str) -> str:
    """One spelling for a new agency's name: "Ủy ban nhân dân tỉnh X" is
    written "UBND tỉnh X" (the registry's aliases match either)."""
    for pattern, short in _LONG_FORMS:
        name = pattern.sub(short, name, count=1)
    return name


def _distributed(text, tokens, start, end, registry) -> list[Mention]:
    """ "các Bộ: Tài chính, Nội vụ, Bộ Y tế" -> one mention per body, each
    named with the head ("Bộ Tài chính", "Bộ Nội vụ", "Bộ Y tế"); "các đơn
    vị: Văn phòng UBND tỉnh và …" -> the bodies listed, as written."""
    name = text[tokens[start].start : tokens[end - 1].end]
    m = _DISTRIBUTED.match(name) or _LISTED.match(name)
    if not m:
        return []
    head = m.group(1)
    as_written = m.re is _LISTED
    out: list[Mention] = []
    k = start
    while k < end and tokens[k].text != ":":
        k += 1
    k += 1
    while k < end:
        j = k
        while j < end and tokens[j].text != "," and tokens[j].key != "va":
            j += 1
        if j > k:
            piece = clean(text[tokens[k].start : tokens[j - 1].end])
            full = (
                piece
                if as_written or fold(piece).startswith(fold(head) + " ")
                else f"{head} {piece}"
            )
            full = _capitalise(full)
            known = registry.lookup(full)
            ref = known or AgencyRef(full, None, "agency")
            out.append(Mention(start if not out else k, j, ref, piece, known=known is not None))
        k = j + 1
    return out


def _shaped_name(tokens: list[Token], i: int) -> int | None:
    """End index of a name that starts at ``i`` by its shape, or None."""
    group = False
    places = False  # "UBND xã, phường": levels listed after the head
    open_group = False
    managed = False
    head = _match_any(tokens, i, OPEN_HEADS)
    if head:
        j = i + len(head)
        if j < len(tokens) and tokens[j].key == "cac":
            group = True
            open_group = True  # "UBND các xã, phường": only places go on the list
        elif _place_at(tokens, j):
            places = True
    elif (
        tokens[i].key == "cac"
        and (noun := _match_any(tokens, i + 1, GROUP_NOUNS))
        and not _match(tokens, i + 1, ("truong", "hop"))  # "các trường hợp", not schools
    ):
        j = i + 1 + len(noun)
        group = True
    elif (
        tokens[i].text == "văn"
        and _match(tokens, i, ("van", "phong"))
        and _match_any(tokens, i + 2, OPEN_HEADS)
    ):
        j = i + 2  # "phối hợp văn phòng UBND tỉnh" (written in lower case)
    elif (
        tokens[i].text == "Cơ"
        and _match(tokens, i, ("co", "quan"))
        and i + 2 < len(tokens)
        and (tokens[i + 2].lower and not _is_stop(tokens, i + 2))
    ):
        j = i + 2  # "Cơ quan thanh tra khẩn trương …": a kind of body, in lower case
        group = True
    elif tokens[i].capitalised and (head := _head_at(tokens, i)):
        j = i + len(head)
        if head[-2:] == ("quan", "ly") and j < len(tokens) and tokens[j].key == "cac":
            group = True  # "Ban Quản lý các khu công nghiệp tỉnh"
            managed = True
        # the head must be followed by part of a name ("Phòng Nội vụ", "Sở Tư pháp")
        elif j >= len(tokens) or not (
            tokens[j].capitalised or tokens[j].text.isupper() or _place_at(tokens, j)
        ):
            return None
    else:
        return None
    end = j
    run = cut = 0
    listing = False  # inside "…: A, B, C"
    while end < len(tokens) and end - i < (
        MAX_LIST_TOKENS if listing or group else MAX_NAME_TOKENS
    ):
        tok = tokens[end]
        if tok.text in '.;()[]"“”!?' or tok.text.isdigit() and len(tok.text) >= 3:
            break
        if tok.text == ",":
            nxt = _match_any(tokens, end + 1, LIST_CONTINUES)
            if (
                end + 2 < len(tokens)
                and tokens[end - 2].key == "cap"
                and tokens[end + 1].key == "cap"
                and _place_at(tokens, end + 2)
            ):
                end += 3  # "Ban Chỉ huy … cấp tỉnh, cấp xã"
                continue
            if not group and _compound_after_comma(tokens, end):
                end += 1  # "Sở Văn hóa, Thể thao và Du lịch"
                continue
            if places and end + 1 < len(tokens) and _place_at(tokens, end + 1):
                end += 1 + _matched_length(tokens, end + 1, PLACES)
                continue
            if (
                group
                and nxt
                and (not open_group or _place_at(tokens, end + 1))
                and (end + 1 + len(nxt) >= len(tokens) or tokens[end + 1 + len(nxt)].key != "cac")
                and not (
                    # "…, Sở Khoa học": a new name, not one more word of the list
                    end + 1 + len(nxt) < len(tokens)
                    and tokens[end + 1 + len(nxt)].is_word
                    and tokens[end + 1 + len(nxt)].capitalised
                    and tokens[end + 1].capitalised
                )
            ):
                end += 1 + len(nxt)
                continue
            if (
                group
                and end + 1 < len(tokens)
                and tokens[end + 1].capitalised
                and (tokens[end - 1].capitalised or listing)
                and _in_place_list(tokens, end)
            ):
                end += 2
                continue
            break
        if tok.text == ":":
            # "UBND các xã: Gia Phú, Bảo Thắng"
            if (
                group
                and end + 1 < len(tokens)
                and tokens[end + 1].capitalised
                and not _capital_stop(tokens, end + 1)
            ):
                end += 2
                listing = True
                continue
            break
        if tok.text in "-–&/":
            if end + 1 < len(tokens) and tokens[end + 1].is_word and not _is_stop(tokens, end + 1):
                end += 2
                continue
            break
        if not tok.is_word:
            break
        if tok.key in ("va",):
            after = end + 1
            if (
                managed
                and after < len(tokens)
                and tokens[after].lower
                and not _is_stop(tokens, after)
            ):
                end = after  # "Ban Quản lý các khu công nghệ cao và khu công nghiệp"
                continue
            if group and _match_any(tokens, after, GROUP_NOUNS) and tokens[after].lower:
                end = after  # "các Bộ, cơ quan và địa phương liên quan"
                continue
            if (
                after < len(tokens)
                and tokens[after].capitalised
                and not _starts_name(tokens, after)
            ):
                end += 2
                continue
            if (
                after < len(tokens)
                and tokens[after].key == "ubnd"
                and tokens[end - 1].key == "hdnd"
            ):
                end += 2
                continue
            break
        if tok.key == "cap" and _place_at(tokens, end + 1):
            end += 2  # "UBND cấp huyện"
            continue
        if (
            group
            and tok.key in ("tu", "den")
            and end + 1 < len(tokens)
            and tokens[end + 1].capitalised
            and not _starts_name(tokens, end + 1)
        ):
            end += 2  # "UBND các tỉnh từ Hà Tĩnh đến Lâm Đồng"
            continue
        if tok.key == "co" and _match(tokens, end + 1, ("lien", "quan")):
            end += 3  # "các cơ quan có liên quan"
            break
        if group and tok.key == "khac" and tok.lower:
            end += 1  # "các cơ quan báo chí … khác"
            if _match(tokens, end, ("co", "lien", "quan")):
                end += 3
            break
        if tok.key == "cua" and (
            _match_any(tokens, end + 1, _OF_BODIES)
            or group
            and _match_any(tokens, end + 1, _OF_PLACES)
            and tokens[end + 1].capitalised
        ):
            if not _match_any(tokens, end + 1, _OF_BODIES):
                end += 1 + _matched_length(tokens, end + 1, _OF_PLACES)
                continue  # "Các Sở, ban, ngành của Thành phố"
            end += 1 + _matched_length(tokens, end + 1, _OF_BODIES)
            continue  # "Ủy ban Kinh tế và Tài chính của Quốc hội"
        if group and _match(tokens, end, ("quan", "ly", "nha", "nuoc")):
            end += 4  # "các cơ quan quản lý nhà nước"
            continue
        if _is_stop(tokens, end):
            break
        if tok.capitalised and end > j and _capital_stop(tokens, end):
            break
        if (
            tok.capitalised
            and end > j
            and _starts_name(tokens, end)
            and tokens[end - 1].lower
            and tokens[end - 1].key not in ("thuoc", "truc")
            and not (tokens[end - 1].key == "uong" and tokens[end - 2].key == "trung")
            and not (end >= 2 and _head_at(tokens, end - 2) == ("van", "phong"))
        ):
            break
        if tok.lower and not group:
            # Words of a name start with a capital ("Tài chính", "Phát triển
            # nông thôn"): a longer lower-case run is the predicate.
            run += 1
            if run == 1:
                cut = end + 1
            elif run > 3 and not _place_ahead(tokens, end):
                end = cut
                break
        else:
            run = 0
        end += 1
    if end == j and not group:
        return None
    return end


_OF_BODIES = _phrases(["quoc hoi", "chinh phu"])
_OF_PLACES = _phrases(["thanh pho", "tinh"])
PLACES = _phrases(
    ["huyen", "tinh", "xa", "thi xa", "thanh pho", "quan", "phuong", "thi tran", "dac khu"]
)


def _compound_after_comma(tokens: list[Token], comma: int) -> bool:
    """ "Văn hóa, Thể thao và Du lịch": a comma inside a name, followed by
    capitalised words and "và" + a capitalised word, not by another body."""
    k = comma + 1
    if k >= len(tokens) or not tokens[k].capitalised or _starts_name(tokens, k):
        return False
    for n in range(k, min(len(tokens) - 1, k + 4)):
        tok = tokens[n]
        if tok.key == "va":
            nxt = tokens[n + 1]
            return nxt.capitalised and not _starts_name(tokens, n + 1)
        if not (tok.is_word and (tok.capitalised or tok.lower and n > k)):
            return False
    return False


def _capital_stop(tokens: list[Token], i: int) -> bool:
    """A verb with a capital where a heading runs into its sentence: "Sở Y tế
    Chủ trì, phối hợp …", "Cục Du lịch Quốc gia Việt Nam Phối hợp …"."""
    for phrase in CAPITAL_STOPS.get(tokens[i].text.lower(), ()):
        n = len(phrase)
        if i + n <= len(tokens) and all(tokens[i + k].text.lower() == phrase[k] for k in range(n)):
            after = tokens[i + n] if i + n < len(tokens) else None
            return after is None or not after.capitalised or after.text in ",:;"
    return False


def _place_at(tokens: list[Token], i: int) -> bool:
    """A level word ("huyện", "tỉnh"…) in lower case: "Công an huyện"."""
    return i < len(tokens) and tokens[i].lower and _match_any(tokens, i, PLACES) is not None


def _place_ahead(tokens: list[Token], i: int) -> bool:
    """A place ("huyện Mộ Đức") within a few lower-case words, no predicate between:
    "Văn phòng đăng ký đất đai huyện Mộ Đức"."""
    for k in range(i, min(len(tokens), i + 4)):
        if tokens[k].key == "cap" and _place_at(tokens, k + 1):
            return True  # "… hành chính công cấp xã"
        if not tokens[k].is_word or _is_stop(tokens, k):
            return False
        if _place_at(tokens, k):
            return True
    return False


def _in_place_list(tokens: list[Token], comma: int) -> bool:
    """Inside "…các xã: Gia Phú, Bảo Thắng" (a colon earlier in the same name)."""
    k = comma - 1
    while k > 0 and tokens[k].text not in ":;()":
        k -= 1
    return tokens[k].text == ":"


def _starts_name(tokens: list[Token], i: int) -> bool:
    return bool(
        _match_any(tokens, i, OPEN_HEADS)
        or (tokens[i].capitalised and _head_at(tokens, i))
        or (tokens[i].key == "cac" and _match_any(tokens, i + 1, GROUP_NOUNS))
    )
