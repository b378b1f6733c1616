"""The app, the installed package and the README agree on the version."""

import re
from importlib.metadata import version
from pathlib import Path

from cchc_tui import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_versions_agree():
    assert version("cchc-tui") == __version__
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Phiên bản {__version__}" in readme
    assert f"cchc-tui-{__version__}-offline.zip" in readme
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"## \[{re.escape(__version__)}\]", changelog)


def test_version_option(capsys):
    from cchc_tui.cli import main

    try:
        code = main(["--version"])
    except SystemExit as exc:
        code = exc.code
    assert code == 0
    assert capsys.readouterr().out.strip() == f"cchc-tui {__version__}"
