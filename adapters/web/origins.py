"""Which pages may talk to the chat: the configured origins plus csbot's own demo page.

Browsers always send `Origin` on a WebSocket handshake and on a cross-site POST; a
request without one is not a browser page embedding the widget, so it is refused too.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Collection
from urllib.parse import urlsplit


def normalise(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


class OriginPolicy:
    def __init__(self, allowed: Collection[str]) -> None:
        self._allowed = frozenset(normalise(o) for o in allowed if o.strip())
        self._hostnames = frozenset(urlsplit(o).hostname or "" for o in self._allowed) - {""}

    def allows(self, origin: str | None, *, own_host: str) -> bool:
        if not origin or origin == "null":  # "null": sandboxed iframes, file:// pages
            return False
        origin = normalise(origin)
        if origin in self._allowed:
            return True
        # Same host as the request's Host header: csbot's own demo page. The scheme is
        # ignored because behind a TLS-terminating proxy the server itself sees http.
        # Only for a host name nobody can point elsewhere: a page on evil.example whose DNS
        # is switched to this server's address (DNS rebinding) sends a matching Host too.
        own_host = own_host.lower()
        return urlsplit(origin).netloc == own_host and self._trusted_host(own_host)

    def _trusted_host(self, host: str) -> bool:
        name = urlsplit(f"//{host}").hostname or ""
        if name == "localhost" or name in self._hostnames:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
