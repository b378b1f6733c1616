"""Cleaning text copied from PDFs and other sources into lines and paragraphs:
markdown tables, page numbers, footnotes and their markers, hard-wrapped
lines and sentences split by a page break."""

from __future__ import annotations

import re
from collections import Counter

from cchc_tui.importer.reading import CELL_GAP

_MD_SEPARATOR = re.compile(r"^\s*\|?[\s:|\-]+\|[\s:|\-]*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?\s*$|^\s*Trang\s+\d+(?:\s*/\s*\d+)?\s*$", re.I
)
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s+(?=[A-ZĐÀ-Ỹa-zđà-ỹ“\"(])(?!tháng|năm)")
# Starts of a new paragraph: items, sub-items, bullets, headings, signature blocks.
ITEM_MARKER = re.compile(
    r"^\s*(?:[IVXLC]{1,6}\s*[.)/]\s+|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)\s*|\d{1,2}\s*[/\-–]\s+|\(\d{1,2}\)\.?\s*"
    r"|[a-zđ]\s*\)\s*|[-+•*–]\s+|Nơi nhận\b|Kính gửi\b)",
)
_TERMINAL = re.compile(r"(?:[.:;!?…]|\./\.|\.\)|;\)|\)\.|\.\”|\.\")\s*$")
_MD_DECORATION = re.compile(r"\*\*|__|^\s*#{1,6}\s+")


def flatten_markdown(lines: list[str]) -> list[str]:
    """Markdown table rows become wide-gap lines; bold marks and heading hashes go."""
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _MD_SEPARATOR.match(stripped):
                continue
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            line = CELL_GAP.join(c if c else " " for c in cells).rstrip()
        out.append(_MD_DECORATION.sub("", line))
    return out


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


def paragraphs(lines: list[str], wrapped: bool | None = None) -> list[str]:
    """Join lines into paragraphs. A blank line or a page break in the middle of
    a sentence ("tiêu chí thành / phần") does not end it."""
    if wrapped is None:
        wrapped = is_wrapped(lines)
    indents = Counter(len(x) - len(x.lstrip()) for x in lines if x.strip())
    margin = min((k for k, v in indents.items() if v >= max(2, len(lines) // 20)), default=0)
    result: list[str] = []
    blank_before = True
    for raw in lines:
        if not raw.strip():
            blank_before = True
            continue
        line = re.sub(r"\s+", " ", raw).strip()
        indent = len(raw) - len(raw.lstrip())
        new = True
        if result and not ITEM_MARKER.match(line):
            previous = result[-1]
            ends_sentence = bool(_TERMINAL.search(previous))
            starts_low = line[:1].islower() or line[:1].isdigit()
            if starts_low and (
                not ends_sentence or line[:1].isalpha() and not previous.endswith(".")
            ):
                new = False
            elif not ends_sentence and wrapped and not blank_before:
                new = indent > margin + 2 and _looks_like_heading(previous)
        if new:
            result.append(line)
        else:
            result[-1] = result[-1] + " " + line
        blank_before = False
    return result


def _looks_like_heading(line: str) -> bool:
    return bool(ITEM_MARKER.match(line)) and len(line) < 160


def split_columns(line: str) -> list[str]:
    """Cells of a two-column header line (separated by wide gaps or tabs)."""
    return [c.strip() for c in re.split(r"\s{3,}|\t+", line.strip()) if c.strip()]
