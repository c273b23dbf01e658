"""Where the PostgreSQL engine's p99 per turn goes: the floor a round trip has on this machine
(`SELECT 1`, one and three in a row), then bench/turns.py's turn on PostgreSQL with each store call
timed, and the slowest turns broken down by call (and by any garbage collection inside them).

    python -m bench.pg_tail [--turns 2000] [--durable]   (default: ?synchronous_commit=off)
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import time
from collections import defaultdict

import asyncpg

from bench.common import percentile
from bench.turns import measure
from core import hub as hub_module
from core.store.postgres import PostgresStore
from tests.support.postgres import PostgresServer

CALLS = ("try_lease", "load_conversation", "load_conversation_seen", "seen", "save_turn")


async def round_trips(url: str, samples: int = 3000) -> None:
    pool = await asyncpg.create_pool(url, min_size=1, max_size=10)
    try:
        for rounds in (1, 3):
            times = []
            for _ in range(samples):
                before = time.perf_counter_ns()
                for _ in range(rounds):
                    await pool.fetchval("SELECT 1")
                times.append((time.perf_counter_ns() - before) / 1000)
            print(f"  {rounds} x SELECT 1 in a row: p50 {percentile(times, 0.5):,.0f} µs, "
                  f"p90 {percentile(times, 0.9):,.0f} µs, p99 {percentile(times, 0.99):,.0f} µs")
    finally:
        await pool.close()


async def turns(url: str, count: int, slowest: int = 15) -> None:
    turn = [0]
    calls: dict[int, dict[str, float]] = defaultdict(dict)
    pauses: dict[int, float] = defaultdict(float)
    originals = {name: getattr(PostgresStore, name) for name in CALLS}
    receive = hub_module.Hub.receive

    def timed(name, original):
        async def call(self, *args, **kwargs):
            before = time.perf_counter_ns()
            try:
                return await original(self, *args, **kwargs)
            finally:
                spent = (time.perf_counter_ns() - before) / 1000
                calls[turn[0]][name] = calls[turn[0]].get(name, 0.0) + spent
        return call

    async def counted(self, inbound):
        turn[0] += 1
        return await receive(self, inbound)

    started = [0]

    def on_gc(phase, _info):
        if phase == "start":
            started[0] = time.perf_counter_ns()
        else:
            pauses[turn[0]] += (time.perf_counter_ns() - started[0]) / 1000

    for name, original in originals.items():
        setattr(PostgresStore, name, timed(name, original))
    hub_module.Hub.receive = counted
    gc.callbacks.append(on_gc)
    try:
        run = await measure(count, 100, url)
    finally:
        gc.callbacks.remove(on_gc)
        hub_module.Hub.receive = receive
        for name, original in originals.items():
            setattr(PostgresStore, name, original)
    per = run.per_turn_us
    print(f"  turns: p50 {percentile(per, 0.5):,.0f} µs, p99 {percentile(per, 0.99):,.0f} µs, "
          f"{run.turns_per_second:,.0f} turns/s")
    for name in CALLS:
        times = [c[name] for c in calls.values() if name in c]
        if times:
            print(f"  {name}: p50 {percentile(times, 0.5):,.0f} µs, p99 {percentile(times, 0.99):,.0f} µs, "
                  f"max {max(times):,.0f} µs ({len(times)} calls)")
    print(f"  the {slowest} slowest turns (µs): the turn, then each store call and garbage collection")
    for index in sorted(range(len(per)), key=lambda i: -per[i])[:slowest]:
        parts = ", ".join(f"{name} {spent:,.0f}" for name, spent in calls[index + 1].items())
        gc_part = f", gc {pauses[index + 1]:,.0f}" if index + 1 in pauses else ""
        print(f"    {per[index]:>8,.0f}: {parts}{gc_part}")


async def run(count: int, durable: bool) -> None:
    server = PostgresServer().start(fsync=True)
    try:
        print("round trips to the server (the floor under any turn):")
        await round_trips(server.fresh_database())
        print("turns" + (" (synchronous_commit on)" if durable else " (synchronous_commit=off)") + ":")
        await turns(server.fresh_database() + ("" if durable else "?synchronous_commit=off"), count)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--durable", action="store_true", help="turns commit with synchronous_commit on")
    args = parser.parse_args()
    asyncio.run(run(args.turns, args.durable))


if __name__ == "__main__":
    main()
