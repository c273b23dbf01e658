"""Run every benchmark, each in its own process, print their tables and write bench/RESULTS.md.

    .venv/bin/python bench/run_all.py [--quick]      (`make bench`)
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo is the import root

from bench.common import ROOT, Report, machine  # noqa: E402

# (module, full-size arguments, quick arguments); the Telegram one runs last, as the issue orders.
BENCHMARKS = (
    ("bench.turns", [], ["--turns", "2000", "--conversations", "100"]),
    ("bench.concurrency", [], ["--conversations", "40"]),
    ("bench.prompt", [], ["--questions", "100"]),
    ("bench.offline", [], ["--products", "300", "--questions", "100"]),
    ("bench.answers", [], []),
    ("bench.orders", [], ["--turns", "100"]),
    ("bench.grounding", [], []),
    ("bench.report", [], ["--conversations", "10000", "--runs", "1"]),
    ("bench.pg_turn", [], ["--chats", "50", "--messages", "4", "--rounds", "1"]),
    ("bench.telegram", [], ["--chats", "50", "--messages", "4", "--rounds", "1"]),
)
RESULTS = ROOT / "bench" / "RESULTS.md"
REAL_MODEL = ROOT / "bench" / "eval-real" / "RESULTS.md"


def run(module: str, arguments: list[str], folder: Path) -> Report | None:
    out = folder / f"{module}.json"
    # A process per benchmark: peak memory is its own and no benchmark warms another's caches.
    done = subprocess.run([sys.executable, "-m", module, *arguments, "--json", str(out)], cwd=ROOT)
    if done.returncode != 0 or not out.exists():
        print(f"!! {module} failed with exit status {done.returncode}", flush=True)
        return None
    return Report.from_json(out.read_text(encoding="utf-8"))


def summary(reports: list[Report]) -> list[str]:
    lines = ["| benchmark | figure | measured | target | |", "| --- | --- | ---: | --- | --- |"]
    for report in reports:
        for figure in report.figures:
            if figure.met is not None:
                lines.append(f"| {_short(report.title)} | {figure.label} | {figure.shown()} | "
                             f"{figure.target} | {figure.verdict} |")
    return lines


def floor_lines(reports: list[Report]) -> list[str]:
    """The Telegram figures against the aiohttp floor, with their targets, for the end of the run."""
    lines = []
    for report in reports:
        if report.title.startswith("Telegram end to end"):
            lines.append("Telegram end to end, against the aiohttp echo bot (the floor):")
            lines += [f"  {f.label}: {f.shown()}  {f.target} {f.verdict}".rstrip()
                      for f in report.figures if "/ floor" in f.label]
    return lines


def _short(title: str) -> str:
    return title.split(":")[0].split(" (")[0]


def write(reports: list[Report], failed: list[str], seconds: float, quick: bool, load: str) -> None:
    info = machine() | {"load": load}
    missed = sum(len(r.missed()) for r in reports)
    lines = [
        "# csbot benchmarks",
        "",
        f"Written by `make bench` (`bench/run_all.py{' --quick' if quick else ''}`) on {info['date']}, "
        f"in {seconds:.0f} s.",
        "",
        f"- Machine: {info['cores']} cores, {info['cpu']}, {info['system']}",
        f"- Python: {info['python']}",
        f"- Load average when the run started (1, 5, 15 min): {info['load']}",
        f"- Targets missed: {missed}" + (f"; benchmarks that failed to run: {', '.join(failed)}" if failed else ""),
        "",
        "## Targets",
        "",
        *summary(reports),
        "",
    ]
    lines += [r.markdown() + "\n" for r in reports]
    written = {block.split("\n", 1)[0] for block in lines if block.startswith("## ")}
    # Sections other scripts write (bench/workers.py --write, bench/triage.py, make eval-real) are kept.
    for title, body in kept_sections(written):
        lines.append(body)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def kept_sections(written: set[str]) -> list[tuple[str, str]]:
    """The sections of the current RESULTS.md (and eval-real's) that this run does not rewrite."""
    texts = []
    if REAL_MODEL.exists():  # written by `make eval-real` (too long for `make bench`); newest first
        texts.append(REAL_MODEL.read_text(encoding="utf-8"))
    if RESULTS.exists():
        texts.append(RESULTS.read_text(encoding="utf-8"))
    kept: dict[str, str] = {}
    for text in texts:
        for chunk in ("\n" + text).split("\n## ")[1:]:
            title = "## " + chunk.split("\n", 1)[0]
            if title not in written and title != "## Targets":
                kept.setdefault(title, ("## " + chunk).rstrip() + "\n")
    return list(kept.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, to check the benchmarks run")
    args = parser.parse_args()
    started = time.perf_counter()
    load = machine()["load"]
    print(f"load average {load}: other work on the machine skews the figures", flush=True)
    reports, failed = [], []
    with tempfile.TemporaryDirectory(prefix="csbot-bench-") as folder:
        for module, full, quick in BENCHMARKS:
            report = run(module, quick if args.quick else full, Path(folder))
            if report is None:
                failed.append(module)
            else:
                reports.append(report)
            print(flush=True)
    seconds = time.perf_counter() - started
    write(reports, failed, seconds, args.quick, load)
    missed = [f"{_short(r.title)}: {f.label}" for r in reports for f in r.missed()]
    for line in floor_lines(reports):
        print(line)
    print("Engine against the previous release (target >= 1.3x its turns/s, same run): "
          "python -m bench.compare 1af9b3d")
    print(f"wrote {RESULTS.relative_to(ROOT)} in {seconds:.0f} s; targets missed: {len(missed)}")
    for line in missed:
        print(f"  MISSED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
