"""`serve`: the app in a web browser (see ``cchc_tui.serve``)."""

from __future__ import annotations

import logging
import socket

from cchc_tui.cli.context import Context
from cchc_tui.domain.errors import ValidationError

DEFAULT_PORT = 8765


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="mở ứng dụng trên trình duyệt (máy này, hoặc cả mạng nội bộ với --lan)",
        description="Mỗi thẻ trình duyệt là một phiên ứng dụng trên cùng tệp dữ liệu. Cần khóa "
        "truy cập: máy này nhận khóa mới mỗi lần chạy; đồng nghiệp nhận khóa bằng "
        "'cchc-tui users add'. Dừng: Ctrl+C.",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"cổng (mặc định {DEFAULT_PORT})")
    p.add_argument("--lan", action="store_true", help="cho các máy trong mạng nội bộ truy cập")
    p.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    p.set_defaults(handler=cmd_serve)


def lan_address() -> str:
    """This computer's address on the office network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def cmd_serve(ctx: Context, args) -> int:
    if not 0 < args.port < 65536:
        raise ValidationError(f"Cổng {args.port} không hợp lệ (1–65535).", "port")
    from aiohttp import web

    from cchc_tui.serve.web import ServeApp
    from cchc_tui.services.settings import user_name
    from cchc_tui.services.users import mint_local_key

    store = ctx.store
    local = mint_local_key(store, user_name(store))
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    url = f"http://127.0.0.1:{args.port}/?key={local.key}"
    today = args.today and ctx.today.strftime("%d/%m/%Y")
    serve_app = ServeApp(store, lan=args.lan, today=today)
    serve_app.port = args.port
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=ctx.err
    )
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    def started() -> None:
        ctx.print(f"Đang phục vụ {store.path} — dừng: Ctrl+C")
        ctx.print(f"Máy này ({local.user.name}): {url}")
        if args.lan:
            ctx.print(
                f"Trong mạng nội bộ: http://{lan_address()}:{args.port}/?key=KHÓA "
                "(mỗi người một khóa: cchc-tui users add TÊN --role editor|viewer)"
            )
        ctx.out.flush()
        if not args.no_browser:
            import webbrowser

            webbrowser.open(url)

    async def on_started(app) -> None:
        started()

    app = serve_app.build()
    app.on_startup.append(on_started)
    try:
        web.run_app(app, host=host, port=args.port, print=None, access_log=None,
                    shutdown_timeout=15)  # fmt: skip
    except OSError as error:
        ctx.err.write(f"Lỗi: không mở được cổng {args.port} ({error.strerror}); thử --port khác.\n")
        return 1
    ctx.print("Đã dừng; các phiên đã đóng.")
    return 0
