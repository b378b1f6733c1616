"""Indicators of a directive as shown with it (`show`, the directive screen):
each with its target, latest value and whether it is met."""

from __future__ import annotations

from cchc_tui.services.indicators import list_indicators
from cchc_tui.store.database import Store


def indicators_of(store: Store, directive_id: int) -> list[dict]:
    """JSON-ready indicators of one directive (see IndicatorRow.to_json)."""
    return [row.to_json() for row in list_indicators(store, directive_id=directive_id)]
