"""Opening the clerk's database: a file created now is set up with the
bundled sample (the notice of 16/8/2024); an existing file is opened as it
is, never seeded again."""

from __future__ import annotations

import os

from cchc_tui.services.search_keys import ensure_search_keys
from cchc_tui.services.seeding import seed_database
from cchc_tui.store.database import Store, open_store


def open_database(
    path: str | os.PathLike, *, seed: bool = True, despite_previous_data: bool = False
) -> Store:
    """Open ``path`` (see :func:`cchc_tui.store.database.open_store`); a new
    file gets the sample unless ``seed`` is False (then it holds the schema
    only, for ``init`` or the TUI's set-up choice)."""
    store = open_store(
        path,
        initialise=seed_database if seed else None,
        despite_previous_data=despite_previous_data,
    )
    try:
        ensure_search_keys(store)  # a file of an earlier version: once
    except BaseException:
        store.close()
        raise
    return store
