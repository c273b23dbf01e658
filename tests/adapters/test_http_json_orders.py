"""The HTTP JSON order contract (adapters/orders/http_json.py) against a small loopback shop."""
from __future__ import annotations

from decimal import Decimal

import pytest
from aiohttp import web

from adapters.orders.http_json import HttpJsonOrders
from core.shop.orders import Kind, MemoryOrderBook
from core.shop.orders.refunds import issue_refund

TOKEN = "orders-token-123"


class Shop:
    def __init__(self) -> None:
        self.orders = {"A-1": {"id": "A-1", "status": "processing", "email": "ann@example.com", "total": "40.00",
                               "paid": "40.00", "currency": "EUR", "zone": "Italy", "refunds": [],
                               "items": [{"name": "Spaghetti di Gragnano IGP", "quantity": 4}]}}
        self.headers: list[str] = []
        self.refund_posts = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/orders/{id}", self.get)
        app.router.add_post("/api/orders/{id}/{action}", self.act)
        return app

    def _order(self, request: web.Request) -> dict | None:
        self.headers.append(request.headers.get("Authorization", ""))
        return self.orders.get(request.match_info["id"])

    async def get(self, request: web.Request) -> web.Response:
        order = self._order(request)
        return web.json_response(order) if order else web.json_response({"error": "no such order"}, status=404)

    async def act(self, request: web.Request) -> web.Response:
        order, body, action = self._order(request), await request.json(), request.match_info["action"]
        if order is None:
            return web.json_response({"error": "no such order"}, status=404)
        if action == "cancel":
            if order["status"] != "processing":
                return web.json_response({"error": "already shipped"}, status=409)
            order["status"] = "cancelled"
            return web.json_response(order)
        if action == "refunds":
            self.refund_posts += 1
            order["refunds"].append({"id": f"r{self.refund_posts}", "amount": body["amount"], "reason": body["reason"]})
            return web.json_response({"id": f"r{self.refund_posts}", "issued": True}, status=201)
        return web.json_response({}, status=201)


@pytest.fixture
async def orders():
    shop = Shop()
    runner = web.AppRunner(shop.app(), handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    source = HttpJsonOrders(f"http://127.0.0.1:{port}/api", TOKEN)
    yield shop, source
    await source.aclose()
    await runner.cleanup()


async def test_look_up_cancel_and_refuse_as_the_contract_says(orders) -> None:
    shop, source = orders
    found = await source.lookup("A-1")
    assert found.kind is Kind.DONE and found.order.zone == "Italy" and found.order.items[0].quantity == 4
    assert (await source.lookup("A-2")).kind is Kind.NOT_FOUND
    assert (await source.cancel("A-1", "")).order.status == "cancelled"
    refused = await source.cancel("A-1", "")
    assert refused.kind is Kind.REFUSED and refused.reason == "already shipped"
    assert set(shop.headers) == {f"Bearer {TOKEN}"}


async def test_a_refund_through_the_contract_happens_once_per_request(orders) -> None:
    shop, source = orders
    book = MemoryOrderBook()
    for _ in range(2):  # a double click
        outcome = await issue_refund(source, book, "e_9", "A-1", Decimal("12.00"), "damaged")
        assert outcome.kind is Kind.DONE
    assert shop.refund_posts == 1 and shop.orders["A-1"]["refunds"][0]["reason"] == "damaged [csbot e_9]"
