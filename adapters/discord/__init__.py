"""Discord: DMs, mentions, support channels and per-question threads, on discord.py."""
from adapters.discord.runner import INTENT_MISSING, TOKEN_REFUSED, DiscordAdapter, DiscordSetupError

__all__ = ["DiscordAdapter", "DiscordSetupError", "INTENT_MISSING", "TOKEN_REFUSED"]
