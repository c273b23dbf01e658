"""The storage port. SQLite implements it for one process; PostgreSQL for several workers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import AsyncContextManager, Protocol

from core.desk.escalation import Escalation
from core.messages import Address, Outbound


class StoreError(Exception):
    """The store cannot be opened or used (bad URL, server down, missing database, file in use by
    another process, read-only file); the message is one line for the console."""


class LeaseLost(Exception):
    """`save_turn` found that this worker no longer holds the conversation's lease (it stalled or lost
    the database for longer than the lease, and another worker may be running a turn of it now):
    nothing of the turn was written, and its platform event is not recorded, so a redelivery runs."""


class DuplicateEvent(Exception):
    """`save_turn` found the turn's platform event already recorded (another worker or a concurrent
    redelivery won); nothing of the turn was written."""


@dataclass(slots=True)
class StoredMessage:
    role: str  # "customer" | "bot" | "staff"
    text: str
    author: str = ""
    at: float = 0.0
    voice: str = ""
    # A bot reply's answer, for the owner's figures: what it was about, how sure the answerer
    # was (None for a model's reply), and whether it said the shop's information does not say.
    topic: str = ""
    score: float | None = None
    abstained: bool = False
    ref: str = ""  # a bot answer's short id: the customer's rating buttons name it


@dataclass(slots=True)
class Conversation:
    id: str
    address: Address
    user_name: str = ""
    state: str = "bot"  # "bot" | "handoff"
    escalation_id: str | None = None
    history: list[StoredMessage] = field(default_factory=list)  # the latest messages, oldest first
    message_count: int = 0  # all stored messages, of which `history` are the last
    language: str = ""  # the customer's language as last seen ('' keeps the stored one)


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
    event: tuple[str, str] | None = None  # (source, platform event id): recorded with the turn, once


@dataclass(slots=True)
class OutboxEntry:
    id: int
    outbound: Outbound
    attempts: int
    not_before: float = 0.0  # no attempt before this time (a platform's "retry after")


class Store(Protocol):
    # This process's lease holder name: the outbox rows a turn writes are leased to it for a few
    # seconds (its hub sends them at once); claim_outbox(store.worker, ...) also returns those.
    worker: str

    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def seen(self, source: str, event_id: str) -> bool: ...
    async def first_seen(self, source: str, event_id: str) -> bool: ...  # legacy: marks at once (not for turns)
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
    async def outbox_attempted(self, entry_id: int, error: str, retry_in: float = 0.0) -> None: ...
    async def outbox_release(self, entry_id: int) -> None: ...  # untried: no attempt counted
    async def prune(self) -> None: ...  # forget finished outbox rows and old event ids (retention.py)
    # -- several workers (in-process versions on SQLite) -------------------------------------------
    def conversation_lock(self, key: str, *, taken_by_first_read: bool = False) -> AsyncContextManager[None]: ...
    # `channels`: only rows of these channels (the ones this worker has adapters for); None: any.
    async def claim_outbox(
        self, worker: str, lease_seconds: float, limit: int = 100, channels: list[str] | None = None
    ) -> list[OutboxEntry]: ...
    async def try_lease(self, name: str, holder: str, ttl: float) -> bool: ...
    async def release_lease(self, name: str, holder: str) -> None: ...
    async def shared_secret(self, name: str) -> str: ...
    async def wait_outbox(self, timeout: float) -> None: ...
    # the owner's figures (core/metrics): `dialect` is "sqlite" or "postgresql"
    dialect: str
    async def read(self, sql: str, *args) -> list[tuple]: ...
    async def rate(self, subject: str, conversation_id: str, kind: str, value: str) -> None: ...
    # privacy (core/store/forgetting.py): one customer's data on request, and retention
    async def delete_conversations(self, rows: list[tuple]) -> list[str]: ...
