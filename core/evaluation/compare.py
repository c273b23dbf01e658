"""The difference per duty between two report.json files (a new model, prompt or pack)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

METRICS = ("pass_1", "pass_k", "escalation_rate")


@dataclass(frozen=True, slots=True)
class DutyChange:
    duty: str
    before: dict[str, float] | None  # None: the duty is not in A
    after: dict[str, float] | None  # None: the duty is not in B

    def delta(self, metric: str) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after[metric] - self.before[metric]


def load_report(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not a report.json ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("duties"), list):
        raise ValueError(f"{path}: not a report.json written by csbot eval (no 'duties')")
    return data


def compare(a: dict, b: dict) -> list[DutyChange]:
    before = {d["duty"]: {m: float(d[m]) for m in METRICS} for d in a["duties"]}
    after = {d["duty"]: {m: float(d[m]) for m in METRICS} for d in b["duties"]}
    order = list(before) + [d for d in after if d not in before]
    changes = [DutyChange(d, before.get(d), after.get(d)) for d in order]
    if "overall" in a and "overall" in b:
        changes.append(
            DutyChange("all", {m: float(a["overall"][m]) for m in METRICS}, {m: float(b["overall"][m]) for m in METRICS})
        )
    return changes
