"""Ratings in the web widget: the answer's frame carries the two buttons, a press is a `button`
frame on the /chat WebSocket, stored and acknowledged; other tabs get no customer line for it."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.web import make_app
from bots.wiring import build_hub
from core.metrics import parse_period, read_report
from tests.adapters.test_web_app import ORIGIN, StaffDesk, greeted


@pytest.fixture
async def hub():
    async with build_hub("pastashop", None) as hub:
        hub.register("desk", StaffDesk())
        yield hub


@pytest.fixture
async def client(hub):
    client = TestClient(TestServer(make_app(hub, allowed_origins=[ORIGIN])))
    await client.start_server()
    yield client
    await client.close()


async def ratings(hub) -> list[tuple]:
    return await hub.store.read("SELECT subject, value FROM ratings")


async def press(tab, value: str, client_id: str) -> dict:
    await tab.ws.send_json({"type": "button", "value": value, "label": "(label)", "id": client_id})
    return await tab.next("message")


async def test_a_web_customer_rates_an_answer_and_changes_it(client, hub):
    tab, session, _ = await greeted(client)
    other_tab, _, _ = await greeted(client, session["token"])
    await tab.say("how much is shipping to germany?", "m1")
    answer = await tab.next("message")
    good, bad = answer["buttons"]
    assert (good["label"], bad["label"]) == ("👍 That helped", "👎 Get more help")
    ref = good["value"].split(":")[1]

    thanks = await press(tab, good["value"], "r1")
    assert thanks["voice"] == "rated" and thanks["text"] == "Thank you for your feedback!"
    assert await ratings(hub) == [(f"answer:{ref}", "good")]

    noted = await press(tab, bad["value"], "r2")  # the same row changes, and a colleague is offered
    offer = await tab.next("message")
    assert noted["text"] == "Thank you for telling us."
    assert [b["value"] for b in offer["buttons"]] == [f"rate:{ref}:person"]
    assert await ratings(hub) == [(f"answer:{ref}", "bad")]

    await other_tab.next("message")  # the answer
    seen = [await other_tab.next("message") for _ in range(3)]
    assert [f["role"] for f in seen] == ["bot", "bot", "bot"]  # no echo of the presses as customer lines
    report = await read_report(hub.store, parse_period("1d", None))
    assert (report.good, report.bad) == (0, 1)


async def test_a_ref_pressed_in_another_conversation_is_refused(client, hub):
    tab, _, _ = await greeted(client)
    await tab.say("how much is shipping to germany?", "m1")
    good, _ = (await tab.next("message"))["buttons"]
    stranger, _, _ = await greeted(client)
    refused = await press(stranger, good["value"], "x1")
    assert "does not belong" in refused["text"]
    assert await ratings(hub) == []
    assert await hub.store.list_escalations() == []
