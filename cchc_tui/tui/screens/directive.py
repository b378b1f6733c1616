"""Directive screen (enter): the whole directive, its agencies and history."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import UserError
from cchc_tui.services.directives import DirectiveDetail
from cchc_tui.services.history import HistoryEntry
from cchc_tui.services.indicators_view import indicator_line
from cchc_tui.tui.actions import DIRECTIVE, action
from cchc_tui.tui.base import AppScreen, DataChanged
from cchc_tui.tui.widgets.styles import shown, state_text


class DirectiveScreen(AppScreen):
    """Full text shown literally, leads with their own state, supports,
    deadline and its phrase, cited documents, indicators, history (newest
    first; retracted entries marked). ``escape`` goes back."""

    SCOPES = frozenset({DIRECTIVE})

    @action("escape", "Quay lại", "Về danh sách nhiệm vụ")
    def action_back(self) -> None:
        self.dismiss()

    def __init__(self, detail: DirectiveDetail) -> None:
        super().__init__()
        self.detail = detail
        self.directive_id = detail.row.id

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with VerticalScroll(id="directive-body"):
            yield Static(id="directive-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.show(self.detail)
        self.query_one("#directive-body").focus()

    async def directive_in_view(self) -> int | None:
        return self.directive_id

    def show(self, detail: DirectiveDetail) -> None:
        self.detail = detail
        self.query_one("#header", Static).update(
            Text(
                f" Nhiệm vụ {detail.row.number} · {detail.row.notice_label}"
                f"   Hôm nay: {format_date(self.session.today)}",
                style="bold",
            )
        )
        self.query_one("#directive-text", Static).update(render_directive(detail))

    @on(DataChanged)
    def _data_changed(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="directive", exit_on_error=False)
    def _reload(self) -> None:
        try:
            detail = self.session.directive(self.directive_id)
        except UserError as error:
            self.post_message(self.ReadFailed(str(error)))
            return
        self.post_message(self.Read(detail))

    @dataclass
    class Read(Message):
        """The directive was read again."""

        detail: DirectiveDetail

    @dataclass
    class ReadFailed(Message):
        """It could not be read (archived elsewhere, the file restored…)."""

        reason: str

    @on(Read)
    def _read(self, message: Read) -> None:
        self.show(message.detail)

    @on(ReadFailed)
    def _failed(self, message: ReadFailed) -> None:
        self.notify(message.reason, title="Lỗi", severity="error", markup=False)
        self.dismiss()


def _heading(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold underline")


def render_directive(detail: DirectiveDetail) -> Text:
    """The directive as one block of plain text with styles (no markup)."""
    row = detail.row
    text = Text()
    text.append(f"Nhiệm vụ {row.number}: ", style="bold")
    text.append(shown(row.title) + "\n", style="bold")
    text.append(shown(f"Văn bản: {row.notice_label} — {detail.notice_title}") + "\n", style="dim")
    text.append("Tình trạng: ")
    text.append_text(state_text(row.state_label, row.timeliness))
    text.append(f" · {row.progress}%")
    if row.completed_on:
        text.append(f" · hoàn thành ngày {format_date(row.completed_on)}")
    text.append("\n")
    text.append("Thời hạn: " + format_date(row.deadline, "Thường xuyên (không có hạn)"))
    if row.days_late:
        text.append(f" · trễ {row.days_late} ngày", style="bold red")
    if row.deadline_text:
        text.append(shown(f" — “{row.deadline_text}”"))
    text.append("\n")
    if row.archived:
        text.append("Đã lưu trữ (ẩn khỏi danh sách; bấm d để khôi phục)\n", style="italic")

    _heading(text, "Nội dung")
    text.append(shown(row.content or row.title) + "\n")

    _heading(text, "Cơ quan chủ trì")
    for a in detail.leads:
        text.append(shown(f"  • {a.agency} — "))
        text.append_text(state_text(a.state_label, a.timeliness))
        text.append(f" · {a.progress}%")
        if a.completed_on:
            text.append(f" · hoàn thành ngày {format_date(a.completed_on)}")
        text.append("\n")
        if a.agency_id in detail.members_by_group:
            _member_table(text, detail, a.agency_id)
    supports = [a for a in detail.assignments if a.role == "support"]
    _heading(text, "Cơ quan phối hợp")
    text.append(shown("".join(f"  • {a.agency}\n" for a in supports)) or "  (không có)\n")

    if detail.cited_documents:
        _heading(text, "Văn bản được viện dẫn")
        for doc in detail.cited_documents:
            parts = [doc.get("kind", ""), doc.get("number", ""), doc.get("title", "")]
            text.append(shown("  • " + " ".join(p for p in parts if p)) + "\n")
    if detail.indicators:
        _heading(text, "Chỉ tiêu")
        for ind in detail.indicators:
            style = "" if ind.met is None else ("green" if ind.met else "red")
            text.append(shown(f"  • {indicator_line(ind)}") + "\n", style=style)
        text.append("  (bấm i để xem mọi chỉ tiêu và ghi số liệu)\n", style="dim")

    _heading(text, "Lịch sử (mới nhất trước)")
    if not detail.history:
        text.append("  (chưa có cập nhật nào)\n")
    for entry in detail.history:
        _history_entry(text, entry)
    return text


MEMBER_NAME_WIDTH = 24
"""With the state (24), progress and last report, a member line fits 76 cells."""


def _member_table(text: Text, detail: DirectiveDetail, group_id: int) -> None:
    """A group lead's members: agency, state, progress, last report; the
    ones that have not reported, then the late ones, first."""
    counts = detail.member_counts(group_id)
    text.append(f"    {counts.text()}\n", style="bold red" if counts.overdue else "bold")
    members = detail.members_by_group[group_id]
    if not members:
        text.append("    (nhóm chưa có thành viên)\n", style="dim")
        return
    text.append(
        f"    {'Đơn vị':<{MEMBER_NAME_WIDTH}} {'Tình trạng':<24} {'Tiến độ':>7}  Báo cáo\n",
        style="dim",
    )
    for m in members:
        name = shown(m.agency)
        name = name if len(name) <= MEMBER_NAME_WIDTH else name[: MEMBER_NAME_WIDTH - 1] + "…"
        text.append(f"    {name:<{MEMBER_NAME_WIDTH}} ")
        label = m.state_label
        text.append_text(state_text(f"{label:<24}", m.timeliness))
        text.append(f" {m.progress:>6}%  ")
        if m.last_update is None:
            text.append("chưa báo cáo\n", style="bold")
        else:
            text.append(format_date(m.last_update) + "\n")


def _history_entry(text: Text, entry: HistoryEntry) -> None:
    text.append(shown(f"  {format_date(entry.date)} · {entry.by or '—'} · "), style="bold")
    style = "italic" if entry.type == "retraction" else ""
    text.append(shown(entry.headline()), style=style)
    if entry.retracted:
        text.append("  [ĐÃ RÚT LẠI]", style="bold red")
    text.append("\n")
    for line in entry.details():
        if line.startswith("Đã được rút lại"):
            continue
        text.append(
            shown(f"      {line}") + "\n", style="dim" if line.startswith("Ghi lúc") else ""
        )
