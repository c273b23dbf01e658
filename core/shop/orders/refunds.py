"""Refunds move money once.

WooCommerce (like most shop systems) has no idempotency key: a POST repeated after a lost
answer refunds twice. So, for one approved request (its key, the escalation id):

1. the intent is written to the store before anything is asked;
2. the order is read: a refund carrying this request's marker in its reason means an earlier
   try went through (the answer was lost, or the process was killed): nothing is created;
3. the amount must be at most what was paid and not yet refunded;
4. only then is the refund created, its reason carrying the marker, and the intent settled.
"""
from __future__ import annotations

from decimal import Decimal

from core.shop.orders.book import OrderBook, RefundIntent
from core.shop.orders.order import money
from core.shop.orders.outcome import Kind, Outcome
from core.shop.orders.source import OrderSource


def marker(key: str) -> str:
    return f"[csbot {key}]"


async def issue_refund(
    source: OrderSource, book: OrderBook, key: str, order_id: str, amount: Decimal, reason: str
) -> Outcome:
    """DONE only when the source confirms the money was refunded; STAFF when it was recorded and
    a person pays it out; REFUSED, NOT_FOUND or UNREACHABLE otherwise (then nothing was created,
    or, when unreachable, the next try finds out)."""
    amount = money(amount)
    wanted = RefundIntent(key, order_id, f"{amount:.2f}", reason[:300])
    intent = await book.refund_intent(wanted)
    if (intent.order_id, intent.amount) != (wanted.order_id, wanted.amount):
        return Outcome.refused(
            f"this request already started a refund of {intent.amount} for order {intent.order_id}; "
            "it cannot change now"
        )
    if intent.state == "issued":
        return Outcome.ok(reason="already issued", refund_id=intent.refund_id)
    if intent.state == "staff":
        return Outcome.staff(intent.note or "recorded; a colleague pays it out")
    looked = await source.lookup(order_id)
    if not looked.done or looked.order is None:
        return looked
    order = looked.order
    earlier = order.refund_marked(marker(key))
    if earlier is not None:  # an earlier try went through: never a second one
        return await _settled(book, key, earlier.id, order, issued=getattr(source, "issues_money", True))
    if amount <= 0:
        return Outcome.refused("the amount must be more than 0", order)
    if amount > order.refundable:
        await book.settle_refund(key, "refused", note="more than refundable")
        return Outcome.refused(
            f"{order.amount(amount)} is more than what was paid and not yet refunded ({order.amount(order.refundable)})",
            order,
        )
    outcome = await source.refund(order_id, amount, f"{reason[:250]} {marker(key)}".strip())
    if outcome.kind is Kind.DONE:
        await book.settle_refund(key, "issued", outcome.refund_id)
    elif outcome.kind is Kind.STAFF:
        await book.settle_refund(key, "staff", outcome.refund_id, outcome.reason)
    elif outcome.kind in (Kind.REFUSED, Kind.NOT_FOUND):
        await book.settle_refund(key, "refused", note=outcome.reason)
    # UNREACHABLE: left pending; the next try reads the order's refunds first.
    return outcome


async def _settled(book: OrderBook, key: str, refund_id: str, order, issued: bool) -> Outcome:
    # The embedded source records refunds but moves no money (`issues_money` False); shop
    # systems refund through the payment gateway (`api_refund`), so a refund there is money back.
    if issued:
        await book.settle_refund(key, "issued", refund_id)
        return Outcome.ok(order, "already issued", refund_id)
    note = "recorded; a colleague pays it out"
    await book.settle_refund(key, "staff", refund_id, note)
    return Outcome.staff(note, order)
