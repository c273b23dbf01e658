"""`csbot chat`: the terminal bot on a pack."""
from __future__ import annotations

from rich.console import Console

from bots.config import Config
from bots.runtime import prepare_hub
from bots.terminal import TerminalChat


async def chat_command(config: Config, console: Console, *, show_backstage: bool = False) -> int:
    async with await prepare_hub(config, console) as hub:
        await TerminalChat(hub, console, show_backstage=show_backstage).run()
    return 0
