"""An order as every source reports it: the few facts a customer or a colleague asks about.

Amounts are Decimal, never float: a refund is money and 0.1 + 0.2 must be 0.30.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Statuses in the shop's words (WooCommerce's "completed" arrives here as "delivered"). An order
# can still be cancelled, or get a new address, only before it leaves the warehouse.
CHANGEABLE = frozenset({"pending", "processing", "on-hold"})


def money(value: object) -> Decimal:
    """'24.90', 24.9, '-6.90', '' -> Decimal with two places (0.00 when unreadable)."""
    try:
        return Decimal(str(value).strip() or "0").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class Refund:
    id: str
    amount: Decimal
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    status: str  # pending, processing, on-hold, shipped, delivered, cancelled, refunded, failed
    email: str = ""
    customer: str = ""
    address: str = ""  # one line: street, postcode city, country
    postcode: str = ""
    country: str = ""
    zone: str = ""  # the row of the pack's shipping table, when the source knows it
    items: tuple[Item, ...] = ()
    total: Decimal = Decimal("0.00")
    currency: str = ""
    paid: Decimal = Decimal("0.00")
    refunds: tuple[Refund, ...] = ()
    carrier: str = ""
    tracking: str = ""
    placed_on: str = ""  # ISO dates
    shipped_on: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), Decimal("0.00"))

    @property
    def refundable(self) -> Decimal:
        """What can still be refunded: paid and not yet refunded."""
        return max(self.paid - self.refunded, Decimal("0.00"))

    @property
    def changeable(self) -> bool:
        return self.status in CHANGEABLE

    def amount(self, value: Decimal) -> str:
        return f"{value:.2f} {self.currency}".strip()

    def items_line(self) -> str:
        return ", ".join(f"{i.quantity} x {i.name}" for i in self.items)

    def refund_marked(self, marker: str) -> Refund | None:
        """The refund whose reason carries `marker` (csbot writes it in every refund it creates)."""
        return next((r for r in self.refunds if marker in r.reason), None)
