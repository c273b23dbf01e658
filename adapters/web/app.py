"""The aiohttp application of the web chat: the widget, the demo page and the /chat socket."""
from __future__ import annotations

import asyncio
import html
import logging
import string
from collections.abc import Collection
from importlib import resources
from typing import Any

from aiohttp import web

from adapters.web.chat_socket import CHANNEL, ChatSocket, Limits
from adapters.web.client_address import ClientAddress
from adapters.web.frames import outbound_frame
from adapters.web.origins import OriginPolicy
from adapters.web.ratelimit import RateLimit
from adapters.web.rooms import Rooms
from adapters.web.sessions import SessionTokens
from core.delivery.delivery import NotHere
from core.messages import Outbound

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 10.0  # seconds a running turn may take to finish when the server stops

ROOMS = web.AppKey("rooms", Rooms)
TURNS = web.AppKey("turns", set)


class RoomSender:
    """The hub's Sender for "web": every open tab of the conversation gets the message.

    With no tab open there is nothing to do: the hub has stored the message, and the
    history frame shows it when the customer comes back, so this is not a failure to retry.
    """

    def __init__(self, rooms: Rooms, *, other_workers: bool = False) -> None:
        self._rooms = rooms
        self._other_workers = other_workers

    async def __call__(self, outbound: Outbound) -> None:
        session_id = outbound.address.chat_id
        if self._other_workers and not self._rooms.open_count(session_id):
            # The customer's socket may be held by another worker: leave the reply to it.
            raise NotHere(f"no open tab of {session_id} on this worker")
        await self._rooms.send(session_id, outbound_frame(outbound))


def make_app(
    hub: Any,
    *,
    allowed_origins: Collection[str],
    max_message_chars: int = 2000,
    per_conversation_rate: tuple[int, float] = (10, 60.0),
    per_address_rate: tuple[int, float] = (60, 60.0),
    tokens: SessionTokens | None = None,
    trusted_proxies: Collection[str] = (),
    max_sockets: int = 2000,
) -> web.Application:
    """Build the app and register its sender with the hub for channel "web". Behind a reverse
    proxy, `trusted_proxies` (addresses or networks) are the peers whose X-Real-IP or
    X-Forwarded-For names the customer."""
    rooms = Rooms()
    turns: set[asyncio.Task] = set()
    origins = OriginPolicy(allowed_origins)
    limits = Limits(
        max_chars=max_message_chars,
        per_conversation=RateLimit(*per_conversation_rate),
        per_address=RateLimit(*per_address_rate),
        sockets_in_all=max_sockets,
    )
    tokens = tokens or SessionTokens.generated()
    chat = ChatSocket(hub, rooms=rooms, tokens=tokens, origins=origins, limits=limits, turns=turns,
                      clients=ClientAddress(trusted_proxies))
    hub.register(CHANNEL, RoomSender(rooms, other_workers=getattr(hub, "shared", None) is not None))

    app = web.Application()
    app[ROOMS] = rooms
    app[TURNS] = turns
    static = _Static(shop=hub.pack.name)
    app.router.add_get("/", static.demo)
    app.router.add_get("/widget.js", static.widget_js)
    app.router.add_get("/widget.css", static.widget_css)
    app.router.add_get("/demo.css", static.demo_css)
    app.router.add_post("/session", chat.new_session)
    app.router.add_get("/chat", chat.handle)
    app.on_shutdown.append(_finish_turns_and_close)
    return app


async def _finish_turns_and_close(app: web.Application) -> None:
    # Let turns in flight persist their replies (history shows them later), then say goodbye.
    turns = app[TURNS]
    if turns:
        _, pending = await asyncio.wait(set(turns), timeout=SHUTDOWN_GRACE)
        for task in pending:
            task.cancel()
    for ws in app[ROOMS].all_sockets():
        await ws.close(code=1001, message=b"server shutting down")


class _Static:
    """The files under static/, read once; the demo page is filled with the shop's name."""

    def __init__(self, *, shop: str) -> None:
        folder = resources.files("adapters.web") / "static"
        self._js = (folder / "widget.js").read_text(encoding="utf-8")
        self._css = (folder / "widget.css").read_text(encoding="utf-8")
        self._demo_css = (folder / "demo.css").read_text(encoding="utf-8")
        page = string.Template((folder / "demo.html").read_text(encoding="utf-8"))
        self._demo = page.substitute(shop=html.escape(shop))

    async def widget_js(self, request: web.Request) -> web.Response:
        return _text(self._js, "application/javascript")

    async def widget_css(self, request: web.Request) -> web.Response:
        return _text(self._css, "text/css")

    async def demo_css(self, request: web.Request) -> web.Response:
        return _text(self._demo_css, "text/css")

    async def demo(self, request: web.Request) -> web.Response:
        response = _text(self._demo, "text/html")
        # The page holds no inline script or style, so a strict policy shows the widget needs none.
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' ws://{request.host} wss://{request.host}; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
        return response


def _text(body: str, content_type: str) -> web.Response:
    response = web.Response(text=body, content_type=content_type, charset="utf-8")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-cache"  # revalidate, so a new widget reaches shops at once
    return response
