"""How many times someone failed to prove an order is theirs.

Counted per conversation, per customer and per order, so neither a new chat nor another order
number starts the count again for the one guessing, and an order under attack from several
chats is closed too. Past LIMIT failures in WINDOW seconds the bot stops checking and hands the
conversation to staff.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from core.shop.orders.book import OrderBook

LIMIT = 3
WINDOW = 3600.0


@dataclass(frozen=True, slots=True)
class Asker:
    conversation: str  # the conversation's id
    customer: str  # the platform's chat or user (Address.key)


class Attempts:
    def __init__(self, book: OrderBook, limit: int = LIMIT, window: float = WINDOW) -> None:
        self.book = book
        self.limit = limit
        self.window = window

    async def failures(self, asker: Asker, order_id: str) -> int:
        since = time.time() - self.window
        return await self.book.failed_attempts(asker.conversation, asker.customer, order_id, since)

    async def locked(self, asker: Asker, order_id: str) -> bool:
        return await self.failures(asker, order_id) >= self.limit

    async def record(self, asker: Asker, order_id: str, ok: bool) -> None:
        await self.book.add_attempt(asker.conversation, asker.customer, order_id, ok)
