"""How long finished bookkeeping is kept, and the task that prunes it while csbot runs.

Delivered and failed outbox rows and the ids of processed platform events are only needed for a
while: events for deduplicating redeliveries (platforms redeliver within minutes or hours), outbox
rows for looking back at what went out. Left alone, both tables grow with every message for as
long as the process runs, so each store prunes them at start and then every PRUNE_EVERY."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("csbot.store")

EVENTS_KEPT = 7 * 86400  # seconds a processed event id is remembered (redeliveries come well before)
OUTBOX_KEPT = 7 * 86400  # seconds a sent or failed outbox row is kept after its last change
PRUNE_EVERY = 3600.0


class Pruner:
    """Calls `prune()` every `every` seconds in the background; a failed round is retried next time."""

    def __init__(self, prune: Callable[[], Awaitable[object]], every: float = PRUNE_EVERY) -> None:
        self._prune = prune
        self.every = every
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="csbot-prune")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self._prune()
            except Exception as error:  # the store is busy or the server is away: next round
                log.warning("pruning old outbox rows and event ids failed, retried later: %s", error)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
