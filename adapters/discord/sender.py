"""The "discord" Sender: delivers one Outbound and speaks the outbox's failure language."""
from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import discord

from adapters.discord.translate import sends_for
from core.delivery.delivery import DeliveryError, PermanentFailure, RetryAfter, TransientFailure
from core.messages import Outbound, Voice

_SENT = "discord_sent"  # chunks already delivered, so a retried long reply does not repeat its start


class DiscordSender:
    """Sends through whatever client is connected; `client` returns None while there is none."""

    def __init__(self, client: Callable[[], discord.Client | None]) -> None:
        self._client = client

    async def __call__(self, outbound: Outbound) -> None:
        if outbound.voice is Voice.RATED:
            return  # a rating's acknowledgement: the interaction's own response showed it (runner.py)
        client = self._client()
        if client is None or client.is_closed():
            raise TransientFailure("Discord is not connected")
        try:
            channel = client.get_partial_messageable(int(outbound.address.chat_id))
        except ValueError:
            raise PermanentFailure(f"not a Discord channel id: {outbound.address.chat_id!r}") from None
        sends = sends_for(outbound)
        done = outbound.meta.get(_SENT, 0)
        for number, kwargs in enumerate(sends[done:], start=done + 1):
            try:
                await channel.send(**kwargs)
            except Exception as exc:
                error = delivery_error(exc)
                if error is None:
                    raise
                raise error from exc
            outbound.meta[_SENT] = number


def delivery_error(exc: BaseException) -> DeliveryError | None:
    """What the outbox should do about a failed send; None for a bug, which is re-raised as is."""
    if isinstance(exc, discord.RateLimited):
        return RetryAfter(exc.retry_after, "Discord rate limit")
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:
            return RetryAfter(_retry_after(exc), "Discord rate limit")
        if exc.status >= 500:
            return TransientFailure(f"Discord {exc.status}: {exc.text}")
        return PermanentFailure(f"Discord {exc.status} (code {exc.code}): {exc.text}")
    if isinstance(exc, (aiohttp.ClientError, OSError, asyncio.TimeoutError)):
        return TransientFailure(f"Discord unreachable: {exc!r}")
    return None


def _retry_after(exc: discord.HTTPException) -> float:
    headers = getattr(exc.response, "headers", None) or {}
    try:
        return float(headers.get("Retry-After", 1.0))
    except ValueError:
        return 1.0
