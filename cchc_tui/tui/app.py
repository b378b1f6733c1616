"""The terminal app: the actions of the main keys, declared where they are
done (``tui.actions``); screens have their own.

To add a key, write one method here (or on its screen)::

    @action("k", "Nhắc việc", "Lập công văn đôn đốc", where=MAIN, writes=True,
            palette="Nhắc việc")
    async def action_remind(self) -> None:
        directive_id = await self.directive_in_view()
        ...

The key, the footer, the help screen, the command palette and the read-only
gating all follow from the declaration. Disk work goes through
``self.session`` in a worker (``await self.in_thread(...)``); after a save,
``self.data_changed(directive_id)`` tells every screen to read again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import DatabaseError, UserError
from cchc_tui.session import PreviousDataError, Session, open_session, restore_missing_data
from cchc_tui.session.core import User
from cchc_tui.tui.actions import ANYWHERE, DIRECTIVE, MAIN, ActionHost, action
from cchc_tui.tui.base import DataChanged, run_in_thread
from cchc_tui.tui.commands import PALETTE_PLACEHOLDER, ActionCommands, PaletteCommand
from cchc_tui.tui.screens.main import MainScreen
from cchc_tui.tui.upkeep import start_upkeep
from cchc_tui.tui.waiting import TypedAhead, drained

T = TypeVar("T")


class CchcApp(ActionHost, App[int]):
    """Theo dõi nhiệm vụ CCHC, over one session (database, *today*, user)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Theo dõi nhiệm vụ CCHC"
    COMMANDS = {ActionCommands}
    PALETTE_COMMANDS: ClassVar[list[PaletteCommand]] = []
    """The palette's entries (set below, from the declarations)."""
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    ENABLE_COMMAND_PALETTE = True

    EXTRA_BINDINGS = [
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

    def __init__(self, session: Session, *, backup_daily: bool = False, debug: bool = False):
        super().__init__()
        self.session = session
        self.backup_daily = backup_daily
        """Make the day's backup in the background after the first screen (run_app)."""
        self.debug_errors = debug
        """--debug: unexpected errors caught in workers show their traceback."""
        self.typed_ahead = TypedAhead(self)
        """Keys typed ahead, handed on one at a time."""

    @property
    def today(self) -> date:
        return self.session.today

    # -- keys typed ahead (see tui/waiting.py) --------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.typed_ahead.holds(event):
                return  # posted again when the keys before it are handled
            target = self.focused or self.screen
            await super().on_event(event)
            self.typed_ahead.follow(target)
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        # daily backup, integrity, changes made elsewhere, read-only banner
        self.call_after_refresh(lambda: start_upkeep(self, backup=self.backup_daily))
        self.offer_set_up()

    @work(thread=True, exit_on_error=False, group="first-start")
    def offer_set_up(self) -> None:
        """On the untouched sample, say how to set up for one's own organisation
        (the sample opens at once; the choice is one palette entry away)."""
        if self.session.can_write and self.session.holds_untouched_sample():
            self.call_from_thread(
                self.notify,
                "Đang mở dữ liệu mẫu. Dùng cho cơ quan mình: ctrl+p, gõ “thiết lập”.",
                title="Bắt đầu",
                markup=False,
                timeout=12,
            )

    # -- where actions apply ----------------------------------------------------
    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = self.action_spec(action)
        if spec is None:
            return True  # Textual's own (focus_next, command_palette, …)
        if spec.writes and not self.session.can_write:
            return False  # the banner says why
        screen = self._working_screen()
        if isinstance(screen, ModalScreen):
            return False
        return spec.where == ANYWHERE or spec.where in getattr(screen, "SCOPES", ())

    def _working_screen(self) -> Screen:
        """The top screen, looking through the command palette."""
        from textual.command import CommandPalette

        return next(s for s in reversed(self.screen_stack) if not isinstance(s, CommandPalette))

    async def directive_in_view(self) -> int | None:
        """The directive an action is about (the table's highlighted row, or
        the directive screen's), once keys typed ahead have settled; a
        warning when there is none."""
        screen = self._working_screen()
        finder = getattr(screen, "directive_in_view", None)
        directive_id = await finder() if finder else None
        if directive_id is None and self.main_screen.row_still_loading():
            self.notify("Dòng đang chọn chưa đọc xong; thử lại sau giây lát.", severity="warning")
        elif directive_id is None:
            self.notify("Chưa chọn nhiệm vụ nào.", severity="warning")
        return directive_id

    # -- helpers ----------------------------------------------------------------------
    async def in_thread(self, work: Callable[..., T], *args: Any) -> T:
        return await run_in_thread(self, work, *args)

    def data_changed(self, directive_id: int | None = None) -> None:
        """Something was saved: every screen reads again what it shows."""
        for screen in self.screen_stack:
            screen.post_message(DataChanged(directive_id))

    async def open_screen(self, screen, callback=None) -> None:
        """Push ``screen`` and wait until it is ready, so keys typed right
        after the one that opened it reach it (e.g. ``u`` then ``tab``)."""
        await self.push_screen(screen, callback)
        await drained(screen)

    def show_error(self, error: Exception) -> None:
        """A user-caused error as a notification (never a traceback)."""
        self.notify(str(error), title="Lỗi", severity="error", markup=False, timeout=8)

    async def read(self, work: Callable[..., T], *args: Any) -> T | None:
        """``work(*args)`` in a worker; a user-caused error is shown, and None returned."""
        try:
            return await self.in_thread(work, *args)
        except UserError as error:
            self.show_error(error)
            return None

    # -- the list ---------------------------------------------------------------------
    @action("slash", "Tìm", "Tìm kiếm không dấu theo số, tên, nội dung, cơ quan", where=MAIN,
            key_display="/", palette="Tìm kiếm")  # fmt: skip
    async def action_search(self) -> None:
        self.main_screen.focus_search()

    @action("enter", "Xem", "Mở màn hình chi tiết nhiệm vụ đang chọn", where=MAIN,
            palette="Xem nhiệm vụ")  # fmt: skip
    async def action_open_directive(self) -> None:
        from cchc_tui.tui.screens.directive import DirectiveScreen

        if (directive_id := await self.directive_in_view()) is None:
            return
        detail = await self.read(self.session.directive, directive_id)
        if detail is not None:
            await self.open_screen(DirectiveScreen(detail))

    @action("u", "Cập nhật", "Cập nhật tiến độ nhiệm vụ đang chọn", where=DIRECTIVE, writes=True,
            palette="Cập nhật tiến độ")  # fmt: skip
    async def action_update_progress(self) -> None:
        from cchc_tui.tui.screens.progress import ProgressForm

        if (directive_id := await self.directive_in_view()) is None:
            return
        data = await self.read(self.session.progress_form, directive_id)
        if data is None:
            return

        def saved(done) -> None:
            if done is None:
                return
            left = "; ".join(f"{name} ({why})" for name, why in done.left_alone)
            message = "Đã lưu" + (f". Giữ nguyên: {left}" if left else "")
            self.notify(message, title="Cập nhật tiến độ", markup=False, timeout=8 if left else 4)
            self.data_changed(directive_id)

        await self.open_screen(ProgressForm(data), saved)

    @action("n", "Thêm", "Thêm nhiệm vụ mới", where=MAIN, writes=True, palette="Thêm nhiệm vụ")
    async def action_new_directive(self) -> None:
        from cchc_tui.tui.screens.directive_form import DirectiveForm

        await self.main_screen.settled()
        row = self.main_screen.current_row()
        await self.open_screen(
            DirectiveForm(None, notice_id=row.notice_id if row else None), self._directive_saved
        )

    @action("e", "Sửa", "Sửa nhiệm vụ đang chọn (tên, nội dung, thời hạn, cơ quan)",
            where=DIRECTIVE, writes=True, palette="Sửa nhiệm vụ")  # fmt: skip
    async def action_edit_directive(self) -> None:
        from cchc_tui.tui.screens.directive_form import DirectiveForm

        if (directive_id := await self.directive_in_view()) is not None:
            await self.open_screen(DirectiveForm(directive_id), self._directive_saved)

    def _directive_saved(self, directive_id: int | None) -> None:
        if directive_id is not None:
            self.notify("Đã lưu", title="Nhiệm vụ")
            self.data_changed(directive_id)

    @action("d", "Lưu trữ", "Lưu trữ (ẩn) hoặc khôi phục nhiệm vụ; không xóa gì",
            where=DIRECTIVE, writes=True, palette="Lưu trữ / khôi phục nhiệm vụ")  # fmt: skip
    async def action_archive_directive(self) -> None:
        from cchc_tui.tui.screens.dialogs import ConfirmDialog

        if (directive_id := await self.directive_in_view()) is None:
            return
        row = await self.read(self.session.directive_row, directive_id)
        if row is None:
            return
        verb = "Khôi phục" if row.archived else "Lưu trữ"
        question = f"{verb} nhiệm vụ {row.number}: {row.title}?\n" + (
            "Nhiệm vụ sẽ hiện lại trong danh sách."
            if row.archived
            else "Nhiệm vụ được ẩn khỏi danh sách (xem lại bằng bộ lọc Lưu trữ); không xóa gì."
        )

        async def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                await self.in_thread(
                    lambda: self.session.set_archived(
                        directive_id, not row.archived, expected_version=row.version
                    )
                )
            except UserError as error:
                self.show_error(error)
                return
            self.notify(f"Đã {verb.lower()} nhiệm vụ {row.number}", markup=False)
            self.data_changed()

        await self.open_screen(ConfirmDialog(question, yes_label=verb), confirmed)

    @action("f", "Lọc", "Lọc theo trạng thái, thời hạn, cơ quan, văn bản, lưu trữ", where=MAIN,
            palette="Lọc")  # fmt: skip
    async def action_filter(self) -> None:
        from cchc_tui.tui.screens.filter import FilterScreen

        main = self.main_screen
        await self.open_screen(FilterScreen(main.directive_filter), main.set_filter)

    @action("o", "Quá hạn", "Chỉ nhiệm vụ quá hạn (bấm lại: bỏ)", where=MAIN,
            footer=False, palette="Chỉ nhiệm vụ quá hạn")  # fmt: skip
    async def action_overdue_only(self) -> None:
        from cchc_tui.domain.status import Timeliness

        main = self.main_screen
        overdue = (Timeliness.OVERDUE,)
        keep = () if main.directive_filter.timeliness == overdue else overdue
        main.set_filter(replace(main.directive_filter, timeliness=keep))

    @action("s", "Sắp xếp", "Đổi thứ tự: theo văn bản → gấp trước → theo thời hạn", where=MAIN,
            footer=False, palette="Sắp xếp danh sách")  # fmt: skip
    async def action_cycle_order(self) -> None:
        from cchc_tui.services.directives import ORDERS

        main = self.main_screen
        orders = list(ORDERS)
        following = orders[(orders.index(main.directive_filter.order) + 1) % len(orders)]
        main.set_order(following)
        self.notify(f"Sắp xếp: {ORDERS[following][0].lower()}", timeout=2)

    @action("a", "Cơ quan", "Danh sách cơ quan, đơn vị", where=MAIN, palette="Cơ quan")
    async def action_agencies(self) -> None:
        from cchc_tui.tui.screens.agencies import AgenciesScreen

        await self.open_screen(AgenciesScreen())

    @action("ctrl+z", "Rút lại", "Rút lại cập nhật gần nhất của nhiệm vụ đang chọn",
            where=DIRECTIVE, writes=True, palette="Rút lại cập nhật")  # fmt: skip
    async def action_retract_update(self) -> None:
        from cchc_tui.tui.screens.dialogs import ReasonDialog

        if (directive_id := await self.directive_in_view()) is None:
            return
        last = await self.read(self.session.last_update, directive_id)
        if last is None:
            self.notify("Nhiệm vụ này chưa có cập nhật nào để rút lại.", severity="warning")
            return
        what = ", ".join(
            part for part in (f"{last.progress}%" if last.progress is not None else "", last.note)
            if part
        )  # fmt: skip
        question = (
            f"Rút lại cập nhật số {last.id} ngày {format_date(last.reported_on)} của "
            f"{last.recorded_by}: {what}?\nCập nhật gốc vẫn được giữ trong lịch sử."
        )

        async def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            try:
                await self.in_thread(self.session.retract, last.id, reason)
            except UserError as error:
                self.show_error(error)
                return
            self.notify("Đã rút lại cập nhật", title="Rút lại")
            self.data_changed(directive_id)

        await self.open_screen(ReasonDialog(question), confirmed)

    @action("question_mark", "Trợ giúp", "Danh sách phím tắt", key_display="?",
            palette="Trợ giúp")  # fmt: skip
    async def action_help(self) -> None:
        from cchc_tui.tui.screens.help import HelpScreen

        await self.open_screen(HelpScreen())

    @action("q", "Thoát", "Thoát ứng dụng", palette="Thoát")
    async def action_quit(self) -> None:
        await super().action_quit()

    # after q, so that q stays in the footer at 80 columns
    @action("x", "Xuất", "Xuất báo cáo ra tệp (Word, Excel, CSV, HTML, Markdown, JSON)",
            palette="Xuất báo cáo")  # fmt: skip
    async def action_export(self) -> None:
        from cchc_tui.tui.screens.export_dialog import open_export_dialog

        await open_export_dialog(self)

    @action("c", "Chép", "Chép tóm tắt ngắn (gửi Zalo) vào bộ nhớ tạm", palette="Chép tóm tắt")
    async def action_copy_brief(self) -> None:
        from cchc_tui.tui.screens.export_dialog import copy_brief

        await copy_brief(self)

    @action("i", "Chỉ tiêu", "Các chỉ tiêu: giá trị gần nhất so với mục tiêu; ghi số liệu đo",
            footer=False, palette="Chỉ tiêu")  # fmt: skip
    async def action_show_indicators(self) -> None:
        from cchc_tui.tui.screens.indicators import IndicatorsScreen

        await self.open_screen(IndicatorsScreen())

    @action("ctrl+o", "Nhập thông báo",
            "Đọc một thông báo (.txt, .docx) thành văn bản mới; xem lại rồi lưu",
            footer=False, writes=True, palette="Nhập thông báo")  # fmt: skip
    async def action_import_notice(self) -> None:
        from cchc_tui.tui.screens.import_notice import ImportNoticeScreen

        def saved(notice_id: int | None) -> None:
            if notice_id is not None:
                self.notify(f"Đã nhập văn bản (mã {notice_id})", title="Nhập thông báo")
                self.data_changed()

        await self.open_screen(ImportNoticeScreen(), saved)

    # -- the palette only ---------------------------------------------------------------
    @action("", "Thêm văn bản", "Thông báo kết luận mới", footer=False,
            writes=True, palette="Thêm văn bản")  # fmt: skip
    async def action_new_notice(self) -> None:
        from cchc_tui.tui.screens.notice_form import NoticeForm

        await self.open_screen(NoticeForm(None), self._notice_saved)

    @action("", "Sửa văn bản", "Số, ngày, trích yếu của văn bản", where=MAIN,
            footer=False, writes=True, palette="Sửa văn bản")  # fmt: skip
    async def action_edit_notice(self) -> None:
        from cchc_tui.tui.screens.notice_form import NoticeForm

        await self.main_screen.settled()
        row = self.main_screen.current_row()
        if row is None:
            self.notify(
                "Chưa chọn nhiệm vụ nào (văn bản của nhiệm vụ sẽ được sửa).", severity="warning"
            )
            return
        await self.open_screen(NoticeForm(row.notice_id), self._notice_saved)

    def _notice_saved(self, notice_id: int | None) -> None:
        if notice_id is not None:
            self.notify("Đã lưu", title="Văn bản")
            self.data_changed()

    @action("", "Nhập phiếu báo cáo", "Đọc phiếu .xlsx các cơ quan đã điền",
            footer=False, writes=True, palette="Nhập phiếu báo cáo")  # fmt: skip
    async def action_import_forms(self) -> None:
        from cchc_tui.tui.screens.form_import import FormImportScreen

        def closed(written: bool | None) -> None:
            if written:
                self.data_changed()

        await self.open_screen(FormImportScreen(), closed)

    @action("", "Sao lưu", "Các bản sao lưu; sao lưu ngay; khôi phục", where=MAIN,
            footer=False, palette="Sao lưu")  # fmt: skip
    async def action_backups(self) -> None:
        from cchc_tui.tui.screens.backups import BackupsScreen

        await self.open_screen(BackupsScreen())

    @action("", "Cài đặt", "Tên cơ quan, địa danh, người ký, số ngày", footer=False,
            writes=True, palette="Cài đặt")  # fmt: skip
    async def action_settings(self) -> None:
        from cchc_tui.tui.screens.settings import SettingsScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.data_changed()

        await self.open_screen(SettingsScreen(), closed)

    @action("", "Thiết lập cho cơ quan",
            "Thay dữ liệu mẫu bằng cơ quan, đơn vị chuẩn của xã, phường, tỉnh (hoặc huyện)",
            footer=False, writes=True, palette="Thiết lập cho cơ quan")  # fmt: skip
    async def action_set_up(self) -> None:
        from cchc_tui.tui.screens.setup import SetupScreen

        def done(label: str | None) -> None:
            if label:
                self.notify(
                    f"Đã thiết lập: {label}. Dữ liệu mẫu được giữ một bản sao an toàn.",
                    title="Thiết lập",
                    markup=False,
                    timeout=8,
                )
                self.data_changed()

        await self.open_screen(SetupScreen(), done)

    def action_show_agency(self, agency_id: int) -> None:
        """The main list filtered to one agency (from the agencies screen)."""
        main = self.main_screen
        while self.screen is not main:
            self.pop_screen()
        main.set_filter(replace(main.directive_filter, agency_id=agency_id))

    # -- issue 17 (ux): Textual's own English, said in Vietnamese -----------------------
    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, with a Vietnamese placeholder."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(placeholder=PALETTE_PLACEHOLDER, id="--command-palette")
            )

    def action_help_quit(self) -> None:
        """ctrl+c (Textual's system binding): say how to quit, in Vietnamese."""
        keys = dict.fromkeys(
            key
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
        )
        if keys:
            self.notify(
                f"Bấm {' hoặc '.join(keys)} để thoát chương trình (ctrl+c không thoát).",
                title="Thoát chương trình?",
                markup=False,
            )


CchcApp.PALETTE_COMMANDS = [
    PaletteCommand(s.palette, s.id, s.help) for s in CchcApp.ACTIONS if s.palette
]
"""The palette's entries (read by ``ActionCommands``), from the declarations."""


def _offer_restore(
    db_path: str | Path, today: date, error: PreviousDataError, user: User
) -> Session | None:
    """The data is missing beside a copy of it: ask, restore, open (None: not restored)."""
    from cchc_tui.tui.recover import RestoreOffer

    if error.copy is None or not RestoreOffer(str(error), error.copy).run():
        print(f"Lỗi: {error}", file=sys.stderr)
        return None
    try:
        kept = restore_missing_data(db_path, error.copy)
        session = open_session(db_path, today, user)
    except DatabaseError as failed:
        print(f"Lỗi: không khôi phục được: {failed}", file=sys.stderr)
        return None
    print(
        f"Đã khôi phục từ {error.copy}"
        + (f"; tệp cũ giữ ở {kept}" if kept != Path(db_path) else "")
    )
    return session


def run_app(
    db_path: str | Path, today: date, *, debug: bool = False, user: User | None = None
) -> int:
    """Open the database and run the app (as ``user``: the browser's
    signed-in user, else the local editor); returns the exit code."""
    session: Session | None
    try:
        session = open_session(db_path, today, user or User())
    except PreviousDataError as error:
        session = _offer_restore(db_path, today, error, user or User())
        if session is None:
            return 1
    except DatabaseError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    from cchc_tui.tui import windows_console

    try:
        app = CchcApp(session, backup_daily=True, debug=debug)
        with windows_console.prepared(app):  # QuickEdit off, glyphs of the console font
            result = app.run()
    finally:
        session.close()
    return result or 0
