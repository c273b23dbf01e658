"""Delivery marks ("sent", "failed", one more attempt) written behind the turn, many per statement.

A mark is bookkeeping: losing one in a crash sends a reply again (at least once), as with the
SQLite store's batched side writes. The turn's replies stay leased to their writer meanwhile, so
no other worker claims a reply whose "sent" mark is still on its way."""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import asyncpg

log = logging.getLogger("csbot.store")

# A reply released after a failed attempt may be another worker's to send: wake them (NOTIFY).
# A platform's "retry after" becomes the row's not_before (the server's clock, as for leases):
# claims skip the row until then, so the wake-up below cannot bring the send forward.
APPLY = (
    "WITH m AS (UPDATE outbox o SET status = COALESCE(m.status, o.status), attempts = o.attempts + m.tries,"
    " error = COALESCE(m.error, o.error), updated_at = m.at, lease_holder = NULL, lease_until = NULL,"
    " not_before = CASE WHEN m.wait > 0 THEN extract(epoch from clock_timestamp()) + m.wait ELSE o.not_before END"
    " FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::float8[], $6::float8[])"
    " AS m(id, status, tries, error, at, wait)"
    " WHERE o.id = m.id RETURNING o.status)"
    " SELECT pg_notify('csbot_outbox', '') WHERE EXISTS (SELECT 1 FROM m WHERE status = 'pending')"
)
DELAY = 0.02  # marks of turns finishing within this go in one statement


@dataclass(slots=True)
class _Mark:
    status: str | None = None  # "sent" | "failed"; None: only attempts (or only a release)
    tries: int = 0
    error: str | None = None  # None: the row's error stays
    at: float = 0.0
    wait: float = 0.0  # seconds the platform asked for before the next attempt


class DeliveryMarks:
    def __init__(self) -> None:
        self._queued: dict[int, _Mark] = {}
        self._writer: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    def add(
        self, pool: asyncpg.Pool, entry_id: int, status: str | None, error: str | None, *, tried: bool = True,
        wait: float = 0.0,
    ) -> None:
        """A mark releases the row's lease. `status` None with `tried`: one more attempt; without:
        released untried (by a worker that cannot send it), which counts nothing against the row."""
        mark = self._queued.setdefault(entry_id, _Mark())
        if status is None:
            mark.tries += int(tried)
        else:
            mark.status = status
        if error is not None:
            mark.error = error
        mark.at, mark.wait = time.time(), max(wait, 0.0) or mark.wait
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_soon(pool), name="csbot-marks")

    async def _write_soon(self, pool: asyncpg.Pool) -> None:
        # Marks added while a write is under way find this task still running and start none:
        # it writes them too, so a "sent" mark never waits for the next claim to be written.
        while True:
            await asyncio.sleep(DELAY)
            try:
                await self.write(pool)
            except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as error:
                log.warning("delivery marks not written yet, kept for the next write: %s", error)
                return
            if not self._queued:
                return

    async def write(self, pool: asyncpg.Pool) -> None:
        async with self._lock:
            if not self._queued:
                return
            marks, self._queued = self._queued, {}
            try:
                await pool.execute(
                    APPLY, list(marks), [m.status for m in marks.values()], [m.tries for m in marks.values()],
                    [m.error for m in marks.values()], [m.at for m in marks.values()],
                    [m.wait for m in marks.values()],
                )  # fmt: skip
            except BaseException:
                for entry_id, mark in marks.items():  # put back, merged with marks added meanwhile
                    newer = self._queued.get(entry_id)
                    if newer is not None:
                        mark.tries += newer.tries
                        mark.status = newer.status or mark.status
                        mark.error = newer.error if newer.error is not None else mark.error
                        mark.at, mark.wait = newer.at, newer.wait or mark.wait
                    self._queued[entry_id] = mark
                raise
