"""`csbot orders check [--order ID]`: a dry run against the configured order source.

It reaches the source with the configured keys, reads one order (the given one, or the first it
can list) and prints it as the desk would; it never changes, cancels or refunds anything.
Exit 0 when the source answered, 1 otherwise (a wrong key, a wrong URL, a certificate...)."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from bots.config import Config
from bots.orders_source import order_source, timeout_setting
from core.shop.orders import Guarded, Kind, MemoryOrderBook
from core.shop.pack import load_pack


async def orders_check(config: Config, console: Console, order_id: str | None = None) -> int:
    pack = load_pack(config.pack)
    settings = dict(config.orders)
    kind = str(settings.get("source", "pack"))
    source = order_source(pack, MemoryOrderBook(), settings, config.env)  # a dry run writes nothing
    if source is None:
        console.print("orders: simulated (the programs' declared outcomes, labelled as a demo); nothing to reach")
        return 0
    where = {"pack": f"{pack.id}/orders.csv ({len(pack.orders)} orders)"}.get(kind, escape(str(settings.get("url", ""))))
    console.print(f"orders: [bold]{escape(kind)}[/] · {where}")
    guarded = Guarded(source, timeout_setting(settings))
    try:
        count = getattr(source, "count", None)
        if count is not None:
            try:
                console.print(f"reachable: {await count()} orders readable with these keys")
            except Exception as error:  # noqa: BLE001 - shown in one line, the CLI's rule
                console.print(f"[red]not reachable:[/] {escape(_line(error))}")
                return 1
        if kind == "pack" and not order_id:
            order_id = next(iter(pack.orders), None)  # the first of the file
        if not order_id:
            console.print("give --order ID to read one order (nothing was changed)")
            return 0
        outcome = await guarded.lookup(order_id)
        if outcome.kind is Kind.NOT_FOUND:
            console.print(f"order {escape(order_id)}: not found (the source answered; nothing was changed)")
            return 0
        if outcome.order is None:
            console.print(f"[red]order {escape(order_id)}: {escape(outcome.reason)}[/]")
            return 1
        order = outcome.order
        console.print(f"order {escape(order.id)}: {escape(order.status)} · {escape(order.items_line() or 'no items')}")
        console.print(f"  total {order.amount(order.total)} · paid {order.amount(order.paid)} · "
                      f"refunded {order.amount(order.refunded)} · e-mail on file: {'yes' if order.email else 'no'}")
        if order.tracking:
            console.print(f"  {escape(order.carrier)} {escape(order.tracking)}, shipped {escape(order.shipped_on or '?')}")
        console.print("dry run: nothing was changed")
        return 0
    finally:
        await guarded.aclose()


def _line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200] or type(error).__name__

