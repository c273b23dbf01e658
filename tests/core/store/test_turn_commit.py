"""On a SQLite file a turn commits on the event loop's own thread, on a connection of its own
(core/store/sqlite_commit.py): no trip to aiosqlite's thread, turns that finish together share a
transaction, and what a committed turn wrote is on disk for any other reader at once."""
from __future__ import annotations

import asyncio
import sqlite3

from core.messages import Address
from core.store.base import DuplicateEvent
from core.store.sqlite import SQLiteStore
from tests.support.turns import turn


async def test_a_turn_commits_without_a_trip_to_aiosqlites_thread(tmp_path):
    async with SQLiteStore(str(tmp_path / "shop.db")) as store:
        conversation = await store.load_conversation(Address("telegram", "1"), 10)
        trips = []
        real = store.db._execute

        async def counted(*args, **kwargs):
            trips.append(args[0])
            return await real(*args, **kwargs)

        store.db._execute = counted
        try:
            assert await store.save_turn(turn(conversation, "hello", "u1")) == [1]
        finally:
            store.db._execute = real
        assert trips == []


async def test_a_committed_turn_is_read_by_another_connection_before_the_store_closes(tmp_path):
    db = str(tmp_path / "shop.db")
    async with SQLiteStore(db) as store:
        conversation = await store.load_conversation(Address("telegram", "1"), 10)
        await store.save_turn(turn(conversation, "hello", "u1"))
        reader = sqlite3.connect(db)  # as after a crash: nothing flushed or closed
        try:
            assert reader.execute("SELECT text FROM messages").fetchall() == [("hello",)]
            assert reader.execute("SELECT event_id FROM processed_events").fetchall() == [("u1",)]
            assert reader.execute("SELECT id, status FROM outbox").fetchall() == [(1, "pending")]
        finally:
            reader.close()


async def test_turns_finishing_together_share_a_transaction_and_each_gets_its_own_ids(tmp_path):
    async with SQLiteStore(str(tmp_path / "shop.db")) as store:
        conversations = [await store.load_conversation(Address("telegram", str(n)), 10) for n in range(20)]
        before = store._commits.writer.total_changes
        changes = []
        real = store._commits._batch_now

        def batch_now(writer, batch):
            changes.append(len(batch))
            return real(writer, batch)

        store._commits._batch_now = batch_now
        ids = await asyncio.gather(*(store.save_turn(turn(c, f"q{n}", f"u{n}")) for n, c in enumerate(conversations)))
        assert changes == [20]  # one transaction for the twenty turns
        assert sorted(i for turn_ids in ids for i in turn_ids) == list(range(1, 21))
        assert store._commits.writer.total_changes - before == 20 * 4  # event, conversation, message, outbox row
        for n in range(20):
            assert await store.seen("telegram", f"u{n}")


async def test_a_duplicate_event_fails_its_own_turn_only(tmp_path):
    async with SQLiteStore(str(tmp_path / "shop.db")) as store:
        first = await store.load_conversation(Address("telegram", "1"), 10)
        await store.save_turn(turn(first, "hello", "u1"))
        raw = sqlite3.connect(str(tmp_path / "shop.db"))  # another writer recorded u2 meanwhile
        raw.execute("INSERT INTO processed_events VALUES ('telegram', 'u2', 0)")
        raw.commit()
        raw.close()
        second, third = [await store.load_conversation(Address("telegram", n), 10) for n in ("2", "3")]
        results = await asyncio.gather(store.save_turn(turn(second, "a", "u2")), store.save_turn(turn(third, "b", "u3")),
                                       return_exceptions=True)
        assert isinstance(results[0], DuplicateEvent)
        assert results[1] == [2]
        assert await store.seen("telegram", "u3") and not await store.seen("telegram", "u2")


async def test_a_turn_alone_on_the_loop_commits_without_waiting_a_round(tmp_path):
    async with SQLiteStore(str(tmp_path / "shop.db")) as store:
        conversation = await store.load_conversation(Address("telegram", "1"), 10)
        await asyncio.sleep(0)  # let whatever the open scheduled run first
        saving = store.save_turn(turn(conversation, "hello", "u1"))
        try:
            saving.send(None)  # one step: with nothing else ready it never suspends
        except StopIteration as finished:
            assert finished.value == [1]
        else:
            saving.close()
            raise AssertionError("the lone turn waited for a round of the loop")
        assert await store.seen("telegram", "u1")
