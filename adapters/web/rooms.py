"""The open sockets of each web conversation: one conversation may be open in several tabs."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from adapters.web.frames import typing_frame

log = logging.getLogger(__name__)


class Rooms:
    def __init__(self) -> None:
        self._sockets: dict[str, set[web.WebSocketResponse]] = {}
        self._working: dict[str, int] = {}  # turns in flight per conversation, for the typing indicator

    def join(self, session_id: str, ws: web.WebSocketResponse) -> None:
        self._sockets.setdefault(session_id, set()).add(ws)

    def leave(self, session_id: str, ws: web.WebSocketResponse) -> None:
        sockets = self._sockets.get(session_id)
        if sockets is None:
            return
        sockets.discard(ws)
        if not sockets:
            del self._sockets[session_id]

    def open_count(self, session_id: str) -> int:
        return len(self._sockets.get(session_id, ()))

    def all_sockets(self) -> list[web.WebSocketResponse]:
        return [ws for sockets in self._sockets.values() for ws in sockets]

    async def send(self, session_id: str, frame: dict[str, Any], *, skip: web.WebSocketResponse | None = None) -> int:
        """Send to every open tab; a tab that has gone away is skipped, not an error. Returns how many got it."""
        sent = 0
        for ws in list(self._sockets.get(session_id, ())):
            if ws is skip or ws.closed:
                continue
            try:
                await ws.send_json(frame)
                sent += 1
            except (ConnectionError, RuntimeError) as exc:  # closed between the check and the write
                log.debug("web tab of %s went away: %s", session_id, exc)
        return sent

    @contextlib.asynccontextmanager
    async def working(self, session_id: str) -> AsyncIterator[None]:
        """Typing on while at least one turn of the conversation runs, off when the last ends."""
        self._working[session_id] = self._working.get(session_id, 0) + 1
        if self._working[session_id] == 1:
            await self.send(session_id, typing_frame(True))
        try:
            yield
        finally:
            self._working[session_id] -= 1
            if not self._working[session_id]:
                del self._working[session_id]
                await self.send(session_id, typing_frame(False))
