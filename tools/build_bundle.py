"""Build the offline install bundle: the project's wheel and every
dependency's wheel, with install and run scripts, as a folder and a .zip.

    python tools/build_bundle.py                  # Windows x64 (3.11–3.13) + Linux x86-64 (3.11)
    python tools/build_bundle.py --platforms linux

Needs the package index once (on a connected PC); the result installs with
no network: `pip install --no-index --find-links wheels cchc-tui`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "windows": [("win_amd64", v) for v in ("3.11", "3.12", "3.13")],
    "linux": [("manylinux2014_x86_64", "3.11")],
}

INSTALL_SH = """#!/bin/sh
# Cài cchc-tui không cần mạng: tạo môi trường ảo .venv cạnh tệp này.
set -e
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
"$PY" -m venv .venv
.venv/bin/python -m pip install --no-index --find-links wheels cchc-tui
echo "Đã cài xong. Mở ứng dụng bằng: sh run.sh"
"""

RUN_SH = """#!/bin/sh
# Mở cchc-tui (thêm tham số nếu cần, ví dụ: sh run.sh list). Không đổi thư mục:
# đường dẫn tương đối (--db, -o) tính từ thư mục đang đứng.
exec "$(dirname "$0")/.venv/bin/cchc-tui" "$@"
"""

INSTALL_BAT = r"""@echo off
rem Cai cchc-tui khong can mang: tao moi truong ao .venv canh tep nay.
chcp 65001 >nul
cd /d "%~dp0"
where py >nul 2>nul && (set PY=py -3) || (set PY=python)
%PY% -m venv .venv || goto :loi
.venv\Scripts\python.exe -m pip install --no-index --find-links wheels cchc-tui || goto :loi
echo Da cai xong. Mo ung dung bang: chay.bat
pause
exit /b 0
:loi
echo Cai dat khong thanh cong. Kiem tra da cai Python 3.11, 3.12 hoac 3.13 (python.org, chon "Add python.exe to PATH").
pause
exit /b 1
"""

RUN_BAT = r"""@echo off
rem Mo cchc-tui. Nen dung Windows Terminal; cmd.exe cung chay duoc.
chcp 65001 >nul
set PYTHONUTF8=1
rem Khong doi thu muc: duong dan tuong doi (--db, -o) tinh tu thu muc dang dung.
"%~dp0.venv\Scripts\cchc-tui.exe" %*
"""

README = """cchc-tui — gói cài đặt không cần mạng (phiên bản {version})

Windows:
  1. Cài Python 3.11, 3.12 hoặc 3.13 từ bộ cài python.org (mang theo bằng USB nếu máy
     không có mạng); khi cài, đánh dấu "Add python.exe to PATH".
  2. Bấm đúp install.bat (chỉ làm một lần).
  3. Bấm đúp chay.bat để mở ứng dụng. Nên dùng Windows Terminal; cmd.exe cũng được.

Linux:
  sh install.sh   rồi   sh run.sh

Dữ liệu nằm trong thư mục dữ liệu của người dùng (Windows: %LOCALAPPDATA%\\cchc-tui\\cchc.db;
Linux: ~/.local/share/cchc-tui/cchc.db), bản sao lưu hằng ngày ở thư mục backups bên cạnh.
Lệnh `cchc-tui doctor` (Windows: chay.bat doctor) cho biết đường dẫn.
"""


def project_version() -> str:
    text = (ROOT / "cchc_tui" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def run(command: list[str]) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def build(out_dir: Path, platforms: list[str]) -> Path:
    __version__ = project_version()
    bundle = out_dir / f"cchc-tui-{__version__}-offline"
    if bundle.exists():
        shutil.rmtree(bundle)
    wheels = bundle / "wheels"
    wheels.mkdir(parents=True)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheels), str(ROOT)])
    project_wheel = next(wheels.glob("cchc_tui-*.whl"))
    for name in platforms:
        for platform, version in TARGETS[name]:
            abi = "cp" + version.replace(".", "")
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--only-binary=:all:",
                    "--platform",
                    platform,
                    "--python-version",
                    version,
                    "--implementation",
                    "cp",
                    "--abi",
                    abi,
                    "--abi",
                    "abi3",
                    "--abi",
                    "none",
                    "-d",
                    str(wheels),
                    str(project_wheel),
                ]
            )
    scripts = {
        "install.sh": INSTALL_SH,
        "run.sh": RUN_SH,
        "install.bat": INSTALL_BAT,
        "chay.bat": RUN_BAT,
        "HUONG-DAN.txt": README.format(version=__version__),
    }
    for name, text in scripts.items():
        path = bundle / name
        newline = "\r\n" if name.endswith((".bat", ".txt")) else "\n"
        path.write_text(text, encoding="utf-8", newline=newline)
        if name.endswith(".sh"):
            path.chmod(0o755)
    archive = bundle.parent / f"{bundle.name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bundle.rglob("*")):
            zf.write(path, path.relative_to(out_dir))
    print(f"Bundle: {bundle}\nZip:    {archive}")
    return bundle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default dist/)")
    parser.add_argument("--platforms", default="windows,linux", help="windows,linux")
    args = parser.parse_args()
    platforms = [p.strip() for p in args.platforms.split(",") if p.strip()]
    unknown = set(platforms) - set(TARGETS)
    if unknown:
        parser.error(f"unknown platform(s): {', '.join(sorted(unknown))}")
    build(Path(args.out), platforms)
    return 0


if __name__ == "__main__":
    sys.exit(main())
