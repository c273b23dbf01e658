"""The outbound port: how the hub hands a reply to a platform, and how a platform says it failed."""
from __future__ import annotations

from typing import Protocol

from core.messages import Outbound


class Sender(Protocol):
    """Delivers one Outbound on a platform. Raises one of the errors below on failure."""

    async def __call__(self, outbound: Outbound) -> None: ...


class DeliveryError(Exception):
    """Base of delivery failures; the outbox decides what to do from the subclass."""


class RetryAfter(DeliveryError):
    """The platform asked us to wait (HTTP 429): the outbox waits `seconds`, then sends again."""

    def __init__(self, seconds: float, detail: str = "") -> None:
        super().__init__(detail or f"retry after {seconds}s")
        self.seconds = seconds


class TransientFailure(DeliveryError):
    """Network error or 5xx: retried with backoff, and again after a restart."""


class PermanentFailure(DeliveryError):
    """The platform will never accept it (403 blocked by the user, chat gone): recorded, not retried."""


class NotHere(DeliveryError):
    """This worker cannot deliver it but another may (the customer's web socket is held by another
    worker): the lease is released at once, without local retries, for the other workers to claim."""
