"""What every long-running command shares: the pack, the model (or offline), the guard, the hub."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from bots.config import Config
from bots.desk_endpoint import holding_process
from bots.model_choice import choose_model
from bots.wiring import HubBuild, build_hub
from bots.workers import worker_settings
from core.engine import EngineSettings
from core.shop.pack import load_pack
from core.store import describe
from core.store.base import StoreError

ENGINE_KEYS = ("max_steps", "seed", "max_message_chars", "history_messages", "customer_messages_per_minute")


async def prepare_hub(config: Config, console: Console) -> HubBuild:
    """Loads the pack, picks the model (saying once if it runs offline) and the optional guard."""
    holder = holding_process(config.db)
    if holder is not None:  # `make web` while `make demo` runs: one writer per SQLite file
        raise StoreError(f"{describe(config.db)} is in use by csbot process {holder}: stop the chat, or pass another --db")
    pack = load_pack(config.pack)
    model, note = await choose_model(config.model, pack, config.model_settings)
    console.print(f"[bold]{escape(pack.name)}[/] [dim]· {escape(note)} · store {escape(describe(config.db))}[/]")
    guard = None
    if config.guard.get("enabled"):
        from core.safety.guard import GuardModel

        guard = GuardModel(config.guard.get("model", "llama-guard3:1b"), config.guard.get("host"))
        reason = await guard.probe()
        if reason:
            console.print(f"[dim]guard model: {escape(reason)}; the screens decide alone until it answers[/]")
    settings = EngineSettings(**{k: v for k, v in config.engine.items() if k in ENGINE_KEYS})
    return build_hub(pack, model, config.db, settings=settings, guard=guard, **worker_settings(config),
                     orders=config.orders, env=config.env)
