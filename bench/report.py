"""The owner's figures over a big shop: `read_report` (what `csbot report` and the owner's page
run) over 100,000 conversations and 1,000,000 messages, on SQLite and on PostgreSQL.

    python -m bench.report [--conversations 100000] [--json out.json]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Report, emit
from core.metrics import parse_period, read_report
from core.store import open_store

TARGET_SECONDS = 2.0
DAY = 86400.0
CHANNELS = ("telegram", "web", "slack", "discord", "terminal")
LANGUAGES = ("en", "it", "de")
TOPICS = ("shipping", "payment", "product", "returns", "order", "hours")
REASONS = ("refund", "health", "human", "failure")


def shop(conversations: int, now: float, seed: int = 7):
    """Rows of a month of a busy shop: each conversation 5 questions and 5 answers."""
    rng = random.Random(seed)
    convs, msgs, escs, rates = [], [], [], []
    mid = 0
    for n in range(conversations):
        cid = f"c{n}"
        start = now - rng.random() * 30 * DAY
        convs.append((cid, f"{CHANNELS[n % 5]}:{n}", CHANNELS[n % 5], str(n), "bot", start, start, LANGUAGES[n % 3]))
        for k in range(5):
            at = start + k * 60
            mid += 2
            abstained = rng.random() < 0.04  # about one answer in 25 says "I don't know", a few more score low
            score = rng.random() * 0.5 if abstained or rng.random() < 0.04 else 0.5 + rng.random() * 0.5
            msgs.append((mid - 1, cid, "customer", f"question {k} of {n}", at, "", None, False, ""))
            msgs.append((mid, cid, "bot", f"answer {k}", at + 1, TOPICS[(n + k) % 6], score, abstained, f"r{mid}"))
        if n % 10 == 0:
            escs.append((f"e{n}", cid, REASONS[n % 4], "open", CHANNELS[n % 5], str(n), start + 300, start + 300))
        if n % 5 == 0:
            rates.append((f"answer:r{mid}", cid, "answer", "bad" if rng.random() < 0.2 else "good", start + 400, start + 400))
    return convs, msgs, escs, rates


async def fill(store, rows) -> None:
    convs, msgs, escs, rates = rows
    tables = (
        ("conversations", ("id", "address_key", "channel", "chat_id", "state", "created_at", "updated_at", "language"), convs),
        ("messages", ("id", "conversation_id", "role", "text", "created_at", "topic", "score", "abstained", "ref"), msgs),
        ("escalations", ("id", "conversation_id", "reason", "state", "customer_channel", "customer_chat", "created_at",
                         "updated_at"), escs),
        ("ratings", ("subject", "conversation_id", "kind", "value", "created_at", "updated_at"), rates),
    )
    for table, columns, data in tables:
        if store.dialect == "postgresql":
            if table == "messages":
                await store.pool.execute("ALTER TABLE messages ALTER COLUMN id DROP IDENTITY IF EXISTS")
            await store.pool.copy_records_to_table(table, records=data, columns=list(columns))
        else:
            await store.db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", data)
    if store.dialect == "postgresql":
        await store.pool.execute("ANALYZE")
    else:
        await store.db.execute("ANALYZE")


async def timed(url: str, rows, now: float, runs: int) -> tuple[list[float], object]:
    store = open_store(url)
    await store.open()
    try:
        await fill(store, rows)
        period = parse_period("30d", now=now + 1)
        seconds, report = [], None
        for _ in range(runs):
            started = time.perf_counter()
            report = await read_report(store, period, now=now + 1)
            seconds.append(time.perf_counter() - started)
        return seconds, report
    finally:
        await store.close()


async def run(conversations: int, runs: int, url: str | None) -> Report:
    started = time.perf_counter()
    now = time.time()
    rows = shop(conversations, now)
    out = Report(f"The owner's report over {conversations:,} conversations and {len(rows[1]):,} messages")
    server = None
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", str(Path(folder) / "shop.db"))]
        if url is None:
            from tests.support.postgres import PostgresServer

            server = PostgresServer().start(fsync=True)
            url = server.fresh_database()
        targets.append(("PostgreSQL", url))
        try:
            for name, target in targets:
                seconds, report = await timed(target, rows, now, runs)
                median = statistics.median(seconds)
                out.add(f"[{name}] read_report, 30 days, median of {runs}", median, "s",
                        f"<= {TARGET_SECONDS:g} s", median <= TARGET_SECONDS)
                out.add(f"[{name}] conversations counted", report.conversations, "", f"= {conversations:,}",
                        report.conversations == conversations)
        finally:
            if server is not None:
                server.stop()
    out.notes.append("the page's overview runs the same read_report; rows written straight into the tables")
    out.seconds = time.perf_counter() - started
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", help="an empty PostgreSQL database instead of a server started here")
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.conversations, args.runs, args.url)), args.json)


if __name__ == "__main__":
    main()
