"""End to end through the fake Telegram Bot API in its own process: csbot (scripted instant
model, model down, an instant OpenAI-compatible server) next to bare python-telegram-bot echo
bots on csbot's aiohttp transport (the floor) and on PTB's default httpx transport.

    python -m bench.telegram [--chats 200] [--messages 10] [--rounds 3] [--json out.json]

Every bot is its own process (bench/telegram_bot.py), as `csbot run` is; the customers are
played inside the fake's process (bench/telegram_load.py), which stamps both ends of every
latency. bench/compare.py runs the same bots from two builds with these functions.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.common import ROOT, Report, emit, percentile

TOKEN = "123456:BENCH"
PACK = "gadgetstore"
REPLY = 'echo $ "Yes: shipping to Austria costs $24.99 and takes 7-12 business days."\necho $ "evaluation: safe"'
BOTS = {  # bench/telegram_bot.py runs each
    "csbot": "csbot (its default transport, SQLite, scripted instant model)",
    "csbot-offline": "csbot (its default transport, SQLite, model down: offline answers)",
    "csbot-openai": "csbot (its default transport, SQLite, instant OpenAI-compatible server)",
    "echo-aiohttp": "PTB echo bot, csbot's aiohttp transport (the floor)",
    "echo-keepalive": "PTB echo bot, csbot's keep-alive transport",
    "echo-httpx": "PTB echo bot, default httpx transport",
}
FLOOR = "echo-aiohttp"
# csbot's own default transport under a bare echo bot: what the floor would be on it (shown, no target).
SAME_TRANSPORT = "echo-keepalive"
CSBOT = "csbot"
# csbot's own path against the floor; the model path and the model-down path as measured beside it.
TARGET_RATIO, TARGET_P99 = 0.8, 1.5
MODEL_RATIO, MODEL_P99 = 0.5, 2.0
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class LoadResult:
    bot: str
    latencies: list[float]
    wall: float
    answered: int
    expected: int
    cpu: float = 0.0  # seconds of CPU the bot's process spent during the load
    helpers_cpu: dict[str, float] = field(default_factory=dict)  # the fake's and the model server's

    @property
    def per_second(self) -> float:
        return self.answered / self.wall

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.5) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000

    @property
    def cpu_ms(self) -> float:
        """The bot's CPU per answered message."""
        return self.cpu * 1000 / max(1, self.answered)


@dataclass(frozen=True, slots=True)
class Build:
    """Where a bot's code comes from: an interpreter and the tree it runs in."""

    name: str
    python: str = sys.executable
    root: Path = ROOT


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far, from /proc/<pid>/stat; a negative pid: the process's
    children instead (PostgreSQL's server processes under the postmaster), the ended ones included."""
    if pid < 0:
        return _children_cpu(-pid)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _children_cpu(parent: int) -> float:
    fields = Path(f"/proc/{parent}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / _TICKS  # + waited-for children
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            f = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(f[1]) == parent:
            total += (int(f[11]) + int(f[12])) / _TICKS
    return total


@contextlib.asynccontextmanager
async def _process(command: list[str], cwd: Path) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """A helper process that prints one line when ready; stopped by closing its stdin and SIGINT."""
    process = await asyncio.create_subprocess_exec(*command, cwd=cwd, stdin=asyncio.subprocess.PIPE,
                                                   stdout=asyncio.subprocess.PIPE)
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode().strip()
        if not line:
            raise RuntimeError(f"{' '.join(command[1:4])} exited before it was ready")
        yield process, line
    finally:
        if process.returncode is None:
            if process.stdin is not None:
                process.stdin.close()
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


@contextlib.asynccontextmanager
async def fake_server() -> AsyncIterator[tuple[str, str, int]]:
    """The fake Bot API as its own process; yields (bot api base url, load control url, pid)."""
    async with _process([sys.executable, "-m", "bench.telegram_load"], ROOT) as (process, line):
        base_url, control_url = line.split()
        yield base_url, control_url, process.pid


@contextlib.asynccontextmanager
async def model_server() -> AsyncIterator[tuple[str, int]]:
    """The instant OpenAI-compatible server as its own process; yields (its base URL, pid)."""
    async with _process([sys.executable, "-m", "bench.model_server"], ROOT) as (process, url):
        yield url, process.pid


@contextlib.asynccontextmanager
async def bot_process(build: Build, bot: str, base_url: str, db: str, model_url: str | None) -> AsyncIterator[int]:
    """One bot of one build, polling the fake; yields its pid."""
    command = [build.python, "-m", "bench.telegram_bot", bot, "--base-url", base_url, "--db", db]
    if model_url:
        command += ["--model-url", model_url]
    async with _process(command, build.root) as (process, line):
        if line != "ready":
            raise RuntimeError(f"{bot} of {build.name} said {line!r} instead of ready")
        yield process.pid


async def play(control_url: str, bot: str, chats: int, messages: int, first_chat: int, deadline: float) -> LoadResult:
    body = {"chats": chats, "messages": messages, "first_chat": first_chat, "deadline": deadline}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{control_url}/load", json=body, timeout=aiohttp.ClientTimeout(total=deadline + 30)) as response:
            raw = await response.json()
    return LoadResult(bot, raw["latencies"], raw["wall"], raw["answered"], raw["expected"])


class Bench:
    """The fake Bot API, the instant model server and a folder for the bots' databases."""

    def __init__(self, base_url: str, control_url: str, model_url: str, folder: Path, helpers: dict[str, int]) -> None:
        self.base_url, self.control_url, self.model_url, self.folder = base_url, control_url, model_url, folder
        self.helpers = helpers  # "fake" / "model" -> pid: their CPU is counted beside the bot's
        self._chats = 0

    async def load(self, build: Build, bot: str, chats: int, messages: int, deadline: float = 120.0,
                   db: str | None = None, helpers: dict[str, int] | None = None) -> LoadResult:
        """Start the bot, warm it up with one message from a few chats, then play the load on fresh chats.
        `db`: a PostgreSQL URL instead of a fresh SQLite file; `helpers`: more processes whose CPU counts."""
        db = db or str(self.folder / f"{build.name}-{bot}-{self._chats}.db")
        async with bot_process(build, bot, self.base_url, db, self.model_url if bot == "csbot-openai" else None) as pid:
            await play(self.control_url, bot, min(chats, 20), 1, self._fresh(), 30)
            pids = {"bot": pid, **self.helpers, **(helpers or {})}
            before = {name: cpu_seconds(p) for name, p in pids.items()}
            result = await play(self.control_url, bot, chats, messages, self._fresh(), deadline)
            spent = {name: cpu_seconds(p) - before[name] for name, p in pids.items()}
        result.cpu, result.helpers_cpu = spent.pop("bot"), spent
        return result

    def _fresh(self) -> int:
        self._chats += 1
        return self._chats * 1_000_000  # fresh chats: no history carried over


@contextlib.asynccontextmanager
async def bench() -> AsyncIterator[Bench]:
    async with fake_server() as (base_url, control_url, fake), model_server() as (model_url, model):
        with tempfile.TemporaryDirectory(prefix="csbot-bench-") as folder:
            yield Bench(base_url, control_url, model_url, Path(folder), {"fake": fake, "model": model})


def median(results: Sequence[LoadResult]) -> LoadResult:
    """The round with the median throughput (its latencies with it); CPU is the median of the rounds'."""
    ordered = sorted(results, key=lambda r: r.per_second)
    middle = ordered[(len(ordered) - 1) // 2]
    cpu = statistics.median(r.cpu_ms for r in results) * middle.answered / 1000
    return LoadResult(middle.bot, middle.latencies, middle.wall, middle.answered, middle.expected, cpu,
                      middle.helpers_cpu)


SHORT = {CSBOT: "csbot (scripted model)", "csbot-offline": "csbot (model down, offline)",
         "csbot-openai": "csbot (OpenAI-compatible server)"}
DEFAULT_BOTS = (CSBOT, "csbot-offline", "csbot-openai", FLOOR, SAME_TRANSPORT, "echo-httpx")


async def measure(chats: int = 200, messages: int = 10, deadline: float = 120.0, rounds: int = 3,
                  bots: Sequence[str] = DEFAULT_BOTS) -> list[LoadResult]:
    """Each bot's median round: the bots take turns, round after round, so a burst of other work
    on the machine spoils one round of one bot, not the comparison."""
    runs: dict[str, list[LoadResult]] = {bot: [] for bot in bots}
    async with bench() as setup:
        for _ in range(rounds):
            for bot in bots:
                runs[bot].append(await setup.load(Build("main"), bot, chats, messages, deadline))
    return [median(runs[bot]) for bot in bots]


def report(results: list[LoadResult], chats: int, messages: int, rounds: int = 1) -> Report:
    out = Report(f"Telegram end to end: {chats} chats x {messages} messages through the fake Bot API (own process)")
    by_bot = {r.bot: r for r in results}
    for result in results:
        name = BOTS[result.bot]
        out.add(f"[{name}] answered", result.answered, f"of {result.expected:,}", f"= {result.expected:,}",
                result.answered == result.expected)
        out.add(f"[{name}] throughput", result.per_second, "msg/s")
        out.add(f"[{name}] latency p50 / p99", f"{result.p50_ms:,.1f} / {result.p99_ms:,.1f}", "ms")
        out.add(f"[{name}] CPU per message (bot process)", result.cpu_ms, "ms")
        helpers = ", ".join(f"{k} {v * 1000 / max(1, result.answered):.2f}" for k, v in result.helpers_cpu.items())
        out.add(f"[{name}] CPU per message (helper processes)", helpers, "ms")
    floor = by_bot.get(FLOOR)
    if floor is not None:
        for bot, ratio, p99 in ((CSBOT, TARGET_RATIO, TARGET_P99), ("csbot-openai", MODEL_RATIO, MODEL_P99),
                                ("csbot-offline", None, None)):
            if bot not in by_bot:
                continue
            one = by_bot[bot]
            got, p99_times = one.per_second / floor.per_second, one.p99_ms / floor.p99_ms
            short = SHORT[bot]
            out.add(f"{short} / floor, throughput", got, "x", f">= {ratio}x" if ratio else "",
                    got >= ratio if ratio else None)
            out.add(f"{short} p99 / floor p99", f"{p99_times:.2f}x ({one.p99_ms:,.0f} vs {floor.p99_ms:,.0f} ms)", "",
                    f"<= {p99}x" if p99 else "", p99_times <= p99 if p99 else None)
        same = by_bot.get(SAME_TRANSPORT)
        if same is not None:
            for bot in (CSBOT, "csbot-openai", "csbot-offline"):
                if bot in by_bot:
                    out.add(f"{SHORT[bot]} / echo bot on csbot's keep-alive transport, throughput",
                            by_bot[bot].per_second / same.per_second, "x")
        if "echo-httpx" in by_bot:
            out.add("csbot / PTB's default transport, throughput", by_bot[CSBOT].per_second / by_bot["echo-httpx"].per_second, "x")
    if rounds > 1:
        out.notes.append(f"each bot ran {rounds} rounds, taking turns; the figures are each bot's median round")
    out.notes.append("every bot is its own process; each chat sends its next message when the reply to the previous "
                     "one arrives; latency is from the fake queuing the customer's update to the fake receiving the "
                     "bot's sendMessage; each bot first answers one message from 20 chats (warm-up, not counted)")
    out.notes.append("csbot runs the whole turn per message (dedupe, screens, triage, one model step, SQLite "
                     "transaction, outbox; typing only when a reply takes over a second); the echo bots only reply")
    out.notes.append("the floor is python-telegram-bot with csbot's aiohttp transport answering each message with its "
                     "text; csbot itself now sends over its own keep-alive transport, so the same echo bot on that "
                     "transport is shown beside it; the instant model server and the fake run on the same 2 cores")
    return out


async def run(chats: int = 200, messages: int = 10, rounds: int = 3, bots: Sequence[str] = DEFAULT_BOTS) -> Report:
    started = time.perf_counter()
    result = report(await measure(chats, messages, rounds=rounds, bots=bots), chats, messages, rounds)
    result.seconds = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bots", nargs="+", choices=sorted(BOTS), default=list(DEFAULT_BOTS))
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.chats, args.messages, args.rounds, args.bots)), args.json)


if __name__ == "__main__":
    main()
