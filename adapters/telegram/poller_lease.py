"""Exactly one worker long-polls Telegram: the one holding the store's "telegram-poller" lease.

getUpdates from two bots at once is refused by Telegram (409 Conflict), and several workers share
one bot. The holder renews the lease every few seconds; when it dies, the lease lapses and the
next worker to try takes it over and starts polling (within TTL + RENEW_EVERY seconds)."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("csbot.telegram")

LEASE_NAME = "telegram-poller"
TTL = 5.0
RENEW_EVERY = 1.5  # a dead poller is replaced within TTL + RENEW_EVERY = 6.5 s


class PollerLease:
    def __init__(
        self,
        store,
        holder: str,
        start_polling: Callable[[], Awaitable[None]],
        stop_polling: Callable[[], Awaitable[None]],
        *,
        ttl: float = TTL,
        renew_every: float = RENEW_EVERY,
    ) -> None:
        self._store = store
        self._holder = holder
        self._start_polling = start_polling
        self._stop_polling = stop_polling
        self._ttl = ttl
        self._renew_every = renew_every
        self.polling = False
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        await self._step()
        self._task = asyncio.create_task(self._run(), name="telegram-poller-lease")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self.polling:
            self.polling = False
            await self._stop_polling()
            await self._store.release_lease(LEASE_NAME, self._holder)  # the next worker need not wait

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._renew_every)  # the renewal period, not a wait for a result
            try:
                await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be away for a moment; polling goes on until the lease is lost
                log.exception("telegram: renewing the poller lease failed")

    async def _step(self) -> None:
        held = await self._store.try_lease(LEASE_NAME, self._holder, self._ttl)
        if held and not self.polling:
            log.info("telegram: %s holds the poller lease and polls", self._holder)
            self.polling = True
            await self._start_polling()
        elif not held and self.polling:
            log.warning("telegram: %s lost the poller lease; another worker polls", self._holder)
            self.polling = False
            await self._stop_polling()
