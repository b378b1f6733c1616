"""What a new clerk tripped on (issue 17): clear check boxes and an explicit
"Tất cả" in the filter, the agency picker that adds only on save, the export
dialog's scope and file names, Vietnamese in the palette, multi-line notes."""

from __future__ import annotations

import csv
import io

import pytest
from test_tui_support import SIZE, messages, settle, shown, table_ids, type_text
from textual.widgets import Checkbox, Input, OptionList, Select

from cchc_tui.domain.status import Status, Timeliness
from cchc_tui.services.directives import DirectiveFilter, get_directive_row, list_directives
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.agency_picker import AgencyPicker
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from cchc_tui.tui.screens.directive_form import DirectiveForm
from cchc_tui.tui.screens.export_dialog import ExportDialog
from cchc_tui.tui.screens.filter import ALL, FilterScreen
from cchc_tui.tui.widgets.ticks import TickBox, TickList


def box_of(widget, line: int) -> str:
    """The three cells of the check box drawn on ``line`` of a tick list."""
    return "".join(segment.text for segment in widget.render_line(line))[:3]


# -- item 3: check boxes and "Tất cả" ------------------------------------------------------
async def test_filter_boxes_are_empty_until_ticked_and_all_is_explicit(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FilterScreen)
        timeliness = screen.query_one("#timeliness", TickList)
        assert timeliness.selected == [ALL]  # opens saying "all", ticked
        assert box_of(timeliness, 0)[1] == "X"
        assert box_of(timeliness, 1)[1] == " "  # Quá hạn: not ticked, and it shows
        await pilot.press("tab")  # statuses -> timeliness
        assert app.focused is timeliness
        await pilot.press("down", "space")  # tick "Quá hạn"
        await pilot.pause()
        assert timeliness.selected == [Timeliness.OVERDUE]  # "Tất cả" gave way
        assert box_of(timeliness, 0)[1] == " " and box_of(timeliness, 1)[1] == "X"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        shown_ids = table_ids(app)
    overdue = list_directives(fresh_store, today, DirectiveFilter(timeliness=(Timeliness.OVERDUE,)))
    assert shown_ids == [r.id for r in overdue] and shown_ids  # not the inverse
    every = list_directives(fresh_store, today, DirectiveFilter())
    assert all(r.timeliness is Timeliness.OVERDUE for r in overdue) and len(every) > len(overdue)


async def test_ticking_all_again_clears_the_others_and_it_cannot_be_left_empty(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        statuses = app.screen.query_one("#statuses", TickList)
        await pilot.press("down", "space", "down", "space")  # two statuses
        await pilot.pause()
        assert statuses.selected == [Status.NOT_STARTED, Status.IN_PROGRESS]
        await pilot.press("space")  # untick one: the other stays, "Tất cả" not back
        await pilot.pause()
        assert statuses.selected == [Status.NOT_STARTED]
        await pilot.press("space", "up", "up", "space")  # "Tất cả": clears both
        await pilot.pause()
        assert statuses.selected == [ALL]
        await pilot.press("space")  # unticking "Tất cả" alone would mean nothing: kept
        await pilot.pause()
        assert statuses.selected == [ALL]
        assert app.screen.chosen().statuses == ()


async def test_form_import_box_is_empty_until_ticked(fresh_store, today):
    from cchc_tui.tui.screens.form_import import FormImportScreen

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.open_screen(FormImportScreen())
        box = app.screen.query_one("#force", Checkbox)
        assert isinstance(box, TickBox)
        assert box.render().plain[1] == " "
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value and box.render().plain[1] == "X"


# -- item 9: the agency picker proposes, warns, and adds only on save ---------------------
async def _new_directive_with_support(app, pilot, typed: str) -> None:
    """n, a title, the lead Phòng Nội vụ, then ctrl+o and ``typed`` in the picker."""
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    await type_text(pilot, "Việc có cơ quan mới")
    await pilot.press("ctrl+l")
    await pilot.pause()
    await type_text(pilot, "noi vu")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("ctrl+o")
    await settle(app, pilot)
    # all but the last letter at once (typing 30 keys one by one only slows
    # the test: each one re-filters), then the last one as a keystroke
    search = app.screen.query_one(Input)
    search.value = typed[:-1]
    search.cursor_position = len(search.value)
    await settle(app, pilot)
    await type_text(pilot, typed[-1])
    await settle(app, pilot)


def option_texts(picker) -> list[str]:
    options = picker.query_one("#agency-options", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_picker_proposes_the_nearest_agency_first(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await _new_directive_with_support(app, pilot, "Phong Y te moi")
        picker = app.screen
        assert isinstance(picker, AgencyPicker)
        texts = option_texts(picker)
        assert texts[0] == "Gần giống: Phòng Y tế"
        assert texts[-1] == "+ Thêm cơ quan mới: Phong Y te moi (tên không dấu — kiểm tra lại)"
        await pilot.press("enter")  # the proposal, highlighted first
        await pilot.pause()
        assert isinstance(app.screen, DirectiveForm)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert get_directive_row(fresh_store, 8, today).support == ["Phòng Y tế"]
    assert not fresh_store.value("SELECT count(*) FROM agencies WHERE name = ?", ["Phong Y te moi"])


async def test_a_new_agency_is_added_only_when_the_form_is_saved(fresh_store, today):
    agencies_before = fresh_store.value("SELECT count(*) FROM agencies")
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await _new_directive_with_support(app, pilot, "Trung tam phuc vu hanh chinh cong")
        picker = app.screen
        await pilot.press("enter")  # no look-alike: the add option; without diacritics
        await pilot.pause()
        assert app.screen is picker
        assert "tên không dấu — kiểm tra lại" in shown(picker.query_one("#picker-error"))
        for _ in "cong":
            await pilot.press("backspace")
        await type_text(pilot, "công")
        await pilot.pause()
        assert option_texts(picker) == ["+ Thêm cơ quan mới: Trung tam phuc vu hanh chinh công"]
        await pilot.press("enter")  # has a diacritic now: taken at once
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DirectiveForm)
        assert fresh_store.value("SELECT count(*) FROM agencies") == agencies_before
        await pilot.press("escape")  # typed content: asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # yes, throw it away
        await settle(app, pilot)
        assert app.screen is app.main_screen
        assert fresh_store.value("SELECT count(*) FROM agencies") == agencies_before
        # again, and saved this time: the agency and the directive in one go
        await _new_directive_with_support(app, pilot, "Trung tâm Phục vụ hành chính công")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is app.main_screen
    assert fresh_store.value("SELECT count(*) FROM agencies") == agencies_before + 1
    row = get_directive_row(fresh_store, 8, today)
    assert row.lead == ["Phòng Nội vụ"]
    assert row.support == ["Trung tâm Phục vụ hành chính công"]


async def test_a_refused_save_adds_no_agency(fresh_store, today):
    agencies_before = fresh_store.value("SELECT count(*) FROM agencies")
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await _new_directive_with_support(app, pilot, "Trung tâm Phục vụ hành chính công")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        form.query_one("#number", Input).value = "1"  # taken in that notice
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert shown(form.query_one("#number-error"))
    assert fresh_store.value("SELECT count(*) FROM agencies") == agencies_before
    assert fresh_store.value("SELECT count(*) FROM directives") == 7


# -- item 10: the export dialog's scope and file name; the agencies screen follows --------
async def test_export_scope_names_a_search_typed_alone(fresh_store, today, documents):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "noi vu")
        await pilot.press("enter", "x")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        scope = dialog.query_one("#scope", Select)
        assert scope.value == "current"
        assert "tìm “noi vu”" in shown(scope.query_one("#label"))
        found = table_ids(app)
        dialog.query_one("#format", Select).value = "csv"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    rows = list(
        csv.reader(
            io.StringIO((documents / "bao-cao-tien-do-2026-11-27.csv").read_text("utf-8-sig"))
        )
    )
    assert sorted({int(r[1]) for r in rows[1:]}) == sorted(
        get_directive_row(fresh_store, i, today).number for i in found
    )
    assert len(found) < 7


@pytest.mark.parametrize(
    ("typed", "fmt", "written"),
    [
        ("bao cao", "xlsx", "bao cao.xlsx"),  # no extension: the format's
        ("bao-cao.docx", "xlsx", "bao-cao.xlsx"),  # another format's: corrected
        ('"{folder}/tuan 48.DOCX"', "docx", "tuan 48.DOCX"),  # Explorer's quotes
        ("ban.v2", "csv", "ban.v2.csv"),  # a dot that is no extension
    ],
)
async def test_export_file_name_gets_the_formats_extension(
    fresh_store, today, documents, typed, fmt, written
):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        dialog = app.screen
        dialog.query_one("#format", Select).value = fmt
        await pilot.pause()
        dialog.query_one("#path", Input).value = typed.format(folder=documents)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is app.main_screen
    assert sorted(p.name for p in documents.iterdir()) == [written]
    head = (documents / written).read_bytes()[:4]
    assert head.startswith(b"PK") == (fmt in ("xlsx", "docx"))


async def test_agencies_screen_follows_changes_made_elsewhere(fresh_store, today, cli, monkeypatch):
    from cchc_tui.tui import upkeep
    from cchc_tui.tui.screens.agencies import AgenciesScreen

    monkeypatch.setattr(upkeep, "CHECK_SECONDS", 0.2)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AgenciesScreen)
        before = {a.name: a.lead for a in screen.agencies}
        assert "Trung tâm Phục vụ hành chính công" not in before
        result = cli("agencies", "add", "Trung tâm Phục vụ hành chính công")
        assert result.code == 0, result.err
        result = cli("update", "3", "--progress", "45")  # another window's report
        assert result.code == 0, result.err
        for _ in range(40):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if any(a.name == "Trung tâm Phục vụ hành chính công" for a in screen.agencies):
                break
        names = [a.name for a in screen.agencies]
        assert "Trung tâm Phục vụ hành chính công" in names
        table = screen.query_one("#agencies")
        assert table.row_count == len(names) == len(before) + 1


# -- item 13: the palette and the ctrl+c toast in Vietnamese ------------------------------
def _palette_lines(palette) -> list[str]:
    from textual.command import CommandList

    options = palette.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_speaks_vietnamese_when_nothing_matches(fresh_store, today):
    from textual.command import CommandInput, CommandPalette

    from cchc_tui.tui.commands import NO_MATCH, PALETTE_PLACEHOLDER

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(CommandInput).placeholder == PALETTE_PLACEHOLDER
        await type_text(pilot, "zzqq")
        await pilot.pause(0.8)  # past Textual's own "no matches" delay
        assert _palette_lines(palette) == [NO_MATCH]
        assert "No matches" not in app.export_screenshot()
        await pilot.press("enter")  # the line does nothing: the palette closes
        await settle(app, pilot)
        assert app.screen is app.main_screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "xuat")
        await pilot.pause(0.5)
        assert NO_MATCH not in _palette_lines(app.screen)
        await pilot.press("escape")
        await pilot.pause()


async def test_ctrl_c_says_how_to_quit_in_vietnamese(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = messages(app)
        assert any(m.startswith("Bấm ") and "để thoát" in m and "q" in m for m in said), said
        assert not any("Press" in m for m in said)
        assert app.is_running


# -- item 14: notes and contents on several lines ------------------------------------------
async def test_progress_note_takes_several_lines_and_tab_still_moves_on(fresh_store, today):
    from textual.widgets import TextArea

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "u", "tab")
        await type_text(pilot, "60")
        await pilot.press("tab", "tab")  # Ngày, then Ghi chú
        assert isinstance(app.focused, TextArea) and app.focused.id == "note"
        await type_text(pilot, "Đã họp ngày 20/11")
        await pilot.press("enter")
        await type_text(pilot, "còn 2 xã chưa gửi")
        await pilot.press("tab")  # not a tab character: the next field
        assert app.focused.id == "evidence"
        await type_text(pilot, "12/TTr")
        await pilot.press("shift+tab")  # back in the note: ctrl+s saves from there
        assert app.focused.id == "note"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is app.main_screen
    row = fresh_store.rows("SELECT directive_id, progress, note, evidence FROM updates")[-1]
    assert dict(row) == {
        "directive_id": 3,
        "progress": 60,
        "note": "Đã họp ngày 20/11\ncòn 2 xã chưa gửi",
        "evidence": "12/TTr",
    }


async def test_directive_content_takes_several_lines_and_tab_moves_on(fresh_store, today):
    from textual.widgets import TextArea

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await type_text(pilot, "Việc nhiều dòng")
        await pilot.press("tab")
        assert isinstance(app.focused, TextArea) and app.focused.id == "content"
        await type_text(pilot, "Bước 1")
        await pilot.press("enter")
        await type_text(pilot, "Bước 2")
        await pilot.press("tab")
        assert app.focused.id == "deadline"
        await pilot.press("ctrl+l")
        await pilot.pause()
        await type_text(pilot, "noi vu")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#content", TextArea).focus()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is app.main_screen
    assert fresh_store.value("SELECT content FROM directives WHERE id = 8") == "Bước 1\nBước 2"


# -- item 11: "Tải lại" after a refused save keeps every field typed -----------------------
async def test_reload_after_a_refusal_keeps_every_typed_field(fresh_store, today):
    from textual.widgets import TextArea

    from cchc_tui.services.updates import record_update
    from cchc_tui.tui.screens.progress import ProgressForm

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "u", "tab")
        form = app.screen
        assert isinstance(form, ProgressForm)
        await type_text(pilot, "70")
        await pilot.press("tab", "ctrl+a", "ctrl+k")  # clear the date
        await type_text(pilot, "25/11/2026")
        await pilot.press("tab")
        await type_text(pilot, "Ghi chú dài")
        await pilot.press("enter")
        await type_text(pilot, "dòng hai")
        await pilot.press("tab")
        await type_text(pilot, "15/BC-UBND")
        record_update(fresh_store, 3, today=today, progress=10, by="Người khác")  # meanwhile
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("enter")  # "Tải lại"
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#progress", Input).value == "70"
        assert form.query_one("#date", Input).value == "25/11/2026"
        assert form.query_one("#note", TextArea).text == "Ghi chú dài\ndòng hai"
        assert form.query_one("#evidence", Input).value == "15/BC-UBND"
        said = shown(form.query_one("#form-error"))
        assert "Mới: " in said and "10%" in said and "được giữ" in said
        assert "10%" in shown(form.query_one("#current-state"))  # the new state, shown
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is app.main_screen
    row = fresh_store.rows(
        "SELECT progress, reported_on, note, evidence, recorded_by FROM updates "
        "WHERE directive_id = 3 ORDER BY id DESC LIMIT 1"
    )[0]
    assert dict(row) == {
        "progress": 70,
        "reported_on": "2026-11-25",
        "note": "Ghi chú dài\ndòng hai",
        "evidence": "15/BC-UBND",
        "recorded_by": "Phòng Nội vụ",
    }
