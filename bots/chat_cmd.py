"""`csbot chat`: the terminal bot on a pack. It serves the desk endpoint, so `csbot desk` in
another terminal can answer a handoff through this process (the one writer of the database)."""
from __future__ import annotations

from rich.console import Console

from bots.config import Config
from bots.desk_endpoint import serving_desk
from bots.runtime import prepare_hub
from bots.terminal import TerminalChat


async def chat_command(config: Config, console: Console, *, show_backstage: bool = False, new: bool = False, read_line=None) -> int:
    async with await prepare_hub(config, console) as hub:
        async with serving_desk(hub, config.db):
            chat = TerminalChat(hub, console, show_backstage=show_backstage, new=new, db=config.db)
            await chat.run(read_line)
    return 0
