"""A turn's cost on PostgreSQL, by process: the Telegram benchmark's csbot (long polling, the
scripted instant model) on a PostgreSQL server this script starts (fsync on), with the CPU of
the worker, of every PostgreSQL server process and of the fake Bot API, and the statements the
database ran, per turn.

    python -m bench.pg_turn [--chats 200] [--messages 10] [--rounds 2] [--json out.json]

The paper model in bench/RESULTS.md ("PostgreSQL per turn") is worked from these figures.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

import asyncpg

from bench.common import Report, emit
from bench.telegram import CSBOT, Build, bench
from tests.support.postgres import PostgresServer, binaries

TARGET_MS = 3.0  # CPU per turn over all processes


async def statements(url: str) -> int:
    """Transactions the database has committed or rolled back: csbot sends every statement outside
    a transaction block, so each is one. Read on a fresh snapshot."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("SELECT pg_stat_clear_snapshot()")
        return await conn.fetchval(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")
    finally:
        await conn.close()


async def settled(url: str) -> int:
    """The count once the server's statistics have caught up (they reach the view up to a second
    late); this function's own reads (two statements each) are taken off."""
    count, reads = await statements(url), 1
    for _ in range(10):
        await asyncio.sleep(0.5)  # the statistics' delay, not csbot's
        previous, count, reads = count, await statements(url), reads + 1
        if count - previous <= 2:
            break
    return count - 2 * reads


async def measure(chats: int, messages: int, rounds: int, builds: tuple[Build, ...] = (Build("this tree"),)
                  ) -> list[dict[str, float]]:
    server = PostgresServer().start(fsync=True)
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    results = []
    try:
        async with bench() as setup:
            for _ in range(rounds):
                for build in builds:  # builds take turns, round after round
                    url = server.fresh_database()
                    before = await settled(url)
                    result = await setup.load(build, CSBOT, chats, messages, db=url, helpers={"PostgreSQL": -postmaster})
                    done = await settled(url)
                    turns = max(1, result.answered)
                    row = {"turns/s": result.per_second, "answered": result.answered, "expected": result.expected,
                           "worker": result.cpu_ms, "build": build.name}
                    row |= {name: seconds * 1000 / turns for name, seconds in result.helpers_cpu.items()}
                    # the warm-up's statements and the start's are in the difference too: an upper bound
                    row["statements"] = (done - before) / turns
                    results.append(row)
    finally:
        server.stop()
    return results


def report(rows: list[dict[str, float]], chats: int, messages: int) -> Report:
    out = Report("PostgreSQL per turn: CPU by process and statements")
    median = {key: statistics.median(r[key] for r in rows) for key in rows[0] if key != "build"}
    total = median["worker"] + median["PostgreSQL"] + median["fake"]
    out.add("throughput (one worker, long polling)", median["turns/s"], "turns/s")
    out.add("answered", int(min(r["answered"] for r in rows)), f"of {int(rows[0]['expected']):,}",
            f"= {int(rows[0]['expected']):,}", all(r["answered"] == r["expected"] for r in rows))
    out.add("CPU per turn: worker (csbot)", median["worker"], "ms")
    out.add("CPU per turn: PostgreSQL (every server process)", median["PostgreSQL"], "ms")
    out.add("CPU per turn: fake Bot API and customers", median["fake"], "ms")
    out.add("CPU per turn: all processes", total, "ms", f"<= {TARGET_MS:g} ms", total <= TARGET_MS)
    out.add("statements per turn (transactions, warm-up included)", median["statements"], "")
    out.notes.append(f"{chats} chats x {messages} messages through the fake Bot API, one csbot worker on PostgreSQL "
                     f"(fsync on, loopback); median of {len(rows)} rounds, each on a fresh database; CPU from /proc")
    return out


async def run(chats: int = 200, messages: int = 10, rounds: int = 2) -> Report:
    started = time.perf_counter()
    try:
        binaries()
    except RuntimeError as missing:  # `make bench` still runs the rest
        result = Report("PostgreSQL per turn: CPU by process and statements", notes=[f"not run: {missing}"])
        return result
    result = report(await measure(chats, messages, rounds), chats, messages)
    result.seconds = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json")
    parser.add_argument("--against", nargs=2, metavar=("PYTHON", "TREE"),
                        help="also an earlier build (its interpreter and tree, bench/ copied in), taking turns")
    args = parser.parse_args()
    if args.against:
        python, tree = args.against
        rows = asyncio.run(measure(args.chats, args.messages, args.rounds,
                                   (Build("earlier", python, Path(tree)), Build("this tree"))))
        for name in ("earlier", "this tree"):
            print(report([r for r in rows if r["build"] == name], args.chats, args.messages).text().replace(
                "== PostgreSQL", f"== [{name}] PostgreSQL", 1), flush=True)
        return
    emit(asyncio.run(run(args.chats, args.messages, args.rounds)), args.json)


if __name__ == "__main__":
    main()
