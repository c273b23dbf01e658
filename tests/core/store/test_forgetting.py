"""Forgetting a customer on request and deleting old conversations, on SQLite and PostgreSQL: every
table that holds something of the conversation is emptied of it, other customers keep theirs."""
from __future__ import annotations

import functools
import time

from core.desk.escalation import Escalation, Reason, State
from core.messages import Address, Outbound
from core.store.base import ProgramRecord, Step, StoredMessage, TurnRecord
from core.store.forgetting import Retention, forget_before, forget_customer

DAY = 86400.0
TABLES = ("conversations", "messages", "steps", "program_runs", "escalations", "escalation_events", "ratings",
          "outbox", "order_attempts")


async def a_conversation(store, address: Address, text: str, *, at: float, escalate: bool = False) -> str:
    conversation = await store.load_conversation(address, 10)
    escalation = None
    if escalate:
        escalation = Escalation(f"e-{address.chat_id}", conversation.id, Reason.REFUND, State.OPEN, address, "Ann", text,
                                created_at=at)
        conversation.state, conversation.escalation_id = "handoff", escalation.id
    turn = TurnRecord(
        conversation,
        messages=[StoredMessage("customer", text, at=at), StoredMessage("bot", "noted", at=at + 1, ref=f"r{address.chat_id}")],
        steps=[Step("cat shipping.txt", "...")],
        runs=[ProgramRecord("order_status", {"order_id": "18"}, "ok", "shipped")],
        escalation=escalation,
        outbox=[Outbound(address, "noted", conversation_id=conversation.id)],
    )
    await store.save_turn(turn)
    await store.rate(f"answer:r{address.chat_id}", conversation.id, "answer", "good")
    await store.read("SELECT 1")  # SQLite: bookkeeping written behind is flushed by a read
    return conversation.id


async def count(store, table: str, conversation_id: str) -> int:
    column = {"conversations": "id", "escalation_events": "escalation_id", "outbox": "payload"}.get(table, "conversation_id")
    if table == "escalation_events":
        sql = "SELECT COUNT(*) FROM escalation_events WHERE escalation_id IN (SELECT id FROM escalations WHERE conversation_id = ?)"
    elif table == "outbox":
        sql, conversation_id = "SELECT COUNT(*) FROM outbox WHERE payload LIKE ?", f"%{conversation_id}%"
    else:
        sql = f"SELECT COUNT(*) FROM {table} WHERE {column} = ?"
    ((n,),) = await store.read(sql, conversation_id)
    return int(n)


async def add_attempt(store, conversation_id: str) -> None:
    if store.dialect == "sqlite":
        async with store._commits.lock:
            await store.db.execute("INSERT INTO order_attempts (conversation_id, customer, order_id, ok, created_at)"
                                   " VALUES (?, 'x', '18', 1, ?)", (conversation_id, time.time()))
    else:
        await store.pool.execute("INSERT INTO order_attempts (conversation_id, customer, order_id, ok, created_at)"
                                 " VALUES ($1, 'x', '18', true, $2)", conversation_id, time.time())


async def test_forget_deletes_one_customer_everywhere(store):
    now = time.time()
    gone = await a_conversation(store, Address("telegram", "42"), "refund order 18 please", at=now, escalate=True)
    kept = await a_conversation(store, Address("telegram", "43"), "refund order 19 please", at=now, escalate=True)
    await add_attempt(store, gone)
    await add_attempt(store, kept)
    assert all([await count(store, t, gone) for t in TABLES])
    assert await forget_customer(store, "telegram:42") == [gone]
    for table in TABLES:
        assert await count(store, table, gone) == 0, table
        assert await count(store, table, kept) > 0, table
    again = await store.load_conversation(Address("telegram", "42"), 10)  # a new, empty conversation
    assert again.id != gone and again.history == []


async def test_forget_by_platform_id_and_by_e_mail(store):
    now = time.time()
    web = await a_conversation(store, Address("web", "s1"), "my mail is Ann.Lee@Example.com", at=now)
    other = await a_conversation(store, Address("web", "s2"), "mail me at annalee@example.com", at=now)
    telegram = await a_conversation(store, Address("telegram", "77"), "hi", at=now)
    assert await forget_customer(store, "ann.lee@example.com") == [web]
    assert await forget_customer(store, "77") == [telegram]
    assert await forget_customer(store, "nobody@example.com") == []
    assert await count(store, "conversations", other) == 1


async def test_retention_deletes_conversations_older_than_the_setting(store):
    now = time.time()
    old = await a_conversation(store, Address("telegram", "1"), "old question", at=now - 40 * DAY)
    recent = await a_conversation(store, Address("telegram", "2"), "new question", at=now)
    held = await a_conversation(store, Address("telegram", "3"), "refund please", at=now - 40 * DAY, escalate=True)
    for conversation_id in (old, held):  # quiet for 40 days
        if store.dialect == "sqlite":
            async with store._commits.lock:
                await store.db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now - 40 * DAY, conversation_id))
        else:
            await store.pool.execute("UPDATE conversations SET updated_at = $1 WHERE id = $2", now - 40 * DAY, conversation_id)
    retention = Retention(functools.partial(forget_before, store), days=30)
    assert await retention.run_once() == 1
    assert await count(store, "messages", old) == 0 and await count(store, "conversations", old) == 0
    assert await count(store, "messages", recent) == 2
    assert await count(store, "conversations", held) == 1  # staff still hold it
    assert await retention.run_once() == 0
