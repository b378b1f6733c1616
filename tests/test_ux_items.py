"""What a new clerk tripped on (issue 17): clear check boxes and an explicit
"Tất cả" in the filter, the agency picker that adds only on save, the export
dialog's scope and file names, Vietnamese in the palette, multi-line notes."""

from __future__ import annotations

from test_tui_support import SIZE, settle, table_ids, type_text
from textual.widgets import Checkbox

from cchc_tui.domain.status import Status, Timeliness
from cchc_tui.services.directives import DirectiveFilter, list_directives
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
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
