"""The store's memory of recent conversations hands out copies that carry every field."""
from __future__ import annotations

from dataclasses import fields

from core.messages import Address
from core.store.base import Conversation, StoredMessage
from core.store.cache import ConversationCache


def test_a_cached_conversation_keeps_every_field_and_its_latest_messages():
    # a field added to Conversation must be carried by core/store/cache.py's _with_history too
    assert [f.name for f in fields(Conversation)] == [
        "id", "address", "user_name", "state", "escalation_id", "history", "message_count", "language"]
    conversation = Conversation("c1", Address("telegram", "42", "t"), "Ann", "handoff", "e1", [], 3, "it")
    messages = [StoredMessage("customer", f"question {i}") for i in range(3)]
    cache = ConversationCache()
    cache.put(conversation, messages, complete=True, count=3)
    added = [StoredMessage("customer", "question 3"), StoredMessage("bot", "answer 3")]
    cache.record(conversation, added)
    got = cache.get(conversation.address.key, history=2)
    assert got is not None and got is not conversation
    assert got.history == added and got.message_count == 5
    for field in fields(Conversation):
        if field.name not in ("history", "message_count"):
            assert getattr(got, field.name) == getattr(conversation, field.name), field.name
    assert conversation.history == []  # the cache's copies never share the caller's list
