"""An httpx transport that moves the official `ollama` client's bytes over aiohttp.

The ollama client speaks httpx; httpx's own transport (httpcore, anyio, h11 in pure Python) cost
about a third of a model call's CPU on csbot's side (~1 ms a call with a 14k-character prompt,
against ~0.7 ms on aiohttp's C parser), as PTB's did for Telegram (adapters/telegram/transport.py).
The client keeps everything else: request building, redirects, status handling, response models
and its errors. This class only sends the request httpx built and hands back status, headers and
body, raising httpx's own exceptions so the client and `explain_failure` read them as before.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import httpx

# httpx writes these itself (Host from the URL, the length from the body it encoded); aiohttp
# must not add its own defaults beside the client's either.
_OWN_HEADERS = frozenset({"host", "content-length", "transfer-encoding"})
_NO_DEFAULTS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp session (keep-alive connections) for every request of one client."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None  # made on first use, inside the running loop
        self._timeouts: dict[tuple, aiohttp.ClientTimeout] = {}

    def _connection(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # httpx keeps the cookies and decodes Content-Encoding: aiohttp does neither.
            self._session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False)
        return self._session

    def _timeout(self, request: httpx.Request) -> aiohttp.ClientTimeout:
        given = request.extensions.get("timeout") or {}
        key = (given.get("connect"), given.get("read"), given.get("pool"))
        timeout = self._timeouts.get(key)
        if timeout is None:  # one per combination, not one per call
            timeout = self._timeouts[key] = aiohttp.ClientTimeout(
                total=None, connect=key[2], sock_connect=key[0], sock_read=key[1]
            )
        return timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        headers = [(name, value) for name, value in request.headers.multi_items() if name not in _OWN_HEADERS]
        try:
            response = await self._connection().request(
                request.method, str(request.url), data=body or None, headers=headers, timeout=self._timeout(request),
                allow_redirects=False, skip_auto_headers=_NO_DEFAULTS,  # httpx follows redirects itself
            )  # fmt: skip
        except aiohttp.ClientConnectorError as error:
            raise httpx.ConnectError(str(error), request=request) from error
        except asyncio.TimeoutError as error:  # connecting or waiting for the status line
            raise httpx.ReadTimeout("the server did not answer in time", request=request) from error
        except aiohttp.ClientError as error:
            raise httpx.RemoteProtocolError(str(error) or type(error).__name__, request=request) from error
        return httpx.Response(
            response.status, headers=response.raw_headers, stream=_Body(response, request),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode("latin-1", "replace")},
        )  # fmt: skip

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()


class _Body(httpx.AsyncByteStream):
    """The response body as it arrives (Ollama streams NDJSON); closing gives the connection back."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except asyncio.TimeoutError as error:
            raise httpx.ReadTimeout("the server stopped sending", request=self._request) from error
        except aiohttp.ClientError as error:
            raise httpx.RemoteProtocolError(str(error) or type(error).__name__, request=self._request) from error

    async def aclose(self) -> None:
        self._response.release()
