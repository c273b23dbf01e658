"""Several workers on one PostgreSQL beside one process on SQLite: the engine's cost per turn on
each store, whole `csbot run` processes taking Telegram webhooks (1, 2 and 4 workers), and the
time another worker needs to take over a dead long-polling worker.

    python -m bench.workers [--customers 200] [--messages 3] [--write]   (--write: into bench/RESULTS.md)
    python -m bench.workers --engine-only   (the engine rows alone)
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, Report, machine, percentile
from bench.turns import measure
from core.store import open_store
from tests.fakes.ollama_api import FakeOllama
from tests.fakes.telegram_api import FakeTelegram
from tests.support.postgres import PostgresServer
from tests.support.worker_cluster import Cluster, children_cpu_seconds, cpu_seconds, model_for

SLOW_MODEL = 0.3  # seconds per model call
TAKEOVER_TRIALS = 3


@dataclass(slots=True)
class ClusterRun:
    store: str
    workers: int
    model: str
    turns: int
    seconds: float
    latencies: list[float]
    lost: int
    doubled: int
    left_in_outbox: int
    retries: int
    cpu_ms: dict[str, float]  # CPU per turn while the customers ran: workers, load generator, PostgreSQL

    @property
    def label(self) -> str:
        return f"[{self.store}, {self.workers} worker{'s' if self.workers > 1 else ''}, {self.model} model]"

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds


async def engine_cost(db: str, turns: int) -> tuple[float, float, float]:
    """p50 and p99 (µs) of one turn after another, and turns/s: bench/turns.py's measure, on `db`."""
    run = await measure(turns, 100, db)
    return percentile(run.per_turn_us, 0.5), percentile(run.per_turn_us, 0.99), run.turns_per_second


def _cpu(cluster: Cluster, postmaster: int | None) -> dict[str, float]:
    return {
        "workers": sum(cpu_seconds(w.process.pid) for w in cluster.workers),
        "load generator and fakes": sum(os.times()[:2]),
        "PostgreSQL": children_cpu_seconds(postmaster) if postmaster else 0.0,
    }


async def cluster_run(folder: Path, db: str, store: str, workers: int, latency: float,
                      customers: int, messages: int, postmaster: int | None) -> ClusterRun:
    async with FakeTelegram() as telegram, FakeOllama(model_for(latency)) as ollama:
        cluster = Cluster(folder, db, telegram, ollama, lease=30.0)
        lost = 0
        latencies: list[float] = []
        try:
            await cluster.start(workers)

            async def customer(n: int) -> None:
                nonlocal lost
                chat = 20_000 + n
                for m in range(messages):
                    tag = f"c{n}m{m}"
                    before = time.perf_counter()
                    await cluster.say(chat, f"Hello, question {tag}: how long do paccheri cook?")
                    try:
                        await cluster.answered(chat, tag, timeout=60)
                    except TimeoutError:
                        lost += 1
                        continue
                    latencies.append(time.perf_counter() - before)

            before = _cpu(cluster, postmaster)
            started = time.perf_counter()
            await asyncio.gather(*(customer(n) for n in range(customers)))
            seconds = time.perf_counter() - started
            after = _cpu(cluster, postmaster)
            turns = customers * messages
            cpu_ms = {k: (after[k] - before[k]) * 1000 / turns for k in after}
        finally:
            await cluster.stop()
    check = open_store(db, read_only=True) if store == "SQLite" else open_store(db)
    await check.open()
    try:
        left = len(await check.pending_outbox())
    finally:
        await check.close()
    doubled = sum(count - 1 for count in cluster.delivered.values() if count > 1)
    model = "instant" if not latency else f"{latency * 1000:.0f} ms"
    return ClusterRun(store, workers, model, customers * messages, seconds, latencies, lost, doubled, left,
                      cluster.retries, cpu_ms)


async def takeover(folder: Path, db: str) -> float:
    """Seconds from SIGKILL of the polling worker to the answer of an update sent at that moment."""
    store = open_store(db)
    await store.open()
    async with FakeTelegram() as telegram, FakeOllama(model_for()) as ollama:
        cluster = Cluster(folder, db, telegram, ollama)
        try:
            await cluster.start(2, webhook=False)
            holder = None
            while holder is None:
                holder = await cluster.poller(store)
                await asyncio.sleep(0.05)  # polling another process's state
            telegram.push_text(1, "Hello, question c1m0")
            await cluster.answered(1, "c1m0")
            cluster.kill(holder)
            killed = time.perf_counter()
            telegram.push_text(2, "Hello, question c2m0")
            await cluster.answered(2, "c2m0", timeout=60)
            return time.perf_counter() - killed
        finally:
            await cluster.stop()
            await store.close()


async def run(customers: int, messages: int, engine_only: bool = False) -> Report:
    started = time.perf_counter()
    out = Report("Several workers: PostgreSQL beside SQLite")
    server = PostgresServer().start(fsync=True)
    try:
        with tempfile.TemporaryDirectory(prefix="csbot-bench-workers-") as tmp:
            folder = Path(tmp)
            sqlite_p50, sqlite_p99, sqlite_rate = await engine_cost(str(folder / "engine.db"), 2000)
            out.add("[engine, SQLite] p50 / p99 per turn", f"{sqlite_p50:,.0f} / {sqlite_p99:,.0f} µs")
            out.add("[engine, SQLite] throughput, one turn after another", sqlite_rate, "turns/s")
            for query, name in (("", "PostgreSQL"), ("?synchronous_commit=off", "PostgreSQL, synchronous_commit=off")):
                pg_p50, pg_p99, pg_rate = await engine_cost(server.fresh_database() + query, 2000)
                out.add(f"[engine, {name}] p50 per turn", pg_p50, "µs")
                out.add(f"[engine, {name}] p99 per turn", pg_p99, "µs", "<= 5,000 µs", pg_p99 <= 5000)
                out.add(f"[engine, {name}] throughput, one turn after another", pg_rate, "turns/s")
            if engine_only:
                out.seconds = time.perf_counter() - started
                return out

            runs: list[ClusterRun] = []
            for latency in (0.0, SLOW_MODEL):
                for store, workers in (("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2), ("PostgreSQL", 4)):
                    sub = folder / f"{store}-{workers}-{latency}"
                    sub.mkdir()
                    db = str(sub / "csbot.db") if store == "SQLite" else server.fresh_database()
                    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
                    result = await cluster_run(sub, db, store, workers, latency, customers, messages, postmaster)
                    runs.append(result)
                    print(f"  {result.label}: {result.turns_per_second:,.0f} turns/s, "
                          f"p99 {percentile(result.latencies, 0.99) * 1000:,.0f} ms", flush=True)
            one = {r.model: r for r in runs if r.store == "PostgreSQL" and r.workers == 1}
            for r in runs:
                out.add(f"{r.label} throughput", r.turns_per_second, "turns/s")
                out.add(f"{r.label} p50 / p99 per turn, webhook to reply",
                        f"{percentile(r.latencies, 0.5) * 1000:,.0f} / {percentile(r.latencies, 0.99) * 1000:,.0f} ms")
                if r.store == "PostgreSQL" and r.workers == 2 and r.model == "instant":
                    speedup = r.turns_per_second / one[r.model].turns_per_second
                    out.add(f"{r.label} speed-up over 1 worker", f"{speedup:.2f}x", "", ">= 1.4x", speedup >= 1.4)
                out.add(f"{r.label} CPU per turn: " + ", ".join(r.cpu_ms),
                        " / ".join(f"{v:.1f}" for v in r.cpu_ms.values()), "ms")
                out.add(f"{r.label} replies lost / doubled / left in the outbox",
                        f"{r.lost} / {r.doubled} / {r.left_in_outbox}", "", "0 / 0 / 0",
                        r.lost == r.doubled == r.left_in_outbox == 0)

            for r in runs:
                if r.model == "instant" and r.store == "PostgreSQL":
                    total = sum(r.cpu_ms.values())
                    out.notes.append(
                        f"{r.label}: {total:.1f} ms of CPU per turn over all processes, so at most "
                        f"{(os.cpu_count() or 1) * 1000 / total:,.0f} turns/s on this machine's {os.cpu_count()} cores if "
                        f"nothing else ran; measured {r.turns_per_second:,.0f} (load average at the start "
                        f"{os.getloadavg()[0]:.1f}): more workers cannot be faster when the cores are already busy, "
                        "and each added worker adds its own CPU per turn and a hand-over of the conversation's "
                        "lock between workers (the posts are spread round-robin)")
            times = []
            for trial in range(TAKEOVER_TRIALS):
                sub = folder / f"takeover-{trial}"
                sub.mkdir()
                times.append(await takeover(sub, server.fresh_database()))
            out.add("dead poller taken over (SIGKILL to the next answer), worst of "
                    f"{TAKEOVER_TRIALS}", max(times), "s", "<= 10 s", max(times) <= 10)
    finally:
        server.stop()
    out.notes += [
        f"{customers} Telegram customers x {messages} messages, each sent when the previous one is answered; "
        "webhook posts spread round-robin over the workers; the fake Bot API, the fake Ollama (answering at "
        "once, or after 300 ms) and this load generator run in one more process on the same machine",
        "every worker is a `csbot run` process; PostgreSQL runs with fsync on, from the system's binaries, "
        f"on loopback; the machine has {os.cpu_count()} cores shared by all of them (and by whatever else runs)",
        "engine rows: bench/turns.py's two-step turn through Hub.receive in one process, one turn after "
        "another (2,000 turns over 100 conversations); on PostgreSQL that includes taking and releasing the "
        "conversation lock and the sent mark, each a round trip; synchronous_commit=off (in the URL) gives "
        "turns the durability SQLite's WAL with synchronous=NORMAL has: the last moment of turns may be lost "
        "if the server crashes, never corrupted; the worker rows use the default (on)",
        "takeover: the poller lease lives 5 s and is renewed every 1.5 s (adapters/telegram/poller_lease.py)",
    ]
    out.seconds = time.perf_counter() - started
    return out


SECTION = re.compile(r"^## Several workers.*?(?=^## |\Z)", re.S | re.M)


def write(report: Report) -> None:
    """Put this report's section into bench/RESULTS.md, replacing an earlier one."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    info = machine()
    section = (report.markdown().replace("\n_", f"\n_{info['date']}, load {info['load']} at the end; ", 1)
               .replace("; _", "; ", 1) + "\n\n_Written by `python -m bench.workers --write`._\n\n")
    text = SECTION.sub(lambda _m: section, text) if SECTION.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--messages", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write the section into bench/RESULTS.md")
    parser.add_argument("--engine-only", action="store_true", help="only the engine rows (seconds, not minutes)")
    args = parser.parse_args()
    if args.write and args.engine_only:
        parser.error("--write needs the whole run")
    report = asyncio.run(run(args.customers, args.messages, args.engine_only))
    print(report.text(), flush=True)
    if args.write:
        write(report)


if __name__ == "__main__":
    main()
