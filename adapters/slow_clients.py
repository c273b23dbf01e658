"""Limits every csbot HTTP server (widget, Telegram webhook, Slack events, desk endpoint) puts on
slow or idle clients, so a few hundred connections that trickle their headers cannot sit open.

aiohttp arms its keep-alive timer when a connection opens and does not re-arm it while a request
head trickles in, so the keep-alive timeout is also how long a client may take to send a whole
request head. A request being answered is not cut (a turn may take longer), nor is a WebSocket.
"""
from __future__ import annotations

from typing import Any

HEADER_TIMEOUT = 15.0  # seconds from connecting (or from the last response) to a complete request head
MAX_LINE = 8190  # bytes of a request line or one header: aiohttp's own limit, said here on purpose
MAX_HEADERS = 64


def runner_options() -> dict[str, Any]:
    """Keyword arguments for web.AppRunner."""
    return {"keepalive_timeout": HEADER_TIMEOUT, "max_line_size": MAX_LINE, "max_field_size": MAX_LINE,
            "max_headers": MAX_HEADERS}
