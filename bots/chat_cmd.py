"""`csbot chat`: the terminal bot on a pack."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from bots.config import Config
from bots.model_choice import choose_model
from bots.terminal import TerminalChat
from bots.wiring import build_hub
from core.engine import EngineSettings
from core.pack import load_pack


async def chat_command(config: Config, console: Console, *, show_backstage: bool = False) -> int:
    pack = load_pack(config.pack)
    model, note = await choose_model(config.model, pack, config.model_settings)
    console.print(f"[bold]{escape(pack.name)}[/] [dim]· {escape(note)} · store {escape(config.db)}[/]")
    settings = EngineSettings(**{k: v for k, v in config.engine.items() if k in ("max_steps", "seed", "max_message_chars")})
    async with build_hub(pack, model, config.db, settings=settings) as hub:
        await TerminalChat(hub, console, show_backstage=show_backstage).run()
    return 0
