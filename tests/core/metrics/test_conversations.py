"""The owner's reads beside the figures (search, transcript, escalations, CSV export), on SQLite
and PostgreSQL: the same SQL must find the same rows on both."""
from __future__ import annotations

import csv
import io
import time

from core.desk.escalation import Escalation, Reason, State
from core.messages import Address
from core.metrics import parse_period
from core.metrics.conversations import conversation, escalations, find_conversations
from core.metrics.export import export_csv
from core.store.base import StoredMessage, TurnRecord


async def talk(store, address: Address, name: str, *texts: str, escalation: Escalation | None = None) -> str:
    conversation_ = await store.load_conversation(address, 10)
    conversation_.user_name = name
    now = time.time()
    messages = [StoredMessage("customer" if n % 2 == 0 else "bot", t, at=now + n, topic="" if n % 2 == 0 else "order",
                              score=None if n % 2 == 0 else 0.8) for n, t in enumerate(texts)]
    if escalation is not None:
        escalation.conversation_id = conversation_.id
        conversation_.state, conversation_.escalation_id = "handoff", escalation.id
    await store.save_turn(TurnRecord(conversation_, messages=messages, escalation=escalation))
    return conversation_.id


async def test_search_transcript_escalations_and_export(store):
    refund = Escalation("e1", "", Reason.REFUND, State.OPEN, Address("telegram", "11"), "Ann", "money back",
                        details={"order_id": "10425"}, created_at=time.time())
    ann = await talk(store, Address("telegram", "11"), "Ann Lee", "I want my money back", "A colleague will answer.",
                     escalation=refund)
    bob = await talk(store, Address("web", "s-22"), "Bob", "Where is order 777?", "It ships today.", "100% sure_?")
    assert [r.id for r in await find_conversations(store, "")] == [bob, ann]  # newest first
    assert [r.id for r in await find_conversations(store, "ann lee")] == [ann]  # customer name, any case
    assert [r.id for r in await find_conversations(store, "10425")] == [ann]  # order number in the escalation
    assert [r.id for r in await find_conversations(store, "ORDER 777")] == [bob]  # message text
    assert [r.id for r in await find_conversations(store, "s-22")] == [bob]  # platform id
    assert [r.id for r in await find_conversations(store, "100% sure_")] == [bob]
    assert await find_conversations(store, "100%_sure") == []  # % and _ are literal
    found, lines = await conversation(store, bob)
    assert (found.channel, found.customer, found.name, found.messages) == ("web", "s-22", "Bob", 3)
    assert found.last_question == "100% sure_?"
    assert [(l.role, l.text) for l in lines][:2] == [("customer", "Where is order 777?"), ("bot", "It ships today.")]
    assert lines[1].topic == "order" and lines[1].score == 0.8 and not lines[1].abstained
    assert await conversation(store, "c_nothing") == (None, [])
    listed = await escalations(store)
    assert [(e.id, e.reason, e.state, e.conversation_id) for e in listed] == [("e1", "refund", "open", ann)]
    assert await escalations(store, open_only=True) == listed

    await store.rate("answer:x", bob, "answer", "good")
    files = await export_csv(store, parse_period("1d"))
    rows = list(csv.DictReader(io.StringIO(files["conversations.csv"])))
    assert {(r["conversation"], r["messages"], r["customer messages"], r["handoffs"]) for r in rows} == {
        (ann, "2", "1", "1"), (bob, "3", "2", "0")}
    ratings = list(csv.DictReader(io.StringIO(files["ratings.csv"])))
    assert [(r["conversation"], r["value"]) for r in ratings] == [(bob, "good")]
