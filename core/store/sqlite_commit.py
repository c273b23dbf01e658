"""Group commit for the one SQLite writer: a turn's writes go in one transaction with the small
bookkeeping writes (event ids, delivery status) that waited for a ride.

On a file, the turn's transaction runs on the event loop's own thread, on a connection of its own
(`writer`): about 150 µs of SQLite work, where a trip to aiosqlite's thread cost a future, a
queue, a wake-up of that thread and one of the loop through its self-pipe, 100-600 µs of waiting
on a busy machine. A turn alone on the loop commits at once; when other callbacks are ready, the
turns that finish in that round of the loop share one transaction. Reads (rarely: recent
conversations are served from memory) and the other writes stay on aiosqlite's thread. In memory
(":memory:" is one database per connection), turns that finish while a transaction is written on
aiosqlite's thread go together in the next one."""
from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable

import aiosqlite

log = logging.getLogger("csbot.store")

Write = tuple[str, list[tuple]]  # one statement and its rows (executemany)
TurnWrites = tuple[list[Write], list[tuple]]  # a turn's writes and its outbox rows (ids come later)

OUTBOX_INSERT = "INSERT INTO outbox (channel, payload, created_at, updated_at) VALUES (?,?,?,?)"
SIDE_WRITE_DELAY = 0.05  # a bookkeeping write waits this long for a turn's transaction to take it


def apply_writes(conn: sqlite3.Connection, side: list[Write], turns: list[TurnWrites]) -> list[list[int]]:
    """One transaction; returns each turn's outbox ids. The ids are given inside the transaction
    (BEGIN IMMEDIATE holds the write lock), so they never collide."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, rows in side:
            if rows:
                conn.executemany(sql, rows)
        ids: list[list[int]] = []
        for writes, outbox_rows in turns:
            for sql, rows in writes:
                if rows:
                    conn.executemany(sql, rows)
            # The id SQLite gives a new row is the largest + 1 (INTEGER PRIMARY KEY): read back
            # from each insert, without a statement to find the largest first.
            ids.append([conn.execute(OUTBOX_INSERT, row).lastrowid for row in outbox_rows])
        conn.execute("COMMIT")
    except BaseException:
        # SQLite rolls back by itself after some errors (a full disk, an I/O error); a ROLLBACK
        # then fails with "no transaction is active" and would hide the error that matters.
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise
    return ids


def grouped(side_writes: list[tuple[str, tuple]]) -> list[Write]:
    by_sql: dict[str, list[tuple]] = {}
    for sql, params in side_writes:
        by_sql.setdefault(sql, []).append(params)
    return list(by_sql.items())


class GroupCommit:
    def __init__(self, db: Callable[[], aiosqlite.Connection]) -> None:
        self._db = db
        # On a file: the connection the turns commit on, on the loop's thread (sqlite.py opens it).
        self.writer: sqlite3.Connection | None = None
        # One connection is shared by every coroutine: a transaction must not interleave with another.
        self.lock = asyncio.Lock()
        self._side_writes: list[tuple[str, tuple]] = []
        self._flush_soon: asyncio.Task | None = None
        self._queued: list[tuple[TurnWrites, asyncio.Future]] = []
        self._committer: asyncio.Task | None = None
        self._soon = False  # a commit of the queued turns is scheduled for the loop's next round

    def side_write(self, sql: str, params: tuple) -> None:
        """A bookkeeping write: with the next turn's transaction, or a flush a moment later."""
        self._side_writes.append((sql, params))
        if self._flush_soon is None or self._flush_soon.done():
            self._flush_soon = asyncio.get_running_loop().create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(SIDE_WRITE_DELAY)  # let a turn's transaction take them along first
        try:
            await self.flush()
        except sqlite3.Error as error:  # kept queued: the next turn or flush writes them
            log.warning("bookkeeping write failed, kept for later: %s", error)

    async def flush(self) -> None:
        """Write pending bookkeeping now."""
        if not self._side_writes:
            return
        async with self.lock:
            side, self._side_writes = self._side_writes, []
            try:
                if self.writer is not None:
                    apply_writes(self.writer, grouped(side), [])
                else:
                    await self.transaction(grouped(side), [])
            except BaseException:
                self._side_writes[:0] = side  # kept for the next transaction, never dropped
                raise

    async def commit(self, turn: TurnWrites) -> list[int]:
        """The turn's outbox ids once its transaction (maybe shared with other turns) committed."""
        loop = asyncio.get_running_loop()
        if self.writer is not None and self._idle() and not _others_ready(loop):
            return self._commit_alone(self.writer, turn)
        done = loop.create_future()
        self._queued.append((turn, done))
        if self._committer is not None and not self._committer.done():
            return await done  # the running committer takes it along
        if self.writer is None or self.lock.locked():
            self._committer = loop.create_task(self._commit_queued(), name="csbot-commit")
        elif not self._soon:
            # At the loop's next round, with every turn that finished by then: under load one
            # transaction for many turns; alone, a callback and no task.
            self._soon = True
            loop.call_soon(self._commit_soon)
        return await done

    async def close(self) -> None:
        """Every queued turn committed, then the bookkeeping (raises if that cannot be written)."""
        if self._flush_soon is not None:
            self._flush_soon.cancel()
        if self._committer is not None:
            await asyncio.gather(self._committer, return_exceptions=True)
        if self._queued:
            await self._commit_queued()
        await self.flush()

    def _idle(self) -> bool:
        return not self._queued and not self.lock.locked() and (self._committer is None or self._committer.done())

    def _commit_alone(self, writer: sqlite3.Connection, turn: TurnWrites) -> list[int]:
        """Nothing else can run on the loop before this turn's transaction would: committed now,
        without waiting a round of the loop for company (no await, so nothing interleaves)."""
        side, self._side_writes = self._side_writes, []
        try:
            return apply_writes(writer, grouped(side), [turn])[0]
        except Exception:
            self._side_writes[:0] = side  # kept for the next transaction, never dropped
            if not side:
                raise
        return apply_writes(writer, [], [turn])[0]  # so a bad bookkeeping write cannot fail the turn

    def _commit_soon(self) -> None:
        self._soon = False
        if not self._queued:
            return
        if self.lock.locked() or (self._committer is not None and not self._committer.done()):
            # a write on aiosqlite's thread holds the lock (or a committer waits for it): queue behind
            if self._committer is None or self._committer.done():
                self._committer = asyncio.get_running_loop().create_task(self._commit_queued(), name="csbot-commit")
            return
        batch, self._queued = self._queued, []
        _settle(batch, self._batch_now(self.writer, batch))  # no await: no other transaction interleaves

    def _batch_now(self, writer: sqlite3.Connection, batch: list[tuple[TurnWrites, asyncio.Future]]) -> list:
        """The batch's turns and the waiting bookkeeping in one transaction on the loop's thread;
        on failure each turn alone, so one turn's failure (a duplicate event) fails no other."""
        side, self._side_writes = self._side_writes, []
        try:
            return apply_writes(writer, grouped(side), [turn for turn, _ in batch])
        except BaseException as error:
            self._side_writes[:0] = side  # kept for the next transaction, never dropped
            if not isinstance(error, Exception):  # interrupted: no turn may wait for ever
                for _, done in batch:
                    done.cancel()
                raise
        results: list = []
        for turn, _ in batch:
            try:
                results += apply_writes(writer, [], [turn])
            except Exception as error:
                results.append(error)
        return results

    async def _commit_queued(self) -> None:
        while self._queued:
            batch, self._queued = self._queued, []
            async with self.lock:
                if self.writer is not None:
                    _settle(batch, self._batch_now(self.writer, batch))
                    continue
                side, self._side_writes = self._side_writes, []
                try:
                    results = await self.transaction(grouped(side), [turn for turn, _ in batch])
                except BaseException as error:
                    # Keep the bookkeeping for the next transaction; then each turn alone, so one
                    # turn's failure (a duplicate event) does not fail the others with it.
                    self._side_writes[:0] = side
                    if not isinstance(error, Exception):  # cancelled: no turn may wait for ever
                        for _, done in batch:
                            done.cancel()
                        raise
                    results = []
                    for turn, _ in batch:
                        try:
                            results += await self.transaction([], [turn])
                        except Exception as error:
                            results.append(error)
            _settle(batch, results)

    async def transaction(self, side: list[Write], turns: list[TurnWrites]) -> list[list[int]]:
        """All writes in one transaction and one trip to aiosqlite's thread: the function runs
        there through aiosqlite's own queue (Connection._execute), instead of a trip per statement."""
        db = self._db()
        return await db._execute(apply_writes, db._conn, side, turns)


def _settle(batch: list[tuple[TurnWrites, asyncio.Future]], results: list) -> None:
    """Each waiting turn gets its outbox ids or its error (a turn no longer waiting is skipped)."""
    for (_, done), result in zip(batch, results):
        if done.done():
            continue
        if isinstance(result, BaseException):
            done.set_exception(result)
        else:
            done.set_result(result)


def _others_ready(loop: asyncio.AbstractEventLoop) -> bool:
    """Something else is ready to run on the loop (another turn may finish in this round and share
    the transaction). asyncio's loops keep their ready callbacks in `_ready`; a loop without one
    is taken as busy, so its turns always wait the round for company."""
    ready = getattr(loop, "_ready", None)
    return ready is None or len(ready) > 0
