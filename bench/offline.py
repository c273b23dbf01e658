"""Offline answers and language detection: speed, and how often the first quoted line answers.

    python -m bench.offline [--products 1000] [--questions 300] [--json out.json]

Demo packs: every first customer message of the pack's eval.yaml is answered offline, timed.
Generated catalogue (bench.catalogue, names that share words): for questions about random
products, does the first quoted line hold the fact asked for (price, weight, ...)? These
questions were never used to tune the offline answers.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from bench.catalogue import questions, write_pack
from bench.common import Report, emit
from core.answers.language import detect
from core.answers.offline import OfflineAnswers
from core.shop.pack import PACKS_ROOT, load_pack


def timed(calls) -> list[float]:
    """Milliseconds of each call, CPU time so other work on a shared machine does not count."""
    times = []
    for call in calls:
        start = time.process_time()
        call()
        times.append((time.process_time() - start) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(product_count: int, question_count: int) -> Report:
    started = time.perf_counter()
    report = Report("Offline answers and languages")
    said: list[str] = []
    for name in ("pastashop", "gadgetstore"):
        pack = load_pack(name)
        scenarios = yaml.safe_load((PACKS_ROOT / name / "eval.yaml").read_text(encoding="utf-8"))["scenarios"]
        texts = [s["turns"][0]["say"] for s in scenarios]
        said += texts
        build = timed([lambda: OfflineAnswers(pack)])[0]
        offline = OfflineAnswers(pack)
        times = timed([lambda t=t: offline.answer(t) for t in texts * 5])
        report.add(f"[{name}] index built", build, "ms")
        report.add(f"[{name}] answer, median / p99 ({len(texts)} questions)",
                   f"{statistics.median(times):.2f} / {percentile(times, 0.99):.2f}", "ms")
    detections = timed([lambda t=t: detect(t) for t in said * 20])
    report.add("language detection per message (mean)", statistics.mean(detections) * 1000, "µs", "<= 1000 µs",
               statistics.mean(detections) <= 1)
    with tempfile.TemporaryDirectory() as folder:
        path, items = write_pack(Path(folder) / "catalogue", product_count)
        pack = load_pack(path)
        build = timed([lambda: OfflineAnswers(pack)])[0]
        offline = OfflineAnswers(pack)
        asked = questions(items, question_count)
        answers = []
        times = timed([lambda q=q: answers.append(offline.quote(q.text, pack.replies)) for q in asked])
    hits = sum(a is not None and q.answer[2:] in a.splitlines()[0] for q, a in zip(asked, answers))
    label = f"[catalogue of {product_count}]"
    report.add(f"{label} index built", build, "ms")
    report.add(f"{label} answer, median / p99", f"{statistics.median(times):.2f} / {percentile(times, 0.99):.2f}", "ms")
    report.add(f"{label} first line holds the fact ({len(asked)} questions)", round(hits / len(asked), 3), "")
    report.notes.append("answer times are CPU time of one process; the eval measures whole turns")
    report.seconds = time.perf_counter() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(run(args.products, args.questions), args.json)


if __name__ == "__main__":
    main()
