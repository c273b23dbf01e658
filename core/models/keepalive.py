"""A small HTTP/1.1 client for one model server: keep-alive connections, one request on each at a time.

A model call is one POST of a JSON body and one JSON answer. aiohttp's ClientSession spent about
240 µs of CPU a call on that (request and header objects, cookie and trace hooks, timers, the
response's stream machinery) against about 60 µs for writing the request and reading the answer
here (measured against bench/model_server.py on one machine), a sixth of a whole turn's CPU with
an instant model. What a model server sends is plain: a status, a Content-Length or chunked
body, no redirects to follow (no Accept-Encoding is sent, so no compressed body comes back).
"""
from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

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
    """One TCP connection and the answer it is reading."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._answer: asyncio.Future[Response] | None = None
        self._buffer = bytearray()
        self._reading: _Reading | None = None
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
        self._buffer.clear()
        self._reading = None
        self._transport.write(message)
        return self._answer

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
        self._buffer += data
        try:
            response = self._parse()
        except Dropped as error:
            self._fail(error)
            return
        if response is not None:
            self._finish(response)

    def eof_received(self) -> bool:
        if self._reading is not None and self._reading.until_close:
            self._finish(Response(self._reading.status, bytes(self._buffer[self._reading.start:])))
        return False  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._open = False
        if self._answer is not None and not self._answer.done():
            if self._reading is not None and self._reading.until_close:
                self._finish(Response(self._reading.status, bytes(self._buffer[self._reading.start:])))
            elif not self._buffer:
                self._fail(_ClosedUnused("the server closed the connection without answering"))
            else:
                self._fail(Dropped("the server closed the connection in the middle of its answer"))

    def _finish(self, response: Response) -> None:
        answer, self._answer = self._answer, None
        if self._reading is not None and not self._reading.keep_alive:
            self.close()
        if answer is not None and not answer.done():
            answer.set_result(response)

    def _fail(self, error: Exception) -> None:
        answer, self._answer = self._answer, None
        self.close()
        if answer is not None and not answer.done():
            answer.set_exception(error)

    def _parse(self) -> Response | None:
        while self._reading is None:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEAD:
                    raise Dropped("the server's answer has no end of headers")
                return None
            self._reading = _Reading.of(bytes(self._buffer[:end]), end + 4)
            if 100 <= self._reading.status < 200:  # "100 Continue" and the like: the answer follows
                del self._buffer[:end + 4]
                self._reading = None
        reading = self._reading
        if reading.chunked:
            body = _dechunked(self._buffer, reading.start)
            return None if body is None else Response(reading.status, body)
        if reading.length is not None:
            end = reading.start + reading.length
            return Response(reading.status, bytes(self._buffer[reading.start:end])) if len(self._buffer) >= end else None
        return None  # until the server closes the connection


@dataclass(frozen=True, slots=True)
class _Reading:
    status: int
    start: int  # where the body begins in the buffer
    length: int | None
    chunked: bool
    keep_alive: bool

    @property
    def until_close(self) -> bool:
        return self.length is None and not self.chunked

    @classmethod
    def of(cls, head: bytes, start: int) -> _Reading:
        lines = head.decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise Dropped("the server did not answer in HTTP/1.1")
        fields: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        status = int(code)
        chunked = "chunked" in fields.get("transfer-encoding", "").lower()
        length = fields.get("content-length")
        if status in (204, 304):
            length = "0"
        connection = fields.get("connection", "").lower()
        keep_alive = "close" not in connection and (version == "HTTP/1.1" or "keep-alive" in connection)
        if length is not None and not chunked:
            if not length.isdigit():
                raise Dropped("the server sent a Content-Length that is not a number")
            return cls(status, start, int(length), False, keep_alive)
        return cls(status, start, None, chunked, keep_alive and chunked)


def _dechunked(buffer: bytearray, start: int) -> bytes | None:
    """The body of a complete chunked answer, None while chunks are still to come."""
    parts: list[bytes] = []
    at = start
    while True:
        end = buffer.find(b"\r\n", at)
        if end < 0:
            return None
        size_text = bytes(buffer[at:end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise Dropped("the server sent a chunk size that is not a number") from None
        if size == 0:
            return b"".join(parts) if buffer.find(b"\r\n\r\n", end) >= 0 else None  # after any trailers
        if len(buffer) < end + 2 + size + 2:
            return None
        parts.append(bytes(buffer[end + 2:end + 2 + size]))
        at = end + 2 + size + 2
