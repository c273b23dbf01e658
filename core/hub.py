"""The hub: adapters hand it customer messages and staff actions; it runs the engine in order per
conversation and delivers every reply through the outbox to the adapter of its channel."""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

from core.delivery import Sender
from core.engine import Engine
from core.escalation import Decision, Escalation
from core.handoff import Handoff
from core.messages import Address, Inbound, Outbound
from core.outbox import Outbox
from core.store.base import StoredMessage

log = logging.getLogger("csbot.hub")


class Hub:
    def __init__(self, engine: Engine, outbox: Outbox, flush_every: float = 30.0) -> None:
        self.engine = engine
        self.outbox = outbox
        self.handoff = Handoff(engine)
        self.flush_every = flush_every
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._flusher: asyncio.Task | None = None

    @property
    def pack(self):
        return self.engine.pack

    @property
    def store(self):
        return self.engine.store

    def register(self, channel: str, sender: Sender) -> None:
        self.outbox.senders[channel] = sender

    async def start(self) -> None:
        """Send what a previous run left in the outbox, then keep retrying it in the background."""
        await self.outbox.flush()
        self._flusher = asyncio.create_task(self._flush_forever(), name="csbot-outbox")

    async def stop(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            await asyncio.gather(self._flusher, return_exceptions=True)
            self._flusher = None

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(self.flush_every)
            try:
                await self.outbox.flush()
            except Exception:  # one bad round must not stop the retries
                log.exception("outbox flush failed")

    def _lock(self, address: Address) -> asyncio.Lock:
        return self._locks[address.key]

    async def receive(self, inbound: Inbound) -> list[Outbound]:
        """One customer message: the turn runs after the previous one of this conversation."""
        async with self._lock(inbound.address):
            outbounds = await self.engine.handle(inbound)
            await self.deliver(outbounds)
        return outbounds

    async def already_handled(self, inbound: Inbound) -> bool:
        """A redelivered platform event whose turn is stored: adapters skip it (no typing, no thread)."""
        return bool(inbound.event_id) and await self.store.seen(inbound.address.channel, inbound.event_id)

    async def deliver(self, outbounds: list[Outbound]) -> None:
        for outbound in outbounds:
            await self.outbox.send(outbound)

    async def staff_reply(self, escalation_id: str, staff: str, text: str) -> None:
        escalation = await self.store.get_escalation(escalation_id)
        if escalation is None:
            raise LookupError(f"no escalation {escalation_id}")
        async with self._lock(escalation.customer):
            await self.deliver(await self.handoff.staff_reply(escalation_id, staff, text))

    async def decide(
        self, escalation_id: str, decision: Decision, staff: str, note: str = "", details: dict | None = None
    ) -> Escalation:
        escalation = await self.store.get_escalation(escalation_id)
        if escalation is None:
            raise LookupError(f"no escalation {escalation_id}")
        async with self._lock(escalation.customer):
            escalation, outbounds = await self.handoff.decide(escalation_id, decision, staff, note, details)
            await self.deliver(outbounds)
        return escalation

    async def history(self, address: Address, limit: int = 50) -> list[StoredMessage]:
        conversation = await self.store.load_conversation(address, limit)
        return conversation.history
