"""The directives' search keys: folded words of everything a clerk may type
to find a directive (number, title, content, named agencies and their other
names, evidence numbers), kept in step when any of them changes."""

from __future__ import annotations

from cchc_tui.domain.text import search_text
from cchc_tui.store.database import Store

SEARCH_KEY_VERSION = "3"
"""What ``refresh_search_key`` puts in the key (``ensure_search_keys``
recomputes every key of a file made when it put less)."""


def refresh_search_key(store: Store, directive_id: int) -> None:
    """Recompute the folded search text of one directive: number, title,
    content, the named agencies (leads and supports; not a group's members)
    with their other names, and the evidence of updates not retracted
    ("12/TTr")."""
    for key, found_id in _keys(store, [directive_id]):
        store.conn.execute("UPDATE directives SET search_fold=? WHERE id=?", [key, found_id])


def _keys(store: Store, ids: list[int] | None) -> list[tuple[str, int]]:
    """(key, id) of the directives ``ids`` (None: every one), read in four
    queries whatever their number."""
    params = ids or []
    marks = ",".join("?" * len(params))

    def only(column: str) -> str:
        return "" if ids is None else f" AND {column} IN ({marks})"

    texts: dict[int, list[str]] = {}
    for directive_id, number, title, content in store.conn.execute(
        "SELECT id, number, title, content FROM directives WHERE 1" + only("id"), params
    ):
        texts[directive_id] = [str(number), title, content]
    names: dict[int, list[str]] = {}
    agencies: dict[int, set[int]] = {}
    for directive_id, agency_id, name in store.conn.execute(
        "SELECT a.directive_id, ag.id, ag.name FROM assignments a "
        "JOIN agencies ag ON ag.id = a.agency_id "
        "WHERE a.removed = 0 AND a.role <> 'member'"
        + only("a.directive_id")
        + " ORDER BY a.directive_id, a.id",
        params,
    ):
        names.setdefault(directive_id, []).append(name)
        agencies.setdefault(directive_id, set()).add(agency_id)
    aliases: dict[int, list[str]] = {}
    wanted = set().union(*agencies.values()) if agencies else set()
    for agency_id, alias in store.conn.execute(
        "SELECT agency_id, alias FROM agency_aliases ORDER BY id"
    ):
        if agency_id in wanted:
            aliases.setdefault(agency_id, []).append(alias)
    evidence: dict[int, list[str]] = {}
    for directive_id, text in store.conn.execute(
        "SELECT u.directive_id, u.evidence FROM updates u WHERE u.kind = 'report' "
        "AND u.evidence <> '' AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)"
        + only("u.directive_id")
        + " ORDER BY u.id",
        params,
    ):
        evidence.setdefault(directive_id, []).append(text)
    out = []
    for directive_id, words in texts.items():
        other = [
            alias
            for agency_id in sorted(agencies.get(directive_id, ()))
            for alias in aliases.get(agency_id, ())
        ]
        parts = [*words, *names.get(directive_id, ()), *other, *evidence.get(directive_id, ())]
        out.append((" " + search_text(" ".join(parts)), directive_id))  # " word word…"
    return out


def ensure_search_keys(store: Store) -> None:
    """Bring every directive's search key to ``SEARCH_KEY_VERSION`` (once,
    on a file made by an earlier version; a read-only file is left as is)."""
    if store.readonly or store.damaged or store.state("search_key") == SEARCH_KEY_VERSION:
        return
    if not store.value("SELECT EXISTS(SELECT 1 FROM directives)"):
        return  # nothing to bring up to date (nor to write)
    with store.transaction():
        if store.state("search_key") == SEARCH_KEY_VERSION:
            return  # another process did it meanwhile
        store.conn.executemany("UPDATE directives SET search_fold=? WHERE id=?", _keys(store, None))
        store.set_state("search_key", SEARCH_KEY_VERSION)
