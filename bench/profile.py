"""Where a bot's CPU goes under the Telegram load, by stage: py-spy samples the running bot
process (its own process, as `csbot run`) while the fake Bot API plays the customers.

    python -m bench.profile [--bot csbot-offline] [--python PY --root TREE] [--seconds 8] [--raw out.txt]

py-spy is a dev tool, not a dependency: `.venv/bin/pip install py-spy`. `--python` and `--root`
profile another build (bench/compare.py makes one; the tree needs this bench/ folder copied in).
Each sample is charged to the deepest frame of csbot's own code (core/, adapters/, bots/), so
library time (aiohttp, sqlite3, PTB) counts for the csbot step that called it; samples with no
csbot frame are named by their library. A stage's cost per message is its share of the samples
times the bot's CPU per message (from /proc).
"""
from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.common import ROOT
from bench.telegram import BOTS, Build, bench, cpu_seconds, play, bot_process

# (pattern on the frame, "function (file:line)", stage); the first that matches names the stage. Module
# names of the previous release (core/offline.py, core/screen.py...) are listed beside today's.
STAGES: tuple[tuple[str, str], ...] = (
    (r"core/(answers/)?markup\.py", "sending (markup to entities)"),
    (r"core/(answers/)?language\.py", "language of the conversation"),
    (r"core/(answers/)?(offline|retrieval|words)\.py|core/answers/", "offline answerer"),
    (r"core/(shop/)?workflow_requests\.py", "workflow requests in words"),
    (r"core/(safety/)?(triage|clarify)\.py", "triage"),
    (r"core/safety/(grounding|figures|places)\.py", "grounding screen"),
    (r"core/(safety/)?(output_screen|label)\.py", "output screen"),
    (r"core/(safety/)?(screen|guard|look_alikes)\.py|core/(safety/)?(classifier|lexicon)/", "input screen"),
    (r"core/(turn/)?(prompt|context_fit)\.py", "prompt assembly"),
    (r"core/(turn/)?(protocol|tool_protocol|backstage|turn_budget)\.py", "protocol parse + backstage"),
    (r"core/models/keepalive\.py", "keep-alive connections (reading answers, Bot API and model)"),
    (r"core/models/", "model client (HTTP, JSON)"),
    (r"core/store/", "store"),
    (r"core/(delivery/)?(outbox|delivery|shared_outbox)\.py", "outbox"),
    (r"core/shop/|core/(pack|programs|commands|details)\.py", "shop (pack, programs)"),
    (r"^(to_send_calls|marked_text|keyboard|typing_call|_target)\b.*adapters/telegram/translate\.py"
     r"|adapters/telegram/(transport|keepalive_transport|sender|split)\.py", "sending (PTB + aiohttp)"),
    (r"adapters/", "telegram adapter (receive, typing)"),
    (r"core/|bots/", "hub and engine glue"),
)
LIBRARIES: tuple[tuple[str, str], ...] = (
    (r"aiosqlite|sqlite3|asyncpg", "store"),
    (r"(^|/)telegram/", "PTB without csbot frame (decode updates, dispatch, polling)"),
    (r"(^|/)(aiohttp|yarl|multidict)/", "aiohttp without csbot frame (HTTP parsing, connections)"),
    (r"asyncio/", "event loop"),
)
# Waits that py-spy cannot always tell from work: aiosqlite's thread blocked on its queue, the
# event loop in epoll_wait.
_WAITING = re.compile(r"^(_connection_worker_thread \(aiosqlite/|EpollSelector\.select \(selectors)")
_FRAME = re.compile(r"^(.*) \((.*?)(?::\d+)?\)$")
_OWN = re.compile(r"(^|/)(core|adapters|bots)/")


def stage_of(stack: list[str]) -> str:
    """The stage of one sample (frames root first, as py-spy's raw format writes them)."""
    files = [m.group(2) if (m := _FRAME.match(frame)) else frame for frame in stack]
    own = [frame for frame, file in zip(stack, files) if _OWN.search(file)]
    # The keep-alive connections serve the Bot API and the model alike: their time goes to the
    # caller (sending, polling, the model client); only their read callbacks stand alone.
    callers = [frame for frame in own if "core/models/keepalive.py" not in frame]
    own = callers or own
    if own:
        deepest = own[-1]  # "function (file:line)"
        return next((stage for pattern, stage in STAGES if re.search(pattern, deepest)), "hub and engine glue")
    for file in reversed(files):
        for pattern, stage in LIBRARIES:
            if re.search(pattern, file):
                return stage
    return "other (interpreter, libraries)"


def stages(raw: str) -> Counter[str]:
    """Samples per stage from py-spy's raw (collapsed) output: "frame;frame;... count" a line."""
    counts: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            frames = stack.split(";")
            if frames[0].startswith(("thread ", "process ")):
                frames = frames[1:]
            if _WAITING.match(frames[-1]):
                continue
            counts[stage_of(frames)] += int(count)
    return counts


async def profile(build: Build, bot: str, chats: int, messages: int, rate: int, raw_path: Path,
                  db: str | None = None) -> tuple[Counter[str], float, int]:
    """Samples per stage, the bot's CPU ms per message, and the messages answered under the profiler."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is missing: .venv/bin/pip install py-spy")
    async with bench() as setup:
        db = db or str(setup.folder / "profile.db")
        model_url = setup.model_url if bot == "csbot-openai" else None
        async with bot_process(build, bot, setup.base_url, db, model_url) as pid:
            await play(setup.control_url, bot, min(chats, 20), 1, 1_000_000, 30)  # warm-up
            recorder = await asyncio.create_subprocess_exec(
                spy, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw", "--output", str(raw_path),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            before = cpu_seconds(pid)
            result = await play(setup.control_url, bot, chats, messages, 2_000_000, 300)
            cpu = cpu_seconds(pid) - before
            recorder.send_signal(signal.SIGINT)
            await recorder.wait()
    return stages(raw_path.read_text()), cpu * 1000 / max(1, result.answered), result.answered


def table(counts: Counter[str], cpu_ms: float) -> list[tuple[str, float, float]]:
    """(stage, share, µs of CPU per message), largest first."""
    total = sum(counts.values()) or 1
    return [(stage, n / total, n / total * cpu_ms * 1000) for stage, n in counts.most_common()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bot", choices=sorted(BOTS), default="csbot-offline")
    parser.add_argument("--python", default=sys.executable, help="the build's interpreter")
    parser.add_argument("--root", default=str(ROOT), help="the build's tree")
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rate", type=int, default=250, help="samples per second")
    parser.add_argument("--raw", help="keep py-spy's raw stacks here")
    parser.add_argument("--postgres", action="store_true", help="the bot on a PostgreSQL server started for the run")
    args = parser.parse_args()
    server = None
    if args.postgres:
        from tests.support.postgres import PostgresServer

        server = PostgresServer().start(fsync=True)
    try:
        with tempfile.TemporaryDirectory(prefix="csbot-profile-") as folder:
            raw = Path(args.raw) if args.raw else Path(folder) / "raw.txt"
            counts, cpu_ms, answered = asyncio.run(
                profile(Build("profiled", args.python, Path(args.root)), args.bot, args.chats, args.messages,
                        args.rate, raw, server.fresh_database() if server else None))
    finally:
        if server is not None:
            server.stop()
    print(f"{BOTS[args.bot]}: {answered:,} messages, {cpu_ms:.3f} ms CPU per message, {sum(counts.values()):,} samples")
    print(f"{'stage':<62} {'share':>6} {'µs/msg':>8}")
    for stage, share, micros in table(counts, cpu_ms):
        print(f"{stage:<62} {share * 100:5.1f}% {micros:8.0f}")


if __name__ == "__main__":
    main()
