"""`csbot eval`: which duties the model handles reliably, as a table, report.md/json and a chart."""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bots.config import Config
from bots.model_choice import choose_model
from bots.wiring import build_hub
from core.engine import EngineSettings
from core.evaluation.chart import draw
from core.evaluation.compare import METRICS, compare, load_report
from core.evaluation.reference import ReferenceAnswers
from core.evaluation.report import RELIABLE, Report, summarise, table_row, write_json, write_markdown
from core.evaluation.runner import EvalRunner
from core.evaluation.scenarios import ScenarioError, load_scenarios, scenario_file
from core.models.base import ModelBackend
from core.models.scripted import ScriptedModel
from core.shop.pack import KnowledgePack, load_pack

REFERENCE_SPECS = ("scripted", "reference")
COLUMNS = ("duty", "scen.", "pass^1", "pass^k", "escalated", "calls/turn", "tokens/turn", "ms/turn")


async def eval_command(config: Config, args: argparse.Namespace, console: Console) -> int:
    if args.compare:
        print_comparison(*args.compare, console=console)
        return 0
    pack = load_pack(config.pack)
    try:
        scenarios = load_scenarios(scenario_file(pack.path))
    except ScenarioError as error:
        raise ValueError(str(error)) from None
    duties = {d.strip() for item in args.duty or [] for d in item.split(",") if d.strip()}
    selected = [s for s in scenarios if not duties or s.duty in duties]
    unknown = duties - {s.duty for s in scenarios}
    if unknown or not selected:
        known = ", ".join(sorted({s.duty for s in scenarios}))
        raise ValueError(f"no scenarios for duty {', '.join(sorted(unknown))} in {pack.id}; duties: {known}")
    model, note = await _model(config, pack, scenarios)
    errors = Console(stderr=True, highlight=False)
    errors.print(f"csbot eval: {pack.id}, {note}, {len(selected)} scenarios x {args.trials} trial(s)")
    try:
        report = await run_eval(pack, model, selected, args.trials, args.seed, errors)
    finally:
        if model is not None:
            await model.aclose()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_json(report, out / "report.json")
    draw(report, out / "report.png")
    write_markdown(report, out / "report.md")
    print_report(report, console)
    console.print(f"report: {out / 'report.md'}, {out / 'report.json'}, {out / 'report.png'}")
    return 0


async def _model(config: Config, pack: KnowledgePack, scenarios) -> tuple[ModelBackend | None, str]:
    if config.model.strip().lower() in REFERENCE_SPECS:
        # The reference reads the expectations: a dry run of scenarios and harness, not a measurement.
        return ScriptedModel(ReferenceAnswers(pack, scenarios), name="scripted-reference"), "the scripted reference model"
    model, note = await choose_model(config.model, pack, config.model_settings)
    if model is None:
        note += " (the eval measures offline mode)"
    return model, note


async def run_eval(
    pack: KnowledgePack, model: ModelBackend | None, scenarios, trials: int, seed: int, errors: Console
) -> Report:
    runner = EvalRunner(pack, lambda trial: model, _open_hub, trials=trials, seed=seed)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("trials", total=len(scenarios) * trials)
        outcomes = await runner.run(scenarios, on_trial=lambda outcome: progress.advance(task))
    name = model.name if model is not None else "offline"
    return summarise(pack.id, name, trials, seed, outcomes)


def _open_hub(pack: KnowledgePack, model: ModelBackend | None, settings: EngineSettings):
    # The evaluation measures the model against the programs' simulated outcomes, not a shop.
    return build_hub(pack, model, ":memory:", settings=settings, orders="simulated")


def print_report(report: Report, console: Console) -> None:
    table = Table(title=f"{report.pack} with {report.model}: {report.trials} trial(s) per scenario")
    for index, column in enumerate(COLUMNS):
        # A header is never cut ("pass…", "escal…"): each column is at least as wide as its name.
        table.add_column(column, justify="left" if index == 0 else "right", no_wrap=index == 0, min_width=len(column))
    for duty in report.duties:
        table.add_row(*table_row(duty))
    table.add_row(*table_row(report.overall), style="bold")
    console.print(table)
    verdict = report.verdict
    console.print(f"handled reliably (pass^{report.trials} >= {RELIABLE}): {', '.join(verdict.reliable) or 'none'}")
    console.print(f"not handled reliably: {', '.join(verdict.unreliable) or 'none'}")
    console.print(f"handed to people by design: {', '.join(verdict.by_design) or 'none'}")


def print_comparison(a: str, b: str, console: Console) -> None:
    before, after = load_report(a), load_report(b)
    table = Table(title=f"{a} ({before.get('model', '?')}) -> {b} ({after.get('model', '?')})")
    table.add_column("duty")
    for metric in METRICS:
        table.add_column(f"{metric} A", justify="right")
        table.add_column(f"{metric} B", justify="right")
        table.add_column("change", justify="right")
    for change in compare(before, after):
        row = [change.duty]
        for metric in METRICS:
            old = f"{change.before[metric]:.2f}" if change.before else "-"
            new = f"{change.after[metric]:.2f}" if change.after else "-"
            delta = change.delta(metric)
            row += [old, new, "-" if delta is None else f"{delta:+.2f}"]
        table.add_row(*row, style="bold" if change.duty == "all" else None)
    console.print(table)
