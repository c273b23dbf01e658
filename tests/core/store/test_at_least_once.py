"""Issue 13, "acknowledged, then lost": a platform event is marked seen only in the transaction of
its turn. When that transaction fails, Engine.handle raises the store's real error, nothing of the
turn is kept, and the redelivered event is answered once the store recovers."""
from __future__ import annotations

import asyncio

import pytest

from core.engine import Engine
from core.messages import Address, Inbound
from core.shop.pack import load_pack
from core.store import open_store

LONG = "Where is my order, please? I ordered pasta last week and it has not arrived yet. " * 40  # ~3.3 KB


@pytest.fixture(scope="module")
def pack():
    return load_pack("pastashop")


def inbound(n: int) -> Inbound:
    return Inbound(Address("telegram", f"chat{n}"), f"{n} {LONG}", event_id=f"update-{n}", user_name=f"c{n}")


async def test_every_message_is_answered_once_after_the_disk_is_full_and_recovers(store, store_url, faults, pack):
    engine = Engine(pack, store, model=None)
    first = await engine.handle(inbound(0))
    assert first
    await store.outbox_done(first[0].meta["outbox_id"], "sent")  # bookkeeping still queued on SQLite

    await faults.fill(store)
    failed = []
    for n in range(1, 6):
        with pytest.raises(Exception) as caught:
            await engine.handle(inbound(n))
        assert "cannot rollback" not in str(caught.value)  # the real error, not a secondary one
        assert "full" in str(caught.value) or "disk_full" in str(caught.value)
        assert not await store.seen("telegram", f"update-{n}")  # the redelivery must be processed
        failed.append(inbound(n))

    await faults.mend(store)
    for message in failed:  # the platform redelivers: each is answered now
        replies = await engine.handle(message)
        assert [r.address for r in replies] == [message.address]
    for n in range(6):  # and only once
        assert await engine.handle(inbound(n)) == []
        conversation = await store.load_conversation(Address("telegram", f"chat{n}"), 10)
        assert [m.role for m in conversation.history] == ["customer", "bot"]

    await store.close()
    reopened = open_store(store_url)  # what the database holds, not what this process remembers
    await reopened.open()
    try:
        pending = {e.outbound.address.chat_id for e in await reopened.pending_outbox()}
    finally:
        await reopened.close()
        await store.open()
    assert pending == {f"chat{n}" for n in range(1, 6)}  # the "sent" mark of chat0 was not dropped


async def test_a_turn_whose_event_is_already_recorded_writes_nothing(store, pack):
    engine = Engine(pack, store, model=None)
    message = Inbound(Address("web", "s1"), "hello", event_id="frame-1")
    assert await engine.handle(message)
    assert await store.seen("web", "frame-1")
    assert await engine.handle(message) == []
    conversation = await store.load_conversation(message.address, 10)
    assert len(conversation.history) == 2


async def test_turns_failing_together_are_all_answered_on_redelivery(store, faults, pack):
    """Turns that finish together share one transaction on SQLite (group commit): when it fails,
    each turn fails with the real error and none is marked seen."""
    engine = Engine(pack, store, model=None)
    assert await engine.handle(inbound(0))
    await faults.fill(store)
    results = await asyncio.gather(*(engine.handle(inbound(n)) for n in range(1, 9)), return_exceptions=True)
    assert all(isinstance(r, Exception) and "cannot rollback" not in str(r) for r in results), results
    await faults.mend(store)
    answered = await asyncio.gather(*(engine.handle(inbound(n)) for n in range(1, 9)))
    assert all(len(replies) == 1 for replies in answered)
    assert await asyncio.gather(*(engine.handle(inbound(n)) for n in range(9))) == [[]] * 9
