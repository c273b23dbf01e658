"""The order book on both backends: the bot's changes to orders, refund intents and attempts."""
from __future__ import annotations

import time

from core.shop.orders import RefundIntent
from core.store.order_book import order_book


async def test_changes_come_back_in_order_per_pack_and_order(store) -> None:
    book = order_book(store)
    await book.add_change("pastashop", "3051", "status", {"status": "cancelled"})
    await book.add_change("pastashop", "3051", "address", {"address": "Via Toledo 15, Napoli"})
    await book.add_change("gadgetstore", "3051", "note", {"text": "another pack"})
    changes = await book.changes("pastashop", "3051")
    assert [(c.kind, c.data) for c in changes] == [
        ("status", {"status": "cancelled"}), ("address", {"address": "Via Toledo 15, Napoli"})]


async def test_the_first_refund_intent_wins_and_is_settled_once(store) -> None:
    book = order_book(store)
    first = await book.refund_intent(RefundIntent("e_1", "1042", "6.90", "broken jar"))
    again = await book.refund_intent(RefundIntent("e_1", "1042", "9.90", "a second click"))
    assert first == again == RefundIntent("e_1", "1042", "6.90", "broken jar", "pending")
    await book.settle_refund("e_1", "issued", "r_7")
    settled = await book.refund_intent(RefundIntent("e_1", "1042", "6.90", "broken jar"))
    assert (settled.state, settled.refund_id) == ("issued", "r_7")


async def test_failed_attempts_count_by_conversation_customer_or_order(store) -> None:
    book = order_book(store)
    since = time.time() - 60
    await book.add_attempt("c1", "web:a", "1042", False)
    await book.add_attempt("c2", "web:b", "2087", False)
    await book.add_attempt("c3", "web:c", "3051", True)
    assert await book.failed_attempts("c1", "web:z", "9999", since) == 1  # this conversation
    assert await book.failed_attempts("c9", "web:b", "9999", since) == 1  # this customer
    assert await book.failed_attempts("c9", "web:z", "1042", since) == 1  # this order
    assert await book.failed_attempts("c1", "web:b", "1042", since) == 2
    assert await book.failed_attempts("c1", "web:a", "1042", time.time() + 1) == 0  # older than the window
    assert await book.proven("c3", "3051") and not await book.proven("c1", "1042")
