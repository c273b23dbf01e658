"""report.png: pass^1 and pass^k per duty, and the share of trials automated or handed to people."""
from __future__ import annotations

from pathlib import Path

from core.evaluation.report import Report


def draw(report: Report, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    import matplotlib.pyplot as plt

    duties = [d.duty for d in report.duties]
    positions = range(len(duties))
    height = max(3.0, 0.45 * len(duties) + 1.5)
    figure, (scores, shares) = plt.subplots(1, 2, figsize=(12, height), sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    bar = 0.38
    scores.barh([p - bar / 2 for p in positions], [d.pass_1 for d in report.duties], bar, label="pass^1", color="#7aa6d8")
    scores.barh(
        [p + bar / 2 for p in positions], [d.pass_k for d in report.duties], bar, label=f"pass^{report.trials}", color="#1f4e89"
    )
    scores.axvline(0.9, color="#b03a2e", linestyle="--", linewidth=1, label="reliable (0.9)")
    scores.set_xlim(0, 1)
    scores.set_yticks(list(positions), duties)
    scores.invert_yaxis()
    scores.set_xlabel("pass^1: share of trials passed; pass^k: share of scenarios whose k trials all passed")
    scores.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize="small", frameon=False)

    escalated = [d.escalation_rate for d in report.duties]
    automated = [1 - e for e in escalated]
    shares.barh(list(positions), automated, color="#5a9e6f", label="automated")
    shares.barh(list(positions), escalated, left=automated, color="#e0a43a", label="handed to people")
    shares.set_xlim(0, 1)
    shares.set_xlabel("share of trials")
    shares.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize="small", frameon=False)

    figure.suptitle(f"csbot eval: {report.pack} with {report.model}, {report.trials} trials per scenario")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
