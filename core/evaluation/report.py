"""Figures per duty (pass^1, pass^k as in τ-bench), the verdict, and report.json / report.md."""
from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.evaluation.runner import TrialOutcome

RELIABLE = 0.9  # pass^k at or above this: the model handles the duty reliably
BY_DESIGN = ("refund_request", "health")  # duties the system hands to people whatever the model does


@dataclass(frozen=True, slots=True)
class DutyFigures:
    duty: str
    scenarios: int
    trials: int
    pass_1: float  # mean trial success
    pass_k: float  # share of scenarios whose k trials all passed
    escalation_rate: float  # share of trials handed to people
    model_calls_per_turn: float
    prompt_tokens_per_turn: float
    latency_ms: float  # median per turn


@dataclass(slots=True)
class Verdict:
    reliable: list[str] = field(default_factory=list)
    unreliable: list[str] = field(default_factory=list)
    by_design: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    pack: str
    model: str
    trials: int
    seed: int
    duties: list[DutyFigures]
    overall: DutyFigures
    verdict: Verdict
    outcomes: list[TrialOutcome]

    def to_json(self) -> dict:
        return {
            "pack": self.pack,
            "model": self.model,
            "trials": self.trials,
            "seed": self.seed,
            "duties": [asdict(d) for d in self.duties],
            "overall": asdict(self.overall),
            "verdict": asdict(self.verdict),
            "scenarios": _scenario_rows(self.outcomes),
            "failures": [_failure_json(o) for o in self.outcomes if not o.passed],
        }


def summarise(pack: str, model: str, trials: int, seed: int, outcomes: list[TrialOutcome]) -> Report:
    by_duty: dict[str, list[TrialOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_duty[outcome.duty].append(outcome)
    duties = [figures(duty, group) for duty, group in by_duty.items()]
    verdict = Verdict()
    for duty in duties:
        if duty.duty in BY_DESIGN:
            verdict.by_design.append(duty.duty)
        elif duty.pass_k >= RELIABLE:
            verdict.reliable.append(duty.duty)
        else:
            verdict.unreliable.append(duty.duty)
    return Report(pack, model, trials, seed, duties, figures("all", outcomes), verdict, outcomes)


def figures(duty: str, outcomes: list[TrialOutcome]) -> DutyFigures:
    by_scenario: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        by_scenario[outcome.scenario].append(outcome.passed)
    turns = [t for o in outcomes for t in o.turns]
    count = len(outcomes) or 1
    return DutyFigures(
        duty=duty,
        scenarios=len(by_scenario),
        trials=len(outcomes),
        pass_1=sum(o.passed for o in outcomes) / count,
        pass_k=sum(all(v) for v in by_scenario.values()) / (len(by_scenario) or 1),
        escalation_rate=sum(o.escalated for o in outcomes) / count,
        model_calls_per_turn=_mean([t.model_calls for t in turns]),
        prompt_tokens_per_turn=_mean([t.prompt_tokens for t in turns]),
        latency_ms=statistics.median([t.latency_ms for t in turns]) if turns else 0.0,
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _scenario_rows(outcomes: list[TrialOutcome]) -> list[dict]:
    rows: dict[str, dict] = {}
    for o in outcomes:
        row = rows.setdefault(o.scenario, {"id": o.scenario, "duty": o.duty, "trials": 0, "passed": 0})
        row["trials"] += 1
        row["passed"] += o.passed
    for row in rows.values():
        row["pass_k"] = row["passed"] == row["trials"]
    return list(rows.values())


def _failure_json(outcome: TrialOutcome) -> dict:
    return {
        "scenario": outcome.scenario,
        "duty": outcome.duty,
        "trial": outcome.trial + 1,
        "seed": outcome.seed,
        "failures": outcome.failures,
        "transcript": [
            {
                "customer": t.say,
                "replies": [{"voice": r.voice, "text": r.text} for r in t.seen.replies],
                "escalations": t.seen.escalations,
                "programs": [{"name": r.program, "args": r.args, "status": r.status} for r in t.seen.runs],
                "failures": t.failures,
            }
            for t in outcome.turns
        ],
    }


# -- writing ------------------------------------------------------------------------------------

HEADER = ("duty", "scenarios", "pass^1", "pass^k", "escalated", "model calls/turn", "prompt tokens/turn", "latency ms")


def table_row(d: DutyFigures) -> tuple[str, ...]:
    return (
        d.duty,
        str(d.scenarios),
        f"{d.pass_1:.2f}",
        f"{d.pass_k:.2f}",
        f"{d.escalation_rate:.0%}",
        f"{d.model_calls_per_turn:.1f}",
        f"{d.prompt_tokens_per_turn:.0f}",
        f"{d.latency_ms:.0f}",
    )


def write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def markdown(report: Report, chart: str | None = "report.png") -> str:
    lines = [
        f"# csbot eval: {report.pack} with {report.model}",
        "",
        f"{report.overall.scenarios} scenarios, {_trials(report.trials)} each (seed {report.seed}). "
        f"pass^1 is the share of trials that passed; pass^k the share of scenarios whose {_trials(report.trials)} all passed.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|",
    ]
    for duty in [*report.duties, report.overall]:
        row = table_row(duty)
        if duty is report.overall:
            row = tuple(f"**{cell}**" for cell in row)
        lines.append("| " + " | ".join(row) + " |")
    if chart:
        lines += ["", f"![pass^1 and pass^k per duty]({chart})"]
    lines += ["", "## Verdict", ""]
    verdict = report.verdict
    lines.append(f"- Handled reliably (pass^{report.trials} >= {RELIABLE}): {_names(verdict.reliable)}")
    lines.append(f"- Not handled reliably: {_names(verdict.unreliable)}")
    lines.append(f"- Handed to people by design (refund decisions, health questions): {_names(verdict.by_design)}")
    failed = [o for o in report.outcomes if not o.passed]
    lines += ["", f"## Failures ({len(failed)} of {len(report.outcomes)} trials)", ""]
    if not failed:
        lines.append("None.")
    for outcome in failed:
        lines += _failure_md(outcome)
    return "\n".join(lines) + "\n"


def _trials(count: int) -> str:
    return f"{count} trial" if count == 1 else f"{count} trials"


def _names(duties: list[str]) -> str:
    return ", ".join(duties) if duties else "none"


def _failure_md(outcome: TrialOutcome) -> list[str]:
    lines = [f"### {outcome.scenario} ({outcome.duty}), trial {outcome.trial + 1}, seed {outcome.seed}", ""]
    lines += [f"- **failed:** {failure}" for failure in outcome.failures]
    lines += ["", "```text"]
    for number, turn in enumerate(outcome.turns, start=1):
        lines.append(f"[{number}] customer: {turn.say}")
        for run in turn.seen.runs:
            args = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in run.args.items())
            lines.append(f"    program: {run.program} {args} -> {run.status}")
        for reason in turn.seen.escalations:
            lines.append(f"    escalated: {reason}")
        for reply in turn.seen.replies:
            lines.append(f"    bot ({reply.voice}): {reply.text}")
    lines += ["```", ""]
    return lines


def write_markdown(report: Report, path: Path, chart: str | None = "report.png") -> None:
    path.write_text(markdown(report, chart), encoding="utf-8")
