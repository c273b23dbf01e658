"""Measure the input screen and triage as a held-out set would, and their speed.

    python bench/triage.py            # about three minutes: 16 fits for leave-one-source-out
    python bench/triage.py --quick    # shipped model only: probes, held-out sets, speed

Reads ../shared/data/ (train/messages.csv, prompt_injections_train.csv,
banking77_test.csv) and bench/data/ (hand-written shop probes, never trained on).
Injection and harmful both get the safety reply: an attack caught as either counts
for both labels (recall and precision). Prints, per label and per source, leave-one-source-out recall and precision beside
the issue's targets, in-distribution figures (5-fold), the probes per language,
and the speed of `csbot triage` and of the in-engine screens. Always exits 0: it
measures. Leave-one-source-out needs scikit-learn (`pip install -e '.[train]'`).
"""
from __future__ import annotations

import csv
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.safety.classifier.corpus import DATA, SHIPPABLE, MissingData, Row, banking_test, development_rows  # noqa: E402
from core.safety.classifier.model import shipped  # noqa: E402
from core.safety.classifier.validate import Outcome, cross_validation, decider, leave_one_source_out, outcomes, per_label  # noqa: E402

PROBES = ROOT / "bench" / "data"
RECALL_TARGETS = {"refund": 0.90, "human": 0.90, "health": 0.85, "injection": 0.85, "harmful": 0.85}
PRECISION_TARGETS = {"injection": 0.90}
SPEED_TARGET = 2_000  # csbot triage, messages per second, start-up included
P99_TARGET_MS = 5.0
failed: list[str] = []


def check(name: str, value: float, target: str) -> str:
    if not target or math.isnan(value):
        return ""
    op, bound = target.split()
    ok = value >= float(bound) if op == ">=" else value <= float(bound)
    if not ok:
        failed.append(name)
    return "ok" if ok else "FAILED"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [list(map(str, header))] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for i, row in enumerate(cells):
        print("  " + "  ".join(c.ljust(widths[j]) if j == 0 else c.rjust(widths[j]) for j, c in enumerate(row)))
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def frac(found: Sequence[Outcome], label: str, said) -> tuple[float, int]:
    rows = [o for o in found if o.row.label == label]
    return (sum(map(said, rows)) / len(rows) if rows else float("nan")), len(rows)


def label_table(title: str, found: Sequence[Outcome], targets: bool, short: str = "LOSO") -> None:
    rows = []
    for f in per_label(found):
        r_target = f">= {RECALL_TARGETS[f.label]:.2f}" if targets else ""
        p_target = f">= {PRECISION_TARGETS[f.label]:.2f}" if targets and f.label in PRECISION_TARGETS else ""
        rows.append((f.label, f.rows, f.recall, r_target, check(f"{short} {f.label} recall", f.recall, r_target),
                     f.precision, p_target, check(f"{short} {f.label} precision", f.precision, p_target)))
    policy, n = frac(found, "refund_policy", lambda o: o.said != "other")
    p_target = "<= 0.10" if targets else ""
    rows.append(("refund_policy escalated or flagged", n, policy, p_target, check(f"{short} refund_policy", policy, p_target), "", "", ""))
    asked, _ = frac(found, "refund_policy", lambda o: o.unsure)
    rows.append(("refund_policy: would ask yes/no", n, asked, "", "", "", "", ""))
    # with a model configured the engine asks instead of escalating an unsure verdict
    direct, _ = frac(found, "refund_policy", lambda o: o.said != "other" and not o.unsure)
    rows.append(("refund_policy escalated without asking", n, direct, "", "", "", "", ""))
    asked, n_refund = frac(found, "refund", lambda o: o.unsure)
    rows.append(("refund: would ask yes/no", n_refund, asked, "", "", "", "", ""))
    reached, _ = frac(found, "refund", lambda o: o.said == "refund" or o.unsure)
    rows.append(("refund: escalated or asked", n_refund, reached, "", "", "", "", ""))
    attack, n = frac(found, "other", lambda o: o.said in ("injection", "harmful"))
    a_target = "<= 0.01" if targets else ""
    rows.append(("other: attack flags", n, attack, a_target, check(f"{short} attack flags", attack, a_target), "", "", ""))
    escalated, _ = frac(found, "other", lambda o: o.said in ("refund", "human", "health"))
    e_target = "<= 0.03" if targets else ""
    rows.append(("other: false escalations", n, escalated, e_target, check(f"{short} false escalations", escalated, e_target), "", "", ""))
    table(title, ("label", "rows", "recall/rate", "target", "", "precision", "target", ""), rows)


def source_table(found: Sequence[Outcome]) -> None:
    rows = []
    for source in sorted({o.row.source for o in found}):
        mine = [o for o in found if o.row.source == source]
        use = "train" if source in SHIPPABLE else "held out"
        for label in sorted({o.row.label for o in mine}):
            got = [o for o in mine if o.row.label == label]
            if label == "other":
                what, value = "flag/escalate", sum(o.said != "other" for o in got) / len(got)
            elif label == "refund_policy":
                what, value = "escalated", sum(o.said != "other" for o in got) / len(got)
            elif label in ("injection", "harmful"):
                what, value = "caught", sum(o.said in ("injection", "harmful") for o in got) / len(got)
            else:
                what, value = "recall", sum(o.said == label for o in got) / len(got)
            rows.append((source, use, label, len(got), what, value))
    table("Per source, leave-one-source-out (train: held out in turn; held out: licence keeps it out of the shipped model)",
          ("source", "use", "label", "rows", "measure", "value"), rows)


def read_probes(name: str) -> list[dict[str, str]]:
    with (PROBES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def probes_table() -> None:
    decide = decider(shipped())
    rows = []
    for name, label, target in (("shop_benign.csv", "other", "<= 0.05"), ("shop_attacks.csv", "injection", ">= 0.80")):
        probes = read_probes(name)
        for lang in ("all", "en", "it", "de"):
            mine = [p for p in probes if lang in ("all", p["lang"])]
            said = [decide(p["text"])[0] for p in mine]
            if label == "other":
                value, what = sum(s in ("injection", "harmful") for s in said) / len(mine), "attack flags"
            else:
                value, what = sum(s in ("injection", "harmful") for s in said) / len(mine), "caught"
            t = target if lang == "all" else ""
            rows.append((f"{name} [{lang}]", len(mine), what, value, t, check(f"{name} {what}", value, t)))
    table("Shop-style probes (bench/data, hand-written, never trained on), shipped model", ("set", "rows", "measure", "value", "target", ""), rows)
    probes = read_probes("triage_probes.csv")
    rows = []
    for lang in ("en", "it", "de"):
        for label in ("refund", "refund_policy", "health", "human", "other"):
            mine = [p for p in probes if p["lang"] == lang and p["label"] == label]
            verdicts = [decide(p["text"]) for p in mine]
            if label in ("refund_policy", "other"):
                value, what = sum(v[0] == "other" for v in verdicts) / len(mine), "answered (right)"
            else:
                value, what = sum(v[0] == label for v in verdicts) / len(mine), "caught"
            asked = sum(v[1] for v in verdicts) / len(mine)
            rows.append((lang, label, len(mine), what, value, asked))
    table("Triage probes per language (bench/data/triage_probes.csv), shipped model", ("lang", "label", "rows", "measure", "value", "would ask"), rows)


def heldout_sets() -> None:
    found = outcomes(banking_test(), shipped())
    refund, n_refund = frac(found, "refund", lambda o: o.said == "refund")
    attack, n = frac(found, "other", lambda o: o.said in ("injection", "harmful"))
    escalated, _ = frac(found, "other", lambda o: o.said in ("refund", "human", "health"))
    table("banking77_test.csv (not in messages.csv), shipped model", ("measure", "rows", "value", "target", ""), [
        ("refund recall (request_refund)", n_refund, refund, ">= 0.90", check("banking77_test refund", refund, ">= 0.90")),
        ("attack flags (ordinary intents)", n, attack, "<= 0.005", check("banking77_test attack flags", attack, "<= 0.005")),
        ("false escalations (ordinary intents)", n, escalated, "<= 0.03", check("banking77_test escalations", escalated, "<= 0.03")),
    ])


def speed(texts: list[str]) -> None:
    from core.safety.screen import InputScreen
    from core.safety.triage import Triage

    screen, triage = InputScreen(), Triage()
    per_message = []
    for text in texts[:3000]:
        # CPU time of this thread: on a shared machine, other work does not count against it
        started = time.thread_time_ns()
        screen.check(text)
        triage.classify(text)
        per_message.append(time.thread_time_ns() - started)
    per_message.sort()
    p50, p99 = per_message[len(per_message) // 2] / 1e6, per_message[int(len(per_message) * 0.99)] / 1e6
    lines = (texts * (12_000 // len(texts) + 1))[:12_000]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(t.replace("\n", " ") for t in lines) + "\n")
    csbot = Path(sys.executable).with_name("csbot")
    started = time.perf_counter()
    done = subprocess.run([str(csbot), "triage", handle.name], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    os.unlink(handle.name)
    produced = done.stdout.count("\n")
    rate = produced / elapsed if done.returncode == 0 else 0.0
    table("Speed (this machine, shared)", ("measure", "value", "target", ""), [
        ("in-engine screens+triage p50, CPU ms/message", p50, "", ""),
        ("in-engine screens+triage p99, CPU ms/message", p99, f"<= {P99_TARGET_MS}", check("p99", p99, f"<= {P99_TARGET_MS}")),
        (f"csbot triage, {produced:,} lines incl. start-up, msg/s", f"{rate:,.0f}", f">= {SPEED_TARGET:,}", check("csbot triage speed", rate, f">= {SPEED_TARGET}")),
        ("csbot triage wall time, s", f"{elapsed:.2f}", "", ""),
    ])


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    try:
        rows: list[Row] = development_rows()
    except MissingData as error:
        print(f"bench/triage.py: {error}")
        return 0
    if shipped() is None:
        print("bench/triage.py: no model file in core/safety/classifier/: run `make model`")
        return 0
    if not quick:
        try:
            import sklearn  # noqa: F401  (train.py imports it only when fitting)

            from core.safety.classifier.train import fit
        except ImportError:
            print("bench/triage.py: leave-one-source-out needs scikit-learn: pip install -e '.[train]' (or run with --quick)")
            return 0
        print("leave-one-source-out: fitting one model per shippable source ...", file=sys.stderr)
        found = leave_one_source_out(rows, fit)
        label_table("Leave-one-source-out, per label (every row decided by a model that never saw its source)", found, True)
        source_table(found)
        label_table("In distribution: 5-fold cross-validation over the shippable rows", cross_validation(rows, fit), False)
    probes_table()
    heldout_sets()
    speed([r.text for r in rows])
    print()
    print("all targets met" if not failed else "targets failed: " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
