"""Outbox rows over time, on both backends: a platform's "retry after" keeps every claimer away
until then, a release by a worker that cannot send counts no attempt, and finished rows and old
event ids are pruned while the store runs."""
from __future__ import annotations

import asyncio
import time

import pytest

from core.messages import Address, Outbound
from core.store import open_store, postgres, sqlite
from core.store.base import StoredMessage, TurnRecord

ADDRESS = Address("telegram", "42")


async def save(store, *texts: str, event: tuple[str, str] | None = None) -> list[int]:
    conversation = await store.load_conversation(ADDRESS, 10)
    turn = TurnRecord(conversation, event=event, messages=[StoredMessage("customer", "hi")])
    turn.outbox += [Outbound(ADDRESS, t, conversation_id=conversation.id) for t in texts]
    return await store.save_turn(turn)


async def until(condition, store, timeout: float = 10.0) -> float:
    """Re-check at each outbox wake-up and at least every 50 ms; returns how long it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not await condition():
        assert loop.time() - start < timeout, "timed out"
        await store.wait_outbox(0.05)
    return loop.time() - start


async def test_a_retry_after_keeps_every_claimer_away_until_then(store):
    (entry,) = await save(store, "a")
    assert [e.id for e in await store.claim_outbox(store.worker, 60)] == [entry]
    await store.outbox_attempted(entry, "429 retry after 0.5", retry_in=0.5)
    asked = time.monotonic()
    assert await store.claim_outbox("w2", 60) == []
    assert await store.claim_outbox(store.worker, 60) == []

    async def claimable() -> bool:
        return bool(await store.claim_outbox("w2", 60))

    await until(claimable, store)
    assert time.monotonic() - asked >= 0.45


async def test_a_release_untried_counts_no_attempt(store):
    (entry,) = await save(store, "a")
    await store.claim_outbox(store.worker, 60)
    await store.outbox_release(entry)
    (taken,) = await store.claim_outbox("w2", 60)
    assert (taken.id, taken.attempts) == (entry, 0)


async def _rows(store, backend: str) -> list[tuple]:
    await store.flush()
    query = "SELECT id, status FROM outbox ORDER BY id"
    if backend == "sqlite":
        return [tuple(r) for r in await store.db.execute_fetchall(query)]
    return [tuple(r) for r in await store.pool.fetch(query)]


@pytest.fixture
def nothing_kept(monkeypatch):
    """A retention of "already over": whatever is finished now is old enough to prune."""
    for module in (sqlite, postgres):
        monkeypatch.setattr(module, "EVENTS_KEPT", -60)
        monkeypatch.setattr(module, "OUTBOX_KEPT", -60)


async def test_finished_rows_and_old_event_ids_are_pruned(store, backend, nothing_kept):
    sent, failed, waiting = await save(store, "sent", "failed", "waiting", event=("telegram", "u1"))
    await store.outbox_done(sent, "sent")
    await store.outbox_done(failed, "failed", "blocked")
    await store.prune()
    assert await _rows(store, backend) == [(waiting, "pending")]  # pending rows are never pruned
    assert not await store.seen("telegram", "u1")
    await save(store, "again", event=("telegram", "u1"))  # an event id forgotten: handled as new


async def test_only_rows_finished_before_the_cutoff_are_pruned(store, backend, monkeypatch):
    for module in (sqlite, postgres):
        monkeypatch.setattr(module, "OUTBOX_KEPT", 3600)
    old, recent, waiting = await save(store, "old", "recent", "waiting")
    for entry in (old, recent):
        await store.outbox_done(entry, "sent")
    await store.flush()
    a_day_ago = time.time() - 86400  # the old row was written and sent a day ago
    if backend == "sqlite":
        await store.db.execute("UPDATE outbox SET created_at = ?, updated_at = ? WHERE id = ?", (a_day_ago, a_day_ago, old))
        await store.db.commit()
    else:
        await store.pool.execute("UPDATE outbox SET created_at = $1, updated_at = $1 WHERE id = $2", a_day_ago, old)
    await store.prune()
    assert await _rows(store, backend) == [(recent, "sent"), (waiting, "pending")]


async def test_sqlite_keeps_the_newest_outbox_row_so_ids_are_never_used_again(tmp_path, nothing_kept):
    async with sqlite.SQLiteStore(str(tmp_path / "shop.db")) as store:
        first, last = await save(store, "a", "b")
        await store.outbox_done(first, "sent")
        await store.outbox_done(last, "sent")
        await store.prune()
        assert await _rows(store, "sqlite") == [(last, "sent")]
        assert await save(store, "c") == [last + 1]


async def test_a_running_store_prunes_by_itself(store_url, backend, nothing_kept, monkeypatch):
    monkeypatch.setattr(sqlite, "PRUNE_EVERY", 0.05)
    monkeypatch.setattr(postgres, "PRUNE_EVERY", 0.05)
    store = open_store(store_url)
    await store.open()
    try:
        done, waiting = await save(store, "done", "waiting")
        await store.outbox_done(done, "sent")

        async def pruned() -> bool:
            return await _rows(store, backend) == [(waiting, "pending")]

        await until(pruned, store)
    finally:
        await store.close()


async def test_a_claim_takes_only_the_channels_asked_for(store):
    (telegram,) = await save(store, "for telegram")
    conversation = await store.load_conversation(Address("web", "s1"), 10)
    (web,) = await store.save_turn(TurnRecord(conversation, outbox=[Outbound(Address("web", "s1"), "for the widget")]))
    assert [e.id for e in await store.claim_outbox(store.worker, 60, channels=["web"])] == [web]
    assert await store.claim_outbox("w2", 60, channels=[]) == []
    assert [e.id for e in await store.claim_outbox(store.worker, 60, channels=["telegram", "web"])] == [telegram, web]
