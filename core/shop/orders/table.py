"""The pack's orders.csv, and the check that a customer may act on an order.

A program that changes or reveals an order declares what the customer must give besides the
order number (`"verify": {"order": "order-id", "match": ["email"]}` in programs/*.json); the
program then runs only when those values equal the order's, as the order source reports it
(`matches`), or, for the simulated programs of `csbot eval`, the row in `orders.csv` (`holds`).
Without it anyone could cancel any order by guessing its number.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ORDER_COLUMN = "order_id"
FILE = "orders.csv"

Orders = Mapping[str, Mapping[str, str]]  # order id -> column -> value


def load_orders(folder: Path) -> dict[str, dict[str, str]]:
    """orders.csv of a pack (empty when there is none): a header row with `order_id` first."""
    path = folder / FILE
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8", errors="replace")))
    # Rows without an order id are skipped here; `csbot knowledge check` reports them.
    return {
        str(row[ORDER_COLUMN]).strip(): {str(k): str(v or "").strip() for k, v in row.items() if k is not None}
        for row in rows if (row.get(ORDER_COLUMN) or "").strip()
    }


def _same(a: object, b: object) -> bool:
    # E-mail addresses and postcodes as people type them: case and spaces do not matter.
    return "".join(str(a).split()).casefold() == "".join(str(b).split()).casefold()


@dataclass(frozen=True, slots=True)
class Verification:
    order: str  # the argument naming the order, e.g. "order-id"
    match: tuple[str, ...]  # arguments that must equal the order's columns of the same name

    @classmethod
    def from_dict(cls, data: dict) -> Verification:
        return cls(str(data.get("order", "order-id")), tuple(str(m) for m in data.get("match", ())))

    def holds(self, args: Mapping[str, object], orders: Orders | None) -> bool:
        """True when the order exists and every declared detail matches it (closed when unknown)."""
        row = (orders or {}).get(str(args.get(_key(self.order), "")).strip())
        if row is None or not self.match:
            return False
        return all(_key(name) in args and _same(args[_key(name)], row.get(_key(name), "\0")) for name in self.match)

    def order_id(self, args: Mapping[str, object]) -> str:
        return str(args.get(_key(self.order), "")).strip()

    def matches(self, args: Mapping[str, object], order: object) -> bool:
        """Every declared detail equals the order's field of the same name (order.email...)."""
        if not self.match:
            return False
        return all(
            _key(name) in args and _same(args[_key(name)], getattr(order, _key(name), None) or "\0")
            for name in self.match
        )

    def refusal(self, args: Mapping[str, object]) -> str:
        # One answer for an unknown order and for wrong details: no way to probe which orders exist.
        details = " and ".join(name.replace("-", " ") for name in self.match)
        return (f"No order {args.get(_key(self.order), '')} matches the {details} given. "
                f"Check the order number and the {details} in the order confirmation e-mail.")


def _key(name: str) -> str:
    return name.lstrip("-").replace("-", "_")
