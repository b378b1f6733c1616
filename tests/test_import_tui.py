"""The import screen: read a file, correct the draft, untick, save; cancel
leaves no trace. Driven with keys through App.run_test()."""

from __future__ import annotations

import io
from pathlib import Path

from textual.widgets import Button, DataTable, Input, Static, TextArea

from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.import_notice import ImportNoticeScreen
from tests.conftest import TODAY, db_snapshot
from tests.test_tui_support import settle

SIZE = (120, 40)
NOTICE = Path(__file__).parent / "notices" / "01-hai-cot-tu-pdf.txt"


async def open_screen(app, pilot) -> ImportNoticeScreen:
    await settle(app, pilot)
    if "import_notice" in {c.action for c in app.PALETTE_COMMANDS}:
        await pilot.press("ctrl+o")
    else:
        app.push_screen(ImportNoticeScreen())
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ImportNoticeScreen)
    return screen


async def read(app, pilot, screen, path) -> None:
    screen.query_one("#notice-path", Input).value = str(path)
    screen.query_one("#notice-path", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)


def plain(widget) -> str:
    visual = widget.render()
    return getattr(visual, "plain", str(visual))


async def test_read_edit_untick_and_save(fresh_store, db_path):
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        table = screen.query_one("#draft-table", DataTable)
        assert table.row_count == 4 and app.focused is table
        assert screen.query_one("#notice-number", Input).value == "245/TB-VP"
        assert "Nơi nhận" in screen.query_one("#import-source", TextArea).text
        assert screen.query_one("#item-leads", Input).value == "Phòng Nội vụ"
        # untick item 3 with space, then correct item 2's lead and deadline
        await pilot.press("down", "down", "space")
        assert not screen.reading.directives[2].selected
        await pilot.press("up")
        await settle(app, pilot)
        assert screen.query_one("#item-title", Input).value.startswith("Phòng Tư pháp")
        leads = screen.query_one("#item-leads", Input)
        leads.value = "Phòng Tư pháp; Phòng TN&MT"
        deadline = screen.query_one("#item-deadline", Input)
        deadline.value = "15/12/2024"
        await settle(app, pilot)
        before = db_snapshot(db_path)
        assert db_snapshot(db_path) == before  # nothing written while editing
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportNoticeScreen)
        notice = fresh_store.row("SELECT * FROM notices WHERE number='245/TB-VP'")
        # the main table shows the new directives (the notice is the newest)
        await app.main_screen.settled()
        await settle(app, pilot)
        shown = {r.notice_id for r in app.main_screen.query_one("#directives").directive_rows}
        assert notice["id"] in shown
        assert any("Đã nhập văn bản" in str(n.message) for n in app._notifications)
    rows = fresh_store.rows(
        "SELECT id, number, deadline, deadline_text FROM directives WHERE notice_id=? ORDER BY number",
        [notice["id"]],
    )
    assert [r["number"] for r in rows] == [1, 2, 4]
    assert rows[1]["deadline"] == "2024-12-15" and rows[1]["deadline_text"] == "15/12/2024"
    leads = fresh_store.rows(
        "SELECT ag.name FROM assignments a JOIN agencies ag ON ag.id=a.agency_id "
        "WHERE a.directive_id=? AND a.role='lead' ORDER BY a.position",
        [rows[1]["id"]],
    )
    assert [r["name"] for r in leads] == ["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường"]


async def test_cancel_leaves_no_trace(fresh_store, db_path):
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        before = db_snapshot(db_path)
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        screen.query_one("#item-title", Input).value = "Đổi tên"
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportNoticeScreen)
    assert db_snapshot(db_path) == before


async def test_bad_file_and_duplicate_are_shown_not_raised(fresh_store, db_path, tmp_path):
    bad = tmp_path / "vni.txt"
    bad.write_bytes("Thoâng baùo keát luaän cuûa Chuû tòch UBND huyeän".encode("cp1252"))
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, bad)
        assert "VNI" in plain(screen.query_one("#import-error", Static))
        await pilot.press("ctrl+s")  # nothing read yet: explained, not saved
        assert "Chưa đọc tệp" in plain(screen.query_one("#import-error", Static))
        await read(app, pilot, screen, NOTICE)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        # the same notice again is refused until "Vẫn nhập" is ticked
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        before = db_snapshot(db_path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportNoticeScreen)
        assert "Vẫn nhập khi trùng" in plain(screen.query_one("#import-error", Static))
        assert db_snapshot(db_path) == before


async def test_user_text_with_markup_is_shown_literally(fresh_store, tmp_path):
    path = tmp_path / "markup.txt"
    path.write_text(
        "THÔNG BÁO\nKết luận [bold]thử[/]\n\nkết luận như sau:\n"
        "1. Phòng Lạ chủ trì rà soát [/] thủ tục [red]nội bộ[/].\n",
        encoding="utf-8",
    )
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, path)
        assert screen.query_one("#draft-table", DataTable).row_count == 1
        assert "[/]" in screen.query_one("#item-title", Input).value


async def test_typing_spaces_in_fields_does_not_untick(fresh_store):
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        title = screen.query_one("#item-title", Input)
        title.value = ""
        title.focus()
        await pilot.press("R", "a", "space", "s", "o", "a", "t")
        await settle(app, pilot)
        assert title.value == "Ra soat"
        assert screen.reading.directives[0].title == "Ra soat"
        assert screen.reading.directives[0].selected


async def test_palette_entry_and_help_list_the_import(fresh_store):
    from textual.command import CommandPalette

    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any(b.id == "import_notice" and b.key == "ctrl+o" for b in app.BINDINGS)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"nhap", "space", *"thong", "space", *"bao")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportNoticeScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        from rich.console import Console

        console = Console(record=True, width=160, file=io.StringIO())
        console.print(app.screen._render_keys())
        help_text = console.export_text()
        assert "ctrl+o" in help_text and "Nhập thông báo" in help_text


async def test_edits_typed_fast_land_in_the_item_they_were_typed_in(fresh_store):
    """Typed-ahead keys: text typed into item 1's fields, then shift+tab and
    down before anything settles, stays in item 1; item 2 is untouched and no
    space toggles an item."""
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        second = screen.reading.directives[1]
        before = (second.title, [a.name for a in second.leads], second.deadline)
        title = screen.query_one("#item-title", Input)
        title.focus()
        await pilot.press("end", *" cuối", "tab")  # to Chủ trì, no pause
        await pilot.press("end", *"; Phòng Y tế", "shift+tab", "shift+tab", "down")
        await settle(app, pilot)
        first = screen.reading.directives[0]
        assert first.title.endswith(" cuối")
        assert [a.name for a in first.leads][-1] == "Phòng Y tế"
        assert (second.title, [a.name for a in second.leads], second.deadline) == before
        assert all(d.selected for d in screen.reading.directives)
        # the fields now show item 2, and what was typed shows in item 1's row
        assert screen.query_one("#item-title", Input).value == second.title
        row = screen.query_one("#draft-table", DataTable).get_row_at(0)
        assert "Phòng Y tế" in str(row[3]) or "…" in str(row[3])


async def test_quick_key_runs_in_many_orders_never_cross_items(fresh_store):
    """The same edits with the keys in several orders: each edit lands where
    it was typed (eight runs, as in the bug report)."""
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        for run in range(8):
            item = run % 3
            table = screen.query_one("#draft-table", DataTable)
            table.focus()
            table.move_cursor(row=item)
            await settle(app, pilot)
            screen.query_one("#item-title", Input).focus()
            suffix = f" r{run}"
            keys = ["end", *suffix, "shift+tab"] + (["down"] if run % 2 else ["up", "down", "down"])
            await pilot.press(*keys)
        await settle(app, pilot)
        titles = [d.title for d in screen.reading.directives]
        for run in range(8):
            assert titles[run % 3].count(f" r{run}") == 1, titles
        assert all(f" r{run}" not in titles[3] for run in range(8))
        assert all(d.selected for d in screen.reading.directives)


async def test_preview_shows_lead_and_deadline_at_100_columns(fresh_store):
    from rich.console import Console

    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        await settle(app, pilot)
        table = screen.query_one("#draft-table", DataTable)
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width
        console = Console(record=True, width=100, file=io.StringIO())
        console.print(app.screen._compositor.render_update(full=True))
        text = console.export_text()
        assert "Chủ trì" in text and "Thời hạn" in text
        assert "Phòng Nội vụ" in text and "20/10/2024" in text


async def test_uncertain_fields_are_marked_in_the_preview(fresh_store, tmp_path):
    path = tmp_path / "cv.txt"
    path.write_text(
        "UBND HUYỆN NGHĨA HÀNH\nSố: 12/UBND-NV\nV/v rà soát thủ tục\n"
        "Nghĩa Hành, ngày 02 tháng 8 năm 2024\n\nKính gửi: Phòng Tư pháp.\n\n"
        "Chủ tịch UBND huyện yêu cầu thực hiện các nội dung sau:\n"
        "1. Rà soát thủ tục hành chính, báo cáo trước 30/9.\n",
        encoding="utf-8",
    )
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, path)
        row = screen.query_one("#draft-table", DataTable).get_row_at(0)
        assert str(row[3]).endswith("?") and str(row[4]).endswith("?")
        info = plain(screen.query_one("#item-info", Static))
        assert "Cần kiểm tra" in info and "Kính gửi" in info and "năm" in info
        # a person's correction is certain
        leads = screen.query_one("#item-leads", Input)
        leads.value = "Phòng Tư pháp; Phòng Nội vụ"
        await settle(app, pilot)
        assert screen.reading.directives[0].level("lead") == "high"


async def test_an_edit_still_unprocessed_when_the_cursor_moves_stays_in_its_item(fresh_store):
    """The race itself, made certain: the field's new value and the cursor
    move happen before any message is handled (as when keys are typed ahead
    faster than the screen), in either order of the notices."""
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await read(app, pilot, screen, NOTICE)
        first, second = screen.reading.directives[0], screen.reading.directives[1]
        second_before = (second.title, [a.name for a in second.leads])
        table = screen.query_one("#draft-table", DataTable)
        screen.query_one("#item-title", Input).value = "Tiêu đề mới của mục 1"
        screen.query_one("#item-leads", Input).value = "Phòng Y tế"
        table.move_cursor(row=1)  # no await: nothing handled yet
        await settle(app, pilot)
        assert first.title == "Tiêu đề mới của mục 1"
        assert [a.name for a in first.leads] == ["Phòng Y tế"]
        assert (second.title, [a.name for a in second.leads]) == second_before
        # and back: a late notice of the old value does not overwrite item 2
        screen.query_one("#item-title", Input).value = "Mục 2 sửa"
        table.move_cursor(row=0)
        screen.query_one("#item-title", Input).post_message(
            Input.Changed(screen.query_one("#item-title", Input), "Mục 2 sửa")
        )
        await settle(app, pilot)
        assert second.title == "Mục 2 sửa" and first.title == "Tiêu đề mới của mục 1"


async def test_a_slow_file_is_read_in_a_worker_and_the_screen_says_so(fresh_store):
    """Reading a file that takes a while (a long .docx, a network share)
    neither holds the screen nor starts twice."""
    import threading

    session = Session(fresh_store, TODAY)
    release = threading.Event()
    calls = []
    real = session.read_notice

    def slow(path):
        calls.append(path)
        release.wait(5)
        return real(path)

    session.read_notice = slow
    app = CchcApp(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        field = screen.query_one("#notice-path", Input)
        field.value = str(NOTICE)
        field.focus()
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert "Đang đọc 01-hai-cot-tu-pdf.txt" in plain(screen.query_one("#import-status"))
        assert screen.query_one("#read", Button).disabled
        await pilot.press("enter")  # again while reading: not a second read
        await pilot.press("ctrl+s")  # nothing read yet
        await pilot.pause(0.1)
        assert "Chưa đọc tệp" not in plain(screen.query_one("#import-error", Static))
        assert len(calls) == 1
        release.set()
        await settle(app, pilot)
        assert screen.query_one("#draft-table", DataTable).row_count == 4
        assert not screen.query_one("#import-status").has_class("shown")
        assert not screen.query_one("#read", Button).disabled
