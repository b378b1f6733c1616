"""The terminal app: the actions behind the keys and palette entries of
``tui/keys.py``.

To add a key: a ``Binding`` and a ``PaletteCommand`` in ``tui/keys.py``, then
``async def action_my_action(self) -> None`` on ``CchcApp``. Useful:
   ``self.store``, ``self.today``, ``await self._need_directive()`` (the
   highlighted directive's id, or a warning), ``self.main_screen.directive_filter``
   (current search and filters), ``await self.open_screen(screen, callback)``,
   ``self.refresh_directives()``, ``self.show_error(error)``.

By default an action runs on any screen except dialogs; add its name to
``MAIN_ONLY`` (main screen only) or ``ON_DIRECTIVE`` (main and directive
screens) to narrow it.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from textual import events
from textual.app import App
from textual.screen import ModalScreen

from cchc_tui.domain.errors import DatabaseError, UserError
from cchc_tui.services.opening import open_database
from cchc_tui.store.database import Store
from cchc_tui.tui.commands import ActionCommands
from cchc_tui.tui.keys import APP_BINDINGS, MAIN_ONLY, ON_DIRECTIVE, PALETTE_COMMANDS
from cchc_tui.tui.screens.main import MainScreen
from cchc_tui.tui.upkeep import WRITE_ACTIONS, start_upkeep
from cchc_tui.tui.waiting import TypedAhead, drained


class CchcApp(App[int]):
    """Theo dõi nhiệm vụ CCHC: one store, one *today*."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Theo dõi nhiệm vụ CCHC"
    COMMANDS = {ActionCommands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = APP_BINDINGS
    PALETTE_COMMANDS = PALETTE_COMMANDS

    def __init__(
        self, store: Store, today: date, *, backup_daily: bool = False, debug: bool = False
    ) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.backup_daily = backup_daily
        """Make the day's backup in the background after the first screen (run_app)."""
        self.debug_errors = debug
        """--debug: unexpected errors caught in workers show their traceback."""
        self.own_actions = {b.action for b in self.BINDINGS} | {
            c.action for c in self.PALETTE_COMMANDS
        }
        """Actions of this app (check_action limits them to the right screens)."""
        self.typed_ahead = TypedAhead(self)
        """Keys typed ahead, handed on one at a time."""

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
        # daily backup, changes made elsewhere, read-only banner
        self.call_after_refresh(lambda: start_upkeep(self, backup=self.backup_daily))

    # -- where actions apply ----------------------------------------------------
    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from cchc_tui.tui.screens.directive import DirectiveScreen

        if action not in self.own_actions or action in ("focus_next", "focus_previous"):
            return True  # Textual's own (focus_next, quit via ctrl+q, …)
        if self.store.readonly and action in WRITE_ACTIONS:
            return False  # the banner says why
        screen = self._working_screen()
        if isinstance(screen, ModalScreen):
            return False
        if action in MAIN_ONLY:
            return isinstance(screen, MainScreen)
        if action in ON_DIRECTIVE:
            return isinstance(screen, MainScreen | DirectiveScreen)
        return True

    def _working_screen(self):
        """The top screen, looking through the command palette."""
        from textual.command import CommandPalette

        return next(s for s in reversed(self.screen_stack) if not isinstance(s, CommandPalette))

    def current_directive_id(self) -> int | None:
        """The directive the user is looking at (directive screen or table)."""
        from cchc_tui.tui.screens.directive import DirectiveScreen

        screen = self._working_screen()
        if isinstance(screen, DirectiveScreen):
            return screen.directive_id
        row = self.main_screen.current_row()
        return row.id if row else None

    def refresh_directives(self, select_id: int | None = None) -> None:
        """Reload the table and counts (and the directive screen if open)."""
        from cchc_tui.tui.screens.directive import DirectiveScreen

        self.main_screen.reload(select_id=select_id)
        for screen in self.screen_stack:
            if isinstance(screen, DirectiveScreen):
                screen.reload()

    async def open_screen(self, screen, callback=None) -> None:
        """Push ``screen`` and wait until it is ready, so keys typed right
        after the one that opened it reach it (e.g. ``u`` then ``tab``)."""
        await self.push_screen(screen, callback)
        await drained(screen)

    async def settle_table(self) -> None:
        """Let the table catch up with keys typed ahead (a search being
        loaded, the cursor moving) before reading the highlighted row."""
        await self.main_screen.settled()

    def show_error(self, error: Exception) -> None:
        """A user-caused error as a notification (never a traceback)."""
        self.notify(str(error), title="Lỗi", severity="error", markup=False, timeout=8)

    async def _need_directive(self) -> int | None:
        await self.settle_table()
        directive_id = self.current_directive_id()
        if directive_id is None and self.main_screen.row_still_loading():
            self.notify("Dòng đang chọn chưa đọc xong; thử lại sau giây lát.", severity="warning")
        elif directive_id is None:
            self.notify("Chưa chọn nhiệm vụ nào.", severity="warning")
        return directive_id

    # -- actions ------------------------------------------------------------------
    async def action_search(self) -> None:
        self.main_screen.focus_search()

    async def action_filter(self) -> None:
        from cchc_tui.tui.screens.filter import FilterScreen

        main = self.main_screen
        await self.open_screen(FilterScreen(main.directive_filter), main.set_filter)

    async def action_open_directive(self) -> None:
        from cchc_tui.tui.screens.directive import DirectiveScreen

        if (directive_id := await self._need_directive()) is not None:
            await self.open_screen(DirectiveScreen(directive_id))

    async def action_update_progress(self) -> None:
        from cchc_tui.tui.screens.progress import ProgressForm

        if (directive_id := await self._need_directive()) is None:
            return
        try:
            form = ProgressForm(directive_id)
        except UserError as error:
            self.show_error(error)
            return

        def saved(update_id: int | None) -> None:
            if update_id is not None:
                self.notify("Đã lưu", title="Cập nhật tiến độ")
                self.refresh_directives(select_id=directive_id)

        await self.open_screen(form, saved)

    async def action_new_directive(self) -> None:
        from cchc_tui.tui.screens.directive_form import DirectiveForm

        await self.settle_table()
        row = self.main_screen.current_row()
        await self.open_screen(
            DirectiveForm(None, notice_id=row.notice_id if row else None), self._directive_saved
        )

    async def action_edit_directive(self) -> None:
        from cchc_tui.tui.screens.directive_form import DirectiveForm

        if (directive_id := await self._need_directive()) is not None:
            await self.open_screen(DirectiveForm(directive_id), self._directive_saved)

    def _directive_saved(self, directive_id: int | None) -> None:
        if directive_id is not None:
            self.notify("Đã lưu", title="Nhiệm vụ")
            self.refresh_directives(select_id=directive_id)

    async def action_archive_directive(self) -> None:
        from cchc_tui.services.directive_editing import set_archived
        from cchc_tui.services.directives import get_directive_row
        from cchc_tui.services.settings import user_name
        from cchc_tui.tui.screens.dialogs import ConfirmDialog

        if (directive_id := await self._need_directive()) is None:
            return
        row = get_directive_row(self.store, directive_id, self.today)
        verb = "Khôi phục" if row.archived else "Lưu trữ"
        question = f"{verb} nhiệm vụ {row.number}: {row.title}?\n" + (
            "Nhiệm vụ sẽ hiện lại trong danh sách."
            if row.archived
            else "Nhiệm vụ được ẩn khỏi danh sách (xem lại bằng bộ lọc Lưu trữ); không xóa gì."
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                set_archived(
                    self.store,
                    directive_id,
                    not row.archived,
                    by=user_name(self.store),
                    expected_version=row.version,
                )
            except UserError as error:
                self.show_error(error)
                return
            self.notify(f"Đã {verb.lower()} nhiệm vụ {row.number}", markup=False)
            self.refresh_directives()

        await self.open_screen(ConfirmDialog(question, yes_label=verb), confirmed)

    async def action_retract_update(self) -> None:
        from cchc_tui.domain.dates import format_date
        from cchc_tui.services.settings import user_name
        from cchc_tui.services.updates import last_retractable_update, retract_update
        from cchc_tui.tui.screens.dialogs import ReasonDialog

        if (directive_id := await self._need_directive()) is None:
            return
        last = last_retractable_update(self.store, directive_id)
        if last is None:
            self.notify("Nhiệm vụ này chưa có cập nhật nào để rút lại.", severity="warning")
            return
        what = ", ".join(
            part
            for part in (
                f"{last['progress']}%" if last["progress"] is not None else "",
                last["note"],
            )
            if part
        )
        question = (
            f"Rút lại cập nhật ngày {format_date(last['reported_on'])} của "
            f"{last['recorded_by']}: {what}?\nCập nhật gốc vẫn được giữ trong lịch sử."
        )

        def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            try:
                retract_update(
                    self.store, last["id"], reason, today=self.today, by=user_name(self.store)
                )
            except UserError as error:
                self.show_error(error)
                return
            self.notify("Đã rút lại cập nhật", title="Rút lại")
            self.refresh_directives(select_id=directive_id)

        await self.open_screen(ReasonDialog(question), confirmed)

    async def action_new_notice(self) -> None:
        from cchc_tui.tui.screens.notice_form import NoticeForm

        await self.open_screen(NoticeForm(None), self._notice_saved)

    async def action_edit_notice(self) -> None:
        from cchc_tui.tui.screens.notice_form import NoticeForm

        await self.settle_table()
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
            self.refresh_directives()

    async def action_agencies(self) -> None:
        from cchc_tui.tui.screens.agencies import AgenciesScreen

        await self.open_screen(AgenciesScreen())

    async def action_settings(self) -> None:
        from cchc_tui.tui.screens.settings import SettingsScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.main_screen.refresh_header()
                self.refresh_directives()

        await self.open_screen(SettingsScreen(), closed)

    async def action_export(self) -> None:
        from cchc_tui.tui.screens.export_dialog import open_export_dialog

        await open_export_dialog(self)

    async def action_copy_brief(self) -> None:
        from cchc_tui.tui.screens.export_dialog import copy_brief

        await copy_brief(self)

    async def action_show_indicators(self) -> None:
        from cchc_tui.tui.screens.indicators import IndicatorsScreen

        await self.open_screen(IndicatorsScreen())

    async def action_import_forms(self) -> None:
        from cchc_tui.tui.screens.form_import import FormImportScreen

        def closed(written: bool | None) -> None:
            if written:
                self.refresh_directives()

        await self.open_screen(FormImportScreen(), closed)

    async def action_backups(self) -> None:
        from cchc_tui.tui.screens.backups import BackupsScreen

        await self.open_screen(BackupsScreen())

    async def action_import_notice(self) -> None:
        from cchc_tui.tui.screens.import_notice import ImportNoticeScreen

        def saved(notice_id: int | None) -> None:
            if notice_id is not None:
                self.notify(f"Đã nhập văn bản (mã {notice_id})", title="Nhập thông báo")
                self.refresh_directives()

        await self.open_screen(ImportNoticeScreen(), saved)

    async def action_help(self) -> None:
        from cchc_tui.tui.screens.help import HelpScreen

        await self.open_screen(HelpScreen())

    def action_show_agency(self, agency_id: int) -> None:
        """The main list filtered to one agency (from the agencies screen)."""
        from dataclasses import replace

        main = self.main_screen
        while self.screen is not main:
            self.pop_screen()
        main.set_filter(replace(main.directive_filter, agency_id=agency_id))


def run_app(db_path: str | Path, today: date, *, debug: bool = False) -> int:
    """Open the database and run the app; returns the exit code."""
    try:
        store = open_database(db_path)
    except DatabaseError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    from cchc_tui.tui import windows_console

    try:
        app = CchcApp(store, today, backup_daily=True, debug=debug)
        with windows_console.prepared(app):  # QuickEdit off, glyphs of the console font
            result = app.run()
    finally:
        store.close()
    return result or 0
