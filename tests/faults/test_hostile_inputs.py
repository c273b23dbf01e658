"""Hostile inputs an outsider can send: each is refused cleanly, with no traceback in the log."""
from __future__ import annotations

import logging

import aiohttp
import pytest

from adapters.slack.app import SlackAdapter
from adapters.web import WebChat
from adapters.web import chat_socket
from adapters.web.frames import Refusal, parse
from adapters.web.origins import OriginPolicy
from bots.wiring import build_hub
from core.models.scripted import ScriptedModel
from tests.adapters.test_web_server import frame_of
from tests.fakes.slack_api import FakeSlack, SignedEvents, signed_request
from tests.support.recorder import reply

NESTED = "[" * 6000


def test_a_frame_of_6000_nested_brackets_is_a_refusal() -> None:
    with pytest.raises(Refusal) as caught:
        parse(NESTED, max_chars=2000)
    assert caught.value.code == "bad_frame"


@pytest.fixture
async def chat():
    async with build_hub("pastashop", ScriptedModel([reply("Shipping to Italy costs 5.90 EUR.")])) as hub:
        async with WebChat(hub, allowed_origins=[], port=0) as chat:
            yield chat


async def test_nested_brackets_on_the_socket_get_an_error_frame_and_the_chat_goes_on(chat, caplog) -> None:
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
        await ws.send_json({"type": "hello", "token": None})
        await frame_of(ws, "history")
        await ws.send_str(NESTED)
        assert (await frame_of(ws, "error"))["code"] == "bad_frame"
        await ws.send_json({"type": "message", "text": "How much is shipping?", "id": "m1"})
        assert "5.90" in (await frame_of(ws, "message"))["text"]
        await ws.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_foreign_origin_is_refused_even_when_the_host_header_matches_it() -> None:
    policy = OriginPolicy([])
    assert not policy.allows("http://evil.example:8098", own_host="evil.example:8098")  # DNS rebinding
    assert policy.allows("http://127.0.0.1:8098", own_host="127.0.0.1:8098")  # the server's own page
    assert policy.allows("http://localhost:8098", own_host="localhost:8098")
    assert OriginPolicy(["https://chat.shop.example"]).allows("http://chat.shop.example", own_host="chat.shop.example")


async def test_a_rebound_host_cannot_open_the_chat_socket(chat) -> None:
    port = chat.url.rsplit(":", 1)[1]
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await http.ws_connect(chat.url + "/chat", headers={
                "Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"})
    assert caught.value.status == 403


async def test_open_sockets_are_capped_per_session_and_per_address(chat) -> None:
    limits = chat_socket.Limits(max_chars=10, per_conversation=None, per_address=None)  # type: ignore[arg-type]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:  # no client-side pool cap
        first = await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
        await first.send_json({"type": "hello", "token": None})
        token = (await frame_of(first, "session"))["token"]
        tabs = [first]
        for _ in range(limits.sockets_per_session - 1):
            tab = await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
            await tab.send_json({"type": "hello", "token": token})
            await frame_of(tab, "history")
            tabs.append(tab)
        extra = await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
        await extra.send_json({"type": "hello", "token": token})
        assert (await frame_of(extra, "error"))["code"] == "too_many_tabs"
        closed = await extra.receive(timeout=5)
        while closed.type is aiohttp.WSMsgType.TEXT:
            closed = await extra.receive(timeout=5)
        assert extra.close_code == chat_socket.CLOSE_TOO_MANY
        # Sockets that never say hello count against the address too.
        idle = [await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
                for _ in range(limits.sockets_per_address - len(tabs))]
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
        assert caught.value.status == 429
        for ws in tabs + idle:
            await ws.close()
        # Closed sockets are released: the address may connect again.
        again = await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
        await again.close()


@pytest.mark.parametrize("signed", [False, True])
async def test_slack_refuses_malformed_json_cleanly(signed: bool, caplog, tmp_path) -> None:
    secret = "s3cret-signing"
    async with FakeSlack() as slack, build_hub("pastashop", ScriptedModel([reply("x")]), tmp_path / "db") as hub:
        async with SlackAdapter(hub, bot_token="xoxb-test", signing_secret=secret, base_url=slack.api_url,
                                port=0) as adapter:
            raw = '{"type": "event_callback", "event": '
            headers = {"Content-Type": "application/json"}
            if signed:
                headers |= signed_request(secret, raw, None)
            async with aiohttp.ClientSession() as http, http.post(adapter.events_url, data=raw, headers=headers) as r:
                status = r.status
            good = slack.user_message("D5", "U5", "hello", channel_type="im")
            assert (await SignedEvents(adapter.events_url, secret).post_event(good))[0] == 200
    assert status == (400 if signed else 401)
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelno >= logging.ERROR]
