"""The pane under the table: the highlighted directive in a few lines."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from cchc_tui.domain.dates import format_date
from cchc_tui.services.directives import DirectiveRow
from cchc_tui.tui.widgets.styles import shorten, state_text


class DetailPane(Static):
    """Full content (cut to the pane), leads, supports, deadline, last note.
    Everything is plain text: user text is never read as markup."""

    def show_row(self, row: DirectiveRow | None) -> None:
        self._row = row
        self.update(self._render_row())

    def show_loading(self) -> None:
        """The highlighted row is still being read."""
        self._row = None
        self.update(Text("Đang tải…", style="dim"))

    def on_resize(self) -> None:
        if getattr(self, "_row", None) is not None:
            self.update(self._render_row())

    def _render_row(self) -> Text:
        row = self._row
        if row is None:
            return Text("Không có nhiệm vụ nào khớp tìm kiếm / bộ lọc.", style="dim")
        width = max(self.content_region.width, 20)
        lines = max(self.content_region.height, 6)
        text = Text()
        text.append(f"Nhiệm vụ {row.number}", style="bold")
        text.append(f" · {row.notice_label} · ", style="dim")
        text.append_text(state_text(row.state_label, row.timeliness))
        text.append(f" · {row.progress}%")
        if row.archived:
            text.append(" · Đã lưu trữ", style="italic dim")
        text.append("\n")
        extra = 1 if row.members is not None else 0
        content_lines = max(lines - 5 - extra, 1)
        text.append(
            shorten(
                row.title + ". " + row.content if row.content else row.title,
                width * content_lines - 2,
            )
        )
        text.append("\n")
        for label, value in (
            ("Chủ trì", "; ".join(row.lead) or "—"),
            ("Phối hợp", "; ".join(row.support) or "—"),
            ("Thời hạn", _deadline(row)),
            ("Cập nhật gần nhất", _last(row)),
        ):
            text.append(f"{label}: ", style="bold")
            text.append(shorten(value, width - len(label) - 2) + "\n")
            if label == "Chủ trì" and row.members is not None:
                text.append("Báo cáo: ", style="bold")
                style = "red" if row.members.overdue else ""
                text.append(shorten(row.members.text(), width - 9) + "\n", style=style)
        text.rstrip()
        return text


def _deadline(row: DirectiveRow) -> str:
    when = format_date(row.deadline, "Thường xuyên (không có hạn)")
    if row.days_late:
        when += f" — trễ {row.days_late} ngày"
    return f"{when} ({row.deadline_text})" if row.deadline_text else when


def _last(row: DirectiveRow) -> str:
    if row.last_update is None:
        return "chưa có"
    note = f" — {row.last_note}" if row.last_note else ""
    return format_date(row.last_update) + note
