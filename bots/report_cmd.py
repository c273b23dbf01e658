"""`csbot report`: the owner's figures for a period in the terminal, with a PNG chart and CSV rows
(read-only: it runs beside a running csbot)."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bots.store_view import StoreUnavailable, StoreView
from bots.terminal import inert
from core.desk.hours import next_opening
from core.metrics import parse_period, read_report
from core.metrics.chart import draw
from core.metrics.rows import summary, view
from core.shop.pack import KnowledgePack


async def report_command(db: str, pack: KnowledgePack | None, console: Console, *, since: str, until: str | None,
                         by: str, png: str | None, csv_path: str | None, quiet_hours: float) -> int:
    period = parse_period(since, until)
    hours = pack.hours if pack is not None else None
    open_now = (lambda at: next_opening(hours, at) is None) if hours is not None else None
    try:
        async with StoreView(db) as store:
            report = await read_report(store, period, quiet_hours=quiet_hours, open_now=open_now)
    except StoreUnavailable as error:
        print(f"csbot: {error}", file=sys.stderr)
        return 2
    console.print(f"[bold]csbot report[/bold] {period.label()}")
    figures = Table(show_header=False, box=None)
    figures.add_column(no_wrap=True)
    figures.add_column()
    for name, value in summary(report):
        figures.add_row(name, value)
    console.print(figures)
    header, rows = view(report, by)
    table = Table(title=f"by {by}")
    for column in header:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(inert(cell) for cell in row))
    console.print(table)
    if png:
        draw(report, Path(png))
        console.print(f"chart: {png}")
    if csv_path:
        with open(csv_path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        console.print(f"rows: {csv_path}")
    return 0
