"""The webhook endpoint Telegram posts updates to, answered after the update's turn.

python-telegram-bot's own webhook server answers 200 before the update is handled (so a
turn whose store write fails is lost) and 500 for a body that is not JSON (which Telegram
retries for ever). Here: 403 without the registered secret, 400 for a body that is not an
update, 500 when the turn failed (Telegram redelivers it), 200 once it is stored.
"""
from __future__ import annotations

import hmac
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from adapters.slow_clients import runner_options

log = logging.getLogger("csbot.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # an update is a few kilobytes; Telegram's own limit for a message is far below this


class WebhookEndpoint:
    """`read` turns an update's JSON into what `handle` takes (it raises on something that is not
    an update: 400); `handle` runs its turn (it raises when the turn was not stored: 500)."""

    def __init__(self, path: str, secret_token: str, read: Callable[[dict[str, Any]], Any],
                 handle: Callable[[Any], Awaitable[None]]) -> None:
        self._path = "/" + path.lstrip("/")
        self._secret = secret_token.encode()
        self._read = read
        self._handle = handle
        self._runner: web.AppRunner | None = None

    async def start(self, listen: str, port: int) -> int:
        """Serve on (listen, port); port 0 takes a free one. Returns the bound port."""
        sock = socket.socket(socket.AF_INET6 if ":" in listen else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((listen, port))
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._post)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, **runner_options())
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        return sock.getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
            update = self._read(data) if isinstance(data, dict) and isinstance(data.get("update_id"), int) else None
        except Exception:  # not JSON, or JSON that is not an update: retrying would not help
            update = None
        if update is None:
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self._handle(update)
        except Exception:  # the turn was not stored: Telegram keeps the update and retries
            log.exception("telegram update %s failed; answered 500 so Telegram redelivers it", data["update_id"])
            return web.Response(status=500)
        return web.Response(status=200)
