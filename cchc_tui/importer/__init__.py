"""Notice importer: a notice's text (.txt, .docx) into a draft notice with
its directives, offline and rule-based. Nothing here touches the database;
`cchc_tui.services.imports` saves a checked draft."""

from cchc_tui.importer.draft import AgencyRef, DirectiveDraftItem, NoticeImportError, NoticeReading
from cchc_tui.importer.parse import parse_notice
from cchc_tui.importer.reading import read_notice_bytes, read_notice_file

__all__ = [
    "AgencyRef",
    "DirectiveDraftItem",
    "NoticeImportError",
    "NoticeReading",
    "parse_notice",
    "read_notice_bytes",
    "read_notice_file",
]
