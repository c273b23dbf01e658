"""python-telegram-bot's requests over csbot's own keep-alive HTTP/1.1 connections.

Sending a reply is one small POST and one small JSON answer. On aiohttp's ClientSession
that cost about 200 µs of CPU a call under load, the largest single part of a message's CPU
(bench/profile.py); writing the request and reading the answer on a kept connection costs about
a quarter of it (core/models/keepalive.py). PTB keeps everything else: building the parameters,
mapping 400/401/403/409/429/5xx to its exceptions, reading `result`. Uploads (multipart, rare)
go through the aiohttp transport.
"""
from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from adapters.telegram.transport import AiohttpRequest, PooledRequest, _given
from core.models.keepalive import ConnectTimeout, Dropped, KeepAliveClient, Unreachable

_JSON = b"Content-Type: application/json\r\n"


class KeepAliveRequest(PooledRequest):
    """Use one instance for API calls and another for getUpdates, as with AiohttpRequest."""

    __slots__ = ("_clients", "_files")

    def __init__(self, connection_pool_size: int = 256, **timeouts: float | None) -> None:
        super().__init__(connection_pool_size, **timeouts)
        self._clients: dict[str, KeepAliveClient] | None = None  # by origin: one in practice
        self._files = AiohttpRequest(connection_pool_size=4, **timeouts)

    async def initialize(self) -> None:
        if self._clients is None:
            self._clients = {}
        await self._files.initialize()

    async def shutdown(self) -> None:
        clients, self._clients = self._clients, None
        for client in (clients or {}).values():
            await client.aclose()
        await self._files.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._clients is None:
            raise RuntimeError("This KeepAliveRequest is not initialized!")
        if request_data is not None and request_data.contains_files:
            return await self._files.do_request(url, method, request_data, read_timeout, write_timeout,
                                                connect_timeout, pool_timeout)
        origin, path = _split(url)
        client = self._clients.get(origin)
        if client is None:
            client = self._clients[origin] = KeepAliveClient(origin, {"User-Agent": self.USER_AGENT}, timeout=None,
                                                             max_idle=self._pool_size, max_connections=self._pool_size,
                                                             resend_unanswered=False)  # the outbox decides
        parts = (_given(read_timeout, self._read_timeout), _given(write_timeout, self._write_timeout),
                 _given(connect_timeout, self._connect_timeout), _given(pool_timeout, self._pool_timeout))
        # The call as a whole within the sum of its parts, as AiohttpRequest bounds it.
        total = None if any(part is None for part in parts) else sum(parts)  # type: ignore[arg-type]
        # A JSON body (the Bot API takes one for every method): one encoder call for the whole
        # request, where a form encodes each non-string value to JSON and then quotes every byte.
        parameters = request_data.parameters if request_data is not None else None
        body, headers = (json.dumps(parameters, ensure_ascii=False).encode(), _JSON) if parameters else (None, b"")
        try:
            response = await client.request(method, path, body, headers=headers, timeout=total, connect_timeout=parts[2])
        except ConnectTimeout as exc:  # its text names host and port, never the path (the token)
            raise TimedOut(f"Timed out: {exc}") from None
        except TimeoutError:
            raise TimedOut(f"Timed out: no answer from the Bot API within {total:g} s") from None
        except (Unreachable, Dropped) as exc:  # their text names host and port, never the path (the token)
            raise NetworkError(f"{exc.__class__.__name__}: {exc}") from None
        return response.status, response.body


@functools.lru_cache(maxsize=64)
def _split(url: str) -> tuple[str, str]:
    """https://host/bot<token>/sendMessage -> ("https://host", "/bot<token>/sendMessage"); a few URLs, over and over."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{parts.scheme}://{parts.netloc}", path
