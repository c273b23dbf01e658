"""The engine's cost per turn on PostgreSQL: bench.turns' instant two-step turns through the hub,
with the store a PostgreSQL server this script starts from the system's binaries (fsync on, as a
shop would run it), each turn inside the store's conversation lock as several workers take it.

    python -m bench.store_pg [--turns 5000] [--conversations 500] [--url postgresql://...] [--json out.json]
"""
from __future__ import annotations

import argparse
import asyncio
import time

from bench.common import Report, emit, percentile
from bench.turns import CHANNEL, PACK, QUESTIONS, two_step
from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Outbound, Voice
from core.models.scripted import ScriptedModel

TARGET_P99_US = 5000


async def measure(url: str, turns: int, conversations: int, locked: bool) -> tuple[list[float], float, int]:
    hub = await build_hub(PACK, ScriptedModel(two_step), url, settings=EngineSettings(seed=1))
    store = hub.store
    replies = 0

    async def count(outbound: Outbound) -> None:
        nonlocal replies
        replies += outbound.voice is Voice.BOT
        await store.outbox_done(outbound.meta["outbox_id"], "sent")  # the sent mark is part of a turn's cost

    hub.register(CHANNEL, count)
    per_turn: list[float] = []
    tag = f"{time.time_ns()}"  # a new run on an old database: new conversations and event ids
    try:
        started = time.perf_counter_ns()
        for n in range(turns):
            c, k = n % conversations, n // conversations
            inbound = Inbound(Address(CHANNEL, f"{tag}.{c}"), QUESTIONS[(c + k) % len(QUESTIONS)], event_id=f"{tag}.{c}.{k}")
            before = time.perf_counter_ns()
            if locked:
                async with store.conversation_lock(inbound.address.key):
                    await hub.receive(inbound)
            else:
                await hub.receive(inbound)
            per_turn.append((time.perf_counter_ns() - before) / 1000)
        seconds = (time.perf_counter_ns() - started) / 1e9
    finally:
        await close_hub(hub)
    return per_turn, seconds, replies


async def round_trips(url: str, count: int) -> list[float]:
    """The floor under a turn: a turn makes three round trips in a row (lease, seen and load at
    once, save); on a busy machine each waits for the server process to be scheduled."""
    import asyncpg

    conn = await asyncpg.connect(url)
    times = []
    try:
        for _ in range(count):
            before = time.perf_counter_ns()
            await conn.fetchval("SELECT 1")
            times.append((time.perf_counter_ns() - before) / 1000)
    finally:
        await conn.close()
    return times


async def run(turns: int, conversations: int, url: str | None) -> Report:
    started = time.perf_counter()
    server = None
    if url is None:
        from tests.support.postgres import PostgresServer

        server = PostgresServer().start(fsync=True)
        url = server.fresh_database()
    out = Report("Engine cost per turn on PostgreSQL (scripted instant model, two-step backstage)")
    try:
        await measure(url, min(turns, 500), conversations, locked=True)  # warm-up: connections, plans
        quick = url + ("&" if "?" in url else "?") + "synchronous_commit=off"
        variants = (
            ("PostgreSQL, turn commit flushed to disk", url),
            ("PostgreSQL, synchronous_commit=off", quick),
        )
        for where, target in variants:
            per_turn, seconds, replies = await measure(target, turns, conversations, locked=True)
            p99 = percentile(per_turn, 0.99)
            out.add(f"[{where}] turns", turns, f"over {conversations:,} conversations")
            out.add(f"[{where}] p50 per turn", percentile(per_turn, 0.50), "µs")
            out.add(f"[{where}] p99 per turn", p99, "µs", f"<= {TARGET_P99_US:,} µs", p99 <= TARGET_P99_US)
            out.add(f"[{where}] throughput, one turn after another", turns / seconds, "turns/s")
            out.add(f"[{where}] replies delivered", replies, f"of {turns:,}", f"= {turns:,}", replies == turns)
        floor = await round_trips(url, 3000)
        out.add("[PostgreSQL] one round trip (SELECT 1) p50", percentile(floor, 0.50), "µs")
        out.add("[PostgreSQL] one round trip (SELECT 1) p99", percentile(floor, 0.99), "µs")
    finally:
        if server is not None:
            server.stop()
    out.notes.append("one worker; each turn: conversation lock (a lease row), seen, load, 2 model calls, save (one "
                     "statement), delivery and its sent mark; the lock's release runs behind the turn")
    out.notes.append("a local PostgreSQL started by the script (fsync on) on the same 2 cores; the first rows wait "
                     "for the WAL flush of every turn, the second are the SQLite figures' durability class "
                     "(SQLite WAL + synchronous=NORMAL does not flush per commit either)")
    out.seconds = time.perf_counter() - started
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=5_000)
    parser.add_argument("--conversations", type=int, default=500)
    parser.add_argument("--url", help="an existing database instead of a server started here")
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.turns, args.conversations, args.url)), args.json)


if __name__ == "__main__":
    main()
