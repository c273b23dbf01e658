"""Offline answers to customers' own questions, through the real engine with no model: how many
are right, per kind and language, for dev and test, next to the targets.

    .venv/bin/python -m bench.answers [--packs pastashop,gadgetstore,ciclofficina] [--dev-failures] [--json out.json]
    .venv/bin/python -m bench.answers --tune     # the answerer's threshold and unknown-word weight, on dev only

Questions: every question of bench/data/answers/<pack>.yaml (format: that folder's
questions-format, split dev/test by their writers), plus the packs' eval.yaml scenarios, split
dev/test by a hash of the scenario id (one in three is dev). Each question opens a new
conversation in a hub with an in-memory store; the reply, the escalation and the workflow runs
are checked against `expect` (facts compared after normalising case, accents, 9,90 == 9.90 and
EUR/€). Thresholds of the answerer are chosen on dev only; `--dev-failures` lists the dev
questions that failed (never a test question).
"""
from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import unicodedata
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.common import Report
from bots.wiring import build_hub
from core.answers.phrasebook import ABSTAIN_MARKS
from core.engine import EngineSettings
from core.evaluation.runner import EvalRunner
from core.evaluation.scenarios import load_scenarios, scenario_file
from core.evaluation.text import contains, tokens
from core.messages import Address, Inbound
from core.shop.pack import load_pack

DATA = Path(__file__).resolve().parent / "data" / "answers"
KINDS = ("fact", "policy", "order", "unanswerable", "promotion", "staff")
LANGS = ("en", "it", "de")
TARGETS = {"overall": 0.85, "policy": 0.70, "order": 0.70, "unanswerable": 0.70, "en": 0.80, "it": 0.80, "de": 0.80,
           "abstain-or-colleague": 0.90}
STAFF_TARGET = 0.03
CPU_P99_TARGET = 20.0


@dataclass
class Outcome:
    pack: str
    id: str
    split: str
    kind: str
    lang: str
    right: bool
    escalated: str | None
    abstained: bool
    why: str = ""


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    scenarios: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))


def has(text: str, phrase: str) -> bool:
    """The fact appears in the reply: as the same tokens (12 € == EUR 12,00), or as written once case,
    accents, spaces, decimal commas and the euro sign are made one ("consegnat" in "consegnato")."""
    return contains(tokens(text), tokens(str(phrase))) or _written(_plain(str(phrase)), _plain(text))


def _written(phrase: str, text: str) -> bool:
    """`phrase` within `text`, a figure not as part of a longer one ("9.90" is not in "19.90")."""
    if not phrase[:1].isdigit() and not phrase[-1:].isdigit():
        return phrase in text
    before = r"(?<![\d.])" if phrase[:1].isdigit() else ""
    after = r"(?!\d)" if phrase[-1:].isdigit() else ""
    return re.search(before + re.escape(phrase) + after, text) is not None


def _plain(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    folded = re.sub(r"(?<=\d),(?=\d)", ".", folded.replace("€", " eur "))
    return " ".join(folded.split())


def judge(expect: dict, text: str, escalated: str | None) -> tuple[bool, str]:
    """Whether a reply meets a question's `expect` (questions-format.md), and why not."""
    abstained = any(mark in text.casefold() for mark in ABSTAIN_MARKS)
    wanted = expect.get("escalate")
    if wanted:
        return (escalated == wanted, f"escalated {escalated}, wanted {wanted}")
    if expect.get("abstain"):
        return (abstained or escalated is not None, "no abstention")
    if escalated:
        return False, f"sent to staff ({escalated})"
    missing = [f for f in expect.get("facts", []) if not has(text, f)]
    if missing:
        return False, f"missing {missing}"
    for group in expect.get("any_of", []):
        if not any(has(text, f) for f in group):
            return False, f"none of {group}"
    wrong = [f for f in expect.get("none_of", []) if has(text, f)]
    if wrong:
        return False, f"misleading {wrong}"
    return True, ""


class TimedAnswerer:
    """Wraps the engine's offline answerer to measure its CPU time per question."""

    def __init__(self, inner, times: list[float]) -> None:
        self.inner, self.times = inner, times

    def answer(self, *args, **kwargs):
        start = time.process_time()
        try:
            return self.inner.answer(*args, **kwargs)
        finally:
            self.times.append((time.process_time() - start) * 1000)


async def ask_all(pack_name: str, questions: list[dict], figures: Figures) -> None:
    pack = load_pack(pack_name)
    answerer = None  # one answerer for the pack, warm as in a running bot
    for question in questions:
        # A hub of its own per question: a cancellation asked in one question must not change
        # the order another question asks about (the figures would then depend on file order).
        async with build_hub(pack, None, ":memory:", settings=EngineSettings(seed=1)) as hub:
            answerer = answerer or TimedAnswerer(hub.engine.offline, figures.cpu_ms)
            hub.engine.offline = answerer
            address = Address("bench", question["id"])
            outbounds = await hub.receive(Inbound(address, question["text"], user_id="bench", user_name="Customer"))
            text = "\n".join(o.text for o in outbounds if o.address.channel != "desk")
            escalated = None
            for o in outbounds:
                if o.address.channel == "desk" and o.escalation_id:
                    escalation = await hub.store.get_escalation(o.escalation_id)
                    escalated = escalation.reason.value if escalation else "unknown"
            right, why = judge(question.get("expect", {}), text, escalated)
            abstained = any(mark in text.casefold() for mark in ABSTAIN_MARKS)
            figures.outcomes.append(Outcome(pack_name, question["id"], question["split"], question["kind"],
                                            question["lang"], right, escalated, abstained, "" if right else why))
            if question["split"] == "dev" and not right and figures_show_dev:
                print(f"  dev miss {question['id']} [{question['kind']}/{question['lang']}] {question['text']!r}: {why}\n"
                      f"      -> {text[:300]!r}")


def scenario_split(scenario_id: str) -> str:
    return "dev" if zlib.crc32(scenario_id.encode()) % 3 == 0 else "test"


async def run_scenarios(pack_name: str, figures: Figures) -> None:
    pack = load_pack(pack_name)
    path = scenario_file(pack.path)
    if not path.is_file():
        return
    scenarios = load_scenarios(path)
    runner = EvalRunner(pack, lambda trial: None, lambda p, m, s: build_hub(p, m, ":memory:", settings=s), trials=1)
    for outcome in await runner.run(scenarios):
        split = scenario_split(outcome.scenario)
        figures.scenarios[split].append(outcome.passed)
        if split == "dev" and not outcome.passed and figures_show_dev:
            print(f"  dev scenario miss {pack_name}/{outcome.scenario}: {outcome.failures[:2]}")


def rate(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def table(figures: Figures, split: str) -> list[tuple[str, float | None, int, str, bool | None]]:
    chosen = [o for o in figures.outcomes if o.split == split]
    rows = []

    def add(name: str, values: list[bool], target: float | None, low: bool = False) -> None:
        value = rate(values)
        ok = None if value is None or target is None else (value <= target if low else value >= target)
        rows.append((name, value, len(values), (f"<= {target}" if low else f">= {target}") if target is not None else "", ok))

    add("overall", [o.right for o in chosen], TARGETS["overall"])
    for kind in KINDS:
        add(f"kind {kind}", [o.right for o in chosen if o.kind == kind], TARGETS.get(kind))
    for lang in LANGS:
        add(f"language {lang}", [o.right for o in chosen if o.lang == lang], TARGETS[lang])
    add("unanswerable: abstain or colleague", [o.abstained or o.escalated is not None for o in chosen if o.kind == "unanswerable"],
        TARGETS["abstain-or-colleague"])
    add("wrongly sent to staff", [o.escalated is not None for o in chosen if o.kind != "staff"], STAFF_TARGET, low=True)
    for pack in sorted({o.pack for o in chosen}):
        add(f"pack {pack}", [o.right for o in chosen if o.pack == pack], None)
    add("eval.yaml scenarios passed", figures.scenarios.get(split, []), None)
    return rows


def show(figures: Figures) -> dict:
    report: dict = {}
    for split in ("dev", "test"):
        rows = table(figures, split)
        report[split] = {name: {"value": value, "n": n, "target": target, "ok": ok} for name, value, n, target, ok in rows}
        print(f"\n{split.upper()}")
        print(f"  {'measure':38} {'value':>7} {'n':>5}  {'target':>8}  met")
        for name, value, n, target, ok in rows:
            shown = "-" if value is None else f"{value:.3f}"
            print(f"  {name:38} {shown:>7} {n:>5}  {target:>8}  {'' if ok is None else ('yes' if ok else 'NO')}")
    times = sorted(figures.cpu_ms)
    if times:
        p50, p99 = statistics.median(times), times[min(len(times) - 1, int(0.99 * len(times)))]
        print(f"\noffline answer CPU per question (all splits, {len(times)} answers): p50 {p50:.2f} ms, p99 {p99:.2f} ms"
              f" (target p99 <= {CPU_P99_TARGET} ms: {'yes' if p99 <= CPU_P99_TARGET else 'NO'})")
        report["cpu_ms"] = {"p50": p50, "p99": p99, "n": len(times)}
    return report


figures_show_dev = False


async def main_async(args: argparse.Namespace) -> dict:
    global figures_show_dev
    figures_show_dev = args.dev_failures
    figures = Figures()
    sealed = Path(args.questions) if args.questions else None
    by_pack = questions_by_pack(sealed)
    packs = args.packs.split(",") if args.packs else list(by_pack)
    for name in packs:
        if by_pack.get(name):
            await ask_all(name, by_pack[name], figures)
        if sealed is None:  # a sealed set is measured on its own
            await run_scenarios(name, figures)
    return show(figures)


def questions_by_pack(folder: Path | None = None) -> dict[str, list[dict]]:
    """Every `*.yaml` of the folder, by the pack it names (`pack:`, else the file's name before
    its first '-'): `pastashop.yaml` and a later `pastashop-dev2.yaml` ask the same pack."""
    by_pack: dict[str, list[dict]] = defaultdict(list)
    for path in sorted((folder or DATA).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        by_pack[data.get("pack") or path.stem.split("-")[0]] += data.get("questions", [])
    return dict(by_pack)


async def tune() -> None:
    """Accuracy on the dev questions for a grid of the answerer's two settings; test is never read."""
    import core.answers.answerer as answerer
    import core.answers.index as index

    dev = {name: [q for q in questions if q["split"] == "dev"] for name, questions in questions_by_pack().items()}
    print(f"{'threshold':>9} {'unknown':>7}  dev overall  unanswerable  fact+policy+promotion")
    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6):
        for unknown in (0.6, 0.8, 1.0, 1.2):
            answerer.THRESHOLD, index.UNKNOWN_WEIGHT = threshold, unknown
            figures = Figures()
            for name, questions in dev.items():
                await ask_all(name, questions, figures)
            right = [o.right for o in figures.outcomes]
            unanswerable = [o.right for o in figures.outcomes if o.kind == "unanswerable"]
            answered = [o.right for o in figures.outcomes if o.kind in ("fact", "policy", "promotion")]
            print(f"{threshold:>9} {unknown:>7}  {rate(right):11.3f}  {rate(unanswerable):12.3f}  {rate(answered):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", help="comma-separated pack names (default: every file in bench/data/answers)")
    parser.add_argument("--dev-failures", action="store_true", help="list the dev questions answered wrong")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--questions", metavar="DIR",
                        help="the question files of DIR instead of bench/data/answers, without the eval.yaml scenarios"
                             " (a sealed set, read once)")
    parser.add_argument("--tune", action="store_true", help="dev accuracy for a grid of the answerer's settings")
    args = parser.parse_args()
    if args.tune:
        return asyncio.run(tune())
    figures = asyncio.run(main_async(args))
    if args.json:  # the benchmarks' common report (bench/run_all.py reads it for bench/RESULTS.md)
        Path(args.json).write_text(as_report(figures).to_json(), encoding="utf-8")


def as_report(figures: dict) -> Report:
    report = Report("Offline answers to customers' own questions (bench/data/answers, eval.yaml)")
    for split in ("dev", "test"):
        for name, row in figures.get(split, {}).items():
            if row["value"] is not None:
                report.add(f"[{split}] {name} (n={row['n']})", round(row["value"], 3), "", row["target"], row["ok"])
    if cpu := figures.get("cpu_ms"):
        report.add("offline answer CPU p50 / p99", f"{cpu['p50']:.2f} / {cpu['p99']:.2f}", "ms",
                   f"p99 <= {CPU_P99_TARGET} ms", cpu["p99"] <= CPU_P99_TARGET)
    return report


if __name__ == "__main__":
    main()
