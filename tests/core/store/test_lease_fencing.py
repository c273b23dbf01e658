"""A worker that lost a conversation's lease on PostgreSQL (it stalled, or lost the database, for
longer than the lease) must not save its turn: another worker may be running one of the same
conversation by then. Each worker is its own PostgresStore, as each `csbot run` has."""
from __future__ import annotations

import asyncio

import pytest

from core.messages import Address
from core.store.base import LeaseLost
from core.store.postgres import PostgresStore
from tests.support.turns import turn

LEASE = 1.0  # seconds: short, so the lease lapses within the test


@pytest.fixture
async def workers(postgres_server):
    url = postgres_server.fresh_database()
    stores = [PostgresStore(url, worker=name) for name in ("a", "b")]
    for store in stores:
        await store.open()
        store.conversation_lease = LEASE
        store.unlock_poll = 0.05
    yield stores
    for store in stores:
        await store.close()


async def test_a_worker_that_lost_the_lease_saves_nothing_of_its_turn(workers):
    a, b = workers
    address = Address("telegram", "5")
    renew = a.try_lease

    async def database_unreachable(*args):  # a's renewals fail: an outage longer than the lease
        raise OSError("connection refused")

    b_inside, a_tried = asyncio.Event(), asyncio.Event()

    async def second_worker() -> None:
        async with b.conversation_lock(address.key):
            b_inside.set()
            conversation = await b.load_conversation(address, 10)
            await a_tried.wait()  # b holds the lease all along a's attempt
            await b.save_turn(turn(conversation, "second", "u2"))

    async with a.conversation_lock(address.key):
        conversation = await a.load_conversation(address, 10)
        a.try_lease = database_unreachable
        taking_over = asyncio.create_task(second_worker())
        await asyncio.wait_for(b_inside.wait(), 10 * LEASE)  # the lease lapsed: b runs a turn of it
        a.try_lease = renew
        with pytest.raises(LeaseLost):
            await a.save_turn(turn(conversation, "first", "u1"))
        a_tried.set()
    await asyncio.wait_for(taking_over, 10)

    messages = await a.pool.fetch("SELECT text FROM messages ORDER BY id")
    assert [m["text"] for m in messages] == ["second"]
    assert await a.pool.fetchval("SELECT count(*) FROM outbox") == 1
    assert not await a.seen("telegram", "u1")  # a redelivery of a's event is handled again


async def test_a_save_fenced_on_the_lease_goes_through_while_the_lease_is_held(workers):
    a, _ = workers
    address = Address("telegram", "6")
    async with a.conversation_lock(address.key):
        conversation = await a.load_conversation(address, 10)
        ids = await a.save_turn(turn(conversation, "hello", "u3"))
    assert len(ids) == 1
    # Outside any lock (tools, imports) a save is not fenced.
    conversation = await a.load_conversation(address, 10)
    assert len(await a.save_turn(turn(conversation, "again", "u4"))) == 1
