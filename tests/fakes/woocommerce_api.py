"""A loopback WooCommerce shop speaking the REST API v3 wire format (PLATFORMS.md "WooCommerce").

HTTPS on 127.0.0.1, port 0, with a certificate from a test CA (`trustme`): clients trust it
through `ca_path`. Routes under /wp-json/wc/v3/: GET orders (pagination headers X-WP-Total,
X-WP-TotalPages, Link), GET/PUT orders/<id>, POST orders/<id>/notes, GET/POST
orders/<id>/refunds. Auth: HTTP Basic with the consumer key and secret, or the query parameters
consumer_key / consumer_secret; anything else is 401 `woocommerce_rest_cannot_view`. An unknown
order is 404 `woocommerce_rest_shop_order_invalid_id` (the refunds route says
`woocommerce_rest_invalid_order_id`); a refund above what remains is 400.

Faults, for the next matching request: `fail(status)` answers 5xx (or any status); `stall()`
holds requests until `release()`; `hold_after_refund()` commits a refund, sets `refund_created`
and then never answers (the process that asked is killed meanwhile: the double-refund test).
"""
from __future__ import annotations

import asyncio
import base64
import copy
import math
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import trustme
from aiohttp import web

PREFIX = "/wp-json/wc/v3"


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    body: Any


def woo_order(order_id: int, email: str, total: str, status: str = "processing", **extra: Any) -> dict[str, Any]:
    """An order as WooCommerce returns it (the fields csbot reads, and a few it does not)."""
    order = {
        "id": order_id, "number": str(order_id), "status": status, "currency": "EUR",
        "date_created": "2026-12-01T10:00:00", "date_paid": "2026-12-01T10:01:00", "date_completed": None,
        "total": total, "customer_note": "",
        "billing": {"first_name": "Anna", "last_name": "Rossi", "email": email, "phone": ""},
        "shipping": {"first_name": "Anna", "last_name": "Rossi", "address_1": "Via Chiaia 12", "address_2": "",
                     "city": "Napoli", "state": "NA", "postcode": "80121", "country": "IT"},
        "line_items": [{"id": 1, "name": "Pesto alla Genovese DOP", "product_id": 11, "sku": "SA-001", "quantity": 2,
                        "total": "13.80"}],
        "shipping_lines": [{"id": 1, "method_title": "BRT", "total": "5.90"}],
        "refunds": [], "meta_data": [],
    }
    order.update(extra)
    return order


@dataclass
class FakeWooCommerce:
    key: str = "ck_test_0123456789"
    secret: str = "cs_test_9876543210"
    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[Received] = field(default_factory=list, init=False)
    refunds: list[dict[str, Any]] = field(default_factory=list, init=False)  # every refund created, in order
    notes: list[tuple[int, str]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._ca = trustme.CA()
        self._runner: web.AppRunner | None = None
        self._failures: list[int] = []
        self._stalled: asyncio.Event | None = None
        self._hold_refund = False
        self._stopping = asyncio.Event()  # ends the held refund answers, so stop() never waits on them
        self.refund_created = asyncio.Event()
        self.port = 0
        self.ca_path = ""
        self.delay = 0.0  # seconds each answer takes: a shop on slow hosting (the benchmark sets it)
        self.answer_ms: list[float] = []  # how long the shop took over each answer (the benchmark reads it)

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self, ca_dir: str) -> FakeWooCommerce:
        """Serve HTTPS on 127.0.0.1; the CA certificate clients must trust is written to ca_dir."""
        cert = self._ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        self.ca_path = f"{ca_dir}/woocommerce-ca.pem"
        self._ca.cert_pem.write_to_path(self.ca_path)
        app = web.Application()
        app.router.add_route("*", PREFIX + "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self.release()
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    # -- faults ---------------------------------------------------------------------------------

    def fail(self, status: int = 503, times: int = 1) -> None:
        self._failures += [status] * times

    def stall(self) -> None:
        self._stalled = asyncio.Event()

    def release(self) -> None:
        if self._stalled is not None:
            self._stalled.set()
            self._stalled = None

    def hold_after_refund(self, hold: bool = True) -> None:
        self._hold_refund = hold

    def client_context(self) -> ssl.SSLContext:
        """What a client passes as `verify` to trust this shop's certificate."""
        return ssl.create_default_context(cafile=self.ca_path)

    def refunds_of(self, order_id: int) -> list[dict[str, Any]]:
        return [r for r in self.refunds if r["order_id"] == order_id]

    # -- the API --------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        try:
            return await self._answer(request)
        finally:
            self.answer_ms.append((time.perf_counter() - started) * 1000)

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else None
        self.requests.append(Received(request.method, request.path, dict(request.query), body))
        if not self._authorised(request):
            return _error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
        if self._stalled is not None:
            await self._stalled.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        if self._failures:
            status = self._failures.pop(0)
            return _error(status, "internal_server_error", "There has been a critical error on this website.")
        parts = request.match_info["tail"].strip("/").split("/")
        if parts == ["orders"] and request.method == "GET":
            return self._list(request)
        if len(parts) < 2 or parts[0] != "orders" or not parts[1].isdigit():
            return _error(404, "rest_no_route", "No route was found matching the URL and request method.")
        order = self.orders.get(int(parts[1]))
        action = parts[2] if len(parts) > 2 else ""
        if order is None:
            code = "woocommerce_rest_invalid_order_id" if action == "refunds" else "woocommerce_rest_shop_order_invalid_id"
            return _error(404, code, "Invalid ID.")
        if action == "" and request.method == "GET":
            return web.json_response(order)
        if action == "" and request.method in ("PUT", "POST"):
            for name in ("status", "shipping", "billing", "customer_note"):
                if name in (body or {}):
                    order[name] = {**order[name], **body[name]} if isinstance(order.get(name), dict) else body[name]
            return web.json_response(order)
        if action == "notes" and request.method == "POST":
            self.notes.append((order["id"], str((body or {}).get("note", ""))))
            return web.json_response({"id": len(self.notes), "note": (body or {}).get("note", ""),
                                      "customer_note": bool((body or {}).get("customer_note"))}, status=201)
        if action == "refunds" and request.method == "GET":
            return web.json_response(self.refunds_of(order["id"]))
        if action == "refunds" and request.method == "POST":
            return await self._refund(request, order, body or {})
        return _error(404, "rest_no_route", "No route was found matching the URL and request method.")

    def _authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            except ValueError:
                return False
            return (user, password) == (self.key, self.secret)
        return (request.query.get("consumer_key"), request.query.get("consumer_secret")) == (self.key, self.secret)

    def _list(self, request: web.Request) -> web.Response:
        per_page = max(1, min(100, int(request.query.get("per_page", "10"))))
        page = max(1, int(request.query.get("page", "1")))
        found = sorted(self.orders.values(), key=lambda o: o["id"], reverse=True)
        if status := request.query.get("status"):
            found = [o for o in found if o["status"] == status]
        pages = max(1, math.ceil(len(found) / per_page))
        response = web.json_response(found[(page - 1) * per_page: page * per_page])
        response.headers["X-WP-Total"] = str(len(found))
        response.headers["X-WP-TotalPages"] = str(pages)
        base = f"{self.url}{PREFIX}/orders?per_page={per_page}"
        links = [f'<{base}&page={page + 1}>; rel="next"'] if page < pages else []
        links += [f'<{base}&page={page - 1}>; rel="prev"'] if page > 1 else []
        if links:
            response.headers["Link"] = ", ".join(links)
        return response

    async def _refund(self, request: web.Request, order: dict[str, Any], body: dict[str, Any]) -> web.StreamResponse:
        try:
            amount = round(float(str(body.get("amount", ""))), 2)
        except ValueError:
            amount = 0.0
        refunded = sum(-float(r["total"]) for r in order["refunds"])
        if amount <= 0 or amount > round(float(order["total"]) - refunded, 2):
            return _error(400, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.")
        refund = {"id": 700 + len(self.refunds), "order_id": order["id"], "amount": f"{amount:.2f}",
                  "reason": str(body.get("reason", "")), "refunded_payment": bool(body.get("api_refund", True)),
                  "date_created": "2026-12-06T10:00:00", "line_items": [], "meta_data": []}
        self.refunds.append(refund)
        order["refunds"].append({"id": refund["id"], "reason": refund["reason"], "total": f"-{amount:.2f}"})
        if refunded + amount >= float(order["total"]):
            order["status"] = "refunded"
        self.refund_created.set()
        if self._hold_refund:
            await self._stopping.wait()  # committed, and no answer: the caller gives up or is killed meanwhile
        return web.json_response(copy.deepcopy(refund), status=201)


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message, "data": {"status": status}}, status=status)
