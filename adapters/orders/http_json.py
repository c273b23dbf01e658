"""A shop's own order system as the order source, through a small HTTP JSON contract.

The shop serves, under the configured `url` (HTTPS; the token from CSBOT_ORDERS_TOKEN is sent
as `Authorization: Bearer <token>`, or as the value of the header named by `auth_header`):

    GET  /orders/{id}             200 order | 404
    POST /orders/{id}/cancel      {"reason": "..."}                       200 order | 409 {"error": "why not"} | 404
    POST /orders/{id}/address     {"address": "one line"}                 200 order | 409 {"error": "why not"} | 404
    POST /orders/{id}/refunds     {"amount": "24.90", "reason": "..."}    201 {"id": "r1", "issued": true} | 409 {"error"} | 404
    POST /orders/{id}/notes       {"text": "..."}                          201 | 404

An order is JSON:

    {"id": "1042", "status": "processing", "email": "anna@example.com", "customer": "Anna Rossi",
     "address": "Via Chiaia 12, 80121 Napoli, IT", "postcode": "80121", "country": "IT",
     "zone": "Italy", "items": [{"name": "Pesto alla Genovese DOP", "quantity": 2}],
     "total": "31.40", "currency": "EUR", "paid": "31.40",
     "refunds": [{"id": "r1", "amount": "6.90", "reason": "broken jar [csbot e_1a2b3c]"}],
     "carrier": "BRT", "tracking": "BRT0801042IT", "placed_on": "2026-12-01", "shipped_on": ""}

`status` is one of pending, processing, on-hold, shipped, delivered, cancelled, refunded,
failed; `zone` names a row of the pack's shipping table (for the expected delivery). A refund's
reason ends with `[csbot <key>]`: csbot reads the order's refunds for it before creating one,
so keep the reason as sent. `"issued": false` means the refund is recorded but a person pays it
out. Any 5xx, 401/403 or a timeout is "unreachable" for the customer, and nothing is assumed.
"""
from __future__ import annotations

import ssl
from decimal import Decimal
from urllib.parse import quote

import httpx

from core.shop.orders.order import Item, Order, Refund, money
from core.shop.orders.outcome import Outcome

TOKEN_VARIABLE = "CSBOT_ORDERS_TOKEN"


class HttpJsonOrders:
    name = "http"
    issues_money = True  # the contract says per refund (`issued`)

    def __init__(
        self, url: str, token: str, *, header: str = "Authorization", timeout: float = 8.0,
        verify: bool | ssl.SSLContext = True, transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        value = f"Bearer {token}" if header.lower() == "authorization" else token
        self.http = httpx.AsyncClient(
            base_url=url.rstrip("/") + "/", timeout=timeout, verify=verify, transport=transport,
            headers={header: value, "Accept": "application/json", "User-Agent": "csbot"},
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _call(self, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        response = await self.http.request(method, path, json=body)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, {}

    async def _order_call(self, method: str, path: str, order_id: str, body: dict | None = None) -> Outcome:
        status, data = await self._call(method, path, body)
        if status == 404:
            return Outcome.not_found(order_id)
        if status == 409:
            return Outcome.refused(_error(data))
        if status != 200 or not isinstance(data, dict):
            return Outcome.unreachable(f"the order system answered {status}")
        return Outcome.ok(order_from_json(data))

    async def lookup(self, order_id: str) -> Outcome:
        return await self._order_call("GET", _path(order_id), order_id)

    async def cancel(self, order_id: str, reason: str) -> Outcome:
        return await self._order_call("POST", _path(order_id, "cancel"), order_id, {"reason": reason})

    async def change_address(self, order_id: str, address: str) -> Outcome:
        return await self._order_call("POST", _path(order_id, "address"), order_id, {"address": address})

    async def refund(self, order_id: str, amount: Decimal, reason: str) -> Outcome:
        status, data = await self._call("POST", _path(order_id, "refunds"), {"amount": f"{money(amount):.2f}", "reason": reason})
        if status == 404:
            return Outcome.not_found(order_id)
        if status == 409:
            return Outcome.refused(_error(data))
        if status not in (200, 201) or not isinstance(data, dict):
            return Outcome.unreachable(f"the order system answered {status}")
        refund_id = str(data.get("id", ""))
        if data.get("issued") is False:
            return Outcome.staff("recorded by the order system; a colleague pays it out", refund_id=refund_id)
        return Outcome.ok(reason="refunded by the order system", refund_id=refund_id)

    async def add_note(self, order_id: str, text: str) -> Outcome:
        status, data = await self._call("POST", _path(order_id, "notes"), {"text": text})
        if status == 404:
            return Outcome.not_found(order_id)
        if status not in (200, 201):
            return Outcome.unreachable(f"the order system answered {status}")
        return Outcome.ok()


def _path(order_id: str, action: str = "") -> str:
    path = f"orders/{quote(str(order_id).strip(), safe='')}"
    return f"{path}/{action}" if action else path


def _error(data: object) -> str:
    return str(data.get("error", "refused")) if isinstance(data, dict) else "refused"


def order_from_json(data: dict) -> Order:
    return Order(
        id=str(data.get("id", "")),
        status=str(data.get("status", "")).lower(),
        email=str(data.get("email", "")),
        customer=str(data.get("customer", "")),
        address=str(data.get("address", "")),
        postcode=str(data.get("postcode", "")),
        country=str(data.get("country", "")),
        zone=str(data.get("zone", "")),
        items=tuple(Item(str(i.get("name", "")), int(i.get("quantity", 1) or 1)) for i in data.get("items") or [] if isinstance(i, dict)),
        total=money(data.get("total", "0")),
        currency=str(data.get("currency", "")),
        paid=money(data.get("paid", data.get("total", "0"))),
        refunds=tuple(Refund(str(r.get("id", "")), money(r.get("amount", "0")), str(r.get("reason", ""))) for r in data.get("refunds") or [] if isinstance(r, dict)),
        carrier=str(data.get("carrier", "")),
        tracking=str(data.get("tracking", "")),
        placed_on=str(data.get("placed_on", "")),
        shipped_on=str(data.get("shipped_on", "")),
    )
