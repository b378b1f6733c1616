"""Word's automatic numbering: a paragraph in a numbered list ("List Number"
style, or numbering set on the paragraph) shows "1.", "2.", "a)" that are not
in its text. The numbers are computed here the way Word shows them, from
numbering.xml: each list (numId) counts per level, a level restarts when a
higher one moves on, and the level's pattern ("%1.", "%1.%2.", "%2)") and
format (decimal, letters, Roman numerals, bullets) give the label."""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The list definitions of one document and the counters met so far."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) overrides
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, Level]] = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = Level(
                    fmt=_val(lvl, "numFmt", "decimal"),
                    text=_val(lvl, "lvlText", "%1."),
                    start=int(_val(lvl, "start", "1") or 1),
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            numbering.levels[num_id] = abstract.get(ref.get(f"{W}val"), {})
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    key = (num_id, int(override.get(f"{W}ilvl", "0")))
                    numbering.starts[key] = int(start.get(f"{W}val", "1"))
        return numbering

    def label(self, paragraph) -> str:
        """The label Word shows before ``paragraph`` ("2.", "1.3.", "b)", "-"),
        or "" when it is not in a numbered list."""
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        counts = self.counters.setdefault(num_id, {})
        start = self.starts.get((num_id, ilvl), level.start)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""
        text = level.text
        for k in range(9, -1, -1):
            if f"%{k + 1}" in text:
                lvl = levels.get(k, Level())
                value = counts.get(k, self.starts.get((num_id, k), lvl.start))
                text = text.replace(f"%{k + 1}", _format(value, lvl.fmt))
        return text.strip()


def _val(node, tag: str, default: str) -> str:
    child = node.find(f"{W}{tag}")
    if child is None:
        return default
    return child.get(f"{W}val", default)


def _num_pr(paragraph) -> tuple[str | None, int]:
    """numId and level of a paragraph, set on it or inherited from its style."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is not None and num_pr.numId is not None:
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return str(num_pr.numId.val), int(ilvl)
        style = style.base_style
        seen += 1
    return None, 0


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = LETTERS[rest] + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out += letters
            value -= number
    return out
