"""A customer's turn on PostgreSQL takes its conversation's lease with its first read (one round
trip, TAKE_AND_LOAD) instead of a statement of its own: the same guarantees as the lock taken
up front. Each worker is its own PostgresStore, as each `csbot run` has."""
from __future__ import annotations

import asyncio

import pytest

from core.messages import Address
from core.store.base import LeaseLost
from core.store.postgres import TAKE_AND_LOAD, PostgresStore
from tests.support.turns import turn

ADDRESS = Address("telegram", "41")
NAME = "conversation:" + ADDRESS.key


@pytest.fixture
async def workers(postgres_server):
    url = postgres_server.fresh_database()
    stores = [PostgresStore(url, worker=name) for name in ("a", "b")]
    for store in stores:
        await store.open()
        store.unlock_poll = 5.0  # a waiter here is woken by NOTIFY, long before the poll
    yield stores
    for store in stores:
        await store.close()


async def holder(store: PostgresStore) -> str | None:
    return await store.pool.fetchval(
        "SELECT holder FROM leases WHERE name = $1 AND expires_at > extract(epoch from clock_timestamp())", NAME
    )


async def test_the_first_read_takes_the_lease_and_the_turn_saves_under_it(workers):
    a, _ = workers
    async with a.conversation_lock(ADDRESS.key, taken_by_first_read=True):
        assert await holder(a) is None  # nothing asked of the database yet
        seen, conversation = await a.load_conversation_seen(ADDRESS, 10, ("telegram", "u1"))
        assert not seen and await holder(a) == "a"
        assert len(await a.save_turn(turn(conversation, "hello", "u1"))) == 1
    async with a.conversation_lock(ADDRESS.key, taken_by_first_read=True):  # the next turn
        seen, conversation = await a.load_conversation_seen(ADDRESS, 10, ("telegram", "u1"))
        assert seen and [m.text for m in conversation.history] == ["hello"]


async def test_a_worker_waiting_for_the_lease_reads_the_turn_saved_before_it(workers):
    a, b = workers
    read: list[tuple] = []

    async def second_worker() -> None:
        async with b.conversation_lock(ADDRESS.key, taken_by_first_read=True):
            seen, conversation = await b.load_conversation_seen(ADDRESS, 10, ("telegram", "u1"))
            read.append((seen, [m.text for m in conversation.history], await holder(b)))

    async with a.conversation_lock(ADDRESS.key):
        conversation = await a.load_conversation(ADDRESS, 10)
        waiting = asyncio.create_task(second_worker())
        done, _ = await asyncio.wait({waiting}, timeout=0.3)
        assert not done  # b's read did not take the lease: it waits, its read thrown away
        await a.save_turn(turn(conversation, "first", "u1"))
    await asyncio.wait_for(waiting, 3)  # woken by a's release
    # b took the lease from a: it reads again after a's turn, and a's event counts as seen
    assert read == [(True, ["first"], "b")]


async def test_a_turn_that_fails_before_its_read_holds_nothing(workers):
    a, b = workers
    with pytest.raises(RuntimeError):
        async with a.conversation_lock(ADDRESS.key, taken_by_first_read=True):
            raise RuntimeError("the turn broke before reading")
    assert await holder(a) is None
    lock = b.conversation_lock(ADDRESS.key)  # another worker gets it at once
    await asyncio.wait_for(lock.__aenter__(), 1)
    await lock.__aexit__(None, None, None)
    async with a.conversation_lock(ADDRESS.key, taken_by_first_read=True):  # and this process's lock is free
        await a.load_conversation(ADDRESS, 10)
        assert await holder(a) == "a"


async def test_a_save_is_fenced_on_the_lease_its_read_took(workers):
    a, _ = workers
    async with a.conversation_lock(ADDRESS.key, taken_by_first_read=True):
        conversation = await a.load_conversation(ADDRESS, 10)
        # a stalled past its lease and another worker took the conversation
        await a.pool.execute("UPDATE leases SET holder = 'b' WHERE name = $1", NAME)
        with pytest.raises(LeaseLost):
            await a.save_turn(turn(conversation, "late", "u9"))
    assert not await a.seen("telegram", "u9")


async def test_a_read_counts_only_when_no_other_worker_held_the_conversation_in_between(workers):
    """The read's snapshot may predate the last turn of a worker that released the lease just
    before it was taken: a lease taken from another holder marks the read stale (read again)."""
    a, _ = workers

    async def take(worker: str):
        row = await a._lazy.fetchrow(TAKE_AND_LOAD, NAME, worker, 30.0, ADDRESS.key, 10, None, None)
        await a.release_lease(NAME, worker)
        return row["mine"], row["fresh"]

    assert await take("b") == (True, True)  # never held
    assert await take("b") == (True, True)  # held last by the same worker
    assert await take("a") == (True, False)  # taken over from b
    assert await take("a") == (True, True)
