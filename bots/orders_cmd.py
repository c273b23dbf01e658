"""`csbot orders check [--order ID]`: a dry run against the configured order source.

It reaches the source with the configured keys, reads one order (the given one, or the first it
can list) and prints it as the desk would; it never changes, cancels or refunds anything.
Exit 0 when the source answered, 1 otherwise (a wrong key, a wrong URL, a certificate...).
The pack's orders are read as the bot reads them: the file with the bot's changes from the store
(`db`) laid over it, the store opened read-only so the check runs beside a running csbot."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rich.console import Console
from rich.markup import escape

from bots.config import Config
from bots.orders_source import order_source, timeout_setting
from bots.store_view import StoreUnavailable, StoreView
from core.shop.orders import Guarded, Kind, MemoryOrderBook, OrderBook
from core.shop.pack import load_pack
from core.store import describe
from core.store.order_book import order_book


async def orders_check(config: Config, console: Console, order_id: str | None = None) -> int:
    async with _bot_changes(config, console) as book:
        return await _check(config, console, book, order_id)


@asynccontextmanager
async def _bot_changes(config: Config, console: Console) -> AsyncIterator[OrderBook]:
    """The store's order book, where the bot wrote its cancellations, addresses and refunds; only
    the pack source keeps them there (a shop's own system holds its changes itself)."""
    if str(config.orders.get("source", "pack")).strip().lower() != "pack":
        yield MemoryOrderBook()
        return
    try:
        async with StoreView(config.db) as store:
            console.print(f"the bot's changes: from {escape(describe(config.db))}")
            yield order_book(store)
            return
    except StoreUnavailable as error:
        console.print(f"{escape(str(error))}: the orders as the file has them, without the bot's changes (give --db)")
    yield MemoryOrderBook()


async def _check(config: Config, console: Console, book: OrderBook, order_id: str | None) -> int:
    pack = load_pack(config.pack)
    settings = dict(config.orders)
    kind = str(settings.get("source", "pack"))
    source = order_source(pack, book, settings, config.env)  # a dry run writes nothing
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

