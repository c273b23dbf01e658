"""The webhook endpoint, answering Telegram only after the update's turn is stored.

python-telegram-bot's own webhook server answers 200 as soon as the update is queued, so an
update whose worker dies (or whose commit fails) before the turn is stored would be lost:
Telegram never sends it again. Here the answer waits for the turn: 200 when it is stored (or
was a duplicate), 500 when it failed, so Telegram (or the proxy in front) delivers it again,
to this worker or another; the store's unique event key makes the second delivery a no-op."""
from __future__ import annotations

import hmac
import json
import logging
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger("csbot.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # updates are small; a megabyte is generous


class WebhookServer:
    def __init__(self, path: str, secret_token: str, handle: Callable[[dict], Awaitable[None]]) -> None:
        self._path = "/" + path.lstrip("/")
        self._secret = secret_token.encode()
        self._handle = handle
        self._runner: web.AppRunner | None = None

    async def start(self, sock: socket.socket) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._on_post)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="the body is not JSON")
        if not isinstance(data, dict):
            return web.Response(status=400, text="an update is a JSON object")
        try:
            await self._handle(data)
        except Exception:  # not stored: Telegram redelivers on a non-2xx answer
            log.exception("telegram update %s failed; answering 500 so it is delivered again", data.get("update_id"))
            return web.Response(status=500)
        return web.Response(status=200)
