"""What really happened when csbot asked the order source to do something."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from core.shop.orders.order import Order


class Kind(str, Enum):
    DONE = "done"  # the source confirmed it
    NOT_FOUND = "not_found"  # no such order at the source
    REFUSED = "refused"  # the source (or csbot's rule) said no; `reason` says why
    STAFF = "staff"  # it cannot be done here: a colleague must do it (`reason` says what)
    UNREACHABLE = "unreachable"  # no answer, a timeout or a server error: nothing is known


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Kind
    reason: str = ""  # for people: the customer's reply is built from it, the desk shows it
    order: Order | None = None
    refund_id: str = ""

    @property
    def done(self) -> bool:
        return self.kind is Kind.DONE

    @classmethod
    def ok(cls, order: Order | None = None, reason: str = "", refund_id: str = "") -> Outcome:
        return cls(Kind.DONE, reason, order, refund_id)

    @classmethod
    def not_found(cls, order_id: str) -> Outcome:
        return cls(Kind.NOT_FOUND, f"no order {order_id}")

    @classmethod
    def refused(cls, reason: str, order: Order | None = None) -> Outcome:
        return cls(Kind.REFUSED, reason, order)

    @classmethod
    def staff(cls, reason: str, order: Order | None = None) -> Outcome:
        return cls(Kind.STAFF, reason, order)

    @classmethod
    def unreachable(cls, reason: str) -> Outcome:
        return cls(Kind.UNREACHABLE, reason)
