"""KeepAliveClient against a loopback server that answers with scripted bytes, as model servers do."""
from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Callable

import pytest

from core.models.keepalive import Dropped, KeepAliveClient, Unreachable

Answer = Callable[[bytes], bytes | None]  # the request's bytes -> what to send back (None: close at once)


class ScriptedServer:
    """Reads each request (head and Content-Length body) and writes what `answer` gives."""

    def __init__(self, answer: Answer, close_after: bool = False) -> None:
        self.answer = answer
        self.close_after = close_after
        self.requests: list[bytes] = []
        self.connections = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> ScriptedServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/v1"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                reply = self.answer(request)
                if reply is None:
                    break
                writer.write(reply)
                await writer.drain()
                if self.close_after:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra + b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.fixture
async def client() -> AsyncIterator[Callable[[str], KeepAliveClient]]:
    made: list[KeepAliveClient] = []

    def make(url: str, timeout: float = 5.0) -> KeepAliveClient:
        made.append(KeepAliveClient(url, {"Authorization": "Bearer k", "Content-Type": "application/json"}, timeout=timeout))
        return made[-1]

    yield make
    for one in made:
        await one.aclose()


async def test_calls_share_one_connection_and_carry_path_headers_and_body(client) -> None:
    async with ScriptedServer(lambda request: ok(b'{"n": 1}')) as server:
        http = client(server.url)
        for _ in range(3):
            response = await http.request("POST", "/chat/completions", b'{"q": "\xc3\xa4"}')
            assert (response.status, response.body) == (200, b'{"n": 1}')
    assert server.connections == 1
    first = server.requests[0]
    assert first.startswith(b"POST /v1/chat/completions HTTP/1.1\r\n")
    assert b"\r\nAuthorization: Bearer k\r\n" in first and b"\r\nContent-Length: 11\r\n" in first
    assert first.endswith(b'\r\n\r\n{"q": "\xc3\xa4"}')


async def test_a_chunked_answer_is_joined(client) -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n5;x=1\r\n: 12}\r\n0\r\n\r\n"
    async with ScriptedServer(lambda request: chunked) as server:
        http = client(server.url)
        assert (await http.request("GET", "/models")).body == b'{"a": 12}'
        assert (await http.request("GET", "/models")).body == b'{"a": 12}'
    assert server.connections == 1


async def test_an_answer_without_length_ends_with_the_connection(client) -> None:
    async with ScriptedServer(lambda request: b"HTTP/1.0 404 Not Found\r\n\r\nno such route", close_after=True) as server:
        http = client(server.url)
        response = await http.request("GET", "/models")
        assert (response.status, response.body) == (404, b"no such route")
        assert (await http.request("GET", "/models")).status == 404  # on a new connection
    assert server.connections == 2


async def test_connection_close_is_not_reused(client) -> None:
    async with ScriptedServer(lambda request: ok(b"{}", b"Connection: close\r\n"), close_after=True) as server:
        http = client(server.url)
        await http.request("GET", "/models")
        await http.request("GET", "/models")
    assert server.connections == 2


async def test_an_idle_connection_the_server_closed_is_replaced(client) -> None:
    async with ScriptedServer(lambda request: ok(b"{}"), close_after=True) as server:  # closes without saying so
        http = client(server.url)
        await http.request("GET", "/models")
        # the close may arrive before the next call (skipped) or after it is written (sent again)
        assert (await http.request("POST", "/chat/completions", b"{}")).status == 200
    assert server.connections == 2


async def test_an_answer_cut_short_is_dropped(client) -> None:
    async with ScriptedServer(lambda request: b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial", close_after=True) as server:
        with pytest.raises(Dropped):
            await client(server.url).request("GET", "/models")


async def test_not_http_is_dropped(client) -> None:
    async with ScriptedServer(lambda request: b"SSH-2.0-OpenSSH\r\n\r\n") as server:
        with pytest.raises(Dropped):
            await client(server.url).request("GET", "/models")


async def test_nothing_listening_is_unreachable(client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Unreachable):
        await client(f"http://127.0.0.1:{port}/v1").request("GET", "/models")


async def test_a_silent_server_times_out_and_its_connection_is_not_reused(client) -> None:
    answers = iter([None, ok(b"{}")])
    gate = asyncio.Event()

    def answer(request: bytes) -> bytes | None:
        reply = next(answers)
        if reply is None:
            gate.set()
            return b""  # says nothing
        return reply

    async with ScriptedServer(answer) as server:
        http = client(server.url, timeout=0.2)
        with pytest.raises(TimeoutError):
            await http.request("GET", "/models")
        assert gate.is_set()
        assert (await http.request("GET", "/models")).status == 200
    assert server.connections == 2


async def test_https_checks_the_certificate_and_keeps_the_connection(client) -> None:
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(served)
    trusted = ssl.create_default_context()
    authority.configure_trust(trusted)
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(ok(b'{"tls": true}'))
                await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=served)
    url = f"https://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        http = KeepAliveClient(url, {}, timeout=5, tls=trusted)
        try:
            assert (await http.request("GET", "/v1/models")).body == b'{"tls": true}'
            assert (await http.request("GET", "/v1/models")).body == b'{"tls": true}'
        finally:
            await http.aclose()
        assert connections == 1
        with pytest.raises(Unreachable):  # the system's authorities do not know this one
            await client(url).request("GET", "/v1/models")
    finally:
        server.close()


async def test_an_interim_100_continue_is_skipped(client) -> None:
    async with ScriptedServer(lambda request: b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b'{"after": 1}')) as server:
        response = await client(server.url).request("POST", "/chat/completions", b"{}")
    assert (response.status, response.body) == (200, b'{"after": 1}')
