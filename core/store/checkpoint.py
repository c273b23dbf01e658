"""WAL checkpoints of a SQLite file, off the writer's path."""
from __future__ import annotations

import asyncio

import aiosqlite

CHECKPOINT_EVERY = 1.0  # seconds


class Checkpointer:
    """Moves the WAL into the database from its own connection (and thread), so the fsync a
    checkpoint needs never stalls a turn; PASSIVE never blocks readers or the writer."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._task: asyncio.Task | None = None
        self._db: aiosqlite.Connection | None = None

    async def start(self) -> None:
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        self._task = asyncio.create_task(self._run(), name="csbot-checkpoint")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CHECKPOINT_EVERY)
            await self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._db is not None:
            await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await self._db.close()
            self._db = None
