"""The hub: adapters hand it customer messages and staff actions; it runs the engine in order per
conversation and delivers every reply through the outbox to the adapter of its channel.

Alone (SQLite), the hub's own locks order the turns and a turn sends its replies itself. With
several workers on one database (`shared`), a turn also holds the store's conversation lock, and
replies go out through claims on the outbox (core/delivery/shared_outbox.py), so each is sent by one worker."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections import defaultdict
from collections.abc import AsyncIterator

from core.delivery.delivery import Sender
from core.engine import Engine
from core.desk.escalation import Decision, Escalation
from core.handoff import Handoff
from core.messages import Address, Inbound, Outbound
from core.delivery.outbox import Outbox
from core.delivery.shared_outbox import LEASE_SECONDS, SharedDelivery
from core.store.base import StoredMessage

log = logging.getLogger("csbot.hub")


def default_worker() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Hub:
    def __init__(
        self,
        engine: Engine,
        outbox: Outbox,
        flush_every: float = 30.0,
        *,
        worker: str | None = None,
        shared: bool = False,
        lease_seconds: float = LEASE_SECONDS,
        delivers: bool = True,
    ) -> None:
        self.engine = engine
        # False for a process with no adapters (the terminal desk): it runs no outbox loop, since
        # claiming replies it cannot send would only hold them up (and count against them).
        self.delivers = delivers
        self.outbox = outbox
        self.handoff = Handoff(engine)
        self.flush_every = flush_every
        self.worker = worker or default_worker()
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._flusher: asyncio.Task | None = None
        self.shared = SharedDelivery(outbox, self.worker, self._lock, lease_seconds) if shared else None

    @property
    def pack(self):
        return self.engine.pack

    def use_pack(self, pack) -> None:
        """The pack reloaded with a changed document (core/shop/answered.py): the engine and the
        staff side read it from the next turn on (Engine.use_pack says what is swapped)."""
        self.engine.use_pack(pack)
        self.handoff.pack = pack

    @property
    def store(self):
        return self.engine.store

    def register(self, channel: str, sender: Sender) -> None:
        self.outbox.senders[channel] = sender

    async def start(self) -> None:
        """Send what a previous run left in the outbox, then keep retrying it in the background."""
        if not self.delivers:
            return
        if self.shared is not None:
            await self.shared.start()  # its first round claims what dead workers left
            return
        await self.outbox.flush()
        self._flusher = asyncio.create_task(self._flush_forever(), name="csbot-outbox")

    async def stop(self) -> None:
        if self.shared is not None:
            await self.shared.stop()
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

    @contextlib.asynccontextmanager
    async def _lock(self, key: str, taken_by_first_read: bool = False) -> AsyncIterator[None]:
        """This process's lock first (waiters queue here, not on database connections), then,
        with several workers, the store's lock of the conversation (`taken_by_first_read`: the
        turn's first act is reading the conversation, and that read takes the lock: PostgreSQL
        saves a round trip)."""
        async with self._locks[key]:
            if self.shared is None:
                yield
            else:
                async with self.store.conversation_lock(key, taken_by_first_read=taken_by_first_read):
                    yield

    async def receive(self, inbound: Inbound) -> list[Outbound]:
        """One customer message: the turn runs after the previous one of this conversation."""
        key = inbound.address.key
        if self.shared is None:  # alone: this process's lock is the whole of it (no context-manager generator)
            async with self._locks[key]:
                outbounds = await self.engine.handle(inbound)
                await self.deliver(outbounds)
            return outbounds
        async with self._lock(key, taken_by_first_read=True):  # Engine.handle reads the conversation first
            outbounds = await self.engine.handle(inbound)
            await self._deliver(key, outbounds)
        return outbounds

    async def already_handled(self, inbound: Inbound) -> bool:
        """A redelivered platform event whose turn is stored: adapters skip it (no typing, no thread)."""
        return bool(inbound.event_id) and await self.store.seen(inbound.address.channel, inbound.event_id)

    async def deliver(self, outbounds: list[Outbound]) -> None:
        if not self.delivers and self.shared is not None:
            await self.shared.hand_over(outbounds)  # the workers send them, at once
            return
        for outbound in outbounds:
            await self.outbox.send(outbound)

    async def _deliver(self, key: str, outbounds: list[Outbound]) -> None:
        if not self.delivers:
            if self.shared is not None:
                await self.shared.hand_over(outbounds)
            return  # alone on a SQLite file, they stay pending for the next `csbot run` or `chat`
        if self.shared is None:
            await self.deliver(outbounds)
        else:
            await self.shared.after_turn(key, outbounds)

    async def staff_reply(self, escalation_id: str, staff: str, text: str) -> None:
        escalation = await self.store.get_escalation(escalation_id)
        if escalation is None:
            raise LookupError(f"no escalation {escalation_id}")
        key = escalation.customer.key
        async with self._lock(key):
            await self._deliver(key, await self.handoff.staff_reply(escalation_id, staff, text))

    async def decide(
        self, escalation_id: str, decision: Decision, staff: str, note: str = "", details: dict | None = None
    ) -> Escalation:
        escalation = await self.store.get_escalation(escalation_id)
        if escalation is None:
            raise LookupError(f"no escalation {escalation_id}")
        key = escalation.customer.key
        async with self._lock(key):
            escalation, outbounds = await self.handoff.decide(escalation_id, decision, staff, note, details)
            await self._deliver(key, outbounds)
        return escalation

    async def history(self, address: Address, limit: int = 50) -> list[StoredMessage]:
        conversation = await self.store.load_conversation(address, limit)
        return conversation.history
