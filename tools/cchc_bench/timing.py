"""Timing the app headless (for ``cchc_bench``): when a frame showing
what we wait for is displayed, measured on ``time.monotonic()``. The apps
timed are subclasses that hear of each frame through Textual's
``App.post_display_hook``; keys are posted to the app as the terminal's
driver posts them."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from textual import events
from textual.app import App

SIZE = (120, 40)
IDLE_BEFORE_KEY = 0.05
"""Seconds the app is left idle before each timed keystroke."""


class Painted:
    """Futures resolved by the first frame displayed while a condition holds."""

    def __init__(self) -> None:
        self.waiting: list[tuple[object, asyncio.Future]] = []

    def displayed(self, app: App) -> None:
        """A frame of ``app`` was just displayed."""
        now = time.monotonic()
        for item in list(self.waiting):
            ready, future = item
            if not future.done() and ready(app):
                future.set_result(now)
                self.waiting.remove(item)

    def wait(self, ready):
        """Awaitable of the time the first frame with ``ready(app)`` was displayed."""
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((ready, future))
        return asyncio.wait_for(future, 120)


def timed(app_class: type[App]) -> type[App]:
    """``app_class`` telling its ``painted`` (a Painted) of every frame, from
    Textual's ``App.post_display_hook`` (called after each display)."""

    class Timed(app_class):  # type: ignore[valid-type, misc]
        painted = Painted()  # one per call of timed(): one per app timed

        def post_display_hook(self) -> None:
            super().post_display_hook()
            self.painted.displayed(self)

    return Timed


def _table(app):
    from cchc_tui.tui.widgets.directive_table import DirectiveTable

    try:
        return app.main_screen.query_one(DirectiveTable)
    except Exception:  # not mounted yet
        return None


def _rows_shown(app) -> bool:
    table = _table(app)
    return table is not None and table.row_count > 0


def _make_app(db: str, today: date):
    from cchc_tui.session import open_session
    from cchc_tui.tui.app import CchcApp

    return timed(CchcApp)(open_session(db, today))


async def _first_paint(app, ready) -> float:
    async with app.run_test(size=SIZE):
        return await app.painted.wait(ready)


def app_first_paint(db: str, today: date) -> float:
    """When the main screen first shows rows of the table."""
    return asyncio.run(_first_paint(_make_app(db, today), _rows_shown))


def bare_first_paint() -> float:
    """When the bare app first shows its screen."""
    from cchc_bench.bare import BareApp

    return asyncio.run(_first_paint(timed(BareApp)(), lambda app: bool(app.screen.query("#body"))))


async def _search_and_open(
    db: str, today: date, queries: list[str], group_id: int | None = None
) -> dict:
    from textual.widgets import Input

    from cchc_tui.tui.screens.directive import DirectiveScreen

    app = _make_app(db, today)
    painted = app.painted
    shown: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await painted.wait(_rows_shown)
        table = _table(app)
        original_show = table.show_rows

        def show_rows(*args, **kwargs):
            original_show(*args, **kwargs)
            shown["search"] = app.main_screen.directive_filter.search
            shown["agency"] = app.main_screen.directive_filter.agency_id

        table.show_rows = show_rows

        def showing(text: str):
            return painted.wait(lambda _app: shown.get("search") == text)

        await pilot.press("slash")
        search = app.main_screen.query_one("#search", Input)
        search_times = []
        for query in queries:
            # the query but its last letter, then that letter as a keystroke
            prefix = query[:-1]
            if search.value != prefix:
                waiting = showing(prefix)
                search.value = prefix
                search.cursor_position = len(prefix)
                await waiting
            # from an idle app, as between a typist's keys (one every 100 ms or
            # more): the counts are in and no screen update is pending
            await app.workers.wait_for_complete()
            await asyncio.sleep(IDLE_BEFORE_KEY)
            waiting = showing(query)
            start = time.monotonic()
            app.post_message(events.Key(query[-1], query[-1]))
            search_times.append(await waiting - start)
        waiting = showing("")
        search.value = ""
        await waiting
        table.focus()
        await pilot.pause()
        open_times = []
        for _ in range(5):
            waiting = painted.wait(lambda a: isinstance(a.screen, DirectiveScreen))
            start = time.monotonic()
            app.post_message(events.Key("enter", "\r"))
            open_times.append(await waiting - start)
            await pilot.press("escape")
            await pilot.press("down")
        members_times = []
        if group_id is not None:
            # the list filtered to the group, then its first directive opened
            # with the member table (the group's members, unreported first)
            from dataclasses import replace

            waiting = painted.wait(lambda _app: shown.get("agency") == group_id)
            main = app.main_screen
            main.set_filter(replace(main.directive_filter, agency_id=group_id))
            await waiting
            await app.workers.wait_for_complete()
            table.focus()
            for _ in range(3):
                await asyncio.sleep(IDLE_BEFORE_KEY)
                waiting = painted.wait(lambda a: isinstance(a.screen, DirectiveScreen))
                start = time.monotonic()
                app.post_message(events.Key("enter", "\r"))
                members_times.append(await waiting - start)
                await pilot.press("escape")
                await app.workers.wait_for_complete()
    return {"search": search_times, "open": open_times, "open_members": members_times}


def search_and_open(db: str, today: date, queries: list[str], group_id: int | None = None) -> dict:
    """Seconds from each search's last keystroke until the table shows its
    result, and from ``enter`` until the directive screen (with its history)
    is shown, for five rows; with ``group_id``, for a directive that group
    leads (its member table included), three times."""
    return asyncio.run(_search_and_open(db, today, queries, group_id))
