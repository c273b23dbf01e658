"""`csbot knowledge check PACK`."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from core.shop.pack import PACKS_ROOT


def check_command(pack: str, console: Console) -> int:
    from core.shop.pack_check import check_pack, resolve_pack_dir

    try:
        folder = resolve_pack_dir(pack, PACKS_ROOT)
    except ValueError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        return 2
    problems = check_pack(folder)
    for problem in problems:
        console.print(f"[red]{escape(str(problem))}[/]")
    if problems:
        console.print(f"{len(problems)} problem(s) in {escape(str(folder))}")
        return 1
    console.print(f"[green]{escape(folder.name)}: pack is valid[/]")
    return 0
