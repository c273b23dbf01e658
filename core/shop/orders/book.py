"""What csbot itself remembers about orders, in the store (tables in core/store/schema.py):

- changes the bot made to the pack's own orders (cancelled, new address, refund recorded, note),
  so the embedded source survives a restart;
- refund intents, written before the source is asked to move money, so a retried Approve, a
  restart or a crash mid-call never refunds twice;
- verification attempts, so guessing an order's e-mail stops after a few tries.

`MemoryOrderBook` is the same book in a dict, for tests and for a store-less run.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # "status", "address", "refund", "note"
    data: dict
    created_at: float = 0.0


@dataclass(frozen=True, slots=True)
class RefundIntent:
    key: str  # one per approved request (the escalation id): the same key never refunds twice
    order_id: str
    amount: str  # "24.90"
    reason: str
    state: str = "pending"  # pending (asked, answer unknown), issued, staff (recorded, paid out by a person), refused
    refund_id: str = ""
    note: str = ""


class OrderBook(Protocol):
    async def changes(self, source: str, order_id: str) -> list[Change]: ...
    async def add_change(self, source: str, order_id: str, kind: str, data: dict) -> None: ...
    async def refund_intent(self, intent: RefundIntent) -> RefundIntent: ...  # the stored one wins
    async def settle_refund(self, key: str, state: str, refund_id: str = "", note: str = "") -> None: ...
    async def add_attempt(self, conversation: str, customer: str, order_id: str, ok: bool) -> None: ...
    async def failed_attempts(self, conversation: str, customer: str, order_id: str, since: float) -> int: ...
    async def proven(self, conversation: str, order_id: str) -> bool: ...


class MemoryOrderBook:
    def __init__(self) -> None:
        self._changes: list[tuple[str, str, Change]] = []
        self._intents: dict[str, RefundIntent] = {}
        self._attempts: list[tuple[str, str, str, bool, float]] = []

    async def changes(self, source: str, order_id: str) -> list[Change]:
        return [c for s, o, c in self._changes if (s, o) == (source, order_id)]

    async def add_change(self, source: str, order_id: str, kind: str, data: dict) -> None:
        self._changes.append((source, order_id, Change(kind, json.loads(json.dumps(data)), time.time())))

    async def refund_intent(self, intent: RefundIntent) -> RefundIntent:
        return self._intents.setdefault(intent.key, intent)

    async def settle_refund(self, key: str, state: str, refund_id: str = "", note: str = "") -> None:
        self._intents[key] = replace(self._intents[key], state=state, refund_id=refund_id, note=note)

    async def add_attempt(self, conversation: str, customer: str, order_id: str, ok: bool) -> None:
        self._attempts.append((conversation, customer, order_id, ok, time.time()))

    async def failed_attempts(self, conversation: str, customer: str, order_id: str, since: float) -> int:
        return sum(
            1 for c, k, o, ok, at in self._attempts
            if not ok and at >= since and (c == conversation or k == customer or o == order_id)
        )

    async def proven(self, conversation: str, order_id: str) -> bool:
        return any(ok and c == conversation and o == order_id for c, _, o, ok, _ in self._attempts)
