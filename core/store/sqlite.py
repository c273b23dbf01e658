"""The SQLite store on aiosqlite: one file, WAL, one transaction per turn.

Every statement on aiosqlite is a round trip to its thread, so the hot path makes none: recent
conversations and processed event ids are served from memory (this process is the only
writer), a turn's transaction runs on the event loop's thread on a connection of its own
(sqlite_commit.py), small bookkeeping writes (event ids, delivery status) ride along with the
next turn's transaction or a flush a moment later, and WAL checkpoints run on a second
connection so no turn waits for an fsync. Serving from memory is only right with one writer,
so the store takes an exclusive lock on `<db>.lock` (writer_lock.py); inspection commands open
the file read-only without it."""
from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
import time
from urllib.parse import quote

import aiosqlite

from core.desk.escalation import Escalation
from core.messages import Address
from core.store.base import Conversation, DuplicateEvent, OutboxEntry, StoredMessage, StoreError, TurnRecord
from core.store.codec import (
    ESCALATION_COLUMNS,
    escalation_from_row,
    escalation_row,
    outbound_from_json,
    outbound_to_json,
)
from core.store.cache import CACHED_MESSAGES, ConversationCache
from core.store.checkpoint import Checkpointer
from core.store.local_leases import LocalLeases
from core.store.recently_done import RecentlyDone
from core.store.retention import EVENTS_KEPT, OUTBOX_KEPT, PRUNE_EVERY, Pruner
from core.store import forgetting
from core.store.schema import MIGRATIONS
from core.store.sqlite_commit import GroupCommit, Write
from core.store.writer_lock import WriterLock

log = logging.getLogger("csbot.store")

# Finished outbox rows written before the cutoff: a range of ids up to the first row created since
# (a row is finished after it is created, and ids grow with created_at), read in id order and
# stopped there, instead of an index by time that every delivery wrote. Never the newest row.
PRUNE_OUTBOX = (
    "DELETE FROM outbox WHERE status <> 'pending' AND updated_at < ? AND id < COALESCE("
    "(SELECT id FROM outbox WHERE created_at >= ? ORDER BY id LIMIT 1), (SELECT MAX(id) FROM outbox))"
)
EVENT_INSERT = "INSERT INTO processed_events VALUES (?, ?, ?)"  # no OR IGNORE: a duplicate must fail the turn


def _create_private(path: str) -> None:
    """A new database file is readable by this user only (every conversation is in it); SQLite
    gives its -wal and -shm files the same mode. An existing file keeps the mode it has."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))
    except FileExistsError:
        pass


def _duplicate(error: BaseException) -> bool:
    return isinstance(error, sqlite3.IntegrityError) and "processed_events" in str(error)


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


def _turn_writer(path: str) -> sqlite3.Connection:
    """The connection turns commit on, on the event loop's thread (sqlite_commit.py says why).
    The pragmas are per connection: no automatic checkpoint (its fsync would stall the loop; the
    Checkpointer does it on its own thread), and the durability and keys of the store's connection."""
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA synchronous=NORMAL")
    writer.execute("PRAGMA foreign_keys=ON")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    return writer


CONVERSATION_BY_ADDRESS = "SELECT id, user_name, state, escalation_id FROM conversations WHERE address_key = ?"
DEDUPE_DAYS = EVENTS_KEPT // 86400  # platforms redeliver within minutes or hours; a week is plenty
OUTBOX_TURN_LEASE = 15.0  # as on PostgreSQL: a turn's replies are its writer's to send first


class SQLiteStore:
    def __init__(self, path: str = ":memory:", read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._writer_lock = WriterLock(path) if path != ":memory:" and not read_only else None
        self._local = LocalLeases()
        self._done = RecentlyDone()  # sent marks ride along later: a flush must not resend meanwhile
        self.worker = f"{os.getpid()}"  # the holder of the outbox rows this process writes
        self._pending_events: set[tuple[str, str]] = set()  # in a turn being committed
        self._db: aiosqlite.Connection | None = None
        # This process is the only writer, so recent conversations can be served from memory
        # (write-through): a turn then costs no read round trip to the database thread.
        self._recent = ConversationCache()
        self._seen: dict[tuple[str, str], float] = {}  # event -> when recorded (for pruning)
        self._pruner = Pruner(self.prune, PRUNE_EVERY)
        self._commits = GroupCommit(lambda: self.db)
        self._checkpointer: Checkpointer | None = None

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
        """Opens the file (or raises StoreError with one line); never leaves a thread behind."""
        try:
            if self._writer_lock is not None:
                self._writer_lock.take()
            if self.read_only:
                await self._open_read_only()
            else:
                await self._open_writer()
        except StoreError:
            await self._abandon()
            raise
        except (sqlite3.Error, OSError) as error:
            await self._abandon()
            raise StoreError(f"cannot open the database {self.path}: {error}") from None

    async def _abandon(self) -> None:
        """After a failed open: stop aiosqlite's threads, else the process never exits."""
        await self._pruner.stop()
        self._close_turn_writer()
        if self._checkpointer is not None:
            try:
                await self._checkpointer.stop()
            except sqlite3.Error:
                pass
            self._checkpointer = None
        if self._db is not None:
            try:
                await self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        if self._writer_lock is not None:
            self._writer_lock.release()

    async def _open_read_only(self) -> None:
        if self.path == ":memory:" or not os.path.isfile(self.path):
            raise StoreError(f"no database at {self.path}")
        self._db = await aiosqlite.connect(f"file:{quote(os.path.abspath(self.path))}?mode=ro", uri=True, isolation_level=None)
        await self.db.execute_fetchall("SELECT COUNT(*) FROM sqlite_master")  # "not a database" shows here

    async def _open_writer(self) -> None:
        if self.path != ":memory:":
            _create_private(self.path)
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        await self.db.execute("PRAGMA journal_mode=WAL")
        await self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process crash
        await self.db.execute("PRAGMA foreign_keys=ON")
        await self._migrate()
        await self.prune()
        rows = await self.db.execute_fetchall("SELECT source, event_id, created_at FROM processed_events")
        self._seen = {(a, b): at for a, b, at in rows}
        self._pruner.start()
        if self.path != ":memory:":
            await self.db.execute("PRAGMA wal_autocheckpoint=0")
            self._commits.writer = _turn_writer(self.path)
            self._checkpointer = Checkpointer(self.path)
            await self._checkpointer.start()

    async def close(self) -> None:
        if self._db is None:
            return
        await self._pruner.stop()
        try:
            await self._commits.close()
        except sqlite3.Error as error:
            log.error("closing with unwritten bookkeeping (delivery status): %s", error)
        self._close_turn_writer()
        if self._checkpointer is not None:
            await self._checkpointer.stop()
            self._checkpointer = None
        await self._db.close()
        self._db = None
        if self._writer_lock is not None:
            self._writer_lock.release()

    def _close_turn_writer(self) -> None:
        writer, self._commits.writer = self._commits.writer, None
        if writer is not None:
            writer.close()

    # -- bookkeeping writes that ride along (sqlite_commit.py) ----------------------------------

    def _side_write(self, sql: str, params: tuple) -> None:
        self._commits.side_write(sql, params)

    async def flush(self) -> None:
        """Write pending bookkeeping now (tests and readers of the raw tables call this)."""
        await self._commits.flush()

    async def _migrate(self) -> None:
        ((version,),) = await self.db.execute_fetchall("PRAGMA user_version")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            async with self._commits.lock:
                await self.db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")

    async def seen(self, source: str, event_id: str) -> bool:
        """True when a committed turn (or `first_seen`) recorded this event; from memory."""
        return (source, event_id) in self._seen

    async def first_seen(self, source: str, event_id: str) -> bool:
        """True the first time (source, event_id) is seen; remembered for DEDUPE_DAYS. Marks it at
        once: for events that start no turn. A turn's event goes in TurnRecord.event instead."""
        key = (source, event_id)
        if key in self._seen:
            return False
        self._seen[key] = time.time()
        self._side_write("INSERT OR IGNORE INTO processed_events VALUES (?, ?, ?)", (source, event_id, time.time()))
        return True

    async def load_conversation(self, address: Address, history: int) -> Conversation:
        cached = self._recent.get(address.key, history)
        if cached is not None:
            return cached
        if self._commits.writer is not None:
            # On a file, whether the conversation exists is read on the loop's thread by the turns'
            # connection: one look-up by a unique index, 7-11 µs, against 27-65 µs (wall, quiet
            # machine) for a trip to aiosqlite's thread and back, for every new customer.
            # fetchall ends the read at once (no read transaction left open on the writer).
            rows = self._commits.writer.execute(CONVERSATION_BY_ADDRESS, (address.key,)).fetchall()
        else:
            rows = await self.db.execute_fetchall(CONVERSATION_BY_ADDRESS, (address.key,))
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
            "SELECT role, text, author, created_at, voice, ref FROM messages WHERE conversation_id = ? "
            "ORDER BY id DESC LIMIT ?",
            (conversation_id, limit),
        )
        # ref: an answer's rating buttons, which the engine reads to offer them again or not
        return [StoredMessage(*row[:5], ref=row[5]) for row in reversed(rows)]

    async def save_turn(self, turn: TurnRecord) -> list[int]:
        """Write the turn in one transaction; returns the ids of its outbox entries."""
        now = time.time()
        c = turn.conversation
        writes: list[Write] = [
            (
                "INSERT INTO conversations (id, address_key, channel, chat_id, thread, user_name, state,"
                " escalation_id, created_at, updated_at, language) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET user_name=excluded.user_name, state=excluded.state,"
                " escalation_id=excluded.escalation_id, updated_at=excluded.updated_at,"
                " language=CASE WHEN excluded.language = '' THEN language ELSE excluded.language END",
                [(c.id, c.address.key, c.address.channel, c.address.chat_id, c.address.thread, c.user_name,
                  c.state, c.escalation_id, now, now, c.language)],
            ),
            (
                "INSERT INTO messages (conversation_id, role, voice, text, author, created_at, topic, score,"
                " abstained, ref) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(c.id, m.role, m.voice, m.text, m.author, m.at or now, m.topic, m.score, m.abstained, m.ref)
                 for m in turn.messages],
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
        event = turn.event
        if event is not None:
            if event in self._seen or event in self._pending_events:
                raise DuplicateEvent(f"{event[0]} event {event[1]} was already handled")
            writes.insert(0, (EVENT_INSERT, [(event[0], event[1], now)]))
            self._pending_events.add(event)
        outbox_rows = [(o.address.channel, outbound_to_json(o), now, now) for o in turn.outbox]
        try:
            outbox_ids = await self._commits.commit((writes, outbox_rows))
        except BaseException as error:
            self._recent.forget(c.address.key)
            if _duplicate(error):
                raise DuplicateEvent(f"{event[0]} event {event[1]} was already handled") from None
            raise
        finally:
            self._pending_events.discard(event)
        if event is not None:
            self._seen[event] = now  # only now: a failed turn must be processed when redelivered
        if outbox_ids:
            for i in outbox_ids:  # the hub sends them now: other claimers wait (as on PostgreSQL)
                self._local.claim(i, self.worker, OUTBOX_TURN_LEASE)
            self._local.outbox_added.set()
        for m in turn.messages:
            m.at = m.at or now
        self._recent.record(c, turn.messages)
        return outbox_ids

    async def get_escalation(self, escalation_id: str) -> Escalation | None:
        rows = await self.db.execute_fetchall(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE id = ?", (escalation_id,)
        )
        row = rows[0] if rows else None
        return escalation_from_row(row) if row else None

    # -- the owner's figures -----------------------------------------------------------------

    dialect = "sqlite"

    async def read(self, sql: str, *args) -> list[tuple]:
        """A read for core/metrics: `?` placeholders, rows as tuples."""
        await self.flush()
        return [tuple(row) for row in await self.db.execute_fetchall(sql, args)]

    async def rate(self, subject: str, conversation_id: str, kind: str, value: str) -> None:
        """The customer's verdict on an answer or a handoff: one row per subject, changeable."""
        now = time.time()
        async with self._commits.lock:
            await self.db.execute(
                "INSERT INTO ratings (subject, conversation_id, kind, value, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT(subject) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (subject, conversation_id, kind, value, now, now),
            )

    # -- forgetting customers (core/store/forgetting.py) ---------------------------------------

    async def delete_conversations(self, rows: list[tuple]) -> list[str]:
        """Delete the conversations of `rows` (id, address key) with everything written about them."""
        for chunk in forgetting.chunks([row[0] for row in rows]):
            async with self._commits.lock:
                await self._commits.transaction([(sql, [tuple(chunk)]) for sql in forgetting.deletions(self.dialect, len(chunk))], [])
        for _, key in rows:
            self._recent.forget(key)  # served from memory no more
        return [row[0] for row in rows]

    async def set_desk_ref(self, escalation_id: str, ref: dict) -> None:
        async with self._commits.lock:
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
        rows = await self.db.execute_fetchall(
            "SELECT id, payload, attempts, not_before FROM outbox WHERE status = 'pending' ORDER BY id"
        )
        return [OutboxEntry(r[0], outbound_from_json(r[1]), r[2], r[3]) for r in rows if r[0] not in self._done]

    async def outbox_done(self, entry_id: int, status: str, error: str = "") -> None:
        self._local.release(entry_id)
        self._done.add(entry_id)
        # Written with the next transaction: a crash in between sends the reply again (at least once).
        self._side_write(
            "UPDATE outbox SET status = ?, error = ?, updated_at = ? WHERE id = ?", (status, error, time.time(), entry_id)
        )

    async def outbox_attempted(self, entry_id: int, error: str, retry_in: float = 0.0) -> None:
        self._local.release(entry_id)
        now = time.time()
        if retry_in > 0:  # the platform's "retry after": no claim before then
            self._local.not_before[entry_id] = now + retry_in
            self._side_write(
                "UPDATE outbox SET attempts = attempts + 1, error = ?, updated_at = ?, not_before = ? WHERE id = ?",
                (error, now, now + retry_in, entry_id),
            )
            return
        self._side_write("UPDATE outbox SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?", (error, now, entry_id))

    async def outbox_release(self, entry_id: int) -> None:
        """Released untried (this process has no adapter for it): nothing is counted against it."""
        self._local.release(entry_id)

    async def prune(self) -> None:
        """Forget event ids older than EVENTS_KEPT and sent or failed outbox rows older than
        OUTBOX_KEPT. Never the newest outbox row: ids are MAX(id) + 1, and an id used again would
        look already sent to this process, which remembers the ids it finished."""
        await self.flush()  # the delivery marks written behind
        now = time.time()
        events_before, outbox_before = now - EVENTS_KEPT, now - OUTBOX_KEPT
        async with self._commits.lock:
            await self.db.execute("DELETE FROM processed_events WHERE created_at < ?", (events_before,))
            await self.db.execute(PRUNE_OUTBOX, (outbox_before, outbox_before))
        for key in [key for key, at in self._seen.items() if at < events_before]:
            del self._seen[key]

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

    # -- several workers: one process here, so in memory (local_leases.py) ------------------------

    def conversation_lock(self, key: str, *, taken_by_first_read: bool = False):
        # One process: the lock is in memory, and a read takes nothing (PostgreSQL's reads may).
        return self._local.conversation_lock(key)

    async def claim_outbox(
        self, worker: str, lease_seconds: float, limit: int = 100, channels: list[str] | None = None
    ) -> list[OutboxEntry]:
        claimed = []
        for entry in await self.pending_outbox():
            if len(claimed) >= limit:
                break
            if channels is not None and entry.outbound.address.channel not in channels:
                continue
            if entry.not_before <= time.time() and self._local.claimable(entry.id, worker):
                self._local.claim(entry.id, worker, lease_seconds)
                claimed.append(entry)
        return claimed

    async def try_lease(self, name: str, holder: str, ttl: float) -> bool:
        return self._local.try_lease(name, holder, ttl)

    async def release_lease(self, name: str, holder: str) -> None:
        self._local.release_lease(name, holder)

    async def shared_secret(self, name: str) -> str:
        async with self._commits.lock:
            await self.db.execute(
                "INSERT OR IGNORE INTO shared_secrets VALUES (?, ?, ?)", (name, secrets.token_urlsafe(32), time.time())
            )
        rows = await self.db.execute_fetchall("SELECT value FROM shared_secrets WHERE name = ?", (name,))
        return rows[0][0]

    async def wait_outbox(self, timeout: float) -> None:
        await self._local.wait_outbox(timeout)
