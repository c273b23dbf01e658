"""WooCommerce as the order source: the REST API v3 (`/wp-json/wc/v3/`) over httpx.

Why not the official client (`woocommerce` on PyPI): it is synchronous, on `requests`, so every
call would block the event loop that serves every customer (or need a thread per call), and it
adds `requests` beside httpx, which csbot already uses. The wire format is small and documented:
a few GET/PUT/POST routes with JSON bodies, Basic auth over HTTPS. What the client would add is
OAuth 1.0a signing for plain-HTTP shops; csbot refuses plain HTTP instead (keys would travel in
clear), so nothing of it is needed.

Keys: WooCommerce -> Settings -> Advanced -> REST API -> Add key, permission Read/Write; the
consumer key and secret go in CSBOT_WOOCOMMERCE_KEY and CSBOT_WOOCOMMERCE_SECRET. Hosts that
strip the Authorization header need `query_string_auth = true` (keys as query parameters).

Mapping: WooCommerce's `completed` is reported as `shipped` (fulfilled: it left the shop);
tracking numbers come from the Shipment Tracking extension's `_wc_shipment_tracking_items`.
A new delivery address is written as an order note for a colleague (WooCommerce wants it in
separate fields, which a sentence from a chat does not reliably give), so the customer hears
that a colleague will confirm it, never that it changed.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
import ssl
from decimal import Decimal
from urllib.parse import urlsplit

import httpx

from core.shop.orders.order import Item, Order, Refund, money
from core.shop.orders.outcome import Outcome

log = logging.getLogger("csbot.orders.woocommerce")

KEY_VARIABLE, SECRET_VARIABLE = "CSBOT_WOOCOMMERCE_KEY", "CSBOT_WOOCOMMERCE_SECRET"
STATUSES = {
    "pending": "pending", "checkout-draft": "pending", "processing": "processing", "on-hold": "on-hold",
    "completed": "shipped", "cancelled": "cancelled", "refunded": "refunded", "failed": "failed",
}
TRACKING_META = "_wc_shipment_tracking_items"


class WooCommerceError(ValueError):
    """A setting that cannot work (plain HTTP, no keys): one line for the console."""


class WooCommerceOrders:
    name = "woocommerce"
    issues_money = True  # refunds go through the payment gateway (api_refund)

    def __init__(
        self, url: str, key: str, secret: str, *, timeout: float = 8.0, query_string_auth: bool = False,
        verify: bool | ssl.SSLContext = True, transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise WooCommerceError(
                f"[orders] url = {url!r}: WooCommerce needs https:// (over http:// its keys would travel in clear)"
            )
        self.base = url.rstrip("/") + "/wp-json/wc/v3/"
        auth = None if query_string_auth else httpx.BasicAuth(key, secret)
        params = {"consumer_key": key, "consumer_secret": secret} if query_string_auth else None
        self.http = httpx.AsyncClient(
            base_url=self.base, auth=auth, params=params, timeout=timeout, verify=verify, transport=transport,
            headers={"User-Agent": "csbot", "Accept": "application/json"},
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    # -- the wire -------------------------------------------------------------------------------

    async def _call(self, method: str, path: str, **kwargs) -> tuple[int, object]:
        """(status, JSON body); a network failure raises (Guarded makes it `unreachable`)."""
        response = await self.http.request(method, path, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code in (401, 403):
            # Wrong keys or Read-only keys: nothing a customer can fix; say it to the owner.
            log.warning("WooCommerce refused the keys (%s %s): %s", response.status_code, _code(body), path.split("/")[0])
        return response.status_code, body

    async def _order(self, order_id: str) -> tuple[Outcome, dict | None]:
        order_id = str(order_id).strip()
        if not order_id.isdigit():
            return Outcome.not_found(order_id), None  # WooCommerce ids are numbers
        status, body = await self._call("GET", f"orders/{order_id}")
        if status == 404:
            return Outcome.not_found(order_id), None
        if status != 200 or not isinstance(body, dict):
            return _trouble(status, body), None
        return Outcome.ok(order_from_woocommerce(body)), body

    # -- OrderSource ----------------------------------------------------------------------------

    async def lookup(self, order_id: str) -> Outcome:
        outcome, _ = await self._order(order_id)
        return outcome

    async def cancel(self, order_id: str, reason: str) -> Outcome:
        outcome, _ = await self._order(order_id)
        if not outcome.done:
            return outcome
        order = outcome.order
        if order.status == "cancelled":
            return Outcome.ok(order, "already cancelled")
        if not order.changeable:
            return Outcome.refused(f"the order is {order.status}", order)
        status, body = await self._call("PUT", f"orders/{order.id}", json={"status": "cancelled"})
        if status != 200 or not isinstance(body, dict):
            return _trouble(status, body, order)
        if reason:
            await self._call("POST", f"orders/{order.id}/notes", json={"note": f"Cancelled by the customer in chat: {reason}"})
        return Outcome.ok(order_from_woocommerce(body))

    async def change_address(self, order_id: str, address: str) -> Outcome:
        outcome, _ = await self._order(order_id)
        if not outcome.done:
            return outcome
        order = outcome.order
        if not order.changeable:
            return Outcome.refused(f"the order is {order.status}", order)
        noted = await self.add_note(order.id, f"The customer asked in chat to deliver to: {address}")
        if not noted.done:
            return noted
        return Outcome.staff("the new address is noted on the order; a colleague confirms it", order)

    async def refund(self, order_id: str, amount: Decimal, reason: str) -> Outcome:
        body = {"amount": f"{money(amount):.2f}", "reason": reason, "api_refund": True}
        status, answer = await self._call("POST", f"orders/{str(order_id).strip()}/refunds", json=body)
        if status == 404:
            return Outcome.not_found(order_id)
        if status not in (200, 201) or not isinstance(answer, dict):
            return _trouble(status, answer)
        refund_id = str(answer.get("id", ""))
        if answer.get("refunded_payment") is False:
            return Outcome.staff("recorded in WooCommerce; the payment gateway did not return the money", refund_id=refund_id)
        return Outcome.ok(reason="refunded through WooCommerce", refund_id=refund_id)

    async def add_note(self, order_id: str, text: str) -> Outcome:
        status, body = await self._call("POST", f"orders/{str(order_id).strip()}/notes", json={"note": text, "customer_note": False})
        if status == 404:
            return Outcome.not_found(order_id)
        if status not in (200, 201):
            return _trouble(status, body)
        return Outcome.ok()

    async def count(self) -> int:
        """How many orders the keys can read (`X-WP-Total`), for `csbot orders check`."""
        response = await self.http.get("orders", params={"per_page": 1})
        if response.status_code != 200:
            raise WooCommerceError(f"GET orders answered {response.status_code} {_code(_json(response))}")
        return int(response.headers.get("X-WP-Total", "0") or 0)


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return {}


def _code(body: object) -> str:
    return str(body.get("code", "")) if isinstance(body, dict) else ""


def _trouble(status: int, body: object, order: Order | None = None) -> Outcome:
    message = str(body.get("message", "")) if isinstance(body, dict) else ""
    if status in (401, 403) or status >= 500 or status == 0:
        return Outcome.unreachable(f"WooCommerce answered {status} {_code(body)}".strip())
    return Outcome.refused(f"WooCommerce: {message or _code(body) or status}", order)


def order_from_woocommerce(data: dict) -> Order:
    billing, shipping = data.get("billing") or {}, data.get("shipping") or {}
    tracking = _tracking(data.get("meta_data") or [])
    city = " ".join(p for p in (shipping.get("postcode", ""), shipping.get("city", "")) if p)
    address = ", ".join(p for p in (shipping.get("address_1", ""), shipping.get("address_2", ""), city, shipping.get("country", "")) if p)
    paid = money(data.get("total", "0")) if data.get("date_paid") or data.get("status") in ("processing", "completed", "refunded") else money(0)
    return Order(
        id=str(data.get("id", "")),
        status=STATUSES.get(str(data.get("status", "")), str(data.get("status", ""))),
        email=str(billing.get("email", "")),
        customer=" ".join(p for p in (billing.get("first_name", ""), billing.get("last_name", "")) if p),
        address=address,
        postcode=str(shipping.get("postcode", "") or billing.get("postcode", "")),
        country=str(shipping.get("country", "") or billing.get("country", "")),
        items=tuple(Item(str(i.get("name", "")), int(i.get("quantity", 1) or 1)) for i in data.get("line_items") or []),
        total=money(data.get("total", "0")),
        currency=str(data.get("currency", "")),
        paid=paid,
        # Refund totals are negative in an order's `refunds`.
        refunds=tuple(Refund(str(r.get("id", "")), abs(money(r.get("total", "0"))), str(r.get("reason", ""))) for r in data.get("refunds") or []),
        carrier=tracking.get("carrier", ""),
        tracking=tracking.get("number", ""),
        placed_on=str(data.get("date_created", ""))[:10],
        shipped_on=tracking.get("shipped_on", "") or (str(data.get("date_completed") or "")[:10]),
    )


def _tracking(meta: list) -> dict[str, str]:
    for entry in meta:
        if isinstance(entry, dict) and entry.get("key") == TRACKING_META and isinstance(entry.get("value"), list) and entry["value"]:
            item = entry["value"][-1]
            shipped = item.get("date_shipped")
            try:
                day = datetime.fromtimestamp(int(shipped), timezone.utc).date().isoformat() if shipped else ""
            except (TypeError, ValueError):
                day = ""
            carrier = item.get("custom_tracking_provider") or item.get("tracking_provider") or ""
            return {"carrier": str(carrier), "number": str(item.get("tracking_number", "")), "shipped_on": day}
    return {}
