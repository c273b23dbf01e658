"""What a customer hears about an order: the pack's words (`order_*` replies, translated in
pack.toml's [replies.it] and so on) filled with the order's own facts, and the expected delivery
worked out from the pack's shipping table (the order's zone and the day it left)."""
from __future__ import annotations

import re
from datetime import date, timedelta

from core.shop.orders.order import Order
from core.shop.pack import Replies

# The order replies of pack.toml and the {names} each may use (`csbot knowledge check` reads this).
ORDER_REPLIES: dict[str, frozenset[str]] = {
    **{key: frozenset({"order", "status", "carrier", "tracking", "shipped_on", "delivery", "refunded"}) for key in (
        "order_pending", "order_processing", "order_on_hold", "order_shipped", "order_delivered",
        "order_cancelled", "order_refunded", "order_failed")},
    "order_delivery": frozenset({"days", "earliest", "latest"}),
    "order_not_found": frozenset({"order"}),
    "order_cancel_done": frozenset({"order"}),
    "order_cancel_refused": frozenset({"order"}),
    "order_address_done": frozenset({"order", "address"}),
    "order_address_refused": frozenset({"order"}),
    "order_unverified": frozenset({"order"}),
    "order_locked": frozenset(),
    "orders_unreachable": frozenset(),
    "refund_issued": frozenset({"amount", "order"}),
    "refund_pending": frozenset({"amount", "order"}),
    "demo_label": frozenset(),
}
# The cell is a delivery time in working days in any language ("3-5 working days", "1-3 giorni
# lavorativi", "3-5 Werktage"): its range is what counts.
_DAYS = re.compile(r"(\d+)\s*(?:-|–|to|a|bis)\s*(\d+)\b", re.I)


def fill(template: str, **values: object) -> str:
    """The template with its {names}; a name the template does not use is ignored, a missing one
    is left out rather than shown raw."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), "")), template).strip()


def delivery_time(document: str, zone: str) -> str:
    """'1-2 working days' for the zone's row of the document's shipping table ('' when none)."""
    if not zone:
        return ""
    column = None
    for line in document.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else []
        if not cells:
            column = None
            continue
        lowered = [c.casefold() for c in cells]
        if any("delivery" in c or "time" == c for c in lowered) and "zone" in lowered[0]:
            column = next(i for i, c in enumerate(lowered) if "delivery" in c or c == "time")
        elif column is not None and cells[0].casefold() == zone.casefold() and column < len(cells):
            return cells[column]
    return ""


def _add_working_days(start: date, days: int) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def delivery(order: Order, document: str, replies: Replies) -> str:
    days = delivery_time(document, order.zone)
    match = _DAYS.search(days)
    try:
        shipped = date.fromisoformat(order.shipped_on)
    except ValueError:
        shipped = None
    if not match or shipped is None:
        return days
    low, high = int(match.group(1)), int(match.group(2))
    earliest, latest = _add_working_days(shipped, low), _add_working_days(shipped, high)
    return fill(replies.order_delivery, days=days, earliest=earliest.isoformat(), latest=latest.isoformat())


def status_text(order: Order, document: str, replies: Replies) -> str:
    template = {
        "pending": replies.order_pending,
        "processing": replies.order_processing,
        "on-hold": replies.order_on_hold,
        "shipped": replies.order_shipped,
        "delivered": replies.order_delivered,
        "cancelled": replies.order_cancelled,
        "refunded": replies.order_refunded,
        "failed": replies.order_failed,
    }.get(order.status, "Order {order}: {status}.")
    return fill(
        template,
        order=order.id,
        status=order.status,
        carrier=order.carrier or "-",
        tracking=order.tracking or "-",
        shipped_on=order.shipped_on or "-",
        delivery=delivery(order, document, replies) or "-",
        refunded=order.amount(order.refunded),
    )
