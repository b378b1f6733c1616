#!/bin/sh
# Mở cchc-tui (thêm tham số nếu cần, ví dụ: sh run.sh list). Không đổi thư mục:
# đường dẫn tương đối (--db, -o) tính từ thư mục đang đứng.
exec "$(dirname "$0")/.venv/bin/python" -m cchc_tui "$@"
