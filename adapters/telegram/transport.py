"""An aiohttp transport for python-telegram-bot.

PTB's default httpx transport spends most of a message's CPU in httpcore's pool bookkeeping
(PLATFORMS.md: ~150 msg/s vs ~1,400 msg/s on aiohttp). PTB keeps all status handling: this
class only moves bytes and returns (status, body), so PTB maps 400/403/429/5xx to its
exceptions exactly as with its own transport.
"""
from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB marks "not passed" timeouts with instances of this (private) class.
_NotPassed = type(BaseRequest.DEFAULT_NONE)


def _given(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, _NotPassed) else value


class PooledRequest(BaseRequest):
    """What every csbot transport for PTB holds: the size of its connection pool and PTB's
    default timeouts, which a call's own timeouts override (`_given`)."""

    __slots__ = ("_connect_timeout", "_media_write_timeout", "_pool_size", "_pool_timeout", "_read_timeout",
                 "_write_timeout")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout


class AiohttpRequest(PooledRequest):
    """One aiohttp session with a bounded connection pool; use one instance for API calls and
    another for getUpdates, so a held long poll never takes a connection from replies."""

    __slots__ = ("_session",)

    def __init__(self, connection_pool_size: int = 256, **timeouts: float | None) -> None:
        super().__init__(connection_pool_size, **timeouts)
        self._session: aiohttp.ClientSession | None = None

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # The session needs the running loop, so it is made here and not in __init__.
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=self._pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}, skip_auto_headers=("Accept-Encoding",)
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

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
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        with_files = bool(request_data and request_data.contains_files)
        timeout = self._timeout(
            _given(read_timeout, self._read_timeout),
            _given(write_timeout, self._media_write_timeout if with_files else self._write_timeout),
            _given(connect_timeout, self._connect_timeout),
            _given(pool_timeout, self._pool_timeout),
        )  # the same few combinations over and over: made once each (_timeout is cached)
        data, headers = _body(request_data)
        try:
            async with self._session.request(method, url, data=data, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's connect/read timeouts are TimeoutError subclasses
            raise TimedOut(f"Timed out: aiohttp.{exc.__class__.__name__}: {_scrubbed(exc, url)}") from None
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {_scrubbed(exc, url)}") from None

    @staticmethod
    @functools.lru_cache(maxsize=64)
    def _timeout(read: float | None, write: float | None, connect: float | None, pool: float | None) -> aiohttp.ClientTimeout:
        # aiohttp has no write timeout; its `connect` covers waiting for a pooled connection
        # plus connecting, and `total` bounds a stalled upload when every part is finite.
        parts = (read, write, connect, pool)
        total = sum(parts) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
        acquire = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(total=total, connect=acquire, sock_connect=connect, sock_read=read)


def _scrubbed(exc: BaseException, url: str) -> str:
    """The error's text without the request URL: the Bot API puts the token in the path, and
    aiohttp quotes the whole URL ("Connection timeout to host http://…/bot<token>/getMe").
    The original exception is not chained (`from None`) for the same reason."""
    parts = urlsplit(url)
    text = str(exc).replace(url, f"{parts.scheme}://{parts.netloc}")
    return text.replace(parts.path, "/…") if parts.path else text


def _body(request_data: RequestData | None) -> tuple[Any, dict[str, str] | None]:
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        # json_parameters JSON-encodes every value each time it is read: read once, and encode
        # the form as RequestData.url_encoded_parameters does.
        parameters = request_data.json_parameters
        if not parameters:
            return None, None
        return urlencode(parameters).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, None
