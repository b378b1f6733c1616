"""The app's keys and command-palette entries, in one table each.

To add a key: append a ``Binding`` (with an id, a Vietnamese description and a
tooltip) to ``APP_BINDINGS`` — the help screen lists it by itself —, a
``PaletteCommand`` to ``PALETTE_COMMANDS``, and write ``action_<name>`` on
``CchcApp`` (see app.py). Add the action to ``MAIN_ONLY`` or ``ON_DIRECTIVE``
to narrow where it runs.
"""

from __future__ import annotations

from textual.binding import Binding

from cchc_tui.tui.commands import PaletteCommand

# actions that act on "the current directive" work on the main screen and on
# the directive screen; the others only on the main screen
ON_DIRECTIVE = {"update_progress", "edit_directive", "archive_directive", "retract_update"}
MAIN_ONLY = {"search", "filter", "open_directive", "new_directive", "agencies", "backups"}

APP_BINDINGS = [
    Binding(
        "slash",
        "search",
        "Tìm",
        key_display="/",
        id="search",
        tooltip="Tìm kiếm không dấu theo số, tên, nội dung, cơ quan",
    ),
    Binding(
        "enter",
        "open_directive",
        "Xem",
        id="open_directive",
        tooltip="Mở màn hình chi tiết nhiệm vụ đang chọn",
    ),
    Binding(
        "u",
        "update_progress",
        "Cập nhật",
        id="update_progress",
        tooltip="Cập nhật tiến độ nhiệm vụ đang chọn",
    ),
    Binding(
        "n",
        "new_directive",
        "Thêm",
        id="new_directive",
        tooltip="Thêm nhiệm vụ mới",
    ),
    Binding(
        "e",
        "edit_directive",
        "Sửa",
        id="edit_directive",
        tooltip="Sửa nhiệm vụ đang chọn (tên, nội dung, thời hạn, cơ quan)",
    ),
    Binding(
        "d",
        "archive_directive",
        "Lưu trữ",
        id="archive_directive",
        tooltip="Lưu trữ (ẩn) hoặc khôi phục nhiệm vụ; không xóa gì",
    ),
    Binding(
        "f",
        "filter",
        "Lọc",
        id="filter",
        tooltip="Lọc theo trạng thái, thời hạn, cơ quan, văn bản, lưu trữ",
    ),
    Binding(
        "a",
        "agencies",
        "Cơ quan",
        id="agencies",
        tooltip="Danh sách cơ quan, đơn vị",
    ),
    Binding(
        "ctrl+z",
        "retract_update",
        "Rút lại",
        id="retract_update",
        tooltip="Rút lại cập nhật gần nhất của nhiệm vụ đang chọn",
    ),
    Binding(
        "question_mark",
        "help",
        "Trợ giúp",
        key_display="?",
        id="help",
        tooltip="Danh sách phím tắt",
    ),
    Binding("q", "quit", "Thoát", id="quit", tooltip="Thoát ứng dụng"),
    # after q, so that q stays in the footer at 80 columns
    Binding(
        "x",
        "export",
        "Xuất",
        id="export",
        tooltip="Xuất báo cáo ra tệp (Word, Excel, CSV, HTML, Markdown, JSON)",
    ),
    Binding(
        "c",
        "copy_brief",
        "Chép",
        id="copy_brief",
        tooltip="Chép tóm tắt ngắn (gửi Zalo) vào bộ nhớ tạm",
    ),
    Binding(
        "i",
        "show_indicators",
        "Chỉ tiêu",
        id="show_indicators",
        show=False,  # the footer is full at 80 columns; listed in help and the palette
        tooltip="Các chỉ tiêu: giá trị gần nhất so với mục tiêu; ghi số liệu đo",
    ),
    Binding(
        "ctrl+o",
        "import_notice",
        "Nhập thông báo",
        id="import_notice",
        show=False,  # keeps the footer as it is at 80 columns; listed in help and the palette
        tooltip="Đọc một thông báo (.txt, .docx) thành văn bản mới; xem lại rồi lưu",
    ),
    Binding(
        "ctrl+p",
        "command_palette",
        "Lệnh",
        id="command_palette",
        tooltip="Bảng lệnh: gõ tên việc cần làm (không dấu cũng được)",
    ),
    # priority, so that keys typed right after tab reach the next field
    Binding(
        "tab",
        "focus_next",
        "Ô sau",
        id="focus_next",
        show=False,
        priority=True,
        tooltip="Sang ô nhập sau",
    ),
    Binding(
        "shift+tab",
        "focus_previous",
        "Ô trước",
        id="focus_previous",
        show=False,
        priority=True,
        tooltip="Về ô nhập trước",
    ),
]

PALETTE_COMMANDS = [
    PaletteCommand("Tìm kiếm", "search", "Tìm nhiệm vụ (không dấu)"),
    PaletteCommand("Lọc", "filter", "Lọc theo trạng thái, thời hạn, cơ quan, văn bản"),
    PaletteCommand("Xem nhiệm vụ", "open_directive", "Toàn văn, cơ quan, lịch sử"),
    PaletteCommand("Cập nhật tiến độ", "update_progress", "Ghi nhận tiến độ mới"),
    PaletteCommand("Thêm nhiệm vụ", "new_directive", "Nhiệm vụ mới trong một văn bản"),
    PaletteCommand("Sửa nhiệm vụ", "edit_directive", "Tên, nội dung, thời hạn, cơ quan"),
    PaletteCommand("Lưu trữ / khôi phục nhiệm vụ", "archive_directive", "Ẩn khỏi danh sách"),
    PaletteCommand("Rút lại cập nhật", "retract_update", "Rút lại cập nhật gần nhất"),
    PaletteCommand("Thêm văn bản", "new_notice", "Thông báo kết luận mới"),
    PaletteCommand("Sửa văn bản", "edit_notice", "Số, ngày, trích yếu của văn bản"),
    PaletteCommand("Nhập thông báo", "import_notice", "Đọc tệp .txt/.docx thành nhiệm vụ"),
    PaletteCommand("Cơ quan", "agencies", "Danh sách cơ quan, đơn vị"),
    PaletteCommand("Xuất báo cáo", "export", "Word, Excel, CSV, HTML, Markdown, JSON"),
    PaletteCommand("Chép tóm tắt", "copy_brief", "Tóm tắt ngắn gửi Zalo vào bộ nhớ tạm"),
    PaletteCommand("Chỉ tiêu", "show_indicators", "Gần nhất so với mục tiêu; ghi số liệu"),
    PaletteCommand("Nhập phiếu báo cáo", "import_forms", "Đọc phiếu .xlsx các cơ quan đã điền"),
    PaletteCommand("Sao lưu", "backups", "Các bản sao lưu; sao lưu ngay; khôi phục"),
    PaletteCommand("Cài đặt", "settings", "Tên cơ quan, địa danh, người ký, số ngày"),
    PaletteCommand("Trợ giúp", "help", "Danh sách phím tắt"),
    PaletteCommand("Thoát", "quit", "Thoát ứng dụng"),
]
