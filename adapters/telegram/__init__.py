"""Telegram: customers talk to the shop's bot (python-telegram-bot, long polling or webhook)."""
from adapters.telegram.runner import TelegramAdapter, TokenRefused, WebhookSettings
from adapters.telegram.transport import AiohttpRequest

__all__ = ["AiohttpRequest", "TelegramAdapter", "TokenRefused", "WebhookSettings"]
