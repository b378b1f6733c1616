"""Help (?): every key of the app in Vietnamese, from the declarations
themselves (``tui.actions``): the app's keys, the palette-only actions, the
keys of the screen help was opened from, and those of the other screens and
forms. A key remapped with ``App.set_keymap`` shows as remapped, read from
the public ``Screen.active_bindings``."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cchc_tui.tui.actions import ActionHost, ActionSpec
from cchc_tui.tui.base import AppModal

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
    ("Bộ lọc", [("phím cách", "Chọn / bỏ chọn")]),
]

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "enter": "enter",
    "delete": "Del",
    "escape": "escape",
}


def key_name(key: str, key_display: str | None = None) -> str:
    return key_display or " / ".join(KEY_NAMES.get(k, k) for k in key.split(","))


def _table(rows: list[tuple[str, Text]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column(width=16, style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(Text(key), what)
    return table


def _line(label: str, tooltip: str | None) -> Text:
    what = Text(label)
    if tooltip:
        what.append(f" — {tooltip}", style="dim")
    return what


def screen_sections() -> list[tuple[str, type[ActionHost]]]:
    """The screens and forms whose keys help lists (imported here: they
    import nothing from help)."""
    from cchc_tui.tui.screens.agencies import AgenciesScreen
    from cchc_tui.tui.screens.directive_form import DirectiveForm
    from cchc_tui.tui.screens.filter import FilterScreen
    from cchc_tui.tui.screens.group_members import GroupMembersScreen
    from cchc_tui.tui.screens.indicators import IndicatorsScreen, MeasurementForm

    return [
        ("Màn hình Cơ quan (a)", AgenciesScreen),
        ("Thành viên nhóm (t trên màn hình Cơ quan)", GroupMembersScreen),
        ("Chỉ tiêu (i)", IndicatorsScreen),
        ("Ghi số liệu chỉ tiêu", MeasurementForm),
        ("Bộ lọc (f)", FilterScreen),
        ("Thêm / sửa nhiệm vụ (n, e)", DirectiveForm),
    ]


class HelpScreen(AppModal[None]):
    """Lists the app's bindings (so keys added later appear too), the
    palette's actions and the keys of the screens and forms."""

    BINDINGS = [
        Binding(
            "escape,question_mark,q", "close", "Đóng", id="close_help", tooltip="Đóng trợ giúp"
        ),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(self._render_keys(), id="help-text")

    def _below(self) -> Screen | None:
        """The screen help was opened from."""
        stack = [s for s in self.app.screen_stack if s is not self]
        return stack[-1] if stack else None

    def _keys_now(self) -> dict[str, str]:
        """Binding id -> the key it is on now (after any remapping), for the
        bindings active on the screen below."""
        below = self._below()
        if below is None:
            return {}
        return {
            active.binding.id: key
            for key, active in below.active_bindings.items()
            if active.binding.id
        }

    def _rows(self, bindings, keys_now: dict[str, str]) -> list[tuple[str, Text]]:
        rows = []
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            key = keys_now.get(binding.id or "", binding.key)
            shown = binding.key_display if key == binding.key else None
            rows.append((key_name(key, shown), _line(binding.description, binding.tooltip)))
        return rows

    def _render_keys(self) -> Group:
        keys_now = self._keys_now()
        app = type(self.app)
        parts: list[Text | Table] = [
            Text("Phím tắt — cchc-tui", style="bold underline"),
            Text(""),
            Text("Màn hình chính", style="bold"),
            _table(self._rows(app.BINDINGS, keys_now)),
        ]
        palette_only = [s for s in getattr(app, "ACTIONS", []) if not s.key and s.palette]
        if palette_only:
            parts += [
                Text(""),
                Text("Bảng lệnh (ctrl+p, gõ tên)", style="bold"),
                _table([("ctrl+p", _line(s.palette or s.label, s.help)) for s in palette_only]),
            ]
        for section, keys in OTHER_KEYS:
            parts += [
                Text(""),
                Text(section, style="bold"),
                _table([(key, Text(what)) for key, what in keys]),
            ]
        below = self._below()
        for section, screen in screen_sections():
            now = keys_now if below is not None and isinstance(below, screen) else {}
            parts += [
                Text(""),
                Text(section, style="bold"),
                _table(self._spec_rows(screen.ACTIONS, now)),
            ]
        parts += [Text(""), Text("Bấm escape hoặc ? để đóng.", style="dim")]
        return Group(*parts)

    def _spec_rows(self, specs: list[ActionSpec], keys_now: dict[str, str]) -> list:
        return self._rows([s.binding() for s in specs if s.key], keys_now)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
