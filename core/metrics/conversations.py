"""The owner's reads beside the figures: conversations found by text, customer or order number, one
conversation's transcript, and the escalations. The same SQL on both stores (`?` placeholders)."""
from __future__ import annotations

from dataclasses import dataclass

from core.store.base import Store

LISTED = 50  # rows a list shows
TRANSCRIPT = 1000  # messages a transcript shows
_ESCAPE = "\\"


@dataclass(frozen=True, slots=True)
class ConversationRow:
    id: str
    channel: str
    customer: str  # the platform's chat id: an address, a phone number, a user id
    name: str
    state: str
    language: str
    started: float
    updated: float
    messages: int
    last_question: str  # the customer's latest message
    key: str = ""  # the address key (`telegram:42`): what `csbot forget` takes


@dataclass(frozen=True, slots=True)
class Line:
    role: str  # customer, bot, staff
    text: str
    author: str
    at: float
    topic: str
    score: float | None
    abstained: bool


@dataclass(frozen=True, slots=True)
class EscalationRow:
    id: str
    conversation_id: str
    reason: str
    state: str
    channel: str
    name: str
    summary: str
    opened: float
    updated: float


_CONVERSATION = ("SELECT c.id, c.channel, c.chat_id, c.user_name, c.state, c.language, c.created_at, c.updated_at,"
                 " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id),"
                 " (SELECT q.text FROM messages q WHERE q.conversation_id = c.id AND q.role = 'customer'"
                 " ORDER BY q.id DESC LIMIT 1), c.address_key FROM conversations c")


def _like(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere, with its own % and _ taken literally."""
    for special in (_ESCAPE, "%", "_"):
        text = text.replace(special, _ESCAPE + special)
    return f"%{text.casefold()}%"


async def find_conversations(store: Store, query: str = "", limit: int = LISTED) -> list[ConversationRow]:
    """The latest conversations, or those whose customer (name or id), messages or escalation details
    (an order number) contain `query`, newest first."""
    query = query.strip()
    if not query:
        rows = await store.read(f"{_CONVERSATION} ORDER BY c.updated_at DESC LIMIT ?", limit)
    else:
        like = _like(query)
        rows = await store.read(
            f"{_CONVERSATION} WHERE lower(c.user_name) LIKE ? ESCAPE '\\' OR lower(c.chat_id) LIKE ? ESCAPE '\\'"
            " OR c.id = ?"
            " OR c.id IN (SELECT m.conversation_id FROM messages m WHERE lower(m.text) LIKE ? ESCAPE '\\')"
            " OR c.id IN (SELECT e.conversation_id FROM escalations e WHERE lower(e.details) LIKE ? ESCAPE '\\')"
            " ORDER BY c.updated_at DESC LIMIT ?",
            like, like, query, like, like, limit,
        )
    return [_conversation(row) for row in rows]


async def conversation(store: Store, conversation_id: str) -> tuple[ConversationRow | None, list[Line]]:
    rows = await store.read(f"{_CONVERSATION} WHERE c.id = ?", conversation_id)
    if not rows:
        return None, []
    lines = await store.read(
        "SELECT role, text, author, created_at, topic, score, CAST(abstained AS INTEGER) FROM messages"
        " WHERE conversation_id = ? ORDER BY id LIMIT ?", conversation_id, TRANSCRIPT,
    )
    return _conversation(rows[0]), [
        Line(r, t, a or "", float(at), topic or "", None if s is None else float(s), bool(x))
        for r, t, a, at, topic, s, x in lines
    ]


async def escalations(store: Store, open_only: bool = False, limit: int = LISTED) -> list[EscalationRow]:
    where = " WHERE state IN ('open', 'taken')" if open_only else ""
    rows = await store.read(
        "SELECT id, conversation_id, reason, state, customer_channel, customer_name, summary, created_at, updated_at"
        f" FROM escalations{where} ORDER BY created_at DESC LIMIT ?", limit,
    )
    return [EscalationRow(*row[:7], float(row[7]), float(row[8])) for row in rows]


def _conversation(row: tuple) -> ConversationRow:
    i, channel, chat, name, state, language, started, updated, count, last, key = row
    return ConversationRow(i, channel, chat, name or "", state, language or "", float(started), float(updated), int(count),
                           last or "", key)
