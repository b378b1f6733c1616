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
    """Recompute the folded search text: number, title, content, the named
    agencies (leads and supports; not a group's members) with their other
    names, and the evidence of updates not retracted ("12/TTr")."""
    d = store.required_row(
        "SELECT number, title, content FROM directives WHERE id=?", [directive_id]
    )
    named = store.rows(
        "SELECT ag.id, ag.name FROM assignments a JOIN agencies ag ON ag.id=a.agency_id "
        "WHERE a.directive_id=? AND a.removed=0 AND a.role <> 'member'",
        [directive_id],
    )
    ids = [r["id"] for r in named]
    aliases = (
        [
            r["alias"]
            for r in store.rows(
                f"SELECT alias FROM agency_aliases WHERE agency_id IN ({','.join('?' * len(ids))})",
                ids,
            )
        ]
        if ids
        else []
    )
    evidence = [
        r["evidence"]
        for r in store.rows(
            "SELECT u.evidence FROM updates u WHERE u.directive_id=? AND u.kind='report' "
            "AND u.evidence <> '' AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id=u.id)",
            [directive_id],
        )
    ]
    words = [str(d["number"]), d["title"], d["content"], *(r["name"] for r in named)]
    key = " " + search_text(" ".join([*words, *aliases, *evidence]))  # " word word…"
    store.conn.execute("UPDATE directives SET search_fold=? WHERE id=?", [key, directive_id])


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
        for (directive_id,) in store.conn.execute("SELECT id FROM directives").fetchall():
            refresh_search_key(store, directive_id)
        store.set_state("search_key", SEARCH_KEY_VERSION)
