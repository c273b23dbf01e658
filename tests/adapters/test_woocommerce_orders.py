"""WooCommerce as the order source, against a fake shop speaking the REST API v3 over HTTPS."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest

from adapters.orders.woocommerce import WooCommerceError, WooCommerceOrders
from core.shop.orders import Guarded, Kind, MemoryOrderBook
from core.shop.orders.refunds import issue_refund
from tests.fakes.woocommerce_api import FakeWooCommerce, woo_order

TRACKING = {"key": "_wc_shipment_tracking_items", "value": [
    {"tracking_provider": "BRT", "tracking_number": "BRT0801042IT", "date_shipped": "1764892800"}]}


@pytest.fixture
async def shop(tmp_path):
    fake = FakeWooCommerce(orders={
        1042: woo_order(1042, "anna.rossi@example.com", "31.40", status="completed", meta_data=[TRACKING],
                        refunds=[{"id": 9, "reason": "jar broken", "total": "-6.90"}]),
        3051: woo_order(3051, "giulia.verdi@example.com", "23.30"),
    })
    await fake.start(str(tmp_path))
    yield fake
    await fake.stop()


def source(shop: FakeWooCommerce, **kwargs) -> WooCommerceOrders:
    key, secret = kwargs.pop("key", shop.key), kwargs.pop("secret", shop.secret)
    return WooCommerceOrders(shop.url, key, secret, verify=shop.client_context(), **kwargs)


async def test_an_order_is_read_with_basic_auth_over_https(shop) -> None:
    woo = source(shop)
    outcome = await woo.lookup("1042")
    await woo.aclose()
    order = outcome.order
    assert outcome.kind is Kind.DONE
    assert (order.id, order.status, order.email, order.currency) == ("1042", "shipped", "anna.rossi@example.com", "EUR")
    assert (order.carrier, order.tracking, order.shipped_on) == ("BRT", "BRT0801042IT", "2025-12-05")
    assert order.total == Decimal("31.40") and order.refunded == Decimal("6.90") and order.refundable == Decimal("24.50")
    assert [(i.name, i.quantity) for i in order.items] == [("Pesto alla Genovese DOP", 2)]
    [request] = shop.requests
    assert (request.method, request.path) == ("GET", "/wp-json/wc/v3/orders/1042")
    assert "consumer_secret" not in request.query  # Basic auth: the keys are not in the URL


async def test_keys_in_the_query_string_for_hosts_that_strip_the_header(shop) -> None:
    woo = source(shop, query_string_auth=True)
    assert (await woo.lookup("3051")).kind is Kind.DONE
    await woo.aclose()
    assert shop.requests[0].query["consumer_key"] == shop.key


async def test_unknown_orders_are_not_found_and_nothing_is_guessed(shop) -> None:
    woo = source(shop)
    assert (await woo.lookup("9999")).kind is Kind.NOT_FOUND
    assert (await woo.lookup("NW-10482")).kind is Kind.NOT_FOUND  # WooCommerce ids are numbers: not even asked
    await woo.aclose()
    assert [r.path for r in shop.requests] == ["/wp-json/wc/v3/orders/9999"]


async def test_wrong_keys_and_server_errors_are_unreachable_not_not_found(shop) -> None:
    wrong = Guarded(source(shop, secret="cs_wrong"))
    assert (await wrong.lookup("1042")).kind is Kind.UNREACHABLE
    await wrong.aclose()
    woo = Guarded(source(shop))
    shop.fail(503)
    assert (await woo.lookup("1042")).kind is Kind.UNREACHABLE
    assert (await woo.lookup("1042")).kind is Kind.DONE  # the next request goes through
    await woo.aclose()


async def test_a_stalled_shop_costs_at_most_the_timeout(shop) -> None:
    woo = Guarded(source(shop), timeout=0.5)
    shop.stall()
    started = time.monotonic()
    outcome = await woo.lookup("1042")
    assert outcome.kind is Kind.UNREACHABLE and time.monotonic() - started < 2
    shop.release()
    await woo.aclose()


async def test_cancel_changes_only_an_order_that_has_not_left(shop) -> None:
    woo = source(shop)
    assert (await woo.cancel("3051", "changed my mind")).order.status == "cancelled"
    assert shop.orders[3051]["status"] == "cancelled"
    refused = await woo.cancel("1042", "")
    await woo.aclose()
    assert refused.kind is Kind.REFUSED and shop.orders[1042]["status"] == "completed"
    assert not [r for r in shop.requests if r.method == "PUT" and r.path.endswith("/1042")]


async def test_a_new_address_becomes_a_note_for_a_colleague_never_a_silent_change(shop) -> None:
    woo = source(shop)
    outcome = await woo.change_address("3051", "Via Toledo 15, 80134 Napoli, Italy")
    await woo.aclose()
    assert outcome.kind is Kind.STAFF
    assert shop.notes == [(3051, "The customer asked in chat to deliver to: Via Toledo 15, 80134 Napoli, Italy")]
    assert shop.orders[3051]["shipping"]["address_1"] == "Via Chiaia 12"


async def test_a_refund_is_created_once_even_when_its_answer_is_lost(shop) -> None:
    woo, book = Guarded(source(shop), timeout=0.5), MemoryOrderBook()
    shop.hold_after_refund()  # committed at the shop, the answer never comes
    first = await issue_refund(woo, book, "e_1", "3051", Decimal("6.90"), "broken jar")
    assert first.kind is Kind.UNREACHABLE and len(shop.refunds_of(3051)) == 1
    shop.hold_after_refund(False)
    again = await issue_refund(woo, book, "e_1", "3051", Decimal("6.90"), "broken jar")
    assert again.kind is Kind.DONE
    assert len(shop.refunds_of(3051)) == 1  # found by its marker: not created twice
    assert shop.refunds_of(3051)[0]["reason"] == "broken jar [csbot e_1]"
    await woo.aclose()


async def test_a_refund_never_exceeds_what_was_paid_and_not_refunded(shop) -> None:
    woo, book = Guarded(source(shop)), MemoryOrderBook()
    outcome = await issue_refund(woo, book, "e_2", "1042", Decimal("24.51"), "too much")
    assert outcome.kind is Kind.REFUSED and "24.50 EUR" in outcome.reason
    assert not [r for r in shop.requests if r.method == "POST"]
    assert (await issue_refund(woo, book, "e_3", "1042", Decimal("24.50"), "the rest")).kind is Kind.DONE
    await woo.aclose()


async def test_the_shop_refuses_an_invalid_refund_with_its_own_error(shop) -> None:
    woo = source(shop)
    outcome = await woo.refund("3051", Decimal("99.00"), "more than the order")
    await woo.aclose()
    assert outcome.kind is Kind.REFUSED and "Invalid refund amount" in outcome.reason


async def test_the_order_count_comes_from_the_pagination_headers(shop) -> None:
    for number in range(5000, 5012):
        shop.orders[number] = woo_order(number, f"c{number}@example.com", "10.00")
    woo = source(shop)
    assert await woo.count() == 14
    await woo.aclose()
    response_query = shop.requests[-1].query
    assert response_query["per_page"] == "1"


def test_plain_http_is_refused() -> None:
    with pytest.raises(WooCommerceError, match="https://"):
        WooCommerceOrders("http://shop.example", "ck", "cs")
