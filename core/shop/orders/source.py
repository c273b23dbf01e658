"""The order source: the one interface every shop system is reached through.

The embedded source (the pack's orders.csv, changes kept in the store) lives beside this file;
WooCommerce and the generic HTTP JSON contract live in adapters/orders/. Each call answers with
an Outcome of what really happened, never with an exception: a source that raises, answers
garbage or hangs is `unreachable` (Guarded below), so a customer's turn always ends.
"""
from __future__ import annotations

import asyncio
import logging
from decimal import Decimal
from typing import Protocol, runtime_checkable

from core.shop.orders.outcome import Outcome

log = logging.getLogger("csbot.orders")

# A customer must hear "I cannot reach our order system" within 10 s of a hanging shop; the
# rest of the turn (store, reply) needs a moment too.
TIMEOUT = 8.0


@runtime_checkable
class OrderSource(Protocol):
    name: str  # "pack", "woocommerce", "http": shown on the desk and by `csbot orders check`
    issues_money: bool  # a DONE refund returned money (a shop system); False: only recorded (the pack)

    async def lookup(self, order_id: str) -> Outcome: ...  # DONE with the order, or NOT_FOUND
    async def cancel(self, order_id: str, reason: str) -> Outcome: ...
    async def change_address(self, order_id: str, address: str) -> Outcome: ...
    async def refund(self, order_id: str, amount: Decimal, reason: str) -> Outcome: ...
    async def add_note(self, order_id: str, text: str) -> Outcome: ...
    async def aclose(self) -> None: ...


class Guarded:
    """Any source, bounded in time and errors: every call returns an Outcome within `timeout`."""

    def __init__(self, source: OrderSource, timeout: float = TIMEOUT) -> None:
        self.source = source
        self.timeout = timeout
        self.name = source.name
        self.issues_money = getattr(source, "issues_money", True)

    async def _call(self, what: str, call) -> Outcome:
        try:
            return await asyncio.wait_for(call, self.timeout)
        except asyncio.TimeoutError:
            log.warning("order source %s: %s took longer than %.0f s", self.name, what, self.timeout)
            return Outcome.unreachable(f"the order system did not answer within {self.timeout:.0f} s")
        except Exception as error:  # noqa: BLE001 - a source's bug must not end the turn
            # The type only: an exception's text may carry a URL with keys in it.
            log.warning("order source %s: %s failed: %s", self.name, what, type(error).__name__)
            return Outcome.unreachable(f"the order system failed ({type(error).__name__})")

    async def lookup(self, order_id: str) -> Outcome:
        return await self._call("lookup", self.source.lookup(order_id))

    async def cancel(self, order_id: str, reason: str) -> Outcome:
        return await self._call("cancel", self.source.cancel(order_id, reason))

    async def change_address(self, order_id: str, address: str) -> Outcome:
        return await self._call("change_address", self.source.change_address(order_id, address))

    async def refund(self, order_id: str, amount: Decimal, reason: str) -> Outcome:
        return await self._call("refund", self.source.refund(order_id, amount, reason))

    async def add_note(self, order_id: str, text: str) -> Outcome:
        return await self._call("add_note", self.source.add_note(order_id, text))

    async def aclose(self) -> None:
        await self.source.aclose()
