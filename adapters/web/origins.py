"""Which pages may talk to the chat: the configured origins plus csbot's own demo page.

Browsers always send `Origin` on a WebSocket handshake and on a cross-site POST; a
request without one is not a browser page embedding the widget, so it is refused too.
"""
from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit


def normalise(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


class OriginPolicy:
    def __init__(self, allowed: Collection[str]) -> None:
        self._allowed = frozenset(normalise(o) for o in allowed if o.strip())

    def allows(self, origin: str | None, *, own_host: str) -> bool:
        if not origin or origin == "null":  # "null": sandboxed iframes, file:// pages
            return False
        origin = normalise(origin)
        if origin in self._allowed:
            return True
        # Same host as the request's Host header: csbot's own demo page. The scheme is
        # ignored because behind a TLS-terminating proxy the server itself sees http.
        return urlsplit(origin).netloc == own_host.lower()
