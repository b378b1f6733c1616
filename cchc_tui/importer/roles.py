"""Who leads and who supports, by the reading rules of DESIGN.md:

- "X chủ trì (, phối hợp với / cùng) Y" and "giao X …" ⇒ X lead, Y support;
- a subject list before the verb ("A, B và C tiếp tục …") ⇒ all leads;
- "X phối hợp với Y, Z" as the subject ⇒ X lead, Y and Z support;
- names after "như" are the ones aimed at ⇒ leads;
- the body advised ("tham mưu UBND huyện"), beneficiaries ("cho Phòng …"),
  names in other parentheses and bodies outside the issuer's administration
  are neither."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_tui.domain.text import fold
from cchc_tui.importer.agencies import (
    Mention,
    Registry,
    Token,
    find_mentions,
    person_title_end,
    tokenize,
)
from cchc_tui.importer.draft import AgencyRef
from cchc_tui.importer.vocabulary import PERSON_TITLES

_PREFIXES = [
    "giao cho",
    "giao",
    "de nghi",
    "yeu cau",
    "doi voi",
    "rieng",
    "dong thoi",
    "trong do",
    "yeu cau doi voi",
    "de nghi doi voi",
    "giao nhiem vu cho",
    "ve phia",
    "can cu",
    # "Chủ tịch UBND các xã …", "Thủ trưởng các cơ quan …": the body they head
    "chu tich",
    "pho chu tich",
    "thu truong",
    "lanh dao",
    "giam doc",
    "dong thoi de nghi",
    "dong thoi giao",
    "dong thoi yeu cau",
    "truong hop can thiet",
    *PERSON_TITLES,
]
_PREFIX_KEYS = sorted((tuple(p.split()) for p in _PREFIXES), key=len, reverse=True)
_MARKER = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]|\(\d{1,2}\)\.?|[a-zđ]\s*\)|[-+•*–])\s*"
)
_PAREN = re.compile(r"\(([^()]*)\)")


@dataclass
class Roles:
    leads: list[AgencyRef] = field(default_factory=list)
    supports: list[AgencyRef] = field(default_factory=list)
    open_support: bool = False  # the last clause ended inside a "phối hợp với …" list

    def add(self, role: str, ref: AgencyRef) -> None:
        key = fold(ref.name)
        if any(fold(r.name) == key for r in self.leads):
            return
        if role == "lead":
            self.supports = [r for r in self.supports if fold(r.name) != key]
            self.leads.append(ref)
        elif all(fold(r.name) != key for r in self.supports):
            self.supports.append(ref)


@dataclass
class Context:
    """What the reading of names depends on, beyond the sentence itself."""

    registry: Registry
    issuer_keys: set[str] = field(default_factory=set)
    level: str = "district"  # "central" | "province" | "district" | "unknown"
    addressees: list[AgencyRef] = field(default_factory=list)
    letter_defaults: bool = True  # items without a lead go to the addressees

    def resolve(self, mention: Mention) -> AgencyRef | None:
        """The agency a mention stands for, or None when it is not an assignee."""
        ref = mention.ref
        key = fold(ref.name)
        if key in self.issuer_keys or key in ("so", "ban", "phong", "uy ban", "so nay"):
            return None
        for addressee in self.addressees:
            akey = fold(addressee.name)
            if (
                key == akey
                or (akey.startswith(key + " ") and len(key.split()) >= 2)
                or (
                    akey.startswith(key)
                    and key.endswith(",") is False
                    and len(key) >= 12
                    and akey[len(key) : len(key) + 1] in " ,"
                )
            ):
                return addressee
        if not mention.known and _outside(key, self.level):
            return None
        if not mention.known and key.startswith(_ISSUER_SIDE):
            return None  # the Government and its leaders give the orders
        return ref


_ISSUER_SIDE = (
    "thu tuong",
    "pho thu tuong",
    "chinh phu",
    "thuong truc chinh phu",
    "ban chi dao trung uong",
    "bo chinh tri",
    "ban bi thu",
)


def _outside(key: str, level: str) -> bool:
    """Bodies above the issuer: not assignees of its notice. With the level
    unknown (or central), nobody is left out: the person checks the draft."""
    local_command = re.match(r"^bo (chi huy|chqs|doi|tu lenh)\b", key) or re.search(
        r"\b(tinh|thanh pho)$", key
    )
    higher = not local_command and key.startswith(
        ("bo ", "cuc ", "tong cuc", "chinh phu", "thu tuong", "quoc hoi")
    )
    if level == "province":
        return higher or key.startswith(
            ("ubnd tinh", "uy ban nhan dan tinh", "tinh uy", "hdnd tinh")
        )
    if level == "district":
        provincial = (
            key.startswith(("so ", "ubnd tinh", "uy ban nhan dan tinh", "tinh uy", "hdnd tinh"))
            or re.search(r"\btinh\b", key) is not None
            and "chi nhanh" not in key
        )
        return higher or provincial
    return False


def clauses(text: str) -> list[str]:
    """Sentences and ';'-clauses of a directive; each line (sub-item) apart."""
    out = []
    for line in text.split("\n"):
        line = _MARKER.sub("", line, count=1)
        depth = 0
        start = 0
        for k, ch in enumerate(line):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif depth == 0 and (
                ch == ";"
                or ch == "."
                and k + 2 < len(line)
                and line[k + 1] == " "
                and line[k + 2].isupper()
            ):
                out.append(line[start:k])
                start = k + 1
            elif (
                depth == 0
                and ch == ":"
                and k + 2 < len(line)
                and line[k + 1] == " "
                and _TOPIC.match(line[start:k].strip())
            ):
                out.append(TOPIC_MARK + line[start:k])  # "Về …: Bộ X khẩn trương …"
                start = k + 1
        out.append(line[start:])
    return [c.strip() for c in out if c.strip()]


TOPIC_MARK = "\u2063"  # a topic ("Về việc …:") names no assignee
_TOPIC = re.compile(r"^(Về|Liên quan đến)\b", re.I)


def read_roles(text: str, ctx: Context, heading: str = "", subject=None) -> Roles:
    """Leads and supports named in a directive's text. With ``subject`` (the
    agencies an item's heading names), "Yêu cầu / Đề nghị X …" at the start
    of a point is the subject asking X: X is not given the task."""
    roles = Roles()
    pending: list[Mention] = []  # "Sở A; UBND các xã niêm yết …": names before a ';'
    for n, clause in enumerate(clauses(text)):
        if clause.startswith(TOPIC_MARK):
            continue
        names = _names_only(clause, ctx)
        if names:
            pending += names
            continue
        before = len(roles.leads)
        if roles.open_support:
            # "phối hợp Ban X; các doanh nghiệp và các đơn vị liên quan rà soát …"
            clause = "phối hợp với " + clause
        roles.open_support = False
        _read_clause(
            clause, ctx, roles, is_heading=(n == 0 and bool(heading)), subject_known=bool(subject)
        )
        if pending and len(roles.leads) > before:
            _take(ctx, roles, "lead", pending)
        pending = []
    return roles


def _names_only(clause: str, ctx: Context) -> list[Mention]:
    toks = tokenize(clause)
    if not toks:
        return []
    mentions = find_mentions(clause, toks, ctx.registry)
    covered: set[int] = set()  # token indexes inside a mention
    for m in mentions:
        covered.update(range(m.start, m.end))
    rest = [
        t for k, t in enumerate(toks) if k not in covered and t.key not in ("va",) and t.is_word
    ]
    return mentions if mentions and not rest else []


def _take(ctx: Context, roles: Roles, role: str, mentions: list[Mention]) -> None:
    for m in mentions:
        ref = ctx.resolve(m)
        if ref is not None:
            roles.add(role, ref)


def _read_clause(
    clause: str, ctx: Context, roles: Roles, is_heading: bool = False, subject_known: bool = False
) -> None:
    # names after "như" inside parentheses are leads; other parentheses are ignored
    for inner in _PAREN.findall(clause):
        m = re.match(r"\s*(?:ví dụ\s+)?như\s*:?\s*", inner, re.I)
        if m:
            rest = inner[m.end() :]
            toks = tokenize(rest)
            _take(ctx, roles, "lead", _list_at(rest, toks, 0, ctx.registry)[0])
    plain = _PAREN.sub(" ", clause)
    toks = tokenize(plain)
    if not toks:
        return
    mentions = find_mentions(plain, toks, ctx.registry)
    by_start = {m.start: m for m in mentions}
    used: set[int] = set()

    # 1. a subject at the start of the clause (after "Giao", "Đề nghị", "Đối với" …)
    pos = 0
    prefix = None
    for _ in range(2):  # "Đề nghị Chủ tịch UBND các xã …"
        for keys in _PREFIX_KEYS:
            if all(pos + k < len(toks) and toks[pos + k].key == keys[k] for k in range(len(keys))):
                prefix = keys
                pos += len(keys)
                break
    if prefix and pos < len(toks) and toks[pos].text == ":":
        pos += 1  # "Đề nghị: Hiệp hội Doanh nghiệp tỉnh, …"
    pos = person_title_end(toks, pos)
    if pos not in by_start:
        framed = _after_framing(toks, by_start)
        if framed >= 0:
            pos, prefix = framed, None
    if pos in by_start:
        subject, end = _list_from(by_start, toks, pos)
        has_predicate = end < len(toks) and (
            toks[end].is_word
            and toks[end].lower
            and toks[end].key not in _NOT_ORDERS
            or toks[end].text == ":"
        )
        asked = subject_known and prefix in (("yeu", "cau"), ("de", "nghi"))
        if (prefix or has_predicate or is_heading) and not asked:
            _take(ctx, roles, "lead", subject)
            used.update(m.start for m in subject)
            _supports_after(toks, end, by_start, ctx, roles, used)

    # 2. "giao X …", "đề nghị X …", "yêu cầu X …" inside the clause
    for k, tok in enumerate(toks):
        passive = k > 0 and toks[k - 1].key in ("duoc", "da", "bi")  # "đã được giao cho X"
        if tok.key == "giao" and k + 1 < len(toks) and not passive:
            start = k + 2 if toks[k + 1].key == "cho" else k + 1
            start = person_title_end(toks, start)
            if start in by_start and start not in used:
                subject, end = _list_from(by_start, toks, start)
                _take(ctx, roles, "lead", subject)
                used.update(m.start for m in subject)
                _supports_after(toks, end, by_start, ctx, roles, used)
        # 3. "… phối hợp với / cùng Y" without a named subject ⇒ Y supports
        if tok.key == "phoi" and k + 1 < len(toks) and toks[k + 1].key == "hop":
            _supports_after(toks, k, by_start, ctx, roles, used)
        # 4. "… như A, B" ⇒ leads
        if tok.key == "nhu" and tok.lower:
            start = k + 2 if k + 1 < len(toks) and toks[k + 1].text == ":" else k + 1
            if start in by_start and start not in used:
                subject, _ = _list_from(by_start, toks, start)
                _take(ctx, roles, "lead", subject)
                used.update(m.start for m in subject)


# A subject followed by these reports a fact ("Bộ X đã tích cực vào cuộc"),
# it is not given work.
_NOT_ORDERS = {"da", "dang", "van", "duoc", "bi", "chua", "tung", "hien", "cung", "deu", "se"}

_FRAMING = {
    ("tren", "co", "so"),
    ("can", "cu"),
    ("sau", "khi"),
    ("de",),
    ("trong", "qua", "trinh"),
    ("doi", "voi"),
    ("ve",),
    ("ngoai", "ra"),
    ("theo", "do"),
    ("truoc", "mat"),
    ("dong", "thoi"),
    ("voi",),
}


_FRAMING_WORDS = {
    "voi",
    "tren",
    "trong",
    "sau",
    "de",
    "nham",
    "theo",
    "can",
    "doi",
    "ve",
    "ngoai",
    "tai",
    "khi",
    "neu",
    "truong",
    "truoc",
    "dong",
}


def _after_framing(toks: list[Token], by_start: dict[int, Mention]) -> int:
    """ "Trên cơ sở …, Bộ Tài chính khẩn trương …": the subject after a
    framing phrase and its comma; -1 when there is none."""
    framed = any(
        all(k < len(toks) and toks[k].key == f[k] for k in range(len(f))) for f in _FRAMING
    )
    if not toks or not (framed or toks[0].lower and toks[0].key in _FRAMING_WORDS):
        return -1
    for k, tok in enumerate(toks[:60]):
        if tok.text != ",":
            continue
        at = k + 1
        for keys in _PREFIX_KEYS if framed else ():  # "Để …, đề nghị các Thuế tỉnh …"
            if all(at + n < len(toks) and toks[at + n].key == keys[n] for n in range(len(keys))):
                at += len(keys)
                at = person_title_end(toks, at)
                if at in by_start:
                    return at
                break
        if k + 1 in by_start:
            end = by_start[k + 1].end
            nxt = end
            while nxt in by_start or (nxt < len(toks) and toks[nxt].text == ","):
                nxt = by_start[nxt].end if nxt in by_start else nxt + 1
            if nxt < len(toks) and toks[nxt].is_word and toks[nxt].lower:
                return k + 1
    return -1


def heading_agencies(heading: str, ctx: Context) -> list[AgencyRef]:
    """The agencies an item's heading consists of ("Sở Y tế:", "Giao Sở Nội
    vụ", "Đề nghị Ủy ban MTTQ Việt Nam thành phố", "Sở Công Thương Hỗ trợ …"
    where the heading runs into its first sentence): leads of the whole item."""
    text = heading.strip()
    if not text or len(text) > 400:
        return []
    toks = tokenize(text)
    pos = 0
    for keys in _PREFIX_KEYS:
        if all(pos + k < len(toks) and toks[pos + k].key == keys[k] for k in range(len(keys))):
            pos += len(keys)
            break
    if pos < len(toks) and toks[pos].text == ":":
        pos += 1
    pos = person_title_end(toks, pos)
    mentions = find_mentions(text, toks, ctx.registry)
    by_start = {m.start: m for m in mentions}
    if pos not in by_start:
        return _heading_as_name(text, toks, pos, ctx)
    subject, end = _list_from(by_start, toks, pos)
    if end < len(toks):
        nxt = toks[end]
        if nxt.text not in (":", "(", "-", "–") and not (nxt.is_word and nxt.capitalised):
            return []
    out = []
    for m in subject:
        ref = ctx.resolve(m)
        if ref is not None:
            out.append(ref)
    return out


_HEADING_WORDS = re.compile(
    r"^(cac|ubnd|uy ban|hoi dong|ban|bao|so|phong|van phong|trung tam|cong an|cuc|chi cuc|doan|hoi|"
    r"doanh nghiep|to chuc|hiep hoi|cong ty|tap doan|dai|cong thong tin|lien minh|lien doan)\b"
)


def _heading_as_name(text: str, toks: list[Token], pos: int, ctx: Context) -> list[AgencyRef]:
    """A heading that is only a name not shaped like the usual ones ("Báo và
    Phát thanh, Truyền hình thành phố", "Giám đốc Sở, Thủ trưởng cơ quan, ban,
    ngành"): the name, without the titles of people."""
    name = re.sub(r"\s*\([^)]*\)\s*", " ", text).strip()
    colon = name.find(":")
    if 0 < colon < 90:
        name = name[:colon]  # "Doanh nghiệp, cộng đồng, tổ chức, cá nhân: Quan tâm …"
    name = name.rstrip(":").strip()
    if not name or len(name.split()) > 14:
        return []
    from cchc_tui.importer.agencies import (
        GROUP_NOUNS,
        _is_stop,
        _match_any,
        canonical_name,
    )

    name_toks = tokenize(name)
    for k, t in enumerate(name_toks):
        listed = k > 0 and name_toks[k - 1].text == "," and _match_any(name_toks, k, GROUP_NOUNS)
        if t.lower and _is_stop(name_toks, k) and not listed:
            return []  # a verb: the heading is a sentence, not a name
    from cchc_tui.importer.agencies import person_title_end as _title_end

    parts = []
    for part in name.split(","):
        part = part.strip()
        part_toks = tokenize(part)
        k = _title_end(part_toks, 0)
        if 0 < k < len(part_toks):
            part = part[part_toks[k].start :]
        if part:
            parts.append(part)
    name = ", ".join(parts)
    name = canonical_name(name[:1].upper() + name[1:])
    key = fold(name)
    if not _HEADING_WORDS.match(key):
        return []
    known = ctx.registry.lookup(name)
    if known:
        return [known]
    kind = "group" if key.startswith("cac ") or "," in name else "agency"
    return [AgencyRef(name, None, kind)]


_PLACE_SUBJECT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:đề nghị|yêu cầu)\s+)((?:tỉnh|thành phố|Tỉnh|Thành phố|xã|phường|Xã|Phường)"
    r"\s+[A-ZĐ\u00c0-\u1ef8][\w]*(?:\s+[A-ZĐ\u00c0-\u1ef8][\w]*)*)\s+"
    r"(?:cần|phải|tiếp tục|tập trung|khẩn trương|chủ động|nghiêm túc|quyết liệt)"
)


_MODALS = {"can", "phai", "tiep", "tap", "khan", "chu", "nghiem", "quyet", "thuc", "trien", "co"}


def intro_leads(intro: str, ctx: Context) -> list[AgencyRef]:
    """Who the sentence introducing a list asks to act: names after "yêu cầu /
    đề nghị / giao", or its subject ("Tỉnh Đắk Lắk cần … các nội dung sau:")."""
    if not intro:
        return []
    toks = tokenize(intro)
    mentions = {m.start: m for m in find_mentions(intro, toks, ctx.registry)}
    out: list[AgencyRef] = []
    for k, tok in enumerate(toks):
        if (tok.key, toks[k + 1].key if k + 1 < len(toks) else "") in (
            ("yeu", "cau"),
            ("de", "nghi"),
        ) or tok.key == "giao":
            start = k + 1 if tok.key == "giao" else k + 2
            start = person_title_end(toks, start)
            while start in mentions:
                ref = ctx.resolve(mentions[start])
                if ref is not None and all(fold(r.name) != fold(ref.name) for r in out):
                    out.append(ref)
                nxt = mentions[start].end
                while nxt < len(toks) and (toks[nxt].text == "," or toks[nxt].key == "va"):
                    nxt += 1
                nxt = person_title_end(toks, nxt)
                start = nxt
    if out:
        return out
    last = [c for c in clauses(intro) if c.strip()]
    if last:
        toks = tokenize(last[-1])
        by_start = {m.start: m for m in find_mentions(last[-1], toks, ctx.registry)}
        pos = person_title_end(toks, 0)
        if pos in by_start:
            subject, end = _list_from(by_start, toks, pos)
            if end < len(toks) and toks[end].key in _MODALS:
                refs = [r for r in (ctx.resolve(m) for m in subject) if r is not None]
                if refs:
                    return refs
    m = _PLACE_SUBJECT.search(intro)
    if m:
        place = m.group(1)
        return [AgencyRef("UBND " + place[0].lower() + place[1:], None, "agency")]
    return []


def _list_at(text: str, toks: list[Token], start: int, registry: Registry):
    mentions = find_mentions(text, toks, registry)
    return _list_from({m.start: m for m in mentions}, toks, start)


def _list_from(
    by_start: dict[int, Mention], toks: list[Token], start: int
) -> tuple[list[Mention], int]:
    """Consecutive names joined by ',', 'và', ', và' from ``start``."""
    found: list[Mention] = []
    pos = start
    while pos in by_start:
        m = by_start[pos]
        found.append(m)
        pos = m.end
        nxt = pos
        while nxt < len(toks) and (toks[nxt].text in (",", "&") or toks[nxt].key in ("va", "cung")):
            nxt += 1
        if (
            nxt < len(toks)
            and toks[nxt].text == "."
            and nxt + 1 < len(toks)
            and toks[nxt + 1].text == "."
        ):
            break  # ",..." closes the list
        if nxt != pos:
            nxt = person_title_end(toks, nxt)  # "Bộ trưởng Bộ A, Bộ trưởng Bộ B"
        if nxt != pos and nxt in by_start:
            pos = nxt
        else:
            break
    return found, pos


def _supports_after(toks, end, by_start, ctx, roles, used) -> None:
    """After a lead: "chủ trì(,) phối hợp (với|cùng) Y", "phối hợp với Y", "cùng Y"."""
    k = end
    if k + 1 < len(toks) and toks[k].key == "chu" and toks[k + 1].key == "tri":
        k += 2
    if k < len(toks) and toks[k].text == ",":
        k += 1
    if k + 1 < len(toks) and toks[k].key == "phoi" and toks[k + 1].key == "hop":
        k += 2
        # "phối hợp (chặt chẽ) với / cùng Y"
        for skip in range(3):
            if k + skip < len(toks) and toks[k + skip].key in ("voi", "cung"):
                k += skip + 1
                break
    elif k < len(toks) and toks[k].key in ("cung", "voi") and k != end:
        k += 1
    else:
        return
    if k in by_start and k not in used:
        supports, end = _list_from(by_start, toks, k)
        _take(ctx, roles, "support", supports)
        used.update(m.start for m in supports)
        if all(not t.is_word for t in toks[end:]):
            roles.open_support = True
        if end + 1 < len(toks) and (toks[end].key == "va" or toks[end].text == ","):
            k = end + 1  # "Sở Tài chính và cơ quan, đơn vị liên quan"
        else:
            return
    if k not in by_start and not _bare_collective(toks, k):
        # "phối hợp các lực lượng và UBND các xã, phường …": a name a few words on
        for ahead in range(k + 1, min(len(toks), k + 5)):
            if toks[ahead - 1].key == "va" and ahead in by_start and ahead not in used:
                supports, _ = _list_from(by_start, toks, ahead)
                _take(ctx, roles, "support", supports)
                used.update(m.start for m in supports)
                return
            if not toks[ahead].is_word and toks[ahead].text != ",":
                break
        return
    if k not in by_start:
        bare = _bare_collective(toks, k)
        if bare:
            text = " ".join(t.text for t in toks[k:bare]).replace(" ,", ",")
            name = text[:1].upper() + text[1:]
            roles.add("support", ctx.registry.lookup(name) or AgencyRef(name, None, "group"))


def _bare_collective(toks: list[Token], k: int) -> int | None:
    """ "phối hợp với cơ quan, đơn vị có liên quan": a collective without
    "các", made of group nouns; the index after it, or None."""
    from cchc_tui.importer.agencies import GROUP_NOUNS, _match, _match_any

    end = k
    nouns = 0
    while end < len(toks):
        noun = _match_any(toks, end, GROUP_NOUNS)
        if not noun or not toks[end].lower:
            break
        nouns += 1
        end += len(noun)
        if end < len(toks) and (toks[end].text == "," or toks[end].key == "va"):
            if end + 1 < len(toks) and _match_any(toks, end + 1, GROUP_NOUNS):
                end += 1
                continue
        break
    if not nouns:
        return None
    for tail in (("co", "lien", "quan"), ("lien", "quan")):
        if _match(toks, end, tail):
            return end + len(tail)
    return end if nouns >= 2 else None
