#!/usr/bin/env bash
# Build the whole offline bundle (Windows and Linux) and prove, without the
# package index, that:
#   - for every Windows target (win_amd64 and win32, CPython 3.11 to 3.15) the
#     bundle's wheels alone satisfy the Windows resolution of cchc-tui (uv
#     evaluates Windows markers, unlike pip on Linux), or the target is refused
#     and install.bat does not accept that Python;
#   - the Linux part installs into a fresh venv from the unpacked .zip, in
#     another folder, and runs.
# Needs the package index only to fetch uv and the wheels (CI has it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/cchc-bundle.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# No pip configuration of this machine leaks in (find-links, local mirrors,
# constraints): every pip call below sees only what it is given.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_NO_INDEX PIP_CONSTRAINT PIP_REQUIRE_VIRTUALENV
export PIP_DISABLE_PIP_VERSION_CHECK=1
export UV_PYTHON_DOWNLOADS=never UV_NO_CONFIG=1
unset UV_INDEX_URL UV_EXTRA_INDEX_URL UV_FIND_LINKS UV_INDEX UV_DEFAULT_INDEX

# uv, the resolver: a build tool, in its own venv (not a dependency of the app).
python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install --quiet uv
uv="$work/tools/bin/uv"
python="$(command -v python3)"

PATH="$work/tools/bin:$PATH" "$work/tools/bin/python" "$repo/tools/build_bundle.py" \
    --out "$work/out" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
bundle=$(ls -d "$work"/out/cchc-tui-*-offline)
test -f "$bundle.zip"

# The .zip, unpacked elsewhere, is what a user gets.
mkdir "$work/unzipped"
(cd "$work/unzipped" && python3 -m zipfile -e "$bundle.zip" .)
pkg="$work/unzipped/$(basename "$bundle")"
wheels="$pkg/wheels"

status() {  # status SYSTEM PYTHON BITS -> ok / refused / missing, from bundle.json
    python3 - "$pkg/bundle.json" "$@" <<'PY'
import json, sys
manifest, system, python, bits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for t in json.load(open(manifest, encoding="utf-8"))["targets"]:
    if (t["system"], t["python"], t["bits"]) == (system, python, bits):
        print(t["status"])
        break
else:
    print("missing")
PY
}

accepted=$(sed -n 's/^set "ACCEPT=\(.*\)"\r$/\1/p' "$pkg/install.bat" | tr '\n' ' ')
failed=0
echo "Windows resolution from the bundle's wheels alone (uv, offline, no index):"
for bits in 64 32; do
    if [ "$bits" = 64 ]; then platform=x86_64-pc-windows-msvc; else platform=i686-pc-windows-msvc; fi
    for v in 3.11 3.12 3.13 3.14 3.15; do
        st=$(status windows "$v" "$bits")
        case "$st" in
        ok)
            if echo cchc-tui | "$uv" pip compile - --no-config --quiet --no-header --no-annotate \
                --offline --no-index --find-links "$wheels" --only-binary :all: \
                --python "$python" --python-platform "$platform" --python-version "$v" \
                >"$work/resolved.txt" 2>"$work/resolve.err"; then
                case " $accepted " in
                *" $v-$bits "*) echo "  $platform $v: ok ($(wc -l <"$work/resolved.txt") packages)" ;;
                *) echo "  $platform $v: resolves, but install.bat does not accept $v-$bits"; failed=1 ;;
                esac
            else
                echo "  $platform $v: FAILED"; sed 's/^/    /' "$work/resolve.err"; failed=1
            fi
            ;;
        refused)
            case " $accepted " in
            *" $v-$bits "*) echo "  $platform $v: refused, but install.bat accepts it"; failed=1 ;;
            *) echo "  $platform $v: refused by install.bat (no wheels for it yet)" ;;
            esac
            # The versions Windows 10 offices have today must always work.
            if [ "$bits" = 64 ] && [ "$v" != 3.14 ] && [ "$v" != 3.15 ]; then failed=1; fi
            ;;
        *) echo "  $platform $v: not in the bundle"; failed=1 ;;
        esac
    done
done
test "$failed" = 0

# The check can fail: with one Windows binary wheel taken away, the same
# resolution must be refused (uv checks the wheels' tags, not only names).
mkdir "$work/partial"
cp "$wheels"/*.whl "$work/partial/"
victim=$(ls "$work/partial" | grep -E -- '-cp313-(cp313|abi3)-win_amd64\.whl$' | head -n 1 || true)
if [ -n "$victim" ]; then
    rm "$work/partial/$victim"
    if echo cchc-tui | "$uv" pip compile - --no-config --quiet --offline --no-index \
        --find-links "$work/partial" --only-binary :all: --python "$python" \
        --python-platform x86_64-pc-windows-msvc --python-version 3.13 >/dev/null 2>&1; then
        echo "the resolution check passed without $victim: it proves nothing"; exit 1
    fi
    echo "  (without $victim the 3.13 resolution fails, as it must)"
fi

# The Linux part: install with no index (install.sh also ignores pip's
# configuration), run from the bundle folder, then from another folder.
cd "$pkg"
sh install.sh >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
if grep -q -i "opt/wheels\|Looking in links: /opt\|Looking in indexes" "$work/install.log"; then
    echo "the offline install looked outside the bundle:"; cat "$work/install.log"; exit 1
fi
sh run.sh --version
cd "$work"
sh "$pkg/run.sh" --db t.db --today 27/11/2026 list --overdue
test -f "$work/t.db"  # relative paths are taken from the current folder
# A moved install still runs (run.sh calls the venv's python, not a launcher).
mv "$pkg" "$work/moved"
sh "$work/moved/run.sh" --db t.db --today 27/11/2026 list --overdue >/dev/null
echo "bundle ok: $(basename "$bundle").zip ($(du -h "$bundle.zip" | cut -f1))"
