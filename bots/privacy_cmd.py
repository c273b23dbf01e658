"""`csbot forget CUSTOMER` (one customer's data deleted on request), `csbot export` (conversations and
ratings as CSV) and the retention task of `[privacy] keep_days` while csbot runs."""
from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from bots.config import Config
from bots.store_view import StoreUnavailable, StoreView
from core.metrics import parse_period
from core.metrics.export import export_csv
from core.store import open_store
from core.store.forgetting import Retention, forget_before, forget_customer


async def forget_command(db: str, customer: str, console: Console) -> int:
    if not customer.strip():
        print("csbot: name the customer: an address key (telegram:42), a platform id or an e-mail address", file=sys.stderr)
        return 2
    store = open_store(db)  # a writer: on SQLite, stop the running csbot first (one writer per file)
    await store.open()
    try:
        gone = await forget_customer(store, customer)
    finally:
        await store.close()
    if not gone:
        console.print(f"no conversation of {escape(customer)}: nothing deleted")
        return 1
    console.print(f"deleted {len(gone)} conversation(s) of {escape(customer)} with their messages, steps, program runs,"
                  " escalations, ratings and outbox rows:")
    for conversation_id in gone:
        console.print(f"  {escape(conversation_id)}")
    return 0


async def export_command(db: str, since: str, until: str | None, out: str, console: Console) -> int:
    period = parse_period(since, until)
    try:
        async with StoreView(db) as store:
            files = await export_csv(store, period)
    except StoreUnavailable as error:
        print(f"csbot: {error}", file=sys.stderr)
        return 2
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
        console.print(f"{escape(str(folder / name))}: {text.count(chr(10)) - 1} row(s)")
    return 0


@contextlib.asynccontextmanager
async def keeping(hub, config: Config, console: Console):
    """While csbot runs: conversations quiet for longer than `[privacy] keep_days` are deleted (hourly)."""
    days = config.privacy.get("keep_days")
    if not days:
        yield
        return
    retention = Retention(functools.partial(forget_before, hub.store), int(days))
    retention.start()
    console.print(f"[dim]conversations quiet for more than {int(days)} days are deleted ([privacy] keep_days)[/]")
    try:
        yield
    finally:
        await retention.stop()
