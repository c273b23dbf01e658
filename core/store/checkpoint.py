"""WAL checkpoints of a SQLite file, off the writer's path."""
from __future__ import annotations

import asyncio
import logging
import sqlite3

import aiosqlite

log = logging.getLogger("csbot.store")

CHECKPOINT_EVERY = 1.0  # seconds


class Checkpointer:
    """Moves the WAL into the database from its own connection (and thread), so the fsync a
    checkpoint needs never stalls a turn; PASSIVE never blocks readers or the writer.

    Under steady load PASSIVE alone never lets the WAL start over: turns commit while it copies,
    so some frames are always left, and the file grew by every frame (~400 MB in 8,000 turns of
    bench.turns), each commit appending to it. After the PASSIVE pass, a FULL one copies the few
    frames written meanwhile with writers held for that moment (a turn's commit waits those few
    ms, once a CHECKPOINT_EVERY); the next turn's transaction then writes the WAL again from its
    start, in place (cheaper than appending: commits p50 104-113 -> 96-101 µs, the longest 36-39
    -> 22-24 ms, bench.turns with the loop going round between turns). This connection has no
    busy timeout: FULL never waits for the writer or a reader; held up, it does what PASSIVE does."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._task: asyncio.Task | None = None
        self._db: aiosqlite.Connection | None = None

    async def start(self) -> None:
        self._db = await aiosqlite.connect(self.path, isolation_level=None, timeout=0)
        self._task = asyncio.create_task(self._run(), name="csbot-checkpoint")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CHECKPOINT_EVERY)
            try:
                await self.checkpoint()
            except sqlite3.Error as error:  # the next round tries again; turns never wait on it
                log.warning("WAL checkpoint failed: %s", error)

    async def checkpoint(self) -> tuple[int, int, int]:
        """The bulk without holding anyone up, then the rest; SQLite's (busy, log, checkpointed)
        of the second pass (log == checkpointed: the next write starts the WAL over)."""
        await self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        rows = await self._db.execute_fetchall("PRAGMA wal_checkpoint(FULL)")
        return tuple(rows[0])

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._db is not None:
            await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await self._db.close()
            self._db = None
