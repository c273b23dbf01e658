"""Every csbot HTTP server cuts a client that trickles its request head, and the widget caps its
sockets before the upgrade and stops answering a stream of refused frames. All on loopback."""
from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from telegram import Bot, Update

from adapters import slow_clients
from adapters.slack.app import SlackAdapter
from adapters.telegram.webhook import WebhookEndpoint
from adapters.web.server import WebChat
from bots.desk_endpoint import DeskEndpoint
from bots.wiring import build_hub
from core.models.scripted import ScriptedModel
from tests.fakes.slack_api import FakeSlack

HEADER_TIMEOUT = 0.5  # seconds, for the test: the shipped value is slow_clients.HEADER_TIMEOUT
ORIGIN = "https://shop.example"


@pytest.fixture
def quick_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slow_clients, "HEADER_TIMEOUT", HEADER_TIMEOUT)


@pytest.fixture
async def hub(tmp_path: Path):
    async with build_hub("pastashop", ScriptedModel([]), tmp_path / "db.sqlite") as hub:
        yield hub


async def trickle_until_cut(host: str, port: int, limit: float = 5.0) -> float:
    """A slow-header client: a byte of header at a time, until the server closes the connection.
    Returns the seconds it stayed open; fails if it is still open after `limit`."""
    reader, writer = await asyncio.open_connection(host, port)
    started = time.monotonic()
    writer.write(b"GET / HTTP/1.1\r\nHost: shop.example\r\n")
    try:
        while time.monotonic() - started < limit:
            try:
                if await asyncio.wait_for(reader.read(1024), timeout=0.05) == b"":
                    return time.monotonic() - started
            except asyncio.TimeoutError:
                pass
            try:
                writer.write(b"X")  # one more byte of a header line that never ends
                await writer.drain()
            except ConnectionError:
                return time.monotonic() - started
        raise AssertionError(f"a slow-header client was still connected after {limit} s")
    finally:
        writer.close()


@asynccontextmanager
async def widget(hub) -> AsyncIterator[tuple[str, int]]:
    async with WebChat(hub, allowed_origins=[ORIGIN], port=0) as chat:
        url = urlsplit(chat.url)
        yield url.hostname, url.port


@asynccontextmanager
async def telegram_webhook(hub) -> AsyncIterator[tuple[str, int]]:
    async def handle(update) -> None:
        return None

    endpoint = WebhookEndpoint("/telegram", "s3cret-token", lambda data: Update.de_json(data, Bot("123:ABC")), handle)
    port = await endpoint.start("127.0.0.1", 0)
    try:
        yield "127.0.0.1", port
    finally:
        await endpoint.stop()


@asynccontextmanager
async def slack_events(hub) -> AsyncIterator[tuple[str, int]]:
    async with FakeSlack() as fake:
        async with SlackAdapter(hub, bot_token="xoxb-test", signing_secret="x" * 16, base_url=fake.api_url, port=0) as app:
            url = urlsplit(app.events_url)
            yield url.hostname, url.port


@asynccontextmanager
async def desk_endpoint(hub, tmp_path: Path) -> AsyncIterator[tuple[str, int]]:
    endpoint = DeskEndpoint(hub, tmp_path / "db.sqlite")
    await endpoint.start()
    try:
        url = urlsplit(endpoint.url)
        yield url.hostname, url.port
    finally:
        await endpoint.stop()


@pytest.mark.parametrize("server", ["widget", "telegram", "slack", "desk"])
async def test_a_client_trickling_its_headers_is_cut(server: str, hub, tmp_path: Path, quick_cut: None) -> None:
    serve = {"widget": widget, "telegram": telegram_webhook, "slack": slack_events}.get(server)
    context = serve(hub) if serve else desk_endpoint(hub, tmp_path)
    async with context as (host, port):
        held = await trickle_until_cut(host, port)
    assert HEADER_TIMEOUT * 0.8 <= held < HEADER_TIMEOUT + 2.0


async def test_the_widget_caps_its_sockets_before_the_upgrade(hub) -> None:
    async with WebChat(hub, allowed_origins=[ORIGIN], port=0, max_sockets=2) as chat:
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(chat.url + "/chat", headers={"Origin": ORIGIN})
            second = await session.ws_connect(chat.url + "/chat", headers={"Origin": ORIGIN})
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(chat.url + "/chat", headers={"Origin": ORIGIN})
            assert refused.value.status == 503
            await first.close()
            await second.close()
            third = await session.ws_connect(chat.url + "/chat", headers={"Origin": ORIGIN})  # a place is free again
            await third.close()


async def test_a_stream_of_unreadable_frames_ends_the_socket_instead_of_being_answered(hub) -> None:
    async with WebChat(hub, allowed_origins=[ORIGIN], port=0) as chat:
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(chat.url + "/chat", headers={"Origin": ORIGIN})
            await ws.send_json({"type": "hello", "token": None})
            for _ in range(3000):
                await ws.send_str("{not json")
            errors, closed = 0, None
            while closed is None:
                message = await ws.receive(timeout=5.0)
                if message.type is aiohttp.WSMsgType.TEXT:
                    errors += message.json().get("type") == "error"
                else:
                    closed = message
            assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4429
            assert 1 <= errors <= 20
