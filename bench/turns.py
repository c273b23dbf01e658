"""The engine's own cost per turn: the scripted model answers at once with a two-step backstage
(`cat` a resource, then `echo` the reply and its evaluation), so every microsecond is csbot's.

    python -m bench.turns [--turns 20000] [--conversations 1000] [--json out.json]
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Report, emit, percentile
from bench.stages import StageClock, staged
from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Outbound, Voice
from core.models.scripted import ScriptedModel

PACK = "pastashop"
RESOURCE = "cooking_guide.txt"
CHANNEL = "bench"
ANSWER = 'echo $ "Paccheri cook in 14 minutes and spaghetti in 11: taste one a minute before. Buon appetito!"\necho $ "evaluation: safe"'
QUESTIONS = (
    "How long should I cook the paccheri?",
    "What does a bag of spaghetti weigh?",
    "Do you ship to Austria, and how long does it take?",
    "How much is the pesto alla genovese?",
    "Which pasta shapes do you sell?",
    "Is there a discount if I buy six bags of pasta?",
    "How big is the box of tagliatelle?",
    "Which olive oil do you sell?",
    "When would my parcel arrive if I order today?",
    "Can I pay with PayPal?",
    "What is in the tomato and basil sauce?",
    "How long do the cantucci keep?",
)
STAGES = ("screens", "triage", "prompt", "protocol", "store", "model")
STAGE_NAMES = {
    "screens": "input, output and grounding screens",
    "triage": "triage",
    "prompt": "prompt assembly",
    "protocol": "protocol parse + backstage",
    "store": "store (dedupe, load, save, outbox)",
    "model": "scripted model call (instant)",
    "other": "hub and engine glue (locks, records, asyncio)",
}


def two_step(chat: list[dict[str, str]]) -> str:
    """Read the cooking guide first; answer once its text came back."""
    if chat[-1]["content"].startswith("customer: "):
        return f"cat {RESOURCE}"
    return ANSWER


@dataclass(slots=True)
class TurnRun:
    store: str  # "sqlite" | "memory", with " at once" when the conversations ran together
    turns: int
    conversations: int
    per_turn_us: list[float]
    seconds: float
    stage_ns: dict[str, int]
    bot_replies: int
    model_calls: int
    cpu_seconds: float = 0.0  # the process's CPU (every thread: aiosqlite's too) during the turns
    # Each stage's share of the turn, from a run of its own with the stage clocks on (see `run`).
    stage_shares: dict[str, float] = field(default_factory=dict)

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds

    def shares(self) -> dict[str, float]:
        if self.stage_shares:
            return self.stage_shares
        total = sum(self.per_turn_us) * 1000
        shares = {stage: self.stage_ns.get(stage, 0) / total for stage in STAGES}
        shares["other"] = max(0.0, 1 - sum(shares.values()))
        return shares


def settle_heap() -> None:
    """As `csbot run` does once loaded (bots/heap.py in builds that have it): what exists now is
    left out of later collections and the young generation is collected less often. Done here,
    in the harness, so that every build compared is measured the same way."""
    if os.environ.get("CSBOT_BENCH_GC") == "default":
        return
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(50_000, older, oldest)


async def measure(turns: int, conversations: int, db: str, at_once: bool = False, timed: bool = True) -> TurnRun:
    """Run `turns` customer turns over `conversations` through the hub: one after another
    (round-robin, so each turn's time is the engine's alone), or with every conversation
    sending at once, each its next message when answered (throughput under load).
    `timed` False: no stage clocks (their proxies cost some 20 µs a turn of their own)."""
    model = ScriptedModel(two_step)
    hub = await build_hub(PACK, model, db, settings=EngineSettings(seed=1))
    settle_heap()
    replies = 0

    async def count(outbound: Outbound) -> None:
        nonlocal replies
        replies += outbound.voice is Voice.BOT

    hub.register(CHANNEL, count)
    clock = StageClock()
    addresses = [Address(CHANNEL, f"chat{c}") for c in range(conversations)]
    per_turn: list[float] = []

    async def turn(c: int, k: int) -> None:
        inbound = Inbound(addresses[c], QUESTIONS[(c + k) % len(QUESTIONS)], event_id=f"{c}.{k}", user_name="Ann")
        before = time.perf_counter_ns()
        await hub.receive(inbound)
        per_turn.append((time.perf_counter_ns() - before) / 1000)

    async def conversation(c: int) -> None:
        for k in range(c, turns, conversations):
            await turn(c, k // conversations)

    try:
        with staged(hub, clock) if timed else contextlib.nullcontext():
            started, cpu = time.perf_counter_ns(), time.process_time()
            if at_once:
                await asyncio.gather(*(conversation(c) for c in range(conversations)))
            else:
                for n in range(turns):
                    await turn(n % conversations, n // conversations)
            seconds = (time.perf_counter_ns() - started) / 1e9
            cpu = time.process_time() - cpu
        calls = len(model.calls)
    finally:
        await close_hub(hub)
    store = ("sqlite" if db != ":memory:" else "memory") + (" at once" if at_once else "")
    return TurnRun(store, turns, conversations, per_turn, seconds, dict(clock.ns), replies, calls, cpu)


def report(runs: list[TurnRun]) -> Report:
    out = Report("Engine cost per turn (scripted instant model, two-step backstage)")
    for run in runs:
        on_disk = run.store.startswith("sqlite")
        where = ("SQLite file" if on_disk else "SQLite :memory:") + (", all conversations at once" if "at once" in run.store else "")
        p50, p99 = percentile(run.per_turn_us, 0.50), percentile(run.per_turn_us, 0.99)
        out.add(f"[{where}] turns", run.turns, f"over {run.conversations:,} conversations")
        if "at once" in run.store:
            # Under load a turn's time is mostly its wait for the others: only throughput is the engine's.
            out.add(f"[{where}] throughput", run.turns_per_second, "turns/s", ">= 1,000 turns/s",
                    run.turns_per_second >= 1000)
        else:
            out.add(f"[{where}] p50 per turn", p50, "µs")
            out.add(f"[{where}] CPU per turn (process)", run.cpu_seconds * 1e6 / run.turns, "µs")
            out.add(f"[{where}] p99 per turn", p99, "µs", "<= 2,000 µs" if on_disk else "", (p99 <= 2000) if on_disk else None)
            out.add(f"[{where}] throughput, one turn after another", run.turns_per_second, "turns/s",
                    ">= 1,000 turns/s" if on_disk else "", (run.turns_per_second >= 1000) if on_disk else None)
        out.add(f"[{where}] replies delivered", run.bot_replies, f"of {run.turns:,}", f"= {run.turns:,}",
                run.bot_replies == run.turns)
        if "at once" in run.store:
            continue  # overlapping turns: a stage's share of their summed times means nothing
        for stage, share in run.shares().items():
            out.add(f"[{where}] share: {STAGE_NAMES[stage]}", f"{share * 100:.1f}%")
    out.notes.append("one process; each turn goes through Hub.receive (dedupe, load, screens, triage, 2 model calls, "
                     "save, outbox); stages timed with perf_counter_ns around the engine's collaborators")
    out.notes.append("the store share is the time a turn waits for its store calls: on a file the turn's transaction "
                     "runs on the event loop's thread (with the turns that finished in the same round of the loop), "
                     "in memory it is a trip to aiosqlite's thread")
    return out


RUNS = ("file", "at-once", "memory")


async def run(turns: int = 20_000, conversations: int = 1_000, runs: tuple[str, ...] = RUNS) -> Report:
    started = time.perf_counter()
    done = []
    with tempfile.TemporaryDirectory(prefix="csbot-bench-") as folder:
        if "file" in runs:
            # Turns per second, CPU and latency without the stage clocks; the stages' shares from
            # a shorter run with them (both builds of bench/compare.py are measured alike).
            fast = await measure(turns, conversations, str(Path(folder) / "turns.db"), timed=False)
            staged_run = await measure(max(turns // 4, 1), conversations, str(Path(folder) / "staged.db"))
            fast.stage_shares = staged_run.shares()
            done.append(fast)
        if "at-once" in runs:
            done.append(await measure(turns, conversations, str(Path(folder) / "at_once.db"), at_once=True))
    if "memory" in runs:
        done.append(await measure(turns, conversations, ":memory:"))
    result = report(done)
    result.seconds = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20_000)
    parser.add_argument("--conversations", type=int, default=1_000)
    parser.add_argument("--runs", nargs="+", choices=RUNS, default=list(RUNS),
                        help="SQLite file one turn after another, all conversations at once, :memory:")
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.turns, args.conversations, tuple(args.runs))), args.json)


if __name__ == "__main__":
    main()
