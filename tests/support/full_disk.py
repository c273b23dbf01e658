"""Run as a child process by tests/core/store/test_full_disk.py: a csbot engine on a SQLite file
whose disk "fills up" mid-run. RLIMIT_FSIZE makes every write past the limit fail with EFBIG, as
a full disk fails with ENOSPC (no root, no tmpfs needed); the limit is lifted to "free space".
Prints one JSON line: the errors the turns raised and what the redeliveries got."""
from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import sys

from core.engine import Engine
from core.messages import Address, Inbound
from core.shop.pack import load_pack
from core.store.sqlite import SQLiteStore

TEXT = "Where is my order, please? I ordered pasta last week and it has not arrived yet. " * 40


def message(n: int) -> Inbound:
    return Inbound(Address("telegram", f"chat{n}"), f"{n} {TEXT}", event_id=f"update-{n}")


async def main(db: str, turns: int) -> dict:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with an error instead of a signal
    store = SQLiteStore(db)
    await store.open()
    engine = Engine(load_pack("pastashop"), store, model=None)
    first = await engine.handle(message(0))
    await store.outbox_done(first[0].meta["outbox_id"], "sent")
    files = [db, db + "-wal"]
    room = max(os.path.getsize(f) for f in files if os.path.exists(f)) + 8192
    resource.setrlimit(resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))  # the disk is full
    errors = {}
    for n in range(1, turns + 1):
        try:
            await engine.handle(message(n))
        except Exception as error:  # what an adapter would see
            errors[n] = f"{type(error).__name__}: {error}"
    seen_after_failure = [n for n in errors if await store.seen("telegram", f"update-{n}")]
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))  # space again
    redelivered = {n: len(await engine.handle(message(n))) for n in errors}
    again = {n: len(await engine.handle(message(n))) for n in range(turns + 1)}
    await store.close()
    async with SQLiteStore(db) as reopened:  # what is on disk, not what this process remembers
        pending = sorted(e.outbound.address.chat_id for e in await reopened.pending_outbox())
    return {"errors": errors, "seen_after_failure": seen_after_failure, "redelivered": redelivered,
            "again": again, "pending": pending}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], int(sys.argv[2])))))
