"""Recent conversations kept in memory by the store that writes them (write-through, LRU)."""
from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

from core.store.base import Conversation, StoredMessage

CACHED_MESSAGES = 50  # per conversation: enough for the prompt's history and the web widget's
CACHED_CONVERSATIONS = 20_000


@dataclass(slots=True)
class _Entry:
    conversation: Conversation
    messages: deque[StoredMessage]
    complete: bool  # True when `messages` holds every message the conversation has
    count: int  # every message the conversation has


class ConversationCache:
    def __init__(self, size: int = CACHED_CONVERSATIONS) -> None:
        self.size = size
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def get(self, key: str, history: int) -> Conversation | None:
        entry = self._entries.get(key)
        if entry is None or (not entry.complete and len(entry.messages) < history):
            return None
        self._entries.move_to_end(key)
        messages = list(entry.messages)[-history:] if history else []
        return _with_history(entry.conversation, messages, entry.count)

    def put(self, conversation: Conversation, messages: list[StoredMessage], complete: bool, count: int) -> None:
        self._entries[conversation.address.key] = _Entry(
            _with_history(conversation, [], conversation.message_count), deque(messages, maxlen=CACHED_MESSAGES), complete, count
        )
        self._entries.move_to_end(conversation.address.key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def record(self, conversation: Conversation, added: list[StoredMessage]) -> None:
        """After a committed turn: the conversation's new state and messages."""
        entry = self._entries.get(conversation.address.key)
        if entry is None:
            return  # not cached: the next load reads it from the database
        if len(entry.messages) + len(added) > CACHED_MESSAGES:
            entry.complete = False  # the deque drops the oldest
        entry.messages.extend(added)
        entry.count += len(added)
        entry.conversation = _with_history(conversation, [], conversation.message_count)

    def forget(self, key: str) -> None:
        self._entries.pop(key, None)


def _with_history(c: Conversation, history: list[StoredMessage], count: int) -> Conversation:
    """A copy with its own history: built field by field, five times cheaper than
    dataclasses.replace (twice a turn); tests/core/store/test_cache.py checks that every field is
    carried over."""
    return Conversation(c.id, c.address, c.user_name, c.state, c.escalation_id, history, count, c.language)
