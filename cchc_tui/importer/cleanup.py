"""Cleaning a notice's text into lines and paragraphs: markdown and web-page
markup, tables, page numbers, footnotes and their markers, hard-wrapped
lines, sentences split by a page break, item numbers split from their text."""

from __future__ import annotations

import re
from collections import Counter

from cchc_tui.importer.reading import CELL_GAP
from cchc_tui.importer.tables import ROW, markdown_tables, pipe_tables

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?\s*$|^\s*Trang\s+\d+(?:\s*/\s*\d+)?\s*$", re.I
)
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s+(?=[A-ZĐÀ-Ỹa-zđà-ỹ“\"(])(?!tháng|năm)")
# Starts of a new paragraph: items, sub-items, bullets, headings, signature blocks.
ITEM_MARKER = re.compile(
    r"^\s*(?:[IVXLC]{1,6}\s*[.)/]\s+|[IVXLC]{1,6}\s*[.)]$|\d{1,3}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)\s*"
    r"|\d{1,3}\s*[/\-–]\s+|\(\d{1,2}\)\.?\s*|[a-zđ]\s*\)\s*|[-+•*–]\s+|[-+•–]$"
    r"|Điều\s+\d+\b|(?:Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+(?:[IVXLC]+|\d+)\b|Nơi nhận\b|Kính gửi\b)",
)
_TERMINAL = re.compile(r"(?:[.:;!?…]|\./\.|\.\)|;\)|\)\.|\.\”|\.\")\s*$")
_RULE = re.compile(r"^\s*[-_=–—.*]{3,}\s*$")
_HEADING_HASHES = re.compile(r"^\s*#{1,6}\s+")
_FOOTNOTE_REF = re.compile(r"(?<=\S)\[\d{1,2}\](?=[\s.,;:)]|$)")
_BARE_MARKER = re.compile(
    r"^\s*(?:[IVXLC]{1,6}\s*[.)]|\d{1,3}(?:\.\d{1,2}){0,3}\s*[.)]?|\(\d{1,2}\)|[a-zđ]\s*\)"
    r"|[-+•–]|Điều\s+\d+\s*[.:]?)\s*$"
)
# Words after which a line break cannot end a paragraph: "Điều / 3. …".
_NEEDS_NUMBER = re.compile(r"(?:\b(?:Điều|khoản|Khoản|điểm|Mục|mục|số|Số|Phần|Chương)\s*)$")


def strip_markup(lines: list[str]) -> list[str]:
    """Markdown and web-page markup: bold and italic marks, heading hashes,
    footnote references "[1]", non-breaking spaces. A leading "* " is a bullet."""
    out = []
    for line in lines:
        line = line.replace("\u00a0", " ").replace("\u200b", "")
        line = _HEADING_HASHES.sub("", line)
        bullet = re.match(r"^(\s*)\*\s+(?=\S)", line)
        if bullet:
            line = bullet.group(1) + "- " + line[bullet.end() :]
        line = line.replace("**", "").replace("__", "").replace("*", "")
        line = _FOOTNOTE_REF.sub("", line)
        out.append(line.rstrip())
    return out


def normalize(raw_lines: list[str]) -> list[str]:
    """Lines of plain text: markup removed, tables of tasks as row lines, other
    tables flattened, rule lines ("------") as blank lines."""
    lines = strip_markup(raw_lines)
    lines = pipe_tables(lines)
    lines = markdown_tables(lines, CELL_GAP)
    return ["" if _RULE.match(line) else line for line in lines]


def drop_page_furniture(lines: list[str]) -> tuple[list[str], set[str]]:
    """Remove page-number lines and footnote blocks (a line "1 Text…" after a
    blank line, up to the next page number). Returns the lines kept and the
    footnote numbers seen, so that their markers can be removed from the text."""
    out: list[str] = []
    footnotes: set[str] = set()
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if _PAGE_NUMBER.match(line) and line.strip():
            out.append("")  # a page break reads like a blank line
            i += 1
            continue
        match = _FOOTNOTE_START.match(line)
        previous_blank = not out or not out[-1].strip()
        if match and previous_blank:
            # a footnote runs to the page number that ends its page
            end = None
            for j in range(i + 1, min(n, i + 15)):
                if _PAGE_NUMBER.match(lines[j]) and lines[j].strip():
                    end = j
                    break
                if ITEM_MARKER.match(lines[j]) and not lines[j - 1].strip():
                    break
            if end is not None:
                footnotes.add(match.group(1))
                i = end
                continue
        out.append(line)
        i += 1
    return out, footnotes


def remove_footnote_markers(text: str, footnotes: set[str]) -> str:
    """'luật1.' -> 'luật.'; 'năm 20243.' -> 'năm 2024.' for footnotes that exist."""
    for number in sorted(footnotes, key=len, reverse=True):
        text = re.sub(rf"(?<=[a-zà-ỹđ]){number}(?=[\s.,;:)]|$)", "", text)
        text = re.sub(rf"\b((?:19|20)\d\d){number}(?=[\s.,;:)]|$)", r"\1", text)
    return text


def is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text (copied from a PDF): lines often end mid-sentence and
    the next line goes on in lower case."""
    pairs = wraps = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if not a.strip() or not b.strip():
            continue
        pairs += 1
        if not _TERMINAL.search(a) and b.strip()[:1].islower() and not ITEM_MARKER.match(b):
            wraps += 1
    return wraps >= 3 or (pairs > 0 and wraps / pairs >= 0.1)


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def paragraphs(lines: list[str], wrapped: bool | None = None) -> list[str]:
    """Join lines into paragraphs. A blank line or a page break in the middle of
    a sentence ("tiêu chí thành / phần") does not end it; an item number alone
    on its line ("2." / "Văn phòng UBND tỉnh…") goes with the next line; a
    heading in capitals is not run into the sentence that follows it."""
    if wrapped is None:
        wrapped = is_wrapped(lines)
    indents = Counter(len(x) - len(x.lstrip()) for x in lines if x.strip())
    margin = min((k for k, v in indents.items() if v >= max(2, len(lines) // 20)), default=0)
    widths = sorted(len(x.strip()) for x in lines if x.strip())
    typical = widths[len(widths) // 2] if widths else 0
    result: list[str] = []
    blank_before = True
    bare = False  # the previous paragraph is an item number alone
    previous_raw = ""
    for raw in lines:
        if raw.startswith(ROW):
            result.append(raw)
            blank_before = True
            bare = False
            continue
        if not raw.strip():
            blank_before = True
            continue
        line = re.sub(r"\s+", " ", raw).strip()
        indent = len(raw) - len(raw.lstrip())
        new = True
        previous = result[-1] if result and not result[-1].startswith(ROW) else None
        wrapped_dash = (
            wrapped
            and not blank_before
            and line.startswith(("- ", "– "))
            and len(previous_raw.strip()) >= 0.85 * typical
            and typical >= 50
            and not _TERMINAL.search(previous_raw)
        )
        if previous is not None and (bare or wrapped_dash):
            new = False
        elif previous is not None and _NEEDS_NUMBER.search(previous) and line[:1].isdigit():
            new = False
        elif previous is not None and not ITEM_MARKER.match(line):
            ends_sentence = bool(_TERMINAL.search(previous))
            starts_low = line[:1].islower() or line[:1].isdigit()
            heading_then_text = (
                is_upper(_last_line_words(previous))
                and not is_upper(line)
                and line[:1].isupper()
                and not previous.rstrip().endswith((",", "-", "–"))
            )
            text_then_heading = is_upper(line) and len(line.split()) >= 2 and not is_upper(previous)
            if starts_low and (
                not ends_sentence or line[:1].isalpha() and not previous.endswith(".")
            ):
                new = False
            elif heading_then_text or text_then_heading:
                new = True
            elif not ends_sentence and wrapped and not blank_before:
                new = indent > margin + 2 and _looks_like_heading(previous)
            elif not ends_sentence and not blank_before and is_upper(previous) and is_upper(line):
                new = False  # a title in capitals over several lines
        if new:
            result.append(line)
        else:
            result[-1] = result[-1] + " " + line
        bare = bool(_BARE_MARKER.match(result[-1]))
        blank_before = False
        previous_raw = raw
    return result


def _last_line_words(paragraph: str) -> str:
    return " ".join(paragraph.split()[-6:])


def _looks_like_heading(line: str) -> bool:
    return bool(ITEM_MARKER.match(line)) and len(line) < 160


def split_columns(line: str) -> list[str]:
    """Cells of a two-column header line (separated by wide gaps or tabs)."""
    return [c.strip() for c in re.split(r"\s{3,}|\t+", line.strip()) if c.strip()]
