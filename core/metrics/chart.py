"""The report's chart as PNG: conversations and customer messages per day."""
from __future__ import annotations

from pathlib import Path

from core.metrics.report import Report


def draw(report: Report, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    import matplotlib.pyplot as plt

    days = [b.key[5:] for b in report.by_day]  # MM-DD
    figure, axis = plt.subplots(figsize=(max(6.0, 0.35 * len(days) + 3), 3.6))
    axis.bar(days, [b.conversations for b in report.by_day], color="#1f4e89", label="conversations")
    messages = axis.twinx()
    messages.plot(days, [b.messages for b in report.by_day], color="#e0a43a", marker="o", label="customer messages")
    axis.set_ylabel("conversations")
    messages.set_ylabel("customer messages")
    axis.tick_params(axis="x", labelrotation=60 if len(days) > 10 else 0)
    rate = report.resolution_rate
    title = f"{report.conversations} conversations, resolved by the bot {rate:.0%}" if rate is not None else f"{report.conversations} conversations"
    axis.set_title(title, fontsize="medium")
    figure.legend(loc="upper left", fontsize="small", frameon=False)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
