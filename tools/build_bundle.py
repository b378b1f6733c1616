"""Build the offline install bundle: the project's wheel and every
dependency's wheel for each supported Python, with the install and run
scripts, as a folder and a .zip.

    python -m pip install uv                        # the resolver (build tool only)
    python tools/build_bundle.py                    # Windows (64- and 32-bit) + Linux x86-64
    python tools/build_bundle.py --platforms linux

Everything comes from pyproject.toml: the dependencies, and the Python
versions (``requires-python`` up to NEWEST_PYTHON). Each target is resolved
by uv with that target's markers (``uv pip compile --python-platform
x86_64-pc-windows-msvc --python-version 3.13 --only-binary :all:``): pip
evaluates markers against the machine it runs on, so a dependency marked
``platform_system == "Windows"`` would be missing from wheels downloaded on
Linux. The resolved pins are then downloaded as wheels for that target. A
target that cannot be resolved from wheels alone (a dependency without a
wheel for that Python yet) is refused: the installer does not accept that
Python and says which ones it does. ``bundle.json`` records the outcome.

Needs the package index once (on a connected PC); the result installs with
no network: ``pip install --no-index --find-links wheels cchc-tui``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
TEMPLATES = Path(__file__).resolve().parent / "bundle"
INDEX_URL = "https://pypi.org/simple"

NEWEST_PYTHON = (3, 15)
"""The newest CPython release the bundle is built for (raise it when a new one ships)."""

# install.bat tries the versions in this order (the best-tested first); any
# other supported version comes after them.
PREFERRED = ("3.13", "3.12", "3.14", "3.11", "3.15")

# glibc 2.28 and newer (Debian 10, Ubuntu 20.04, RHEL 8 onwards).
_MANYLINUX = tuple(f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)) + (
    "manylinux2014_x86_64",
)

WINDOWS_INSTALLERS = {64: "python-{v}.x-amd64.exe", 32: "python-{v}.x.exe"}
"""python.org's file names of the classic Windows installer, per bitness."""


@dataclass(frozen=True)
class Target:
    """One interpreter the bundle carries wheels for."""

    system: str  # "windows" or "linux"
    python: str  # "3.13"
    bits: int  # 64 or 32
    uv_platform: str  # uv's --python-platform
    pip_platforms: tuple[str, ...]  # pip download --platform (several allowed)

    @property
    def tag(self) -> str:
        """``3.13-64``: what install.bat compares the running Python with."""
        return f"{self.python}-{self.bits}"

    @property
    def label(self) -> str:
        return f"{self.system} {self.pip_platforms[0]} CPython {self.python}"


@dataclass
class Outcome:
    target: Target
    pins: list[str]
    refused: str = ""  # why the target cannot be served from wheels, or ""


def read_pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def project_version() -> str:
    text = (ROOT / "cchc_tui" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def python_versions(requires_python: str, newest: tuple[int, int] = NEWEST_PYTHON) -> list[str]:
    """3.x versions from the lower bound of ``requires-python`` to ``newest``."""
    match = re.search(r">=\s*3\.(\d+)", requires_python)
    if match is None:
        raise SystemExit(f"requires-python '{requires_python}' has no '>=3.N' lower bound")
    return [f"3.{minor}" for minor in range(int(match.group(1)), newest[1] + 1)]


def targets(systems: list[str], versions: list[str]) -> list[Target]:
    found = []
    if "windows" in systems:
        for v in versions:
            found.append(Target("windows", v, 64, "x86_64-pc-windows-msvc", ("win_amd64",)))
        for v in versions:
            found.append(Target("windows", v, 32, "i686-pc-windows-msvc", ("win32",)))
    if "linux" in systems:
        for v in versions:
            found.append(Target("linux", v, 64, "x86_64-manylinux_2_28", _MANYLINUX))
    return found


def find_uv() -> str:
    """The uv executable: on PATH, or from the `uv` package of this Python."""
    exe = shutil.which("uv")
    if exe:
        return exe
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        raise SystemExit(
            "uv is needed to resolve each target's dependencies: python -m pip install uv"
        ) from None


def uv_env() -> dict[str, str]:
    """uv never downloads an interpreter: it resolves for --python-version
    with the interpreter that runs this script."""
    return {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}


def compile_command(uv: str, target: Target, source: str) -> list[str]:
    return [
        uv, "pip", "compile", source, "--no-config", "--quiet", "--no-header", "--no-annotate",
        "--python", sys.executable, "--python-platform", target.uv_platform,
        "--python-version", target.python, "--only-binary", ":all:",
    ]  # fmt: skip


def parse_pins(text: str) -> list[str]:
    """``name==version`` lines of uv's output (comments and blanks dropped)."""
    pins = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            if "==" not in line:
                raise ValueError(f"unexpected line in the resolution: {line!r}")
            pins.append(line)
    return pins


def resolve(uv: str, target: Target, index_url: str) -> Outcome:
    """The target's pinned dependencies from the index, or why there are none."""
    command = [*compile_command(uv, target, str(PYPROJECT)), "--index-url", index_url]
    done = subprocess.run(command, capture_output=True, text=True, env=uv_env(), cwd=ROOT)
    if done.returncode == 0:
        return Outcome(target, parse_pins(done.stdout))
    if "No solution found" not in done.stderr:  # the network, the index: not the target's fault
        raise SystemExit(f"{target.label}: uv failed:\n{done.stderr}")
    return Outcome(target, [], refused=" ".join(done.stderr.split()))


def pip_command(*args: str) -> list[str]:
    """pip with no configuration of this machine (no find-links, no constraints)."""
    return [sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check", *args]


def pip_env() -> dict[str, str]:
    return {**os.environ, "PIP_CONFIG_FILE": os.devnull}


def run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, **kwargs)


def _wheel_stem(pin: str) -> str:
    """``click-default-group==1.2.4`` → ``click_default_group-1.2.4`` (wheel file names)."""
    name, version = pin.split("==", 1)
    return f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}"


def universal_wheel(pin: str, wheels: Path) -> bool:
    """A ``…-none-any`` wheel of this exact pin is already there (it serves every target)."""
    stem = _wheel_stem(pin)
    return any(
        path.name.lower().startswith(stem + "-") and path.name.endswith("-none-any.whl")
        for path in wheels.glob("*.whl")
    )


def download(outcome: Outcome, wheels: Path, index_url: str) -> None:
    target = outcome.target
    pins = [pin for pin in outcome.pins if not universal_wheel(pin, wheels)]
    print(f"= {target.label}: {len(outcome.pins)} packages, {len(pins)} to download", flush=True)
    if not pins:
        return
    abi = "cp" + target.python.replace(".", "")
    platforms = [arg for p in target.pip_platforms for arg in ("--platform", p)]
    run(
        pip_command(
            "download", "--quiet", "--no-deps", "--only-binary=:all:", "--index-url", index_url,
            *platforms, "--python-version", target.python, "--implementation", "cp",
            "--abi", abi, "--abi", "abi3", "--abi", "none", "-d", str(wheels), *pins,
        ),
        env=pip_env(),
    )  # fmt: skip


def check_offline(uv: str, target: Target, wheels: Path) -> subprocess.CompletedProcess:
    """Resolve the app for ``target`` from the bundle's wheels alone, offline."""
    command = [
        *compile_command(uv, target, "-"),
        "--offline", "--no-index", "--find-links", str(wheels),
    ]  # fmt: skip
    return subprocess.run(command, input="cchc-tui\n", capture_output=True, text=True, env=uv_env())


# -- the scripts ---------------------------------------------------------------


def _template(name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    left = re.findall(r"@@[A-Z_]+@@", text)
    if left:
        raise ValueError(f"{name}: no value for {', '.join(left)}")
    return text


def _ordered(versions: list[str]) -> list[str]:
    rank = {v: i for i, v in enumerate(PREFERRED)}
    return sorted(versions, key=lambda v: (rank.get(v, len(rank)), v))


def _spoken(versions: list[str]) -> str:
    """3.11, 3.12 hoac 3.13 (ASCII, for cmd.exe)."""
    return versions[0] if len(versions) == 1 else ", ".join(versions[:-1]) + " hoac " + versions[-1]


def choose_python_lines(supported: list[Target]) -> list[str]:
    """install.bat's search: each supported version by name through the py
    launcher, 64-bit first, then ``python`` on PATH if its version fits."""
    lines = []
    windows = [t for t in supported if t.system == "windows"]
    for bits in (64, 32):
        versions = _ordered([t.python for t in windows if t.bits == bits])
        if not versions:
            continue
        lines.append(f'set "ACCEPT={" ".join(f"{v}-{bits}" for v in sorted(versions))}"')
        suffix = "" if bits == 64 else "-32"
        for v in versions:
            lines.append(f"if not defined PY call :try_python py -{v}{suffix}")
        lines.append("if not defined PY call :try_python python")
    return lines


def need_python_lines(outcomes: list[Outcome]) -> list[str]:
    """What install.bat says when no installed Python fits."""
    windows = [o for o in outcomes if o.target.system == "windows"]
    ok64 = [o.target.python for o in windows if o.target.bits == 64 and not o.refused]
    ok32 = [o.target.python for o in windows if o.target.bits == 32 and not o.refused]
    refused64 = [o.target.python for o in windows if o.target.bits == 64 and o.refused]
    best = _ordered(ok64)[0]
    lines = [
        f"echo Can Python 64-bit, phien ban {_spoken(ok64)}; nen dung {best}: tep",
        f"echo {WINDOWS_INSTALLERS[64].format(v=best)} tai python.org.",
    ]
    if refused64:
        lines.append(
            f"echo Python {_spoken(refused64)} chua dung duoc: chua du thu vien cho phien ban do."
        )
    if ok32:
        lines.append(
            f"echo May Windows 32-bit: Python 32-bit {_spoken(ok32)}, tep "
            f"{WINDOWS_INSTALLERS[32].format(v=_ordered(ok32)[0])}."
        )
    else:
        lines.append("echo Python 32-bit khong dung duoc voi goi nay: can Python 64-bit.")
    return lines


def guide_values(version: str, outcomes: list[Outcome]) -> dict[str, str]:
    windows = [o for o in outcomes if o.target.system == "windows"]
    ok64 = [o.target.python for o in windows if o.target.bits == 64 and not o.refused]
    ok32 = [o.target.python for o in windows if o.target.bits == 32 and not o.refused]
    best = _ordered(ok64)[0]
    spoken = lambda vs: _spoken(vs).replace(" hoac ", " hoặc ")  # noqa: E731
    if ok32:
        bits32 = (
            "Máy Windows 32-bit (hiếm): bộ cài 32-bit "
            f"{WINDOWS_INSTALLERS[32].format(v=_ordered(ok32)[0])}\n"
            f'     ("Windows installer (32-bit)"; phiên bản {spoken(ok32)}).'
        )
    else:
        bits32 = "Python 32-bit không dùng được với gói này: cần Windows và Python 64-bit."
    return {
        "VERSION": version,
        "PYTHONS_64": spoken(ok64),
        "BEST": best,
        "INSTALLER_64": WINDOWS_INSTALLERS[64].format(v=best),
        "PYTHONS_32_SENTENCE": bits32,
    }


def write_scripts(bundle: Path, version: str, outcomes: list[Outcome]) -> None:
    """The install and run scripts and HUONG-DAN.txt: .bat ASCII with CRLF
    (cmd.exe reads them in any code page), .txt UTF-8 with BOM and CRLF
    (Notepad), .sh UTF-8 with LF."""
    supported = [o.target for o in outcomes if not o.refused]
    linux = [t.python for t in supported if t.system == "linux"]
    values = {
        "VERSION": version,
        "LINUX_PYTHONS": " ".join(linux),
        "LINUX_PYTHONS_SPOKEN": _spoken(linux).replace(" hoac ", " hoặc ") if linux else "",
    }
    if any(t.system == "windows" for t in supported):
        bat = {
            **values,
            "CHOOSE_PYTHON": "\n".join(choose_python_lines(supported)),
            "NEED_PYTHON": "\n".join(need_python_lines(outcomes)),
        }
        for name in ("install.bat", "chay.bat", "chay-web.bat", "kiem-tra.bat"):
            text = _template(name, bat)
            text.encode("ascii")  # cmd.exe reads a .bat in the console's code page
            (bundle / name).write_bytes(text.replace("\n", "\r\n").encode("ascii"))
        guide_text = {
            **guide_values(version, outcomes),
            "PYTHONS_LINUX": values["LINUX_PYTHONS_SPOKEN"] or "(gói này không có phần Linux)",
        }
        guide = _template("HUONG-DAN.txt", guide_text)
        (bundle / "HUONG-DAN.txt").write_bytes(
            b"\xef\xbb\xbf" + guide.replace("\n", "\r\n").encode("utf-8")
        )
    if any(t.system == "linux" for t in supported):
        for name in ("install.sh", "run.sh"):
            path = bundle / name
            path.write_text(_template(name, values), encoding="utf-8", newline="\n")
            path.chmod(0o755)


# -- the build -----------------------------------------------------------------


def build(out_dir: Path, systems: list[str], index_url: str = INDEX_URL) -> Path:
    version = project_version()
    project = read_pyproject()["project"]
    uv = find_uv()
    bundle = out_dir / f"cchc-tui-{version}-offline"
    if bundle.exists():
        shutil.rmtree(bundle)
    wheels = bundle / "wheels"
    wheels.mkdir(parents=True)
    print(f"= cchc-tui {version}: the project's wheel", flush=True)
    run(pip_command("wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)), env=pip_env())

    outcomes = []
    for target in targets(systems, python_versions(project["requires-python"])):
        outcome = resolve(uv, target, index_url)
        if outcome.refused:
            print(f"! {target.label}: refused: {outcome.refused}", flush=True)
        else:
            download(outcome, wheels, index_url)
            checked = check_offline(uv, target, wheels)
            if checked.returncode != 0:
                raise SystemExit(f"{target.label}: the downloaded wheels do not resolve:\n"
                                 f"{checked.stderr}")  # fmt: skip
        outcomes.append(outcome)
    for system in systems:
        if not any(o.target.system == system and o.target.bits == 64 and not o.refused
                   for o in outcomes):  # fmt: skip
            raise SystemExit(f"no 64-bit {system} target could be resolved from wheels")

    write_scripts(bundle, version, outcomes)
    manifest = {
        "version": version,
        "targets": [
            {
                "system": o.target.system,
                "python": o.target.python,
                "bits": o.target.bits,
                "platform": o.target.uv_platform,
                "status": "refused" if o.refused else "ok",
                "reason": o.refused,
                "pins": o.pins,
            }
            for o in outcomes
        ],
    }
    (bundle / "bundle.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    archive = bundle.parent / f"{bundle.name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bundle.rglob("*")):
            zf.write(path, path.relative_to(out_dir))
    ok = ", ".join(f"{o.target.system} {o.target.tag}" for o in outcomes if not o.refused)
    print(f"Bundle: {bundle}\nZip:    {archive}\nTargets: {ok}")
    return bundle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default dist/)")
    parser.add_argument("--platforms", default="windows,linux", help="windows,linux")
    parser.add_argument("--index-url", default=INDEX_URL, help="package index (default PyPI)")
    args = parser.parse_args()
    systems = [p.strip() for p in args.platforms.split(",") if p.strip()]
    unknown = set(systems) - {"windows", "linux"}
    if unknown:
        parser.error(f"unknown platform(s): {', '.join(sorted(unknown))}")
    build(Path(args.out), systems, args.index_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
