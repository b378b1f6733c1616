"""Help (?): every key of the app in Vietnamese, from the bindings themselves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

OTHER_KEYS = [
    ("Trên bảng", [("↑ ↓ PgUp PgDn", "Di chuyển giữa các nhiệm vụ"), ("enter", "Xem nhiệm vụ")]),
    ("Ô tìm kiếm", [("enter", "Giữ kết quả lọc, về bảng"), ("escape", "Xóa tìm kiếm, về bảng")]),
    (
        "Biểu mẫu",
        [
            ("tab / shift+tab", "Sang ô sau / ô trước"),
            ("ctrl+s", "Lưu"),
            ("escape", "Hủy, không lưu"),
            ("ctrl+l / ctrl+o", "Thêm cơ quan chủ trì / phối hợp"),
        ],
    ),
    (
        "Màn hình Cơ quan",
        [
            ("enter", "Các nhiệm vụ của cơ quan"),
            ("n", "Thêm cơ quan"),
            ("r", "Đổi tên"),
            ("l", "Thêm tên gọi khác"),
            ("m", "Gộp vào cơ quan khác"),
            ("escape", "Quay lại"),
        ],
    ),
    ("Bộ lọc", [("phím cách", "Chọn / bỏ chọn"), ("ctrl+s", "Áp dụng"), ("ctrl+r", "Bỏ lọc")]),
]


class HelpScreen(ModalScreen[None]):
    """Lists ``app.BINDINGS`` (so keys added later appear too) and the
    keys of the screens and forms."""

    BINDINGS = [
        Binding(
            "escape,question_mark,q", "close", "Đóng", id="close_help", tooltip="Đóng trợ giúp"
        ),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(self._render_keys(), id="help-text")

    def _render_keys(self) -> Text:
        text = Text()
        text.append("Phím tắt — cchc-tui\n", style="bold underline")
        text.append("\nMàn hình chính\n", style="bold")
        keymap = getattr(self.app, "_keymap", {}) or {}
        for binding in self.app.BINDINGS:
            if not isinstance(binding, Binding):
                continue
            key = (
                keymap.get(binding.id, binding.key_display or binding.key)
                if binding.id
                else binding.key
            )
            key = {"ctrl+z": "ctrl+z", "ctrl+p": "ctrl+p"}.get(key, key)
            text.append(f"  {key:<16}", style="bold cyan")
            text.append(f"{binding.description}")
            if binding.tooltip:
                text.append(f" — {binding.tooltip}", style="dim")
            text.append("\n")
        for section, keys in OTHER_KEYS:
            text.append(f"\n{section}\n", style="bold")
            for key, what in keys:
                text.append(f"  {key:<16}", style="bold cyan")
                text.append(what + "\n")
        text.append("\nBấm escape hoặc ? để đóng.", style="dim")
        return text

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
