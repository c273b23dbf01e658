"""Telegram: customers talk to the shop's bot (python-telegram-bot, long polling or webhook)."""
from adapters.telegram.runner import BotApiUnreachable, TelegramAdapter, TokenRefused, WebhookSettings
from adapters.telegram.transport import AiohttpRequest

__all__ = ["AiohttpRequest", "BotApiUnreachable", "TelegramAdapter", "TokenRefused", "WebhookSettings"]
