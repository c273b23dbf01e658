"""This tree against an earlier build, in one run: the engine and the Telegram benchmarks side by side.

    python -m bench.compare REV [--rounds 3] [--turns 4000] [--chats 200] [--messages 5] [--keep DIR]

REV (a commit, tag or branch) is checked out in a git worktree under a temporary folder and
installed into its own venv there (`pip install -e`, from pip's cache when it has the wheels).
Both builds then run the same harness: this tree's bench/*.py is copied into the worktree, so
only csbot's code differs. The builds take turns, round after round (engine, then every Telegram
bot), against one fake Bot API, one instant model server and one aiohttp echo bot (the floor);
the figures are medians over the rounds. On a shared machine only figures of one run compare.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, machine
from bench.telegram import (
    BOTS, CSBOT, FLOOR, MODEL_P99, MODEL_RATIO, SAME_TRANSPORT, TARGET_P99, TARGET_RATIO, Build, LoadResult, bench,
)

ENGINE_TARGET = 1.3  # this tree's turns/s over the earlier build's, same run
THIS = "this tree"
PINNED = " (one core)"
CSBOTS = (CSBOT, "csbot-offline", "csbot-openai")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def prepare(rev: str, work: Path) -> Build:
    """REV's worktree with this tree's benchmarks copied in, and a venv with REV installed."""
    commit = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    tree, venv = work / f"csbot-{commit[:10]}", work / f"venv-{commit[:10]}"
    if not tree.exists():
        print(f"checking out {rev} ({commit[:10]}) in {tree}", flush=True)
        git("worktree", "add", "--detach", str(tree), commit)
    for source in (ROOT / "bench").glob("*.py"):  # the same harness for both builds
        shutil.copy2(source, tree / "bench" / source.name)
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if not stamp.exists():
        print(f"installing {rev} into {venv} (pip install -e)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(tree)],
                       check=True)
        stamp.touch()
    return Build(rev, str(python), tree)


def release(tree: Path) -> None:
    git("worktree", "remove", "--force", str(tree))


@dataclass(slots=True)
class EngineRun:
    turns_per_second: float
    p50_us: float
    cpu_us: float  # the process's CPU per turn


def one_core() -> None:
    """Run the child on the first core this process may use: its threads then share that core."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def engine(build: Build, turns: int, conversations: int, folder: Path, pinned: bool = False) -> EngineRun:
    """bench/turns.py in the build's interpreter: SQLite file, one turn after another. Pinned, on
    one core: a build that hands each statement to aiosqlite's thread pays for waking that thread
    on the other core only when a core is idle, so both conditions are shown."""
    out = folder / "turns.json"
    command = [build.python, "-m", "bench.turns", "--turns", str(turns), "--conversations", str(conversations),
               "--runs", "file", "--json", str(out)]
    subprocess.run(command, cwd=build.root, check=True, stdout=subprocess.DEVNULL, preexec_fn=one_core if pinned else None)
    figures = {f["label"]: f["value"] for f in json.loads(out.read_text())["figures"]}
    return EngineRun(figures["[SQLite file] throughput, one turn after another"],
                     figures["[SQLite file] p50 per turn"], figures["[SQLite file] CPU per turn (process)"])


def median_of(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


async def telegram(builds: list[Build], bots: tuple[str, ...], rounds: int, chats: int, messages: int,
                   runs: dict[tuple[str, str], list[LoadResult]]) -> None:
    async with bench() as setup:
        for round_ in range(rounds):
            for bot in bots:
                for build in builds:
                    result = await setup.load(build, bot, chats, messages)
                    runs[(build.name, bot)].append(result)
                    print(f"  round {round_ + 1}: {build.name:>10} {bot:<14} {result.per_second:7,.0f} msg/s  "
                          f"p99 {result.p99_ms:6,.0f} ms  {result.cpu_ms:.2f} ms CPU/msg", flush=True)
            for echo in (FLOOR, SAME_TRANSPORT):  # the floor, and an echo bot on csbot's own transport
                floor = await setup.load(Build(THIS), echo, chats, messages)
                runs[(THIS, echo)].append(floor)
                print(f"  round {round_ + 1}: {'floor':>10} {echo:<14} {floor.per_second:7,.0f} msg/s  "
                      f"p99 {floor.p99_ms:6,.0f} ms  {floor.cpu_ms:.2f} ms CPU/msg", flush=True)


def table(rev: str, engine_runs: dict[str, list[EngineRun]], runs: dict[tuple[str, str], list[LoadResult]],
          bots: tuple[str, ...]) -> list[str]:
    rows = [f"| figure (median of rounds) | {rev} | {THIS} | {THIS} / {rev} | target | |",
            "| --- | ---: | ---: | ---: | --- | --- |"]

    def add(label: str, old: float, new: float, unit: str, target: str = "", met: bool | None = None,
            ratio: bool = True) -> None:
        shown = f"{new / old:.2f}x" if ratio and old else ""
        verdict = "" if met is None else "met" if met else "MISSED"
        rows.append(f"| {label} | {old:,.{0 if old >= 100 else 2}f} {unit} | {new:,.{0 if new >= 100 else 2}f} {unit} "
                    f"| {shown} | {target} | {verdict} |")

    for where, key in (("", ""), (", pinned to one core", PINNED)):
        old_e, new_e = engine_runs.get(rev + key, []), engine_runs.get(THIS + key, [])
        if not old_e or not new_e:
            continue
        old_tps, new_tps = median_of([r.turns_per_second for r in old_e]), median_of([r.turns_per_second for r in new_e])
        add(f"engine{where}: turns/s, SQLite file, one after another", old_tps, new_tps, "",
            f">= {ENGINE_TARGET}x" if not key else "", new_tps >= ENGINE_TARGET * old_tps if not key else None)
        add(f"engine{where}: p50 per turn", median_of([r.p50_us for r in old_e]), median_of([r.p50_us for r in new_e]),
            "µs")
        add(f"engine{where}: CPU per turn (process)", median_of([r.cpu_us for r in old_e]),
            median_of([r.cpu_us for r in new_e]), "µs")
    floors = runs.get((THIS, FLOOR), [])
    same = runs.get((THIS, SAME_TRANSPORT), [])
    same_tps = median_of([r.per_second for r in same])
    floor_tps = median_of([r.per_second for r in floors])
    floor_p99 = median_of([r.p99_ms for r in floors])
    targets = {CSBOT: (TARGET_RATIO, TARGET_P99), "csbot-openai": (MODEL_RATIO, MODEL_P99)}
    for bot in bots:
        old, new = runs.get((rev, bot), []), runs.get((THIS, bot), [])
        if not old or not new:
            continue
        name = bot.replace("csbot-", "csbot ").replace("csbot", "Telegram csbot", 1)
        old_tps, new_tps = median_of([r.per_second for r in old]), median_of([r.per_second for r in new])
        old_p99, new_p99 = median_of([r.p99_ms for r in old]), median_of([r.p99_ms for r in new])
        ratio, p99_times = targets.get(bot, (None, None))
        add(f"{name}: msg/s", old_tps, new_tps, "")
        add(f"{name}: msg/s / floor's", old_tps / floor_tps, new_tps / floor_tps, "x",
            f">= {ratio}x" if ratio else "", new_tps / floor_tps >= ratio if ratio else None, ratio=False)
        if same:
            add(f"{name}: msg/s / echo bot's on csbot's transport", old_tps / same_tps, new_tps / same_tps, "x",
                ratio=False)
        add(f"{name}: p99", old_p99, new_p99, "ms")
        add(f"{name}: p99 / floor's p99", old_p99 / floor_p99, new_p99 / floor_p99, "x",
            f"<= {p99_times}x" if p99_times else "", new_p99 / floor_p99 <= p99_times if p99_times else None,
            ratio=False)
        add(f"{name}: CPU per message (bot)", median_of([r.cpu_ms for r in old]), median_of([r.cpu_ms for r in new]), "ms")
        answered = all(r.answered == r.expected for r in old + new)
        rows.append(f"| {name}: every message answered | | | | all | {'met' if answered else 'MISSED'} |")
    for echo, results in ((FLOOR, floors), (SAME_TRANSPORT, same)):
        if results:
            rows.append(f"| floor ({BOTS[echo]}): msg/s, p99, CPU per message | | "
                        f"{median_of([r.per_second for r in results]):,.0f}, "
                        f"{median_of([r.p99_ms for r in results]):,.0f} ms, "
                        f"{median_of([r.cpu_ms for r in results]):.2f} ms | | | |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the earlier build: a commit, tag or branch (e.g. 1af9b3d)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--turns", type=int, default=4000, help="engine turns per round")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--bots", nargs="+", choices=CSBOTS, default=list(CSBOTS))
    parser.add_argument("--keep", help="keep the worktree and venv in this folder (reused by the next run)")
    args = parser.parse_args()
    started = time.perf_counter()
    info = machine()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="csbot-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    old = prepare(args.rev, work)
    builds = [old, Build(THIS)]
    engine_runs: dict[str, list[EngineRun]] = defaultdict(list)
    runs: dict[tuple[str, str], list[LoadResult]] = defaultdict(list)
    try:
        print(f"load average {info['load']} on {info['cores']} cores; builds take turns, {args.rounds} rounds", flush=True)
        with tempfile.TemporaryDirectory(prefix="csbot-compare-run-") as folder:
            for round_ in range(args.rounds):
                for pinned in (False, True):
                    for build in builds:
                        run = engine(build, args.turns, args.conversations, Path(folder), pinned)
                        engine_runs[build.name + (PINNED if pinned else "")].append(run)
                        print(f"  round {round_ + 1}: {build.name:>10} engine{' on one core' if pinned else ''} "
                              f"{run.turns_per_second:7,.0f} turns/s  p50 {run.p50_us:5,.0f} µs  "
                              f"{run.cpu_us:5,.0f} µs CPU/turn", flush=True)
        asyncio.run(telegram(builds, tuple(args.bots), args.rounds, args.chats, args.messages, runs))
    finally:
        if not args.keep:
            release(old.root)
            shutil.rmtree(work, ignore_errors=True)
    head = git("rev-parse", "--short", "HEAD")
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    print()
    print(f"`python -m bench.compare {args.rev}` on {info['date']}: {args.rev} against this tree ({head}{dirty}), "
          f"{args.rounds} rounds taking turns, in {time.perf_counter() - started:.0f} s; {info['cores']} cores, "
          f"load average at the start {info['load']}; engine {args.turns:,} turns over {args.conversations} "
          f"conversations; Telegram {args.chats} chats x {args.messages} messages")
    print()
    lines = table(old.name, engine_runs, runs, tuple(args.bots))
    print("\n".join(lines))
    return 0 if all("MISSED" not in line for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
