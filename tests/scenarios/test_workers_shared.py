"""Two workers (two hubs, each with its own connection pool) on one real PostgreSQL, in one
process so the test can watch both: conversation locks, staff actions at either worker, and the
web widget's tokens and replies across workers."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest

from adapters.web import WebChat
from bots.wiring import build_hub
from core.messages import Address, Inbound
from core.models.scripted import ScriptedModel
from tests.support.postgres import PostgresServer
from tests.support.recorder import Recorder, reply

WAIT = 10.0


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


async def _frame(ws: aiohttp.ClientWebSocketResponse, kind: str, text: str | None = None) -> dict:
    while True:
        message = await ws.receive(timeout=WAIT)
        assert message.type is aiohttp.WSMsgType.TEXT, f"socket ended ({message.type}) while waiting for {kind!r}"
        frame = message.json()
        if frame["type"] == kind and (text is None or text in frame.get("text", "")):
            return frame


async def test_a_conversation_runs_one_turn_at_a_time_across_workers_and_each_reply_leaves_once(postgres):
    db = postgres.fresh_database()
    running: dict[str, int] = {}
    overlaps = []
    stores = []

    async def model(messages):
        customer = messages[-1]["content"]
        key = customer.split()[1]  # "customer: <chat> <n>"
        running[key] = running.get(key, 0) + 1
        if running[key] > 1:
            overlaps.append(key)
        # A turn that waits on I/O like a model server call (a round trip to the database), so
        # the other worker's turn of the same chat would get in here if the lock let it.
        await stores[0].pool.fetchval("SELECT 1")
        running[key] -= 1
        return reply(f"answer {customer.split(': ', 1)[1]}")

    async with build_hub("pastashop", ScriptedModel(model), db, worker="a") as a, \
            build_hub("pastashop", ScriptedModel(model), db, worker="b") as b:  # fmt: skip
        sent = Recorder()
        stores.append(a.store)
        for hub in (a, b):
            hub.register("telegram", sent)
        turns = []
        for chat in range(5):
            for n in range(8):
                hub = (a, b)[n % 2]  # the messages of one chat alternate between the workers
                inbound = Inbound(Address("telegram", str(chat)), f"{chat} {n}", event_id=f"{chat}-{n}", user_id=str(chat))
                turns.append(hub.receive(inbound))
        await asyncio.gather(*turns)
        await sent.wait_for(40, WAIT)
    assert overlaps == []
    for chat in range(5):
        texts = [o.text for o in sent.sent if o.address.chat_id == str(chat)]
        assert sorted(texts) == sorted(f"answer {chat} {n}" for n in range(8))
        assert len(texts) == 8  # each exactly once


async def test_a_token_from_one_worker_works_on_another_and_staff_replies_reach_the_socket_anywhere(postgres):
    db = postgres.fresh_database()
    model = ScriptedModel([reply("Every order has a tracking number, sent by e-mail.")])
    async with build_hub("pastashop", model, db, worker="a") as a, \
            build_hub("pastashop", model, db, worker="b") as b:  # fmt: skip
        from adapters.web.sessions import session_tokens

        desk = Recorder()
        for hub in (a, b):
            hub.register("desk", desk)
        chat_a = WebChat(a, allowed_origins=[], port=0, tokens=await session_tokens(a, {}))
        chat_b = WebChat(b, allowed_origins=[], port=0, tokens=await session_tokens(b, {}))
        async with chat_a, chat_b, aiohttp.ClientSession() as http:
            ws = await http.ws_connect(chat_a.url + "/chat", headers={"Origin": chat_a.url})
            await ws.send_json({"type": "hello", "token": None})
            token = (await _frame(ws, "session"))["token"]
            await ws.send_json({"type": "message", "text": "I want to talk to a human please", "id": "m1"})
            await _frame(ws, "message", "colleag")
            (card,) = await desk.wait_for(1, WAIT)

            # The staff answer arrives at worker b (a Slack click or thread reply may land anywhere);
            # the customer's socket is on worker a.
            await b.staff_reply(card.escalation_id, "Ann", "Hello, Ann from the shop here.")
            assert (await _frame(ws, "message", "Ann from the shop"))["role"] == "staff"

            # The same conversation opened on worker b: its token is valid there, with the history.
            other = await http.ws_connect(chat_b.url + "/chat", headers={"Origin": chat_b.url})
            await other.send_json({"type": "hello", "token": token})
            assert (await _frame(other, "session"))["token"] == token
            history = (await _frame(other, "history"))["messages"]
            assert [m["text"] for m in history][-1] == "Hello, Ann from the shop here."
            await other.close()
            await ws.close()
            # Staff's card is refreshed from worker b's delivery loop: then nothing is left.
            await desk.wait_for(2, WAIT)
            # A send's mark is queued as the send returns and written behind it: write them now.
            await asyncio.gather(a.store.flush(), b.store.flush())
            assert await a.store.pending_outbox() == []
