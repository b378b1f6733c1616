"""Reports: a Report in, bytes out (txt, md, html, csv, json, xlsx, docx, brief).

Each format lives in its own module; the heavy libraries (openpyxl,
python-docx) are imported only when their format is asked for. Which
reports exist is the registry of ``cchc_tui.services.reports``.
"""

from __future__ import annotations

from importlib import import_module

from cchc_tui.reports.model import Column, Report, Section, Table

# format -> (module, function); the module is imported on first use
FORMATS = {
    "txt": ("text_table", "to_txt"),
    "md": ("markdown", "to_md"),
    "html": ("html_page", "to_html"),
    "csv": ("csv_file", "to_csv_bytes"),
    "json": ("json_file", "to_json_bytes"),
    "xlsx": ("excel", "to_xlsx"),
    "docx": ("word", "to_docx"),
}
TEXT_FORMATS = ("txt", "md", "html", "csv", "json")
BINARY_FORMATS = ("xlsx", "docx")
# The brief is text for chat apps: it has no table formats.
BRIEF_FORMATS = ("txt", "md", "json")


def render(report: Report, fmt: str) -> bytes:
    """The report in format ``fmt`` (one of FORMATS)."""
    if report.name == "brief" and fmt in ("txt", "md"):
        from cchc_tui.reports.brief import to_brief

        return to_brief(report)
    if report.name == "brief" and fmt == "json":
        from cchc_tui.reports.brief import brief_text

        report.meta = {**report.meta, "text": brief_text(report)}
    module_name, function = FORMATS[fmt]
    module = import_module(f"cchc_tui.reports.{module_name}")
    return getattr(module, function)(report)


__all__ = [
    "BINARY_FORMATS",
    "BRIEF_FORMATS",
    "Column",
    "FORMATS",
    "Report",
    "Section",
    "TEXT_FORMATS",
    "Table",
    "render",
]
