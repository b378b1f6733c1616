"""Only cchc_tui/tui imports textual (DESIGN "Architecture")."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cchc_tui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_textual_only_in_tui():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        if any(m == "textual" or m.startswith("textual.") for m in imported_modules(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_domain_is_pure():
    for path in (PACKAGE / "domain").rglob("*.py"):
        mods = imported_modules(path)
        assert not any(
            m.startswith(("cchc_tui.store", "cchc_tui.services", "sqlite", "textual")) for m in mods
        ), path
