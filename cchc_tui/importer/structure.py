"""The structure pass: a notice's paragraphs as a tree of numbered parts
(Phần/Chương, Điều, I., 1., 1.1., (1), a), "-", "+"), the document split into
its main text and what is attached after the signature (a plan, an
appendix), and the choice of the parts that are directives.

How the numbering nests is found from the text, not assumed: a scheme
already open is a sibling; a scheme of the outline (Điều, I., 1., 1.1.)
closes the deeper ones; a point (a), (1), "-") goes under what is open.
A number out of sequence ("2025 …", a wrapped "3.") is ordinary text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_tui.domain.text import fold
from cchc_tui.importer.cleanup import is_upper
from cchc_tui.importer.tables import row_cells

# scheme -> rank in the outline (lower is higher up)
RANKS = {
    "part": 0,
    "article": 1,
    "roman": 2,
    "arabic": 3,
    "decimal2": 4,
    "decimal3": 5,
    "paren": 6,
    "letter": 7,
    "dash": 8,
    "plus": 9,
}
OUTLINE = {"part", "article", "roman", "arabic", "decimal2", "decimal3"}
ITEM_SCHEMES = {"arabic", "decimal2", "decimal3", "paren", "letter"}
LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_PATTERNS = [
    ("part", re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG)\s+([IVXLC]+|\d+)\b\s*[.:\-–]?\s*(.*)$")),
    ("article", re.compile(r"^Điều\s+(\d{1,3})\s*[.:]?\s*(.*)$")),
    ("roman", re.compile(r"^([IVXLC]{1,6})\s*(?:[.)](?=\s|$)|/(?=\s)|:(?=\s))\s*(.*)$")),
    ("decimal3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?(?![\d/])\s*[.)]?\s*(.*)$")),
    ("decimal2", re.compile(r"^(\d{1,2}\.\d{1,2})\.?(?![\d/.])\s*[)]?\s*(.*)$")),
    ("arabic", re.compile(r"^(\d{1,3})\s*(?:[.)](?![\d/])|[/\-–](?=\s))\s*(.*)$")),
    ("paren", re.compile(r"^\((\d{1,2})\)\s*[.:]?\s*(.*)$")),
    ("letter", re.compile(r"^([a-zđ])\s*\)\s*(.*)$")),
    ("dash", re.compile(r"^[-–•]\s*(.*)$")),
    ("plus", re.compile(r"^\+\s*(.*)$")),
]


@dataclass
class Block:
    """One paragraph (or table row) with its numbering taken apart."""

    raw: str
    text: str
    scheme: str = ""
    marker: str = ""
    value: int = 0
    cells: list[str] | None = None


@dataclass
class Node:
    block: Block | None
    parent: Node | None = None
    extra: list[Block] = field(default_factory=list)  # unnumbered paragraphs under it
    children: list[Node] = field(default_factory=list)

    @property
    def scheme(self) -> str:
        return self.block.scheme if self.block else ""

    @property
    def heading(self) -> str:
        return self.block.text if self.block else ""

    def blocks(self) -> list[Block]:
        """Its own paragraph, then everything under it in document order."""
        out: list[Block] = [self.block] if self.block else []
        out += self.extra
        for child in self.children:
            out += child.blocks()
        return out

    def content(self) -> str:
        """The text under the node: its heading without the number, then the
        lines below it as written (sub-items keep their letters)."""
        blocks = self.blocks()
        if not blocks:
            return ""
        lines = [blocks[0].text if self.block else blocks[0].raw]
        lines += [b.raw for b in blocks[1:]]
        return "\n".join(x for x in lines if x.strip()).strip()

    def label(self) -> str:
        """ "III.2" style path of numbers, for people to find the item."""
        parts: list[str] = []
        node: Node | None = self
        while node is not None and node.block is not None:
            if node.block.scheme in OUTLINE or node.block.scheme in ("paren", "letter"):
                mark = node.block.marker.rstrip(".):").lstrip("(")
                if node.block.scheme == "article":
                    mark = mark.rstrip(".: ")
                if parts and parts[-1].startswith(mark + "."):
                    pass  # "1.2" already says it is under "1"
                else:
                    parts.append(mark)
            node = node.parent
        return ".".join(reversed(parts))


def roman_value(text: str) -> int:
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN_VALUES.get(ch, 0)
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def parse_block(paragraph: str) -> Block:
    cells = row_cells(paragraph)
    if cells is not None:
        return Block(paragraph, " ".join(c for c in cells if c), "row", cells=cells)
    for scheme, pattern in _PATTERNS:
        m = pattern.match(paragraph)
        if not m:
            continue
        if scheme in ("dash", "plus"):
            return Block(paragraph, m.group(1).strip(), scheme, paragraph[: m.start(1)].strip())
        marker_end = m.start(2)
        marker = paragraph[:marker_end].strip()
        token = m.group(1)
        if scheme in ("roman", "part") and not token.isdigit():
            value = roman_value(token)
            if scheme == "roman" and (token in ("C", "L") or value == 0):
                continue
        elif scheme == "letter":
            value = LETTERS.index(token) + 1 if token in LETTERS else 0
        else:
            value = int(token.split(".")[-1])
        return Block(paragraph, m.group(2).strip(), scheme, marker, value)
    return Block(paragraph, paragraph.strip())


def build_tree(paragraphs: list[str]) -> Node:
    """Paragraphs -> a tree of numbered nodes (see the module's docstring)."""
    root = Node(None)
    stack: list[Node] = [root]
    for paragraph in paragraphs:
        block = parse_block(paragraph)
        if block.scheme in ("", "row"):
            if block.scheme == "row":
                stack[-1].children.append(Node(block, stack[-1]))
            else:
                stack[-1].extra.append(block)
            continue
        placed = _place(stack, block)
        if not placed:
            block = Block(paragraph, paragraph.strip())
            stack[-1].extra.append(block)
    return root


def _place(stack: list[Node], block: Block) -> bool:
    """Put ``block`` in the tree (True), or say it is not a real number (False)."""
    scheme = block.scheme
    open_at = next((k for k in range(len(stack) - 1, 0, -1) if stack[k].scheme == scheme), None)
    if open_at is not None and _follows(stack[open_at].block, block):
        del stack[open_at:]
        _push(stack, block)
        return True
    if scheme in OUTLINE:
        trial = list(stack)
        while len(trial) > 1 and RANKS.get(trial[-1].scheme, 99) >= RANKS[scheme]:
            trial.pop()
        if not _starts(trial[-1], block):
            return False
        stack[:] = trial
        _push(stack, block)
        return True
    if open_at is not None and block.value <= 2:
        del stack[open_at:]  # a new list of points at the same depth
        _push(stack, block)
        return True
    if not _starts(stack[-1], block):
        return False
    _push(stack, block)
    return True


def _push(stack: list[Node], block: Block) -> None:
    node = Node(block, stack[-1])
    stack[-1].children.append(node)
    stack.append(node)


def _follows(previous: Block | None, block: Block) -> bool:
    if previous is None:
        return False
    if block.scheme in ("dash", "plus"):
        return True
    gap = block.value - previous.value
    return 0 <= gap <= 2  # the same number twice is a typo ("IV." / "IV.")


def _starts(parent: Node, block: Block) -> bool:
    """Can ``block`` be the first child of its scheme under ``parent``?"""
    if block.scheme in ("dash", "plus"):
        return True
    same = [c for c in parent.children if c.scheme == block.scheme]
    if same:
        return _follows(same[-1].block, block)
    return block.value <= 2


# -- what the document is made of ------------------------------------------------

ATTACHMENT = re.compile(
    r"^(ke hoach|phu luc|danh muc|quy dinh|quy che|chuong trinh|quy trinh|phuong an|de an|"
    r"bieu mau|mau so|huong dan|phan [ivx]+\b)"
)
_SIGNATURE = re.compile(
    r"^(?:KT\.|TM\.|TL\.|Q\.|PHÓ|TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|CHÁNH|BÍ THƯ|NGƯỜI KÝ|THỦ TƯỚNG|"
    r"BỘ TRƯỞNG|CỤC TRƯỞNG)",
    re.I,
)


@dataclass
class Part:
    kind: str  # "main" or the attachment's kind, folded ("ke hoach", "phu luc"…)
    lines: list[str]
    start: int = 0

    @property
    def title(self) -> str:
        """The first lines of an attachment: its heading ("PHỤ LỤC I / TỔNG HỢP …")."""
        text = [x.strip() for x in self.lines[:8] if x.strip()]
        return " ".join(text[:3])


def split_parts(lines: list[str]) -> list[Part]:
    """The main text up to "Nơi nhận" / the signature, then each document
    attached after it (a plan, an appendix…), each up to its own signature."""
    parts: list[Part] = []
    current = Part("main", [], 0)
    in_tail = False  # between "Nơi nhận" (or a signature) and an attachment
    for i, line in enumerate(lines):
        text = line.strip()
        key = fold(text)
        if not in_tail and (key.startswith("noi nhan") or _ends_with_signature(lines, i)):
            in_tail = True
            parts.append(current)
            current = Part("tail", [], i)
            continue
        next_attachment = (
            current.kind != "main" and sum(1 for x in current.lines if x.strip()) >= 8
        )  # an annex right after an attached plan, not the plan's own title
        if (in_tail or next_attachment) and text and is_upper(text) and len(text) < 60:
            m = ATTACHMENT.match(key)
            if m and not key.startswith(("ke hoach so", "quyet dinh so")):
                parts.append(current)
                current = Part(m.group(1), [text], i)
                in_tail = False
                continue
        current.lines.append(line)
    parts.append(current)
    return [p for p in parts if p.kind != "tail" and any(x.strip() for x in p.lines)]


def _ends_with_signature(lines: list[str], i: int) -> bool:
    """A signature block ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH") at line ``i``
    that closes a document without a "Nơi nhận" list."""
    text = lines[i].strip()
    if not text or not _SIGNATURE.match(text) or not is_upper(text) or len(text) > 40:
        return False
    if not re.match(r"^(KT\.|TM\.|TL\.|Q\.)", text):
        return False
    before = [x for x in lines[max(0, i - 3) : i] if x.strip()]
    return bool(before) and before[-1].rstrip().endswith(("./.", "/.", "."))
