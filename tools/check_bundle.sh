#!/usr/bin/env bash
# Build the Linux offline bundle, install it with no package index into a
# fresh venv from a folder outside the repo, and run the app's CLI.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/cchc-bundle.XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$repo/tools/build_bundle.py" --platforms linux --out "$work/out" >/dev/null
bundle=$(ls -d "$work"/out/cchc-tui-*-offline)
test -f "$bundle.zip"
mkdir "$work/unzipped" && cd "$work/unzipped"
python3 -m zipfile -e "$bundle.zip" .
cd "$work/unzipped/$(basename "$bundle")"
PIP_NO_INDEX=1 sh install.sh >/dev/null
sh run.sh --version
cd "$work"
sh "$OLDPWD/run.sh" --db t.db --today 27/11/2026 list --overdue
test -f "$work/t.db"  # relative paths are taken from the current folder
echo "bundle ok: $bundle.zip ($(du -h "$bundle.zip" | cut -f1))"
