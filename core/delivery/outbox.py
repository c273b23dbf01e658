"""Delivering replies: every Outbound is stored before it is sent, and sent until the platform
takes it (429: wait as asked; network or 5xx: back off; a restart sends what is left)."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from core.delivery.delivery import NotHere, PermanentFailure, RetryAfter, Sender, TransientFailure
from core.messages import Outbound
from core.store.base import Store

log = logging.getLogger("csbot.outbox")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5  # per delivery round; what is still pending waits for the next round or a restart
    backoff: float = 0.5  # seconds, doubled each attempt
    max_retry_after: float = 60.0


class Outbox:
    def __init__(self, store: Store, policy: RetryPolicy = RetryPolicy()) -> None:
        self.store = store
        self.policy = policy
        self.senders: dict[str, Sender] = {}
        self._flushing = asyncio.Lock()  # a start-up flush and the periodic one must not send twice
        self._in_flight: set[int] = set()  # being sent by a live turn: a flush leaves them alone
        self.shared_round = None  # with several workers a flush is a claimed round (core/delivery/shared_outbox.py)

    async def send(self, outbound: Outbound) -> bool:
        """Deliver one stored Outbound; True when the platform took it."""
        entry_id = outbound.meta.get("outbox_id")
        sender = self.senders.get(outbound.address.channel)
        if sender is None:
            return False  # stays pending until an adapter for that channel runs
        if entry_id in self._in_flight:
            return False
        if entry_id is not None:
            self._in_flight.add(entry_id)
        try:
            return await self._attempts(outbound, sender, entry_id)
        finally:
            self._in_flight.discard(entry_id)

    async def _attempts(self, outbound: Outbound, sender: Sender, entry_id: int | None) -> bool:
        delay = self.policy.backoff
        for attempt in range(1, self.policy.attempts + 1):
            try:
                await sender(outbound)
            except RetryAfter as error:
                wait = min(error.seconds, self.policy.max_retry_after)
                log.info("%s asked to wait %.1fs", outbound.address.channel, wait)
                await self._attempted(entry_id, f"429 retry after {wait}")
                await asyncio.sleep(wait)
            except TransientFailure as error:
                log.warning("send to %s failed (attempt %d): %s", outbound.address.channel, attempt, error)
                await self._attempted(entry_id, str(error))
                if attempt < self.policy.attempts:
                    await asyncio.sleep(delay)
                    delay *= 2
            except PermanentFailure as error:
                log.warning("send to %s refused for good: %s", outbound.address.key, error)
                if entry_id is not None:
                    await self.store.outbox_done(entry_id, "failed", str(error))
                return False
            else:
                if entry_id is not None:
                    await self.store.outbox_done(entry_id, "sent")
                return True
        return False

    async def send_once(self, entry_id: int, outbound: Outbound) -> str:
        """One attempt at a claimed entry of several workers (a failed attempt releases its lease,
        so retrying here could race another worker): "sent", "failed" (for good), "retry" (later,
        by any worker), "elsewhere" (only another worker can deliver it) or "unsent" (no adapter
        for its channel here: released untried, so it counts no attempt against the entry)."""
        sender = self.senders.get(outbound.address.channel)
        if sender is None:
            await self.store.outbox_release(entry_id)
            return "unsent"
        try:
            await sender(outbound)
        except NotHere as error:
            await self._attempted(entry_id, str(error))
            return "elsewhere"
        except RetryAfter as error:
            # Kept on the row: no worker claims it before then, whatever wakes the workers.
            wait = min(error.seconds, self.policy.max_retry_after)
            log.warning("send to %s: asked to wait %.1fs", outbound.address.channel, wait)
            await self.store.outbox_attempted(entry_id, f"429 retry after {wait}", retry_in=wait)
            return "retry"
        except TransientFailure as error:
            log.warning("send to %s failed: %s", outbound.address.channel, error)
            await self._attempted(entry_id, str(error))
            return "retry"
        except PermanentFailure as error:
            log.warning("send to %s refused for good: %s", outbound.address.key, error)
            await self.store.outbox_done(entry_id, "failed", str(error))
            return "failed"
        await self.store.outbox_done(entry_id, "sent")
        return "sent"

    async def _attempted(self, entry_id: int | None, error: str) -> None:
        if entry_id is not None:
            await self.store.outbox_attempted(entry_id, error)

    async def flush(self) -> int:
        """Send what earlier runs left pending, in order; returns how many went out."""
        if self.shared_round is not None:
            return await self.shared_round()
        sent = 0
        async with self._flushing:
            for entry in await self.store.pending_outbox():
                outbound = entry.outbound
                outbound.meta["outbox_id"] = entry.id
                if outbound.address.channel in self.senders and await self.send(outbound):
                    sent += 1
        return sent
