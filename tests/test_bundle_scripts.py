"""The offline bundle's scripts, read as cmd.exe would read them, and the
build's target logic. (tools/check_bundle.sh builds the real bundle, proves
the Windows resolutions offline and installs the Linux part; this file needs
no network.)"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_build_bundle():
    spec = importlib.util.spec_from_file_location("build_bundle", ROOT / "tools/build_bundle.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_bundle"] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


bb = _load_build_bundle()
VERSIONS = ["3.11", "3.12", "3.13", "3.14", "3.15"]


def outcomes(refuse: set[str] = frozenset()) -> list:
    """Every Windows and Linux target resolved, except the tags in ``refuse``
    (``"windows 3.15-64"``)."""
    found = []
    for target in bb.targets(["windows", "linux"], VERSIONS):
        key = f"{target.system} {target.tag}"
        if key in refuse:
            found.append(bb.Outcome(target, [], refused="lxml has no wheel for it"))
        else:
            found.append(bb.Outcome(target, ["textual==8.2.8"]))
    return found


@pytest.fixture
def bundle(tmp_path) -> Path:
    bb.write_scripts(tmp_path, "1.0.0", outcomes())
    return tmp_path


def lines(path: Path) -> list[str]:
    return path.read_bytes().decode("ascii").split("\r\n")


BAT_FILES = ["install.bat", "chay.bat", "chay-web.bat", "kiem-tra.bat"]


# -- what cmd.exe needs from every .bat ----------------------------------------


@pytest.mark.parametrize("name", BAT_FILES)
def test_bat_is_ascii_with_crlf_line_ends(bundle, name):
    data = (bundle / name).read_bytes()
    data.decode("ascii")  # any code page reads it the same
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    assert data.endswith(b"\r\n")


@pytest.mark.parametrize("name", BAT_FILES)
def test_bat_follows_cmd_rules(bundle, name):
    text = lines(bundle / name)
    assert text[0] == "@echo off"
    assert any(line.startswith("setlocal EnableExtensions") for line in text)
    labels = {line[1:].split()[0].lower() for line in text if line.startswith(":")}
    for line in text:
        assert len(line) < 8000
        # every goto / call target exists
        for target in re.findall(r"(?:goto|call) :(\w+)", line, flags=re.IGNORECASE):
            assert target.lower() in labels, f"{name}: no label :{target}"
        # no parenthesised blocks, so ")" in messages never ends one early
        assert not line.rstrip().endswith("("), f"{name}: a block: {line}"
        assert not line.lstrip().startswith(")"), f"{name}: a block: {line}"
        # "exit" alone would close the user's own cmd window
        if re.match(r"\s*exit\b", line, flags=re.IGNORECASE):
            assert re.match(r"\s*exit /b\b", line), line
        # every % belongs to a known expansion (a stray one eats text)
        rest = re.sub(r"%~dp0|%\*|%[A-Z_]+%|%HERE:[^%=]+=%", "", line)
        assert "%" not in rest, f"{name}: stray % in: {line}"


@pytest.mark.parametrize("name", ["chay.bat", "chay-web.bat", "kiem-tra.bat"])
def test_launchers_check_the_install_and_pause_on_errors(bundle, name):
    text = lines(bundle / name)
    command = {
        "chay.bat": r'"%~dp0.venv\Scripts\python.exe" -m cchc_tui %*',
        "chay-web.bat": r'"%~dp0.venv\Scripts\python.exe" -m cchc_tui serve %*',
        "kiem-tra.bat": r'"%~dp0.venv\Scripts\python.exe" -m cchc_tui doctor %*',
    }[name]
    assert command in text
    run_at = text.index(command)
    check = r'if not exist "%~dp0.venv\Scripts\python.exe" goto :not_installed'
    assert check in text[:run_at]
    # the exit code is kept at once and a non-zero one pauses
    assert text[run_at + 1] == 'set "RC=%ERRORLEVEL%"'
    after = text[run_at + 2 :]
    if name == "kiem-tra.bat":
        assert after[after.index("pause") - 1].startswith('if not "%RC%"=="0" echo')
        assert after.index("pause") < after.index("exit /b %RC%")
    else:
        assert after[0] == 'if not "%RC%"=="0" goto :failed'
        failed = after[after.index(":failed") :]
        assert failed.index("pause") < failed.index("exit /b %RC%")
    not_installed = text[text.index(":not_installed") :]
    assert "install.bat" in " ".join(not_installed[:4])
    assert not_installed.index("pause") < not_installed.index("exit /b 1")
    assert not any("cchc-tui.exe" in line and not line.startswith("rem") for line in text)


def test_install_bat_works_from_its_folder_and_refuses_the_unextracted_zip(bundle):
    text = lines(bundle / "install.bat")
    pushd = text.index('pushd "%~dp0" || goto :no_folder')
    first_relative = next(
        i for i, line in enumerate(text) if "wheels" in line and "rem" not in line
    )
    assert pushd < first_relative
    assert 'if not exist "wheels\\cchc_tui-*.whl" goto :not_extracted' in text
    message = text[text.index(":not_extracted") + 1]
    assert message == "echo Hay giai nen (Extract All) truoc."


def test_install_bat_picks_supported_64_bit_pythons_by_version_first(bundle):
    text = lines(bundle / "install.bat")
    accepts = [line for line in text if line.startswith('set "ACCEPT=')]
    assert accepts == [
        'set "ACCEPT=3.11-64 3.12-64 3.13-64 3.14-64 3.15-64"',
        'set "ACCEPT=3.11-32 3.12-32 3.13-32 3.14-32 3.15-32"',
    ]
    start = text.index(accepts[0])
    tries = [line.split(":try_python ")[1] for line in text[start:] if ":try_python " in line]
    tries = [t for t in tries if not t.startswith("%")]
    assert tries[:6] == ["py -3.13", "py -3.12", "py -3.14", "py -3.11", "py -3.15", "python"]
    assert tries[6:] == [f"py -{v}-32" for v in ("3.13", "3.12", "3.14", "3.11", "3.15")] + [
        "python"
    ]
    assert text.index(accepts[1]) > start + 6  # 32-bit only once no 64-bit one fits
    assert text[text.index(accepts[1]) + 7] == "if not defined PY goto :no_python"


def _probe(bundle) -> str:
    """The Python one-liner install.bat runs with each candidate."""
    text = lines(bundle / "install.bat")
    line = text[text.index(":try_python") + 2]
    return re.search(r'-c "([^"]+)"', line).group(1)


@pytest.mark.parametrize(
    ("accept", "code"),
    [
        (f"3.{sys.version_info[1]}-64 3.99-64", 0),
        ("3.99-64 3.98-32", 3),
        (f"3.{sys.version_info[1]}-32", 3),  # this interpreter is 64-bit
    ],
)
def test_the_version_probe_accepts_exactly_the_listed_tags(bundle, accept, code):
    assert sys.maxsize > 2**32, "the test assumes a 64-bit interpreter"
    probe = _probe(bundle).replace("%ACCEPT%", accept)
    assert subprocess.run([sys.executable, "-c", probe]).returncode == code


def test_install_bat_upgrades_in_place_and_installs_only_from_wheels(bundle):
    text = lines(bundle / "install.bat")
    assert "%PY% -m venv --clear .venv" in text
    install = next(line for line in text if " -m pip " in line)
    assert install.startswith('".venv\\Scripts\\python.exe" -m pip --isolated')
    assert "--no-index --find-links wheels" in install
    assert text.index('set "PIP_CONFIG_FILE=nul"') < text.index(install)
    # the install manager must never wait for an answer nobody sees
    assert 'set "PYTHON_MANAGER_AUTOMATIC_INSTALL=false"' in text
    assert all("<nul" in line for line in text if ":try_python" not in line and " -c " in line)


def test_install_bat_names_what_to_install_when_no_python_fits(bundle):
    text = "\n".join(lines(bundle / "install.bat"))
    need = text[text.index(":no_python") :]
    assert "Python 64-bit, phien ban 3.11, 3.12, 3.13, 3.14 hoac 3.15" in need
    assert "python-3.13.x-amd64.exe" in need


def test_refused_targets_are_not_accepted_and_32_bit_says_64_bit_is_needed(tmp_path):
    refused = {"windows 3.15-64"} | {f"windows {v}-32" for v in VERSIONS}
    bb.write_scripts(tmp_path, "1.0.0", outcomes(refuse=refused))
    text = lines(tmp_path / "install.bat")
    assert [line for line in text if line.startswith('set "ACCEPT=')] == [
        'set "ACCEPT=3.11-64 3.12-64 3.13-64 3.14-64"'
    ]
    assert not any("py -3.15" in line or "-32" in line for line in text)
    joined = "\n".join(text)
    assert "Python 3.15 chua dung duoc" in joined
    assert "Python 32-bit khong dung duoc voi goi nay: can Python 64-bit." in joined
    guide = (tmp_path / "HUONG-DAN.txt").read_bytes().decode("utf-8-sig")
    assert "3.11, 3.12, 3.13 hoặc 3.14" in guide
    assert "cần Windows và Python 64-bit" in guide


# -- HUONG-DAN.txt and the Linux scripts ---------------------------------------


def test_guide_is_utf8_with_bom_and_walks_from_usb_stick_to_word_report(bundle):
    data = (bundle / "HUONG-DAN.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    guide = data.decode("utf-8-sig")
    steps = [
        "CHUẨN BỊ",
        "python-3.13.x-amd64.exe",  # what to bring
        "BƯỚC 1",
        "Add python.exe to PATH",
        "BƯỚC 2",
        "Extract All",
        "BƯỚC 3",
        "install.bat",
        "BƯỚC 4",
        "chay-web.bat",
        "BƯỚC 5",
        "docx",  # the Word report
    ]
    at = 0
    for step in steps:  # in this order
        at = guide.index(step, at)
    assert "64-bit" in guide
    assert "%LOCALAPPDATA%\\cchc-tui\\cchc.db" in guide
    assert "kiem-tra.bat" in guide and "doctor" in guide
    assert "Hay giai nen (Extract All) truoc" in guide  # the message install.bat shows
    assert "chuyển hoặc đổi tên thư mục cài đặt" in guide  # moving is fine since python -m
    assert "Python install manager" in guide
    assert "@@" not in guide


def test_linux_scripts_check_python_and_use_the_venv_python(bundle):
    install = (bundle / "install.sh").read_text(encoding="utf-8")
    assert "'3.11 3.12 3.13 3.14 3.15'.split()" in install
    assert "PIP_CONFIG_FILE=/dev/null" in install and "--isolated" in install
    assert "venv --clear .venv" in install
    run = (bundle / "run.sh").read_text(encoding="utf-8")
    assert '.venv/bin/python" -m cchc_tui "$@"' in run
    assert b"\r" not in (bundle / "install.sh").read_bytes()


def test_linux_version_check_runs(bundle, tmp_path):
    install = (bundle / "install.sh").read_text(encoding="utf-8")
    probe = re.search(r'-c "([^"]+)"', install).group(1)
    assert subprocess.run([sys.executable, "-c", probe]).returncode == 0
    other = probe.replace("3.11 3.12 3.13 3.14 3.15", "3.99")
    assert subprocess.run([sys.executable, "-c", other]).returncode == 3


# -- the build's logic ---------------------------------------------------------


def test_versions_come_from_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    versions = bb.python_versions(project["requires-python"])
    assert versions[0] == "3.11" and versions[-1] == "3.15"
    assert bb.python_versions(">=3.12,<4", newest=(3, 14)) == ["3.12", "3.13", "3.14"]


def test_targets_cover_64_and_32_bit_windows_and_linux():
    found = {(t.system, t.tag, t.uv_platform) for t in bb.targets(["windows", "linux"], VERSIONS)}
    assert ("windows", "3.15-64", "x86_64-pc-windows-msvc") in found
    assert ("windows", "3.11-32", "i686-pc-windows-msvc") in found
    assert ("linux", "3.13-64", "x86_64-manylinux_2_28") in found
    assert len(found) == 15


def test_compile_command_resolves_with_windows_markers_and_no_downloads():
    target = bb.Target("windows", "3.14", 64, "x86_64-pc-windows-msvc", ("win_amd64",))
    command = bb.compile_command("uv", target, "pyproject.toml")
    assert command[command.index("--python-platform") + 1] == "x86_64-pc-windows-msvc"
    assert command[command.index("--python-version") + 1] == "3.14"
    assert "--only-binary" in command and "--no-config" in command
    assert bb.uv_env()["UV_PYTHON_DOWNLOADS"] == "never"


def test_parse_pins_keeps_requirements_only():
    text = "click==8.5.1\n    # via sqlite-utils\n\ntzdata==2026.6  # via python-dateutil\n"
    assert bb.parse_pins(text) == ["click==8.5.1", "tzdata==2026.6"]
    with pytest.raises(ValueError):
        bb.parse_pins("cchc-tui @ file:///tmp/x.whl\n")


def test_universal_wheels_are_downloaded_once(tmp_path):
    (tmp_path / "click_default_group-1.2.4-py2.py3-none-any.whl").touch()
    (tmp_path / "lxml-6.1.3-cp313-cp313-win_amd64.whl").touch()
    assert bb.universal_wheel("click-default-group==1.2.4", tmp_path)
    assert not bb.universal_wheel("click-default-group==1.2.5", tmp_path)
    assert not bb.universal_wheel("lxml==6.1.3", tmp_path)


def test_pip_never_sees_this_machines_configuration():
    assert bb.pip_command("download")[3:5] == ["--isolated", "--disable-pip-version-check"]
    assert bb.pip_env()["PIP_CONFIG_FILE"] == __import__("os").devnull


def fake_uv(tmp_path, stdout: str = "", stderr: str = "", code: int = 0) -> str:
    script = tmp_path / "uv"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"sys.stdout.write({stdout!r}); sys.stderr.write({stderr!r}); sys.exit({code})\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


TARGET_315 = bb.Target("windows", "3.15", 64, "x86_64-pc-windows-msvc", ("win_amd64",))


def test_a_target_without_wheels_is_refused(tmp_path):
    uv = fake_uv(
        tmp_path,
        stderr="error: No solution found when resolving dependencies:\n"
        "  Because lxml==6.1.3 has no wheels with a matching Python ABI tag (e.g., `cp315`)\n",
        code=1,
    )
    outcome = bb.resolve(uv, TARGET_315, bb.INDEX_URL)
    assert outcome.pins == [] and "cp315" in outcome.refused


def test_a_network_failure_stops_the_build_instead_of_refusing_the_target(tmp_path):
    uv = fake_uv(
        tmp_path, stderr="error: Failed to fetch: `https://pypi.org/simple/lxml/`\n", code=2
    )
    with pytest.raises(SystemExit, match="Failed to fetch"):
        bb.resolve(uv, TARGET_315, bb.INDEX_URL)


def test_a_resolved_target_gives_its_pins(tmp_path):
    uv = fake_uv(tmp_path, stdout="lxml==6.1.3\ntextual==8.2.8\n")
    assert bb.resolve(uv, TARGET_315, bb.INDEX_URL).pins == ["lxml==6.1.3", "textual==8.2.8"]
