"""Where the bundled folders `db/` and `seed/` are: inside the installed
package (the wheel maps them there) or, in a source checkout, beside it;
and the bundled notice's reading in `seed/`.

A bottom layer (beside `domain`): the store, the importer and the services
read the bundled files through it, so none of them imports another for it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder ``name`` ("db" or "seed")."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from the installation")


SEED_FILE = "notice-2024-08-16.json"


@cache
def seed_data() -> dict[str, Any]:
    """The structured reading of the bundled notice."""
    data: dict[str, Any] = json.loads((bundled_dir("seed") / SEED_FILE).read_text(encoding="utf-8"))
    return data


def seed_text() -> str:
    """The text of the bundled notice."""
    return (bundled_dir("seed") / seed_data()["notice"]["text_file"]).read_text(encoding="utf-8")
