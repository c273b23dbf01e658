"""The storage port. SQLite implements it; a PostgreSQL backend for several workers could too."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from core.escalation import Escalation
from core.messages import Address, Outbound


@dataclass(slots=True)
class StoredMessage:
    role: str  # "customer" | "bot" | "staff"
    text: str
    author: str = ""
    at: float = 0.0
    voice: str = ""


@dataclass(slots=True)
class Conversation:
    id: str
    address: Address
    user_name: str = ""
    state: str = "bot"  # "bot" | "handoff"
    escalation_id: str | None = None
    history: list[StoredMessage] = field(default_factory=list)  # the latest messages, oldest first
    message_count: int = 0  # all stored messages, of which `history` are the last


@dataclass(slots=True)
class Step:
    model_output: str
    shell_output: str
    prompt_tokens: int = 0


@dataclass(slots=True)
class ProgramRecord:
    program: str
    args: dict
    status: str
    output: str


@dataclass(slots=True)
class TurnRecord:
    """Everything one turn changes, written in one transaction."""

    conversation: Conversation
    messages: list[StoredMessage] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    runs: list[ProgramRecord] = field(default_factory=list)
    escalation: Escalation | None = None  # opened or changed in this turn
    screen: str = ""  # why the input screen or triage acted, for the record
    outbox: list[Outbound] = field(default_factory=list)


@dataclass(slots=True)
class OutboxEntry:
    id: int
    outbound: Outbound
    attempts: int


class Store(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def seen(self, source: str, event_id: str) -> bool: ...
    async def first_seen(self, source: str, event_id: str) -> bool: ...
    async def load_conversation(self, address: Address, history: int) -> Conversation: ...
    async def conversation_by_id(self, conversation_id: str, history: int) -> Conversation | None: ...
    async def save_turn(self, turn: TurnRecord) -> list[int]: ...
    async def recent_messages(self, conversation_id: str, limit: int) -> list[StoredMessage]: ...
    async def get_escalation(self, escalation_id: str) -> Escalation | None: ...
    async def set_desk_ref(self, escalation_id: str, ref: dict) -> None: ...
    async def find_escalation_by_desk_ref(self, key: str, value: str) -> Escalation | None: ...
    async def list_escalations(self, open_only: bool = False) -> list[Escalation]: ...
    async def list_conversations(self, limit: int = 50) -> list[tuple[Conversation, int]]: ...
    async def pending_outbox(self) -> list[OutboxEntry]: ...
    async def outbox_done(self, entry_id: int, status: str, error: str = "") -> None: ...
    async def outbox_attempted(self, entry_id: int, error: str) -> None: ...
