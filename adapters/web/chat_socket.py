"""The /chat WebSocket: greet with a conversation, take customer messages, run each turn.

Replies do not go back through this handler: the hub delivers them through the
RoomSender to every open tab of the conversation, this one included.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from adapters.web import frames
from adapters.web.client_address import ClientAddress
from adapters.web.frames import Hello, Refusal, Said
from adapters.web.origins import OriginPolicy
from adapters.web.ratelimit import RateLimit
from adapters.web.rooms import Rooms
from adapters.web.sessions import SessionTokens
from core.messages import Address, Inbound, InboundKind
from core.turn.rating import is_rating

log = logging.getLogger(__name__)

CHANNEL = "web"
HISTORY_LIMIT = 50
HELLO_TIMEOUT = 10.0  # seconds a new socket may take to say which conversation it is
HEARTBEAT = 30.0
RESEND_AFTER = 1.0  # seconds the widget waits before sending a message the server could not store
CUSTOMER_NAME = "web visitor"  # the widget is anonymous; this is what the staff card shows

# WebSocket close codes in the private range, so the widget can tell why it was let go.
CLOSE_NO_HELLO = 4400
CLOSE_UNKNOWN_SESSION = 4401
CLOSE_TOO_MANY = 4429


@dataclass(frozen=True, slots=True)
class Limits:
    max_chars: int
    per_conversation: RateLimit
    per_address: RateLimit
    # Open sockets: a conversation's tabs, all sockets of one address (one office's NAT), and all
    # of this server, counted before the upgrade so a crowd of sockets cannot exhaust the worker.
    sockets_per_session: int = 10
    sockets_per_address: int = 100
    sockets_in_all: int = 2000
    # Refused frames (unreadable, empty, too long, too fast): each is answered, and a stream of
    # them, which the widget never sends, ends the socket instead of being answered thousands of times.
    refused_frames: RateLimit = field(default_factory=lambda: RateLimit(20, 10.0))

    @property
    def max_frame_bytes(self) -> int:
        # Worst case JSON escaping is 6 bytes a character ("\u0000"), plus the frame's keys.
        return self.max_chars * 6 + 1024


class ChatSocket:
    def __init__(
        self,
        hub: Any,
        *,
        rooms: Rooms,
        tokens: SessionTokens,
        origins: OriginPolicy,
        limits: Limits,
        turns: set[asyncio.Task],
        clients: ClientAddress | None = None,
    ) -> None:
        self._hub = hub
        self._clients = clients or ClientAddress()
        self._rooms = rooms
        self._tokens = tokens
        self._origins = origins
        self._limits = limits
        self._turns = turns
        self._open_by_address: Counter[str] = Counter()
        self._open_by_session: Counter[str] = Counter()
        self._open_total = 0

    async def new_session(self, request: web.Request) -> web.Response:
        """POST /session: a new conversation token, for pages that want one before the socket."""
        origin = request.headers.get("Origin")
        if not self._origins.allows(origin, own_host=request.host):
            raise web.HTTPForbidden(text="This page's origin may not use the chat.")
        verdict = self._limits.per_address.check(self._client(request))
        if not verdict.allowed:
            raise web.HTTPTooManyRequests(headers={"Retry-After": str(int(verdict.retry_after) + 1)})
        response = web.json_response({"token": self._tokens.issue()})
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        return response

    async def handle(self, request: web.Request) -> web.StreamResponse:
        # Checked before the upgrade: a page on another site must not ride the visitor's browser.
        if not self._origins.allows(request.headers.get("Origin"), own_host=request.host):
            raise web.HTTPForbidden(text="This page's origin may not use the chat.")
        address = self._client(request)
        if self._open_total >= self._limits.sockets_in_all:
            raise web.HTTPServiceUnavailable(text="The chat is busy; try again in a minute.", headers={"Retry-After": "60"})
        if self._open_by_address[address] >= self._limits.sockets_per_address:
            raise web.HTTPTooManyRequests(text="Too many open chats from this address.")
        self._open_by_address[address] += 1
        self._open_total += 1
        try:
            return await self._serve(request)
        finally:
            self._open_total -= 1
            _release(self._open_by_address, address)

    async def _serve(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=self._limits.max_frame_bytes)
        await ws.prepare(request)
        session_id = await self._greet(ws, request)
        if session_id is None:
            return ws
        if self._open_by_session[session_id] >= self._limits.sockets_per_session:
            await ws.send_json(Refusal("too_many_tabs", "This chat is open in too many tabs.").frame())
            await ws.close(code=CLOSE_TOO_MANY, message=b"too many sockets")
            return ws
        self._open_by_session[session_id] += 1
        self._rooms.join(session_id, ws)
        try:
            await self._send_history(ws, session_id)
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_text(ws, request, session_id, message.data)
                elif message.type is WSMsgType.BINARY:
                    await self._refuse(ws, session_id, Refusal("bad_frame", "The message could not be read."))
        finally:
            self._rooms.leave(session_id, ws)
            _release(self._open_by_session, session_id)
        return ws

    async def _greet(self, ws: web.WebSocketResponse, request: web.Request) -> str | None:
        """Read the hello frame; answer with the conversation's token, or refuse and close."""
        try:
            message = await ws.receive(timeout=HELLO_TIMEOUT)
        except asyncio.TimeoutError:
            await ws.close(code=CLOSE_NO_HELLO, message=b"hello expected")
            return None
        if message.type is not WSMsgType.TEXT:
            await ws.close(code=CLOSE_NO_HELLO, message=b"hello expected")
            return None
        try:
            hello = frames.parse(message.data, max_chars=self._limits.max_chars)
        except Refusal as refusal:
            hello = refusal
        if not isinstance(hello, Hello):
            await ws.send_json(Refusal("hello_expected", "The chat did not start properly.").frame())
            await ws.close(code=CLOSE_NO_HELLO, message=b"hello expected")
            return None
        if hello.token is None:
            verdict = self._limits.per_address.check(self._client(request))
            if not verdict.allowed:
                await ws.send_json(_too_fast(verdict.retry_after, None).frame())
                await ws.close(code=CLOSE_NO_HELLO, message=b"rate limited")
                return None
            token = self._tokens.issue()
        else:
            token = hello.token
        session_id = self._tokens.verify(token)
        if session_id is None:
            await ws.send_json(Refusal("unknown_session", "This conversation is not known here.").frame())
            await ws.close(code=CLOSE_UNKNOWN_SESSION, message=b"unknown session")
            return None
        pack = self._hub.pack
        await ws.send_json(
            frames.session_frame(token, shop=pack.name, welcome=pack.replies.welcome, max_chars=self._limits.max_chars)
        )
        return session_id

    async def _send_history(self, ws: web.WebSocketResponse, session_id: str) -> None:
        history = await self._hub.history(Address(CHANNEL, session_id), HISTORY_LIMIT)
        await ws.send_json(frames.history_frame(list(history)))

    async def _on_text(self, ws: web.WebSocketResponse, request: web.Request, session_id: str, raw: str) -> None:
        try:
            said = frames.parse(raw, max_chars=self._limits.max_chars)
            if isinstance(said, Hello):
                raise Refusal("bad_frame", "This chat has already started.")
            self._admit(request, session_id, said)
        except Refusal as refusal:
            await self._refuse(ws, session_id, refusal)
            return
        if not (said.button and is_rating(said.text)):  # a rating is no line of the conversation
            await self._rooms.send(session_id, frames.customer_frame(said.text, said.client_id), skip=ws)
        inbound = Inbound(
            address=Address(CHANNEL, session_id),
            text=said.text,
            # Prefixed by the conversation so one browser's ids can never collide with another's.
            event_id=f"{session_id}:{said.client_id or secrets.token_hex(8)}",
            user_id=session_id,
            user_name=CUSTOMER_NAME,
            kind=InboundKind.BUTTON if said.button else InboundKind.TEXT,
        )
        # A task, so this socket keeps reading (pings, the next message) while the engine works.
        task = asyncio.create_task(self._turn(session_id, inbound, said.client_id))
        self._turns.add(task)
        task.add_done_callback(self._turns.discard)

    async def _refuse(self, ws: web.WebSocketResponse, session_id: str, refusal: Refusal) -> None:
        """Answer a refused frame; a stream of refused frames ends the socket."""
        if not self._limits.refused_frames.check(session_id).allowed:
            await ws.close(code=CLOSE_TOO_MANY, message=b"too many refused frames")
            return
        await ws.send_json(refusal.frame())

    def _client(self, request: web.Request) -> str:
        return self._clients.key(request.remote, request.headers)

    def _admit(self, request: web.Request, session_id: str, said: Said) -> None:
        for limit, key in ((self._limits.per_conversation, session_id), (self._limits.per_address, self._client(request))):
            verdict = limit.check(key)
            if not verdict.allowed:
                raise _too_fast(verdict.retry_after, said.client_id)

    async def _turn(self, session_id: str, inbound: Inbound, client_id: str | None) -> None:
        async with self._rooms.working(session_id):
            try:
                await self._hub.receive(inbound)
            except Exception:  # the one error boundary of a web turn: log it, tell the widget, keep the socket
                # Nothing of the turn was stored: the widget sends the same frame again (same
                # client id, so a turn that did get stored is never answered twice).
                log.exception("web turn failed for %s", inbound.address.key)
                refusal = Refusal("not_stored", "Sorry, that did not go through. Sending it again…",
                                  client_id=client_id, retry_after=RESEND_AFTER)
                await self._rooms.send(session_id, refusal.frame())


def _too_fast(retry_after: float, client_id: str | None) -> Refusal:
    return Refusal(
        "rate_limited",
        "You are sending messages too quickly. Please wait a moment and try again.",
        client_id=client_id,
        retry_after=retry_after,
    )


def _release(counts: Counter[str], key: str) -> None:
    counts[key] -= 1
    if counts[key] <= 0:
        del counts[key]  # no entry left behind per address or session that ever connected
