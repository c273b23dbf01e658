"""The embedded order source: the pack's orders.csv, with the bot's changes kept in the store.

The file is the shop's list as it was written; what the bot changes (a cancellation, a new
address, a refund recorded, a note) goes to the store's order book, never into the file, and
is laid over the row on every look-up, so it survives a restart. Nothing here moves money: a
refund is recorded and a colleague pays it out (`issues_money` is False).
"""
from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from core.shop.orders.book import OrderBook
from core.shop.orders.order import Item, Order, Refund, money
from core.shop.orders.outcome import Outcome


def order_from_row(order_id: str, row: Mapping[str, str], currency: str = "") -> Order:
    refunded = money(row.get("refunded", ""))
    street = ", ".join(p for p in (row.get("address", ""), f"{row.get('postcode', '')} {row.get('city', '')}".strip()) if p)
    return Order(
        id=order_id,
        status=(row.get("status") or "processing").strip().lower(),
        email=row.get("email", ""),
        customer=row.get("customer", ""),
        address=", ".join(p for p in (street, row.get("country", "")) if p),
        postcode=row.get("postcode", ""),
        country=row.get("country", ""),
        zone=row.get("zone", ""),
        items=tuple(_items(row.get("items", ""))),
        total=money(row.get("total", "")),
        currency=row.get("currency", "") or currency,
        paid=money(row.get("paid", row.get("total", ""))),
        # What was refunded before csbot: one refund without a marker.
        refunds=(Refund("earlier", refunded, "before csbot"),) if refunded > 0 else (),
        carrier=row.get("carrier", ""),
        tracking=row.get("tracking", ""),
        placed_on=row.get("placed_on", ""),
        shipped_on=row.get("shipped_on", ""),
    )


def _items(text: str):
    for part in text.split(";"):
        name, _, quantity = part.strip().rpartition(" x")
        if name and quantity.isdigit():
            yield Item(name.strip(), int(quantity))
        elif part.strip():
            yield Item(part.strip(), 1)


class PackOrders:
    issues_money = False

    def __init__(self, pack_id: str, rows: Mapping[str, Mapping[str, str]], book: OrderBook, currency: str = "") -> None:
        self.name = "pack"
        self.pack_id = pack_id
        self.rows = rows
        self.book = book
        self.currency = currency

    async def lookup(self, order_id: str) -> Outcome:
        row = self.rows.get(str(order_id).strip())
        if row is None:
            return Outcome.not_found(order_id)
        order = order_from_row(str(order_id).strip(), row, self.currency)
        for change in await self.book.changes(self.pack_id, order.id):
            order = _apply(order, change.kind, change.data)
        return Outcome.ok(order)

    async def cancel(self, order_id: str, reason: str) -> Outcome:
        looked = await self.lookup(order_id)
        if not looked.done:
            return looked
        order = looked.order
        if order.status == "cancelled":
            return Outcome.ok(order, "already cancelled")
        if not order.changeable:
            return Outcome.refused(f"the order is {order.status}", order)
        await self.book.add_change(self.pack_id, order.id, "status", {"status": "cancelled", "reason": reason})
        return Outcome.ok(_apply(order, "status", {"status": "cancelled"}))

    async def change_address(self, order_id: str, address: str) -> Outcome:
        looked = await self.lookup(order_id)
        if not looked.done:
            return looked
        order = looked.order
        if not order.changeable:
            return Outcome.refused(f"the order is {order.status}", order)
        await self.book.add_change(self.pack_id, order.id, "address", {"address": address})
        return Outcome.ok(_apply(order, "address", {"address": address}))

    async def refund(self, order_id: str, amount: Decimal, reason: str) -> Outcome:
        looked = await self.lookup(order_id)
        if not looked.done:
            return looked
        order = looked.order
        if money(amount) > order.refundable:
            return Outcome.refused(f"more than the {order.amount(order.refundable)} still refundable", order)
        refund = {"id": "r_" + secrets.token_hex(4), "amount": f"{money(amount):.2f}", "reason": reason}
        await self.book.add_change(self.pack_id, order.id, "refund", refund)
        order = _apply(order, "refund", refund)
        return Outcome.staff(
            f"refund of {order.amount(money(amount))} recorded; pay it out from the shop's payment provider", order
        )

    async def add_note(self, order_id: str, text: str) -> Outcome:
        looked = await self.lookup(order_id)
        if not looked.done:
            return looked
        await self.book.add_change(self.pack_id, looked.order.id, "note", {"text": text})
        return Outcome.ok(_apply(looked.order, "note", {"text": text}))

    async def aclose(self) -> None:
        return None


def _apply(order: Order, kind: str, data: dict) -> Order:
    if kind == "status":
        return replace(order, status=str(data.get("status", order.status)))
    if kind == "address":
        return replace(order, address=str(data.get("address", order.address)))
    if kind == "refund":
        refund = Refund(str(data.get("id", "")), money(data.get("amount", "0")), str(data.get("reason", "")))
        return replace(order, refunds=(*order.refunds, refund))
    if kind == "note":
        return replace(order, notes=(*order.notes, str(data.get("text", ""))))
    return order
