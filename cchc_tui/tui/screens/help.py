"""Help (?): every key of the app in Vietnamese, from the bindings themselves."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

OTHER_KEYS = [
    (
        "Trên bảng",
        [
            ("↑ ↓ PgUp PgDn", "Di chuyển giữa các nhiệm vụ"),
            ("Home / End", "Về nhiệm vụ đầu / cuối danh sách"),
            ("enter", "Xem nhiệm vụ"),
        ],
    ),
    (
        "Ô tìm kiếm",
        [("enter", "Giữ kết quả lọc, về bảng"), ("escape", "Xóa tìm kiếm, về bảng")],
    ),
    (
        "Biểu mẫu",
        [
            ("tab / shift+tab", "Sang ô sau / ô trước"),
            ("ctrl+s", "Lưu"),
            ("escape", "Hủy, không lưu"),
            ("ctrl+l / ctrl+o", "Thêm cơ quan chủ trì / phối hợp (sửa nhiệm vụ)"),
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

KEY_NAMES = {"slash": "/", "question_mark": "?", "enter": "enter"}


def _table(rows: list[tuple[str, Text]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column(width=16, style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(Text(key), what)
    return table


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

    def _render_keys(self) -> Group:
        keymap = getattr(self.app, "_keymap", {}) or {}
        main_rows = []
        for binding in self.app.BINDINGS:
            if not isinstance(binding, Binding):
                continue
            key = keymap.get(binding.id, binding.key) if binding.id else binding.key
            key = binding.key_display or KEY_NAMES.get(key, key)
            what = Text(binding.description)
            if binding.tooltip:
                what.append(f" — {binding.tooltip}", style="dim")
            main_rows.append((key, what))
        parts = [
            Text("Phím tắt — cchc-tui", style="bold underline"),
            Text(""),
            Text("Màn hình chính", style="bold"),
            _table(main_rows),
        ]
        for section, keys in OTHER_KEYS:
            parts += [
                Text(""),
                Text(section, style="bold"),
                _table([(key, Text(what)) for key, what in keys]),
            ]
        parts += [Text(""), Text("Bấm escape hoặc ? để đóng.", style="dim")]
        return Group(*parts)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
