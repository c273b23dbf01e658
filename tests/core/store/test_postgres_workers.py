"""Several workers on one PostgreSQL database (issue 16): each worker is its own PostgresStore,
as each `csbot run` process would have; the server is a real one started by the test session."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from core.messages import Address, Outbound
from core.store import open_store
from core.store.base import DuplicateEvent, StoredMessage, StoreError, TurnRecord
from core.store.pg_schema import PG_MIGRATIONS
from core.store.postgres import PostgresStore

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def workers(postgres_server):
    url = postgres_server.fresh_database()
    stores = [PostgresStore(url, worker=f"w{n}") for n in range(3)]
    await asyncio.gather(*(s.open() for s in stores))  # three workers start at once: migrations once
    yield stores
    await asyncio.gather(*(s.close() for s in stores))


async def save(store, chat: str, *texts: str, event=None) -> list[int]:
    address = Address("telegram", chat)
    conversation = await store.load_conversation(address, 10)
    turn = TurnRecord(conversation, event=event, messages=[StoredMessage("customer", "hi")])
    turn.outbox += [Outbound(address, t) for t in texts]
    return await store.save_turn(turn)


async def test_workers_starting_together_apply_each_migration_once(workers):
    versions = await workers[0].pool.fetch("SELECT version FROM csbot_schema ORDER BY version")
    assert [v[0] for v in versions] == list(range(1, len(PG_MIGRATIONS) + 1))


async def test_a_duplicate_delivery_to_several_workers_makes_one_turn(workers):
    event = ("telegram", "update-77")
    results = await asyncio.gather(*(save(w, "7", "answer", event=event) for w in workers), return_exceptions=True)
    assert sum(isinstance(r, DuplicateEvent) for r in results) == 2
    assert all(isinstance(r, (list, DuplicateEvent)) for r in results)
    assert len(await workers[0].pending_outbox()) == 1
    assert all([await w.seen(*event) for w in workers])


async def test_one_turn_per_conversation_across_workers(workers):
    a, b, _ = workers
    inside, release = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def first():
        async with a.conversation_lock("telegram:5"):
            order.append("a in")
            inside.set()
            await release.wait()
            order.append("a out")

    async def second():
        async with b.conversation_lock("telegram:5"):
            order.append("b in")

    holder = asyncio.create_task(first())
    await asyncio.wait_for(inside.wait(), 10)
    async with b.conversation_lock("telegram:6"):  # another conversation: no wait
        order.append("b other")
    waiter = asyncio.create_task(second())
    done, _ = await asyncio.wait({waiter}, timeout=0.3)
    assert not done
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, waiter), 0.9)  # NOTIFY wakes it before the 1 s poll
    assert order == ["a in", "b other", "a out", "b in"]


async def test_a_dead_workers_conversation_is_taken_over_when_its_lease_ends(workers):
    _, b, _ = workers
    assert await b.try_lease("conversation:telegram:9", "dead-worker", 0.3)  # it died holding it
    lock = b.conversation_lock("telegram:9")
    await asyncio.wait_for(lock.__aenter__(), 10)
    assert await b.pool.fetchval("SELECT holder FROM leases WHERE name = 'conversation:telegram:9'") == "w1"
    await lock.__aexit__(None, None, None)


async def test_concurrent_claims_share_the_outbox_without_overlap(workers):
    writer = workers[0]
    ids = []
    for n in range(30):
        ids += await save(writer, str(n), f"reply {n}")
    await writer.pool.execute("UPDATE outbox SET lease_until = NULL, lease_holder = NULL")  # the writer died
    claims = await asyncio.gather(*(w.claim_outbox(w.worker, 60, limit=12) for w in workers))
    claimed = [e.id for claim in claims for e in claim]
    assert sorted(claimed) == ids and len(set(claimed)) == 30


async def test_a_stored_reply_is_its_writers_and_wakes_the_others_only_when_released(workers):
    a, b, c = workers
    waiting = [asyncio.create_task(w.wait_outbox(timeout=30)) for w in (b, c)]
    (entry,) = await save(a, "1", "hello")  # leased to a, which sends it: no NOTIFY per turn
    assert await b.claim_outbox(b.worker, 60) == []
    await a.outbox_release(entry)  # a cannot send it: now the others are woken
    await asyncio.wait_for(asyncio.gather(*waiting), 10)
    assert [e.id for e in await b.claim_outbox(b.worker, 60)] == [entry]


async def test_the_web_secret_is_the_same_on_every_worker(workers):
    secrets = await asyncio.gather(*(w.shared_secret("web-session") for w in workers))
    assert len(set(secrets)) == 1


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_what_cannot_be_opened_is_one_line(postgres_server):
    missing = postgres_server.url("no_such_db")
    cases = {
        missing: "database 'no_such_db' does not exist on PostgreSQL at 127.0.0.1:",
        f"postgresql://csbot:hunter2secret@127.0.0.1:{_free_port()}/shop": "cannot reach PostgreSQL at 127.0.0.1:",
        "postgresql://csbot@127.0.0.1:notaport/shop": "bad database URL",
        "mysql://shop": "unknown database URL scheme 'mysql://'",
    }
    for url, start in cases.items():
        with pytest.raises(StoreError) as caught:
            store = open_store(url)
            await store.open()
        message = str(caught.value)
        assert message.startswith(start), message
        assert "\n" not in message and "hunter2secret" not in message


def test_the_cli_takes_the_database_url_from_the_environment(postgres_server):
    env = {k: v for k, v in os.environ.items() if k not in ("CSBOT_CONFIG", "CSBOT_DB")}
    env["CSBOT_DATABASE_URL"] = postgres_server.url("no_such_db")
    result = subprocess.run(
        [sys.executable, "-m", "bots.cli", "conversations"], cwd=ROOT / "knowledge", env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("csbot: database 'no_such_db' does not exist") and result.stderr.count("\n") == 1


async def test_a_reopened_store_sees_what_was_committed(postgres_server):
    url = postgres_server.fresh_database()
    async with PostgresStore(url) as store:
        await save(store, "1", "kept", event=("telegram", "u1"))
    async with PostgresStore(url) as again:
        assert await again.seen("telegram", "u1")
        assert [e.outbound.text for e in await again.pending_outbox()] == ["kept"]
        conn = await asyncpg.connect(url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM messages") == 1
        finally:
            await conn.close()


async def test_notifications_come_back_after_the_listening_connection_drops(workers):
    a, b, _ = workers
    lost = b._listener.get_server_pid()
    await a.pool.execute("SELECT pg_terminate_backend($1)", lost)
    while b._relisten is None:  # b is woken when it notices the connection is gone
        await asyncio.wait_for(b.wait_outbox(timeout=30), 30)
    await asyncio.wait_for(b._relisten, 10)  # and listens again on a new connection
    assert b._listener is not None and b._listener.get_server_pid() != lost
    await b.wait_outbox(timeout=0)  # consume any wake-up left from the loss
    waiting = asyncio.create_task(b.wait_outbox(timeout=30))
    (entry,) = await save(a, "1", "after the drop")
    await a.outbox_release(entry)  # released for any worker: notified
    await asyncio.wait_for(waiting, 10)


async def test_a_slow_turn_keeps_its_conversation(workers):
    a, b, _ = workers
    a.conversation_lease = b.conversation_lease = 0.3  # renewed every 0.1 s while the turn runs
    b.unlock_poll = 0.05  # b would notice an expired lease at once
    async with a.conversation_lock("telegram:8"):
        with pytest.raises(asyncio.TimeoutError):  # three lease lengths later, still a's
            await asyncio.wait_for(b.conversation_lock("telegram:8").__aenter__(), 0.9)
    lock = b.conversation_lock("telegram:8")
    await asyncio.wait_for(lock.__aenter__(), 10)  # released: b gets it at once
    await lock.__aexit__(None, None, None)


async def test_a_reply_released_after_a_failed_attempt_wakes_the_other_workers(workers):
    a, b, _ = workers
    (entry,) = await save(a, "1", "hello")
    assert await b.claim_outbox(b.worker, 60) == []  # a's to send first
    waiting = asyncio.create_task(b.wait_outbox(timeout=30))
    await a.outbox_attempted(entry, "the socket is on another worker")
    await asyncio.wait_for(waiting, 10)
    assert [e.id for e in await b.claim_outbox(b.worker, 60)] == [entry]


async def test_the_first_read_of_a_turn_is_the_event_check_and_the_conversation_together(workers):
    a, b, _ = workers
    address = Address("telegram", "31")
    seen, fresh = await a.load_conversation_seen(address, 10, ("telegram", "u-1"))
    assert not seen and fresh.history == [] and fresh.message_count == 0
    await save(b, "31", "first answer", event=("telegram", "u-1"))
    seen, stored = await a.load_conversation_seen(address, 10, ("telegram", "u-1"))
    plain = await a.load_conversation(address, 10)
    assert seen and not (await a.load_conversation_seen(address, 10, ("telegram", "u-2")))[0]
    assert (stored.id, stored.message_count, [m.text for m in stored.history]) == (plain.id, 1, ["hi"])
