"""The SQLite store on aiosqlite: one file, WAL, one transaction per turn.

Every statement is a round trip to aiosqlite's thread, so the hot path makes few: recent
conversations and processed event ids are served from memory (this process is the only
writer), small bookkeeping writes (event ids, delivery status) ride along with the next
turn's transaction or a flush a moment later, and WAL checkpoints run on a second
connection so no turn waits for an fsync."""
from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import time

import aiosqlite

from core.escalation import Escalation
from core.messages import Address
from core.store.base import Conversation, OutboxEntry, StoredMessage, TurnRecord
from core.store.codec import (
    ESCALATION_COLUMNS,
    escalation_from_row,
    escalation_row,
    outbound_from_json,
    outbound_to_json,
)
from core.store.cache import CACHED_MESSAGES, ConversationCache
from core.store.schema import MIGRATIONS

Write = tuple[str, list[tuple]]  # one statement and its rows (executemany)


def _apply(conn: sqlite3.Connection, writes: list[Write]) -> None:
    """Runs on aiosqlite's thread."""
    conn.execute("BEGIN")
    try:
        for sql, rows in writes:
            if rows:
                conn.executemany(sql, rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _grouped(side_writes: list[tuple[str, tuple]]) -> list[Write]:
    by_sql: dict[str, list[tuple]] = {}
    for sql, params in side_writes:
        by_sql.setdefault(sql, []).append(params)
    return list(by_sql.items())


def _escalation_writes(e: Escalation, actor: str, note: str) -> list[Write]:
    e.updated_at = time.time()
    e.created_at = e.created_at or e.updated_at
    return [
        (f"INSERT OR REPLACE INTO escalations ({ESCALATION_COLUMNS}) VALUES ({','.join('?' * 17)})", [escalation_row(e)]),
        (
            "INSERT INTO escalation_events (escalation_id, state, actor, note, created_at) VALUES (?,?,?,?,?)",
            [(e.id, e.state.value, actor, note, e.updated_at)],
        ),
    ]


DEDUPE_DAYS = 7  # platforms redeliver within minutes or hours; a week is plenty
SIDE_WRITE_DELAY = 0.05
CHECKPOINT_EVERY = 1.0


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


class SQLiteStore:
    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None
        # One connection is shared by every coroutine: a transaction must not interleave with another.
        self._write = asyncio.Lock()
        # This process is the only writer, so recent conversations can be served from memory
        # (write-through): a turn then costs no read round trip to the database thread.
        self._recent = ConversationCache()
        self._next_outbox_id = 0
        self._seen: set[tuple[str, str]] = set()
        self._side_writes: list[tuple[str, tuple]] = []
        self._flush_soon: asyncio.Task | None = None
        self._checkpointer: Checkpointer | None = None
        self._queued: list[tuple[list[Write], asyncio.Future]] = []
        self._committer: asyncio.Task | None = None

    async def __aenter__(self) -> SQLiteStore:
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("store is not open")
        return self._db

    async def open(self) -> None:
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        await self.db.execute("PRAGMA journal_mode=WAL")
        await self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process crash
        await self.db.execute("PRAGMA foreign_keys=ON")
        await self._migrate()
        ((last,),) = await self.db.execute_fetchall("SELECT COALESCE(MAX(id), 0) FROM outbox")
        self._next_outbox_id = last + 1
        horizon = time.time() - DEDUPE_DAYS * 86400
        async with self._write:
            await self.db.execute("DELETE FROM processed_events WHERE created_at < ?", (horizon,))
        self._seen = {(a, b) for a, b in await self.db.execute_fetchall("SELECT source, event_id FROM processed_events")}
        if self.path != ":memory:":
            await self.db.execute("PRAGMA wal_autocheckpoint=0")
            self._checkpointer = Checkpointer(self.path)
            await self._checkpointer.start()

    async def close(self) -> None:
        if self._db is None:
            return
        if self._flush_soon is not None:
            self._flush_soon.cancel()
        if self._committer is not None:
            await asyncio.gather(self._committer, return_exceptions=True)
        await self.flush()
        if self._checkpointer is not None:
            await self._checkpointer.stop()
            self._checkpointer = None
        await self._db.close()
        self._db = None

    # -- bookkeeping writes that ride along -----------------------------------------------------

    def _side_write(self, sql: str, params: tuple) -> None:
        self._side_writes.append((sql, params))
        if self._flush_soon is None or self._flush_soon.done():
            self._flush_soon = asyncio.get_running_loop().create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(SIDE_WRITE_DELAY)  # let a turn's transaction take them along first
        await self.flush()

    async def flush(self) -> None:
        """Write pending bookkeeping now (tests and readers of the raw tables call this)."""
        if not self._side_writes:
            return
        async with self._write:
            side, self._side_writes = self._side_writes, []
            await self._transaction(_grouped(side))

    async def _migrate(self) -> None:
        ((version,),) = await self.db.execute_fetchall("PRAGMA user_version")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            async with self._write:
                await self.db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")

    async def seen(self, source: str, event_id: str) -> bool:
        """Read-only: was (source, event_id) marked already? (the store contract's fast check)"""
        return (source, event_id) in self._seen

    async def first_seen(self, source: str, event_id: str) -> bool:
        """True the first time (source, event_id) is seen; remembered for DEDUPE_DAYS."""
        key = (source, event_id)
        if key in self._seen:
            return False
        self._seen.add(key)
        self._side_write("INSERT OR IGNORE INTO processed_events VALUES (?, ?, ?)", (source, event_id, time.time()))
        return True

    async def load_conversation(self, address: Address, history: int) -> Conversation:
        cached = self._recent.get(address.key, history)
        if cached is not None:
            return cached
        rows = await self.db.execute_fetchall(
            "SELECT id, user_name, state, escalation_id FROM conversations WHERE address_key = ?", (address.key,)
        )
        if not rows:
            conversation = Conversation(id="c_" + secrets.token_hex(8), address=address)
            self._recent.put(conversation, [], complete=True, count=0)
            return conversation
        row = rows[0]
        conversation = Conversation(row[0], address, row[1], row[2], row[3])
        wanted = max(history, CACHED_MESSAGES)
        messages = await self.recent_messages(conversation.id, wanted)
        ((count,),) = await self.db.execute_fetchall(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = ?", (conversation.id,)
        )
        self._recent.put(conversation, messages, complete=len(messages) < wanted, count=count)
        return self._recent.get(address.key, history) or conversation

    async def conversation_by_id(self, conversation_id: str, history: int = 20) -> Conversation | None:
        rows = await self.db.execute_fetchall(
            "SELECT channel, chat_id, thread, user_name, state, escalation_id FROM conversations WHERE id = ?",
            (conversation_id,),
        )
        row = rows[0] if rows else None
        if row is None:
            return None
        conversation = Conversation(conversation_id, Address(row[0], row[1], row[2]), row[3], row[4], row[5])
        conversation.history = await self.recent_messages(conversation_id, history) if history else []
        return conversation

    async def recent_messages(self, conversation_id: str, limit: int) -> list[StoredMessage]:
        rows = await self.db.execute_fetchall(
            "SELECT role, text, author, created_at, voice FROM messages WHERE conversation_id = ? "
            "ORDER BY id DESC LIMIT ?",
            (conversation_id, limit),
        )
        return [StoredMessage(*row) for row in reversed(rows)]

    async def save_turn(self, turn: TurnRecord) -> list[int]:
        """Write the turn in one transaction; returns the ids of its outbox entries."""
        now = time.time()
        c = turn.conversation
        writes: list[Write] = [
            (
                "INSERT INTO conversations (id, address_key, channel, chat_id, thread, user_name, state,"
                " escalation_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET user_name=excluded.user_name, state=excluded.state,"
                " escalation_id=excluded.escalation_id, updated_at=excluded.updated_at",
                [(c.id, c.address.key, c.address.channel, c.address.chat_id, c.address.thread, c.user_name,
                  c.state, c.escalation_id, now, now)],
            ),
            (
                "INSERT INTO messages (conversation_id, role, voice, text, author, created_at) VALUES (?,?,?,?,?,?)",
                [(c.id, m.role, m.voice, m.text, m.author, m.at or now) for m in turn.messages],
            ),
            (
                "INSERT INTO steps (conversation_id, model_output, shell_output, prompt_tokens, created_at)"
                " VALUES (?,?,?,?,?)",
                [(c.id, s.model_output, s.shell_output, s.prompt_tokens, now) for s in turn.steps],
            ),
            (
                "INSERT INTO program_runs (conversation_id, program, args, status, output, created_at)"
                " VALUES (?,?,?,?,?,?)",
                [(c.id, r.program, json.dumps(r.args), r.status, r.output, now) for r in turn.runs],
            ),
        ]  # fmt: skip
        if turn.escalation is not None:
            writes += _escalation_writes(turn.escalation, actor=turn.escalation.assignee, note=turn.screen)
        # Outbox ids are handed out here, with no await before the turn is queued (one writer).
        first = self._next_outbox_id
        outbox_ids = list(range(first, first + len(turn.outbox)))
        self._next_outbox_id = first + len(outbox_ids)
        writes.append(
            (
                "INSERT INTO outbox (id, channel, payload, created_at, updated_at) VALUES (?,?,?,?,?)",
                [(i, o.address.channel, outbound_to_json(o), now, now) for i, o in zip(outbox_ids, turn.outbox)],
            )
        )
        try:
            await self._commit_group(writes)
        except BaseException:
            self._recent.forget(c.address.key)
            raise
        for m in turn.messages:
            m.at = m.at or now
        self._recent.record(c, turn.messages)
        return outbox_ids

    async def _commit_group(self, writes: list[Write]) -> None:
        """Group commit: turns that finish while a transaction is being written go together in
        the next one. Under load that is one WAL write for dozens of turns instead of one each."""
        done = asyncio.get_running_loop().create_future()
        self._queued.append((writes, done))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_queued(), name="csbot-commit")
        await done

    async def _commit_queued(self) -> None:
        while self._queued:
            batch, self._queued = self._queued, []
            async with self._write:
                side, self._side_writes = self._side_writes, []
                writes = _grouped(side)
                for turn_writes, _ in batch:
                    writes += turn_writes
                try:
                    await self._transaction(writes)
                except BaseException as error:
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(error)
                    continue
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _transaction(self, writes: list[Write]) -> None:
        """All writes in one transaction and one trip to aiosqlite's thread: the function runs
        there through aiosqlite's own queue (Connection._execute), instead of a trip per statement."""
        await self.db._execute(_apply, self.db._conn, writes)

    async def get_escalation(self, escalation_id: str) -> Escalation | None:
        rows = await self.db.execute_fetchall(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE id = ?", (escalation_id,)
        )
        row = rows[0] if rows else None
        return escalation_from_row(row) if row else None

    async def set_desk_ref(self, escalation_id: str, ref: dict) -> None:
        async with self._write:
            await self.db.execute(
                "UPDATE escalations SET desk_ref = ? WHERE id = ?", (json.dumps(ref), escalation_id)
            )

    async def find_escalation_by_desk_ref(self, key: str, value: str) -> Escalation | None:
        rows = await self.db.execute_fetchall(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE json_extract(desk_ref, '$.' || ?) = ?"
            " ORDER BY created_at DESC LIMIT 1",
            (key, value),
        )
        row = rows[0] if rows else None
        return escalation_from_row(row) if row else None

    async def list_escalations(self, open_only: bool = False) -> list[Escalation]:
        where = "WHERE state IN ('open', 'taken')" if open_only else ""
        rows = await self.db.execute_fetchall(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations {where} ORDER BY created_at DESC"
        )
        return [escalation_from_row(row) for row in rows]

    async def escalation_history(self, escalation_id: str) -> list[tuple[str, str, str, float]]:
        rows = await self.db.execute_fetchall(
            "SELECT state, actor, note, created_at FROM escalation_events WHERE escalation_id = ? ORDER BY id",
            (escalation_id,),
        )
        return [tuple(row) for row in rows]

    async def list_conversations(self, limit: int = 50) -> list[tuple[Conversation, int]]:
        rows = await self.db.execute_fetchall(
            "SELECT c.id, c.channel, c.chat_id, c.thread, c.user_name, c.state, c.escalation_id,"
            " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)"
            " FROM conversations c ORDER BY c.updated_at DESC LIMIT ?",
            (limit,),
        )
        rows = rows
        return [(Conversation(r[0], Address(r[1], r[2], r[3]), r[4], r[5], r[6]), r[7]) for r in rows]

    async def pending_outbox(self) -> list[OutboxEntry]:
        await self.flush()
        rows = await self.db.execute_fetchall("SELECT id, payload, attempts FROM outbox WHERE status = 'pending' ORDER BY id")
        return [OutboxEntry(r[0], outbound_from_json(r[1]), r[2]) for r in rows]

    async def outbox_done(self, entry_id: int, status: str, error: str = "") -> None:
        # Written with the next transaction: a crash in between sends the reply again (at least once).
        self._side_write(
            "UPDATE outbox SET status = ?, error = ?, updated_at = ? WHERE id = ?", (status, error, time.time(), entry_id)
        )

    async def outbox_attempted(self, entry_id: int, error: str) -> None:
        self._side_write(
            "UPDATE outbox SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?", (error, time.time(), entry_id)
        )

    async def stats(self) -> dict[str, int]:
        counts = {}
        for table in ("conversations", "messages", "steps", "program_runs", "escalations", "outbox"):
            rows = await self.db.execute_fetchall(f"SELECT COUNT(*) FROM {table}")
            (counts[table],) = rows[0] if rows else None
        return counts

    async def step_count(self) -> int:
        rows = await self.db.execute_fetchall("SELECT COALESCE(MAX(id), 0) FROM steps")
        (count,) = rows[0] if rows else None
        return count

    async def steps_since(self, conversation_id: str, after_id: int) -> list[tuple[str, str]]:
        rows = await self.db.execute_fetchall(
            "SELECT model_output, shell_output FROM steps WHERE conversation_id = ? AND id > ? ORDER BY id",
            (conversation_id, after_id),
        )
        return [tuple(row) for row in rows]
