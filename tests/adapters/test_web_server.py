"""WebChat's lifecycle: a real listening server on port 0, stopped gracefully."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest

from adapters.web import WebChat
from bots.wiring import build_hub
from core.models.scripted import ScriptedModel

SHIPPING = 'echo $ "Shipping to Italy costs 5.90 EUR."\necho $ "evaluation: safe"'
WAIT = 5.0


async def frame_of(ws: aiohttp.ClientWebSocketResponse, kind: str) -> dict:
    while True:
        message = await ws.receive(timeout=WAIT)
        assert message.type is aiohttp.WSMsgType.TEXT, f"socket ended ({message.type}) while waiting for {kind!r}"
        if (frame := message.json())["type"] == kind:
            return frame


async def test_serves_on_its_url_and_refuses_before_start():
    async with build_hub("pastashop", ScriptedModel([SHIPPING])) as hub:
        chat = WebChat(hub, allowed_origins=[], port=0)
        with pytest.raises(RuntimeError):
            chat.url
        async with chat, aiohttp.ClientSession() as http:
            assert chat.url.startswith("http://127.0.0.1:") and not chat.url.endswith(":0")
            async with http.get(chat.url + "/widget.js") as response:
                assert response.status == 200
        with pytest.raises(RuntimeError):
            chat.url


async def test_stop_lets_a_running_turn_deliver_then_closes_the_sockets_as_going_away():
    gate = asyncio.Event()

    async def slow(chat):
        await gate.wait()
        return SHIPPING

    async with build_hub("pastashop", ScriptedModel(slow)) as hub:
        chat = WebChat(hub, allowed_origins=[], port=0)
        await chat.start()
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(chat.url + "/chat", headers={"Origin": chat.url})
            await ws.send_json({"type": "hello", "token": None})
            await frame_of(ws, "history")
            await ws.send_json({"type": "message", "text": "How much is shipping?", "id": "m1"})
            assert (await frame_of(ws, "typing"))["on"] is True

            stopping = asyncio.create_task(chat.stop())
            gate.set()
            assert "5.90" in (await frame_of(ws, "message"))["text"]
            closing = await ws.receive(timeout=WAIT)
            while closing.type is aiohttp.WSMsgType.TEXT:  # the typing-off frame may come first
                closing = await ws.receive(timeout=WAIT)
            assert closing.type is aiohttp.WSMsgType.CLOSE and ws.close_code == aiohttp.WSCloseCode.GOING_AWAY
            await asyncio.wait_for(stopping, WAIT)
