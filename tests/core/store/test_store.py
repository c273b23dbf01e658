"""The Store contract, on both backends: turns, dedupe, outbox claims, leases, shared secrets,
the conversation lock and the outbox wake-up (store_contract.md)."""
from __future__ import annotations

import asyncio

import pytest

from core.desk.escalation import Escalation, Reason, State
from core.messages import Address, Outbound
from core.store import open_store
from core.store.base import DuplicateEvent, StoredMessage, TurnRecord

ADDRESS = Address("telegram", "42")


async def save(store, *texts: str, event: tuple[str, str] | None = None, address: Address = ADDRESS) -> list[int]:
    conversation = await store.load_conversation(address, 10)
    turn = TurnRecord(conversation, event=event)
    turn.messages += [StoredMessage("customer", "hi")] + [StoredMessage("bot", t) for t in texts]
    turn.outbox += [Outbound(address, t, conversation_id=conversation.id) for t in texts]
    return await store.save_turn(turn)


async def test_a_turn_is_stored_and_read_back(store):
    ids = await save(store, "one", "two")
    assert len(ids) == 2 and ids[0] < ids[1]
    conversation = await store.load_conversation(ADDRESS, 10)
    assert [m.text for m in conversation.history] == ["hi", "one", "two"]
    assert conversation.message_count == 3
    assert (await store.conversation_by_id(conversation.id, 10)).address == ADDRESS
    assert [e.outbound.text for e in await store.pending_outbox()] == ["one", "two"]
    await store.outbox_done(ids[0], "sent")
    assert [e.id for e in await store.pending_outbox()] == [ids[1]]
    listed = await store.list_conversations()
    assert [(c.id, n) for c, n in listed] == [(conversation.id, 3)]
    await save(store, "three")
    again = await store.load_conversation(ADDRESS, 2)
    assert ([m.text for m in again.history], again.message_count) == (["hi", "three"], 5)
    assert [n for _, n in await store.list_conversations()] == [5]


async def test_escalations_are_stored_and_found_by_desk_ref(store):
    conversation = await store.load_conversation(ADDRESS, 10)
    escalation = Escalation(
        id="e_1", conversation_id=conversation.id, reason=Reason.HUMAN, state=State.OPEN, customer=ADDRESS,
        customer_name="Ann", summary="a person, please",
    )
    await store.save_turn(TurnRecord(conversation, escalation=escalation))
    await store.set_desk_ref("e_1", {"ts": "123.4"})
    found = await store.find_escalation_by_desk_ref("ts", "123.4")
    assert found is not None and found.id == "e_1"
    assert [e.id for e in await store.list_escalations(open_only=True)] == ["e_1"]
    escalation = await store.get_escalation("e_1")  # as the handoff does: read, change, save
    escalation.state, escalation.assignee = State.TAKEN, "maria"
    await store.save_turn(TurnRecord(conversation, escalation=escalation, screen="taken"))
    stored = await store.get_escalation("e_1")
    assert (stored.state, stored.assignee, stored.desk_ref) == (State.TAKEN, "maria", {"ts": "123.4"})
    assert [(state, actor) for state, actor, _, _ in await store.escalation_history("e_1")] == [
        ("open", ""), ("taken", "maria")
    ]


async def test_an_event_is_seen_only_after_its_turn_commits_and_only_once(store):
    event = ("telegram", "update-9")
    assert not await store.seen(*event)
    await save(store, "answer", event=event)
    assert await store.seen(*event)
    with pytest.raises(DuplicateEvent):
        await save(store, "again", event=event)
    assert [e.outbound.text for e in await store.pending_outbox()] == ["answer"]  # nothing of the second


async def test_concurrent_deliveries_of_one_event_make_one_turn(store):
    event = ("slack-event", "Ev1")
    results = await asyncio.gather(
        *(save(store, f"reply {n}", event=event, address=Address("slack", f"C{n}")) for n in range(3)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, DuplicateEvent) for r in results) == 2
    assert len(await store.pending_outbox()) == 1


async def test_claimed_outbox_entries_go_to_one_worker_until_released(store):
    ids = await save(store, "a", "b", "c")
    assert await store.claim_outbox("w2", lease_seconds=60) == []  # the writer sends its turn's replies
    mine = await store.claim_outbox(store.worker, lease_seconds=60, limit=2)
    assert [e.id for e in mine] == ids[:2]
    await store.outbox_attempted(ids[0], "timeout")  # released: another worker may try
    await store.outbox_done(ids[1], "sent")
    taken = await store.claim_outbox("w2", lease_seconds=60)
    assert [e.id for e in taken] == [ids[0]]
    assert taken[0].attempts == 1
    assert await store.claim_outbox("w3", lease_seconds=60) == []
    assert [e.id for e in await store.claim_outbox(store.worker, lease_seconds=60)] == [ids[2]]


async def test_an_expired_outbox_lease_is_claimed_by_another_worker(store):
    ids = await save(store, "a")
    # A worker claims them and dies; its lease is over (a negative lease: already in the past).
    assert [e.id for e in await store.claim_outbox(store.worker, lease_seconds=-1)] == ids
    assert [e.id for e in await store.claim_outbox("alive", lease_seconds=60)] == ids


async def test_a_lease_has_one_holder_until_released_or_expired(store):
    assert await store.try_lease("telegram-poller", "w1", ttl=30)
    assert await store.try_lease("telegram-poller", "w1", ttl=30)  # renewed
    assert not await store.try_lease("telegram-poller", "w2", ttl=30)
    await store.release_lease("telegram-poller", "w2")  # not the holder: no effect
    assert not await store.try_lease("telegram-poller", "w2", ttl=30)
    await store.release_lease("telegram-poller", "w1")
    assert await store.try_lease("telegram-poller", "w2", ttl=-1)  # w2 takes it, then stalls past its end
    assert await store.try_lease("telegram-poller", "w3", ttl=30)  # an expired lease is taken over
    assert not await store.try_lease("telegram-poller", "w2", ttl=30)


async def test_a_shared_secret_is_created_once(store, store_url):
    secret = await store.shared_secret("web-session")
    assert len(secret) >= 32
    assert await store.shared_secret("web-session") == secret
    assert await store.shared_secret("other") != secret
    await store.close()
    reopened = open_store(store_url)
    await reopened.open()
    try:
        assert await reopened.shared_secret("web-session") == secret
    finally:
        await reopened.close()
        await store.open()


async def test_the_conversation_lock_runs_one_turn_at_a_time(store):
    order: list[str] = []
    inside, release = asyncio.Event(), asyncio.Event()

    async def first():
        async with store.conversation_lock("telegram:42"):
            order.append("first in")
            inside.set()
            await release.wait()
            order.append("first out")

    async def second():
        async with store.conversation_lock("telegram:42"):
            order.append("second in")

    async def other():
        async with store.conversation_lock("telegram:43"):  # another conversation does not wait
            order.append("other")

    holder = asyncio.create_task(first())
    await asyncio.wait_for(inside.wait(), 10)
    await asyncio.wait_for(other(), 10)
    waiter = asyncio.create_task(second())
    done, _ = await asyncio.wait({waiter}, timeout=0.3)  # must not get in while the first holds it
    assert not done
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, waiter), 10)
    assert order == ["first in", "other", "first out", "second in"]


async def test_wait_outbox_returns_when_a_reply_is_stored(store):
    waiting = asyncio.create_task(store.wait_outbox(timeout=30))
    done, _ = await asyncio.wait({waiting}, timeout=0.1)
    assert not done
    await save(store, "wake up")
    await asyncio.wait_for(waiting, 10)


async def test_a_reply_marked_sent_while_the_outbox_is_read_is_not_sent_again(store):
    (entry_id,) = await save(store, "only once")
    reading = asyncio.create_task(store.pending_outbox())  # a periodic flush reads the outbox...
    await asyncio.sleep(0)
    await store.outbox_done(entry_id, "sent")  # ...while the turn's own delivery finishes
    assert [e.id for e in await reading] == []
    assert await store.pending_outbox() == []
