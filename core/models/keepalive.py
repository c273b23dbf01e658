"""A small HTTP/1.1 client for one origin: keep-alive connections, one request on each at a time.

A model call (or a Bot API call) is one POST of a JSON body and one JSON answer. aiohttp's
ClientSession spent about 240 µs of CPU a call on that (request and header objects, cookie and
trace hooks, timers, the response's stream machinery) against about 60 µs for writing the request
here and reading the answer with httptools (the llhttp parser uvicorn uses), measured against
bench/model_server.py on one machine: a sixth of a whole turn's CPU with an instant model. What
these servers send is plain: a status, a Content-Length or chunked body, no redirects to follow
(no Accept-Encoding is sent, so no compressed body comes back).
"""
from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import httptools

MAX_HEAD = 64 * 1024  # a status line and headers longer than this are not a model server's
MAX_IDLE = 64  # connections kept open for the next calls (by default); more run at once only while busy


class _Default:
    """The client's own timeout (None already means no timeout)."""


DEFAULT = _Default()


class Unreachable(ConnectionError):
    """Nothing accepted the connection (server down, wrong port, name not found)."""


class ConnectTimeout(TimeoutError):
    """No connection within the connect timeout (a host that drops packets, a full accept queue)."""


class Dropped(ConnectionError):
    """The server closed the connection before the whole answer arrived, or sent something that is not HTTP."""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes


class KeepAliveClient:
    """Requests to one origin (`http://host:port` or https), each within `timeout` seconds in all."""

    def __init__(self, base_url: str, headers: dict[str, str], *, timeout: float | None, max_idle: int = MAX_IDLE,
                 max_connections: int | None = None, resend_unanswered: bool = True,
                 tls: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        # https: the system's certificate authorities (or `tls`), the host name checked
        self._tls = (tls or ssl.create_default_context()) if parts.scheme == "https" else None
        self._prefix = parts.path.rstrip("/")
        fixed = {"Host": parts.netloc, "User-Agent": "csbot", "Accept": "application/json", **headers}
        self._head = "".join(f"{name}: {value}\r\n" for name, value in fixed.items()).encode("latin-1")
        self._timeout = timeout
        self._idle: list[_Connection] = []
        self._max_idle = max_idle
        # At most this many requests at once (the rest wait, within their timeout); None: no bound.
        self._slots = asyncio.Semaphore(max_connections) if max_connections else None
        # A kept connection closed by the server after the request was written and before any byte
        # of an answer: usually an idle timeout crossing the request, but the server may have acted
        # on it. Sent again on another connection when repeating it is harmless (a model call);
        # else Dropped, and the caller decides (the outbox retries a reply, at least once).
        self._resend = resend_unanswered

    async def request(self, method: str, path: str, body: bytes | None = None, *, headers: bytes = b"",
                      timeout: float | None | _Default = DEFAULT, connect_timeout: float | None = None) -> Response:
        """`path` is joined to the base URL's path; `headers` are extra "Name: value\\r\\n" lines;
        `timeout` (seconds in all, None: none) replaces the client's; `connect_timeout` bounds
        opening a new connection. Raises Unreachable, Dropped, ConnectTimeout or TimeoutError."""
        if body is None and method not in ("GET", "HEAD"):
            body = b""  # a POST says its length even when empty (nginx answers 411 otherwise)
        line = f"{method} {self._prefix}{path} HTTP/1.1\r\n".encode()
        length = b"Content-Length: %d\r\n\r\n" % len(body) if body is not None else b"\r\n"
        message = line + self._head + headers + length + (body or b"")
        limit = self._timeout if isinstance(timeout, _Default) else timeout
        loop = asyncio.get_running_loop()
        # One deadline for the whole call. The common path (a free slot, a kept connection) is
        # bounded by one timer on the answer; asyncio.timeout (a tenth of a call's CPU) only
        # where a call waits for a slot or a new connection.
        deadline = None if limit is None else loop.time() + limit
        if self._slots is None:
            return await self._send(message, connect_timeout, deadline)
        if self._slots.locked():
            async with asyncio.timeout_at(deadline):
                await self._slots.acquire()
        else:
            await self._slots.acquire()  # free: returns at once
        try:
            return await self._send(message, connect_timeout, deadline)
        finally:
            self._slots.release()

    async def _send(self, message: bytes, connect_timeout: float | None, deadline: float | None) -> Response:
        while self._idle:
            connection = self._idle.pop()
            if connection.usable:
                try:
                    return await self._exchange(connection, message, deadline)
                except _ClosedUnused:
                    if not self._resend:
                        raise
                    continue  # the server closed this idle connection meanwhile: take another
        return await self._exchange(await self._connect(connect_timeout, deadline), message, deadline)

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    async def _connect(self, timeout: float | None, deadline: float | None) -> _Connection:
        loop = asyncio.get_running_loop()
        began = loop.time()
        if timeout is not None:
            deadline = began + timeout if deadline is None else min(deadline, began + timeout)
        try:
            async with asyncio.timeout_at(deadline):
                _, connection = await loop.create_connection(_Connection, self._host, self._port, ssl=self._tls)
        except TimeoutError:
            waited = loop.time() - began
            raise ConnectTimeout(f"Connection to {self._host}:{self._port} not made within {waited:.1f} s") from None
        except OSError as error:  # refused, unreachable, name not found, TLS failure
            raise Unreachable(f"{self._host}:{self._port}: {error.strerror or error}") from error
        return connection

    async def _exchange(self, connection: _Connection, message: bytes, deadline: float | None) -> Response:
        done = False
        answer = connection.send(message)
        timer = None if deadline is None else asyncio.get_running_loop().call_at(deadline, connection.expire)
        try:
            response = await answer
            done = True
        finally:
            if timer is not None:
                timer.cancel()
            if not done:  # cancelled, timed out or broken: its state is unknown, never reused
                connection.close()
        if connection.usable and len(self._idle) < self._max_idle:
            self._idle.append(connection)
        else:
            connection.close()
        return response


class _ClosedUnused(Dropped):
    """A kept connection closed by the server before it sent a byte: the request may go on another."""


class _Connection(asyncio.Protocol):
    """One TCP connection and the answer it is reading. httptools (llhttp, as in uvicorn) reads the
    answer: status, Content-Length or chunked body, keep-alive; its callbacks are the on_* methods."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._answer: asyncio.Future[Response] | None = None
        self._open = False

    @property
    def usable(self) -> bool:
        return self._open and self._answer is None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        self._open = True

    def send(self, message: bytes) -> asyncio.Future[Response]:
        assert self._transport is not None and self._answer is None
        self._answer = asyncio.get_running_loop().create_future()
        self._parser = httptools.HttpResponseParser(self)
        self._body: list[bytes] = []
        self._received = 0  # bytes of this answer so far
        self._headed = False  # the status line and headers are in
        self._sized = False  # a Content-Length or a Transfer-Encoding says where the body ends
        self._complete = False
        self._transport.write(message)
        return self._answer

    # -- httptools' callbacks ----------------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() in (b"content-length", b"transfer-encoding"):
            self._sized = True

    def on_headers_complete(self) -> None:
        self._headed = True

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        if 100 <= self._parser.get_status_code() < 200:  # "100 Continue" and the like: the answer follows
            self._headed = self._sized = False
            return
        self._complete = True
        self._keep_alive = self._parser.should_keep_alive()  # read now: llhttp resets it for the next message

    # -- the connection ----------------------------------------------------------------------------

    def expire(self) -> None:
        """The call's deadline passed before the whole answer came."""
        if self._answer is not None and not self._answer.done():
            self._fail(TimeoutError())

    def close(self) -> None:
        self._open = False
        if self._transport is not None:
            self._transport.close()

    def data_received(self, data: bytes) -> None:
        if self._answer is None or self._answer.done():
            self.close()  # bytes nobody asked for: this connection cannot be trusted any more
            return
        self._received += len(data)
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(Dropped(f"the server did not answer in HTTP/1.1 ({error})"))
            return
        if self._complete:
            self._finish(keep_alive=self._keep_alive)
        elif not self._headed and self._received > MAX_HEAD:
            self._fail(Dropped("the server's answer has no end of headers"))

    @property
    def _until_close(self) -> bool:
        """An answer whose body ends when the server closes the connection."""
        return self._headed and not self._sized and not self._complete

    def eof_received(self) -> bool:
        if self._answer is not None and self._until_close:
            self._finish(keep_alive=False)
        return False  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._open = False
        if self._answer is not None and not self._answer.done():
            if self._until_close:
                self._finish(keep_alive=False)
            elif not self._received:
                self._fail(_ClosedUnused("the server closed the connection without answering"))
            else:
                self._fail(Dropped("the server closed the connection in the middle of its answer"))

    def _finish(self, keep_alive: bool) -> None:
        answer, self._answer = self._answer, None
        if not keep_alive:
            self.close()
        if answer is not None and not answer.done():
            answer.set_result(Response(self._parser.get_status_code(), b"".join(self._body)))

    def _fail(self, error: Exception) -> None:
        answer, self._answer = self._answer, None
        self.close()
        if answer is not None and not answer.done():
            answer.set_exception(error)
