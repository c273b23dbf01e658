"""What every benchmark shares: figures with their targets, percentiles, tables, the machine."""
from __future__ import annotations

import json
import math
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(slots=True)
class Figure:
    label: str
    value: float | int | str
    unit: str = ""
    target: str = ""  # as printed beside the value, e.g. "<= 2000"
    met: bool | None = None  # None: a figure without a target

    def shown(self) -> str:
        value = self.value
        if isinstance(value, float):
            text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value)
        return f"{text} {self.unit}".strip()

    @property
    def verdict(self) -> str:
        return "" if self.met is None else "met" if self.met else "MISSED"


@dataclass(slots=True)
class Report:
    """One benchmark's result: a titled table of figures and notes that explain them."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, label: str, value, unit: str = "", target: str = "", met: bool | None = None) -> Figure:
        figure = Figure(label, value, unit, target, met)
        self.figures.append(figure)
        return figure

    def missed(self) -> list[Figure]:
        return [f for f in self.figures if f.met is False]

    def text(self) -> str:
        rows = [("figure", "measured", "target", "")] + [(f.label, f.shown(), f.target, f.verdict) for f in self.figures]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = [f"== {self.title} ({self.seconds:.1f} s)"]
        for n, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines += [f"  * {note}" for note in self.notes]
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", "| figure | measured | target | |", "| --- | ---: | --- | --- |"]
        lines += [f"| {f.label} | {f.shown()} | {f.target} | {f.verdict} |" for f in self.figures]
        if self.notes:
            lines += [""] + [f"- {note}" for note in self.notes]
        lines.append(f"\n_{self.seconds:.1f} s_")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Report:
        raw = json.loads(text)
        return cls(raw["title"], [Figure(**f) for f in raw["figures"]], raw["notes"], raw["seconds"])


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of unsorted values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(share * len(ordered)))) - 1]


def machine() -> dict[str, str]:
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": model or "unknown",
        "python": sys.version.split()[0] + f" ({platform.python_implementation()})",
        "system": f"{platform.system()} {platform.release()}",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        # Other work on the machine skews every figure: the load at the start says how quiet it was.
        "load": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }


def emit(report: Report, json_path: str | None) -> None:
    """Print the table; with --json also write it where run_all.py reads it."""
    print(report.text(), flush=True)
    if json_path:
        Path(json_path).write_text(report.to_json(), encoding="utf-8")
