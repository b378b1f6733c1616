#!/bin/sh
# Cài cchc-tui @@VERSION@@ không cần mạng: tạo môi trường ảo .venv cạnh tệp này.
# Chạy lại để nâng cấp (.venv được tạo lại; dữ liệu ở ~/.local/share/cchc-tui).
# Python khác: PYTHON=python3.12 sh install.sh
set -e
cd "$(dirname "$0")"
if ! ls wheels/cchc_tui-*.whl >/dev/null 2>&1; then
    echo "Không thấy thư mục wheels cạnh install.sh: hãy giải nén cả tệp .zip trước." >&2
    exit 1
fi
PY="${PYTHON:-python3}"
if ! "$PY" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] in '@@LINUX_PYTHONS@@'.split() else 3)"; then
    echo "Cần Python @@LINUX_PYTHONS_SPOKEN@@ (x86-64); '$PY' không dùng được. Chọn bản khác: PYTHON=python3.12 sh install.sh" >&2
    exit 1
fi
"$PY" -m venv --clear .venv
# Chỉ các tệp trong wheels/: bỏ qua mọi cấu hình pip của máy.
PIP_CONFIG_FILE=/dev/null .venv/bin/python -m pip --isolated --disable-pip-version-check \
    install --no-index --find-links wheels --only-binary=:all: cchc-tui
.venv/bin/python -m cchc_tui --version
echo "Đã cài xong. Mở ứng dụng bằng: sh run.sh"
