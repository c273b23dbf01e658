"""Many conversations against a slow model behind a concurrency cap (as Ollama with
OLLAMA_NUM_PARALLEL=4): does csbot keep the model busy, answer everyone, in order?

    python -m bench.concurrency [--conversations 400] [--messages 3] [--json out.json]
"""
from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.common import Report, emit
from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Outbound
from core.models.scripted import ScriptedModel

PACK = "pastashop"
LATENCY = 0.3
PARALLEL = 4


def answer(chat: list[dict[str, str]]) -> str:
    """One step: the reply names the message it answers, so order can be checked."""
    asked = chat[-1]["content"].removeprefix("customer: ")
    return f'echo $ "About {asked}: yes, we have it."\necho $ "evaluation: safe"'


def question(n: int) -> str:
    return f"Do you have paccheri in stock, question {n}?"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


async def run(conversations: int = 400, messages: int = 3, latency: float = LATENCY,
              parallel: int = PARALLEL) -> Report:
    started = time.perf_counter()
    report = Report(f"Concurrency: {conversations:,} conversations x {messages} messages, "
                    f"model {latency * 1000:.0f} ms behind a cap of {parallel}")
    rss_before = rss_mb()
    model = ScriptedModel(answer, latency=latency, parallel=parallel)
    received: defaultdict[str, list[str]] = defaultdict(list)

    async def record(outbound: Outbound) -> None:
        received[outbound.address.chat_id].append(outbound.text)

    with tempfile.TemporaryDirectory(prefix="csbot-bench-") as folder:
        db = Path(folder) / "concurrency.db"
        hub = await build_hub(PACK, model, str(db), settings=EngineSettings(seed=1))
        hub.register("bench", record)

        async def customer(c: int) -> None:
            address = Address("bench", f"chat{c}")
            for n in range(messages):  # the next message only once the previous one is answered
                await hub.receive(Inbound(address, question(n), event_id=f"{c}.{n}", user_name="Ann"))

        try:
            began = time.perf_counter()
            await asyncio.gather(*(customer(c) for c in range(conversations)))
            wall = time.perf_counter() - began
        finally:
            await close_hub(hub)
        stored = sum(p.stat().st_size for p in Path(folder).iterdir() if p.name.startswith(db.name))
    calls = len(model.calls)
    ideal = calls * latency / parallel
    expected = [f"About {question(n)}: yes, we have it." for n in range(messages)]
    complete = sum(1 for c in range(conversations) if received[f"chat{c}"] == expected)
    report.add("model calls", calls, "", f"= {conversations * messages:,}", calls == conversations * messages)
    report.add("wall time", wall, "s")
    report.add("ideal (calls x latency / cap)", ideal, "s")
    report.add("wall time over ideal", f"{(wall / ideal - 1) * 100:+.1f}%", "", "<= +10%", wall <= ideal * 1.10)
    report.add("conversations with every reply, in order", complete, f"of {conversations:,}",
               f"= {conversations:,}", complete == conversations)
    report.add("peak memory (max RSS of the process)", rss_mb(), "MB")
    report.add("peak memory added by the run", rss_mb() - rss_before, "MB")
    report.add("stored bytes per conversation (SQLite file after checkpoint)", stored / conversations, "bytes")
    report.notes.append("each conversation sends its next message when the previous one is answered; "
                        "the scripted model sleeps its latency holding one of the cap's slots")
    report.seconds = time.perf_counter() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--messages", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.conversations, args.messages)), args.json)


if __name__ == "__main__":
    main()
