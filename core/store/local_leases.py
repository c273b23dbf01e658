"""The multi-worker primitives for a store that has exactly one process (SQLite): a lock per
conversation, leases and outbox claims kept in memory, and an event that wakes the outbox."""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator


class LocalLeases:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}
        self._leases: dict[str, tuple[str, float]] = {}  # name -> (holder, expires at, monotonic)
        self.outbox_claims: dict[int, tuple[str, float]] = {}  # outbox id -> (worker, expires at)
        self.not_before: dict[int, float] = {}  # outbox id -> wall clock time the platform asked us to wait for
        self.outbox_added = asyncio.Event()

    @asynccontextmanager
    async def conversation_lock(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody holds or waits: forget it, so the map stays small
                del self._waiting[key]
                del self._locks[key]

    def try_lease(self, name: str, holder: str, ttl: float) -> bool:
        now = time.monotonic()
        current = self._leases.get(name)
        if current is None or current[0] == holder or current[1] <= now:
            self._leases[name] = (holder, now + ttl)
            return True
        return False

    def release_lease(self, name: str, holder: str) -> None:
        if self._leases.get(name, ("", 0))[0] == holder:
            del self._leases[name]

    def claimable(self, entry_id: int, worker: str) -> bool:
        if self.not_before.get(entry_id, 0.0) > time.time():
            return False
        self.not_before.pop(entry_id, None)
        claim = self.outbox_claims.get(entry_id)
        return claim is None or claim[0] == worker or claim[1] <= time.monotonic()

    def claim(self, entry_id: int, worker: str, lease_seconds: float) -> None:
        self.outbox_claims[entry_id] = (worker, time.monotonic() + lease_seconds)

    def release(self, entry_id: int) -> None:
        self.outbox_claims.pop(entry_id, None)

    async def wait_outbox(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self.outbox_added.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        self.outbox_added.clear()
