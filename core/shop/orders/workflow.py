"""The pack's order programs, run against the order source.

`python order_status.py --order-id 1042` (the model, a `/order_status` command, or a request
in words) reads the order from the source and answers from it; cancel_order and change_address
first check the customer's proof (the program's `verify`) against the order at the source,
counting failures; refund_request checks the order exists and goes to staff, whose Approve
runs `refund` here. Without a source (`[orders] source = "simulated"`, the evaluation), the
programs draw their declared outcomes as before, labelled as a demo for the customer.
"""
from __future__ import annotations

import asyncio
import random
import re
from decimal import Decimal

from core.shop.orders.attempts import Asker, Attempts
from core.shop.orders.book import OrderBook
from core.shop.orders.order import Order
from core.shop.orders.outcome import Kind, Outcome
from core.shop.orders.refunds import issue_refund
from core.shop.orders.source import TIMEOUT, Guarded, OrderSource
from core.shop.orders.words import fill, status_text
from core.shop.pack import KnowledgePack, Replies
from core.shop.programs import Program, Run

# What each of the demo packs' programs does to an order; a pack may name its own programs
# differently and say so with `"order_action"` in the program's JSON.
# Statuses of an order that has left the warehouse: too late to cancel it or change its address.
LEFT = frozenset({"shipped", "delivered"})
ACTIONS = {"order_status": "status", "cancel_order": "cancel", "change_address": "address", "refund_request": "refund"}


def order_action(program: Program) -> str | None:
    return program.extra.get("order_action") or ACTIONS.get(program.name)


class ShopOrders:
    """The engine's and the desk's one door to the orders."""

    def __init__(
        self, pack: KnowledgePack, source: OrderSource | None, book: OrderBook, timeout: float = TIMEOUT
    ) -> None:
        self.pack = pack
        self.source = Guarded(source, timeout) if source is not None else None
        self.book = book
        self.attempts = Attempts(book)

    @property
    def simulated(self) -> bool:
        return self.source is None

    @property
    def name(self) -> str:
        return self.source.name if self.source is not None else "simulated"

    async def lookup(self, order_id: str) -> Outcome:
        if self.source is None:
            return Outcome.unreachable("simulated orders: nothing to look up")
        return await self.source.lookup(order_id)

    async def refund(self, key: str, order_id: str, amount: Decimal, reason: str) -> Outcome:
        if self.source is None:
            return Outcome.staff("simulated orders: no refund was made")
        return await issue_refund(self.source, self.book, key, order_id, amount, reason)

    async def add_note(self, order_id: str, text: str) -> Outcome:
        if self.source is None:
            return Outcome.unreachable("simulated orders")
        return await self.source.add_note(order_id, text)

    async def proven(self, asker: Asker, order_id: str) -> bool:
        return await self.book.proven(asker.conversation, order_id)

    async def facts(self, order_id: str, conversation: str, wait: float = 3.0) -> dict[str, str]:
        """What the desk card shows of an order: status, items, total, paid, already refunded,
        and whether the customer proved it is theirs in this conversation."""
        order_id = str(order_id or "").strip()
        if not order_id or self.source is None:
            return {}
        try:
            outcome = await asyncio.wait_for(self.source.lookup(order_id), wait)  # a card must not wait long
        except asyncio.TimeoutError:
            outcome = Outcome.unreachable("slow")
        proven = "yes (e-mail checked)" if await self.book.proven(conversation, order_id) else "no"
        if outcome.kind is Kind.NOT_FOUND:
            return {"order": f"{order_id} not found in {self.name}", "customer proved": proven}
        if outcome.order is None:
            return {"order": f"{order_id}: {self.name} did not answer", "customer proved": proven}
        order = outcome.order
        return {
            "order": f"{order.id} ({self.name}): {order.status}",
            "items": order.items_line() or "-",
            "total": order.amount(order.total),
            "paid": order.amount(order.paid),
            "refunded": order.amount(order.refunded),
            "customer proved": proven,
        }

    async def close(self) -> None:
        if self.source is not None:
            await self.source.aclose()

    # -- programs -------------------------------------------------------------------------------

    async def run(
        self, program: Program, argv: list[str], rng: random.Random, asker: Asker,
        replies: Replies | None = None, *, to_customer: bool = True,
    ) -> Run:
        """The program's run; `to_customer` when its output goes to the customer as it is (a
        command, offline mode), so a simulated outcome carries the pack's demo label."""
        replies = replies or self.pack.replies
        action = order_action(program)
        if self.source is None or action is None or any(t in ("-h", "--help") for t in argv):
            run = program.run(argv, rng, orders=self.pack.orders)
            drawn = run.status in ("success", "error") and (self.source is None or program.outcomes)
            # Drawn from the program's declared outcomes, nothing real happened: the customer is told
            # so, and with a real order source the model reads it too (the evaluation's does not).
            if drawn and (to_customer or self.source is not None):
                return Run(run.program, run.args, run.status, f"{run.output}\n{replies.demo_label}")
            return run
        parsed = program.parse(argv)
        if isinstance(parsed, str):
            return Run(program.name, {}, "usage", parsed)
        order_id = program.verify.order_id(parsed) if program.verify else str(parsed.get("order_id", "")).strip()
        if action == "status":
            return self._status(program, parsed, await self.source.lookup(order_id), replies, order_id)
        if action == "refund":
            return await self._refund_request(program, parsed, order_id, replies)
        return await self._change(program, parsed, action, order_id, asker, replies)

    def _status(self, program: Program, args: dict, outcome: Outcome, replies: Replies, order_id: str) -> Run:
        if outcome.kind is Kind.DONE and outcome.order is not None:
            return Run(program.name, args, "success", status_text(outcome.order, self.pack.document, replies))
        return Run(program.name, args, "error", self._trouble(outcome, replies, order_id))

    def _trouble(self, outcome: Outcome, replies: Replies, order_id: str) -> str:
        if outcome.kind is Kind.NOT_FOUND:
            return fill(replies.order_not_found, order=order_id)
        return replies.orders_unreachable

    async def left_already(self, program: Program, order_id: str, replies: Replies | None = None) -> str | None:
        """What to say instead of asking for the rest of a change (the e-mail, the new address) when
        the order has already left the warehouse: the change would be refused whatever the customer
        writes next, and where the order is tells them what to do instead. None: ask on."""
        replies = replies or self.pack.replies
        action = order_action(program)
        if self.source is None or action not in ("cancel", "address") or not order_id:
            return None
        looked = await self.source.lookup(order_id)
        order = looked.order
        if looked.kind is not Kind.DONE or order is None or order.status not in LEFT:
            return None
        refused = replies.order_cancel_refused if action == "cancel" else replies.order_address_refused
        return f"{fill(refused, order=order.id)} {status_text(order, self.pack.document, replies)}"

    async def _refund_request(self, program: Program, args: dict, order_id: str, replies: Replies) -> Run:
        outcome = await self.source.lookup(order_id)
        if outcome.kind is Kind.NOT_FOUND:
            return Run(program.name, args, "error", fill(replies.order_not_found, order=order_id))
        # Found, or the source is down: staff decide either way; Approve runs the refund.
        return Run(program.name, args, "approval", "Request recorded; a member of staff must approve it.")

    async def _change(
        self, program: Program, args: dict, action: str, order_id: str, asker: Asker, replies: Replies
    ) -> Run:
        if program.verify is None or await self.attempts.locked(asker, order_id):
            return _to_staff(program, args, replies.order_locked)
        looked = await self.source.lookup(order_id)
        if looked.kind is Kind.UNREACHABLE:
            return Run(program.name, args, "error", replies.orders_unreachable)
        # One answer for an unknown order and for wrong details: no way to probe which exist.
        proven = looked.order is not None and program.verify.matches(args, looked.order)
        await self.attempts.record(asker, order_id, proven)
        if not proven:
            if await self.attempts.locked(asker, order_id):
                return _to_staff(program, args, replies.order_locked)
            return Run(program.name, args, "error", fill(replies.order_unverified, order=order_id))
        if action == "cancel":
            outcome = await self.source.cancel(order_id, str(args.get("reason", "")))
            done, refused = replies.order_cancel_done, replies.order_cancel_refused
        else:
            address = _with_country(str(args.get("new_address", "")), looked.order)
            outcome = await self.source.change_address(order_id, address)
            done, refused = replies.order_address_done, replies.order_address_refused
        return self._changed(program, args, outcome, looked.order, done, refused, replies)

    def _changed(
        self, program: Program, args: dict, outcome: Outcome, before: Order, done: str, refused: str, replies: Replies
    ) -> Run:
        order = outcome.order or before
        if outcome.kind is Kind.DONE:
            return Run(program.name, args, "success", fill(done, order=order.id, address=order.address))
        if outcome.kind is Kind.REFUSED:
            # where the order is now tells the customer what to do instead (wait for it, return it)
            said = f"{fill(refused, order=order.id)} {status_text(order, self.pack.document, replies)}"
            return Run(program.name, args, "error", said)
        if outcome.kind is Kind.STAFF:
            return _to_staff(program, args, outcome.reason)
        return Run(program.name, args, "error", self._trouble(outcome, replies, order.id))


def _with_country(address: str, order: Order) -> str:
    """An address that ends at the postcode and city ("Via Po 10, 10124 Torino") stays in the
    order's country, said in the confirmation so the customer sees what was assumed."""
    last = address.rsplit(",", 1)[-1]
    if order.country and re.search(r"\d", last):
        return f"{address.strip()}, {order.country}"
    return address


def _to_staff(program: Program, args: dict, why: str) -> Run:
    return Run(program.name, {**args, "reason": "human"}, "handoff", why)
