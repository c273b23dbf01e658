"""The PostgreSQL store, for several workers on one database.

asyncpg directly, not SQLAlchemy's async core: the store is a few dozen fixed statements, and the
hot path (a turn) is one statement of data-modifying CTEs sent as a prepared statement over
asyncpg's binary protocol: one round trip and no BEGIN/COMMIT trips. A query builder would add
per-call compilation and result wrapping to every turn and would not share much with the SQLite
store anyway, whose speed comes from serving from memory and group commit (one writer).

What several workers share, and how:
- a platform event is recorded under a unique key in the turn's own statement (DuplicateEvent);
- the conversation lock is a row lease (table `leases`) renewed while the turn runs, not an
  advisory lock: an advisory lock would pin a pooled connection for the whole turn, and a turn
  waits for the model for seconds. A dead worker's lease expires after CONVERSATION_LEASE; a
  waiter is woken by NOTIFY csbot_unlock when it is released;
- outbox rows are leased: to the worker that wrote them for OUTBOX_TURN_LEASE (it sends them
  right away), then to whoever claims them (`FOR UPDATE SKIP LOCKED`);
- NOTIFY csbot_outbox when a reply is released for any worker to send (a failed attempt, a
  worker without the adapter) wakes `wait_outbox` on every worker; a turn's own replies need
  none, they are leased to the worker that wrote them.
Times of leases are the server's clock, so workers' clocks need not agree.

Durability: a turn commits with the server's `synchronous_commit` (on by default: the platform's
event is acknowledged only after the turn is on disk). Bookkeeping that can be redone (leases,
"sent" marks, lock releases) commits asynchronously on a second small pool: it skips the WAL
flush, which on a busy disk costs milliseconds, and a crash of the server can only make a reply
go out twice, as with the SQLite store. `?synchronous_commit=off` in the URL applies that to
turns too (the last fraction of a second of turns may be lost if the server itself crashes)."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import secrets
import socket
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator
from urllib.parse import unquote, urlsplit

import asyncpg

from core.desk.escalation import Escalation
from core.messages import Address
from core.store.base import Conversation, DuplicateEvent, LeaseLost, OutboxEntry, StoredMessage, StoreError, TurnRecord
from core.store.codec import ESCALATION_COLUMNS, escalation_from_row, escalation_row, outbound_from_json, outbound_to_json
from core.store.local_leases import LocalLeases
from core.store.pg_marks import DeliveryMarks
from core.store.pg_schema import MIGRATION_LOCK, PG_MIGRATIONS
from core.store.recently_done import RecentlyDone
from core.store.retention import EVENTS_KEPT, OUTBOX_KEPT, PRUNE_EVERY, Pruner
from core.store import forgetting

log = logging.getLogger("csbot.store")

DEDUPE_DAYS = EVENTS_KEPT // 86400
CONNECT_TIMEOUT = 10.0
CONVERSATION_LEASE = 30.0  # a dead worker's conversation is free again after this
OUTBOX_TURN_LEASE = 15.0  # the writing worker sends its replies first; another after this
UNLOCK_POLL = 1.0  # a waiter re-checks this often in case a NOTIFY was missed or a lease expired
CLOSE_GRACE = 5.0  # a connection still held at close gets this long to come back, then is cut
NOW = "extract(epoch from clock_timestamp())"

_ESCALATION_NAMES = [c.strip() for c in ESCALATION_COLUMNS.split(",")]
_ESCALATION_TYPES = ["text"] * 9 + ["text", "text", "text", "text", "text", "text", "float8", "float8"]
_ESCALATION_CTES = (
    ", esc AS (INSERT INTO escalations ({cols}) SELECT {params} FROM ok"
    " ON CONFLICT (id) DO UPDATE SET {updates} RETURNING 1)"
    ", esc_event AS (INSERT INTO escalation_events (escalation_id, state, actor, note, created_at)"
    " SELECT $33::text, $36::text, $50::text, $51::text, $49::float8 FROM ok RETURNING 1)"
).format(
    cols=ESCALATION_COLUMNS,
    params=", ".join(f"${33 + i}::{t}" for i, t in enumerate(_ESCALATION_TYPES)),
    updates=", ".join(f"{c} = excluded.{c}" for c in _ESCALATION_NAMES[1:]),
)

# A whole turn in one statement: every insert is gated on `ok`, which is empty when the event was
# already recorded, so a duplicate writes nothing. Foreign keys are checked at the statement's end.
# Under the conversation's lock, `ok` is also empty when the lease has passed to another worker
# (fenced: this worker stalled past it); the lease row is share-locked until the turn commits.
SAVE_TURN = (
    "WITH lease AS ({lease})"
    ", ev AS (INSERT INTO processed_events (source, event_id, created_at)"
    " SELECT $1::text, $2::text, $3::float8 WHERE $1::text IS NOT NULL AND EXISTS (SELECT 1 FROM lease)"
    " ON CONFLICT DO NOTHING RETURNING 1)"
    ", ok AS (SELECT 1 WHERE EXISTS (SELECT 1 FROM lease) AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM ev)))"
    ", conv AS (INSERT INTO conversations (id, address_key, channel, chat_id, thread, user_name, state,"
    " escalation_id, message_count, created_at, updated_at, language)"
    " SELECT $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text,"
    " cardinality($12::text[]), $3::float8, $3::float8, $32::text FROM ok"
    " ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, state = excluded.state,"
    " language = CASE WHEN excluded.language = '' THEN conversations.language ELSE excluded.language END,"
    " escalation_id = excluded.escalation_id, updated_at = excluded.updated_at,"
    " message_count = conversations.message_count + excluded.message_count RETURNING 1)"
    ", msg AS (INSERT INTO messages (conversation_id, role, voice, text, author, created_at, topic, score,"
    " abstained, ref)"
    " SELECT $4::text, m.role, m.voice, m.text, m.author, m.at, m.topic, m.score, m.abstained, m.ref"
    " FROM unnest($12::text[], $13::text[], $14::text[], $15::text[], $16::float8[],"
    " $28::text[], $29::float8[], $30::bool[], $31::text[]) WITH ORDINALITY"
    " AS m(role, voice, text, author, at, topic, score, abstained, ref, n), ok ORDER BY m.n RETURNING 1)"
    ", step AS (INSERT INTO steps (conversation_id, model_output, shell_output, prompt_tokens, created_at)"
    " SELECT $4::text, s.a, s.b, s.c, $3::float8 FROM unnest($17::text[], $18::text[], $19::int[]) WITH ORDINALITY"
    " AS s(a, b, c, n), ok ORDER BY s.n RETURNING 1)"
    ", run AS (INSERT INTO program_runs (conversation_id, program, args, status, output, created_at)"
    " SELECT $4::text, r.a, r.b, r.c, r.d, $3::float8 FROM unnest($20::text[], $21::text[], $22::text[], $23::text[])"
    " WITH ORDINALITY AS r(a, b, c, d, n), ok ORDER BY r.n RETURNING 1)"
    ", ob AS (INSERT INTO outbox (channel, payload, lease_holder, lease_until, created_at, updated_at)"
    f" SELECT o.channel, o.payload, $26::text, {NOW} + $27::float8, $3::float8, $3::float8"
    " FROM unnest($24::text[], $25::text[]) WITH ORDINALITY AS o(channel, payload, n), ok ORDER BY o.n RETURNING id)"
    "{escalation}"
    " SELECT EXISTS (SELECT 1 FROM ok) AS fresh, ARRAY(SELECT id FROM ob ORDER BY id) AS ids,"
    " EXISTS (SELECT 1 FROM lease) AS leased"
)
# Finished outbox rows older than the cutoff, by a range of ids up to the first row created since
# (as SQLite's: core/store/sqlite.py PRUNE_OUTBOX), not by an index by time every delivery wrote.
PRUNE_OUTBOX = (
    "DELETE FROM outbox WHERE status <> 'pending' AND updated_at < $1 AND id < COALESCE("
    "(SELECT id FROM outbox WHERE created_at >= $1 ORDER BY id LIMIT 1), 9223372036854775807)"
)
UNFENCED = "SELECT 1"
FENCED = (
    "SELECT 1 FROM leases WHERE name = 'conversation:' || $5::text AND holder = $26::text"
    f" AND expires_at > {NOW} FOR SHARE"
)
SAVE_TURNS = {  # (escalating, fenced) -> statement
    (escalating, fenced): SAVE_TURN.replace("{escalation}", _ESCALATION_CTES if escalating else "").replace(
        "{lease}", FENCED if fenced else UNFENCED
    )
    for escalating in (False, True)
    for fenced in (False, True)
}

LOAD_CONVERSATION = (
    "SELECT c.id, c.user_name, c.state, c.escalation_id, c.message_count,"
    " (SELECT COALESCE(json_agg(json_build_array(t.role, t.text, t.author, t.created_at, t.voice, t.ref) ORDER BY t.id), '[]')"
    "  FROM (SELECT id, role, text, author, created_at, voice, ref FROM messages m WHERE m.conversation_id = c.id"
    "  ORDER BY id DESC LIMIT $2) t)::text"
    " FROM conversations c WHERE c.address_key = $1"
)
# The same and whether the platform's event is already recorded: one round trip instead of two
# (each round trip is a chance for the worker or the server to lose its core on a busy machine).
LOAD_CONVERSATION_SEEN = (
    "SELECT EXISTS (SELECT 1 FROM processed_events WHERE source = $3 AND event_id = $4), c.*"
    " FROM (SELECT 1) one LEFT JOIN LATERAL (" + LOAD_CONVERSATION + ") c ON true"
)
# Acquire or renew in one statement. A caller that does not get the lease leaves `waiters` set on
# its row, so the holder's release knows to NOTIFY; the row lock orders the two, so a wake-up is
# never lost, and a release nobody waits for sends no notification.
TRY_LEASE = (
    f"INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, {NOW} + $3::float8)"
    " ON CONFLICT (name) DO UPDATE SET"
    f" holder = CASE WHEN leases.holder = excluded.holder OR leases.expires_at < {NOW}"
    " THEN excluded.holder ELSE leases.holder END,"
    f" expires_at = CASE WHEN leases.holder = excluded.holder OR leases.expires_at < {NOW}"
    " THEN excluded.expires_at ELSE leases.expires_at END,"
    f" waiters = leases.waiters OR NOT (leases.holder = excluded.holder OR leases.expires_at < {NOW})"
    " RETURNING holder = $2"
)
# The conversation's lease taken by the turn's first read, in the same statement as the read
# (LOAD_CONVERSATION_SEEN): one round trip a turn instead of two. The read's snapshot is the
# statement's start, and a worker that released the lease just before it was taken may have saved
# a turn after that start: so the read counts only when the lease was free of other holders
# (`taken_from`, the holder the lease was taken from, is nobody or this worker); otherwise the
# conversation is read again. Not taken (another worker holds it): the read is thrown away.
TAKE_AND_LOAD = (
    f"WITH took AS (INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, {NOW} + $3::float8)"
    " ON CONFLICT (name) DO UPDATE SET"
    f" holder = CASE WHEN leases.holder = excluded.holder OR leases.expires_at < {NOW}"
    " THEN excluded.holder ELSE leases.holder END,"
    f" expires_at = CASE WHEN leases.holder = excluded.holder OR leases.expires_at < {NOW}"
    " THEN excluded.expires_at ELSE leases.expires_at END,"
    f" waiters = leases.waiters OR NOT (leases.holder = excluded.holder OR leases.expires_at < {NOW}),"
    " taken_from = leases.holder"
    " RETURNING holder = $2 AS mine, taken_from)"
    " SELECT took.mine, took.taken_from IS NULL OR took.taken_from = $2 AS fresh, r.*"
    " FROM took, LATERAL (" + LOAD_CONVERSATION_SEEN.replace("$4", "$7").replace("$3", "$6").replace("$2", "$5")
    .replace("$1", "$4") + ") r"
)
# Released leases stay as expired rows: the next acquire is then an update in place (HOT, no new
# index entry) instead of an insert and a delete per turn.
RELEASE_LEASE = (
    "WITH old AS (SELECT name, waiters FROM leases WHERE name = $1 AND holder = $2 FOR UPDATE),"
    " gone AS (UPDATE leases l SET expires_at = 0, waiters = false FROM old WHERE l.name = old.name"
    " RETURNING old.name, old.waiters)"
    " SELECT pg_notify('csbot_unlock', name) FROM gone WHERE waiters"
)
# The conversations a worker's finished turns let go of, released together: turns that end within
# RELEASE_DELAY share one statement instead of one each.
RELEASE_CONVERSATIONS = (
    "WITH old AS (SELECT name, waiters FROM leases WHERE name = ANY($1::text[]) AND holder = $2 FOR UPDATE),"
    " gone AS (UPDATE leases l SET expires_at = 0, waiters = false FROM old WHERE l.name = old.name"
    " RETURNING old.name, old.waiters)"
    " SELECT pg_notify('csbot_unlock', name) FROM gone WHERE waiters"
)
RELEASE_DELAY = 0.01
CLAIM_OUTBOX = (
    "WITH c AS (SELECT id FROM outbox WHERE status = 'pending'"
    f" AND (lease_until IS NULL OR lease_until < {NOW} OR lease_holder = $1) AND not_before <= {NOW}"
    " AND ($4::text[] IS NULL OR channel = ANY($4::text[]))"
    " ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)"
    f" UPDATE outbox o SET lease_holder = $1, lease_until = {NOW} + $2::float8 FROM c WHERE o.id = c.id"
    " RETURNING o.id, o.payload, o.attempts"
)


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """A pooled connection goes back without asyncpg's reset query (advisory unlock, CLOSE ALL,
    UNLISTEN *, RESET ALL), which was one more round trip and statement after every statement of a
    turn. The store leaves no session state on pooled connections: LISTEN has a connection of its
    own, the migration lock is released where it is taken, no cursor or SET outlives a call; and
    asyncpg still rolls back a transaction left open before this runs."""


def _where(url: str) -> tuple[str, str, str]:
    """host:port, database and user of a URL, for messages (never the password)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        where = f"{host}:{parts.port or 5432}"
    except ValueError:
        return "?", "?", "?"
    return where, unquote(parts.path.lstrip("/")) or "(default)", unquote(parts.username or "")


class PostgresStore:
    def __init__(self, url: str, worker: str | None = None, pool_size: int = 10) -> None:
        self.url = url
        self.conversation_lease = CONVERSATION_LEASE
        self.unlock_poll = UNLOCK_POLL
        # Who holds leases: unique per process, readable in the leases table.
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self._lazy: asyncpg.Pool | None = None  # asynchronous commit: bookkeeping that may be redone
        self._releasing: set[asyncio.Task] = set()
        self._to_release: dict[str, list] = {}  # lease name -> local locks freed once it is written
        self._release_writer: asyncio.Task | None = None
        self._closing = False
        self._relisten: asyncio.Task | None = None
        self._marks = DeliveryMarks()
        self._done = RecentlyDone()  # "sent" marks, written behind the turn (pg_marks.py)
        self._listener: asyncpg.Connection | None = None
        self._local = LocalLeases()  # waiters of this process queue here before asking the database
        self._unlocked: dict[str, asyncio.Event] = {}
        self._holding: set[str] = set()  # conversations whose lease a turn of this process holds
        self._untaken: set[str] = set()  # locked here, their lease to be taken by the turn's first read
        self._renewing: dict[str, asyncio.Task] = {}  # conversation -> its lease's renewal
        self._pruner = Pruner(self.prune, PRUNE_EVERY)

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("store is not open")
        return self._pool

    async def __aenter__(self) -> PostgresStore:
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- opening ------------------------------------------------------------------------------

    async def open(self) -> None:
        where, database, user = _where(self.url)
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.pool_size, timeout=CONNECT_TIMEOUT, reset=_keep_session
            )
            await self._migrate()
            self._lazy = await asyncpg.create_pool(
                self.url, min_size=1, max_size=max(2, self.pool_size // 2), timeout=CONNECT_TIMEOUT,
                server_settings={"synchronous_commit": "off"}, reset=_keep_session,
            )
            await self._listen()
            await self.prune()
            self._pruner.start()
        except BaseException as error:
            await self._abandon()
            reason = _first_line(error, self.url)
            if isinstance(error, asyncpg.InvalidCatalogNameError):
                raise StoreError(f"database '{database}' does not exist on PostgreSQL at {where} (createdb {database})") from None
            if isinstance(error, (asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidPasswordError)):
                raise StoreError(f"PostgreSQL at {where} refused user '{user}': {reason}") from None
            if isinstance(error, (OSError, asyncio.TimeoutError)):
                raise StoreError(f"cannot reach PostgreSQL at {where}: {reason or 'timed out'}") from None
            if isinstance(error, (ValueError, asyncpg.ClientConfigurationError, asyncpg.InterfaceError)):
                raise StoreError(f"bad database URL ({reason})") from None
            if isinstance(error, asyncpg.PostgresError):
                raise StoreError(f"PostgreSQL at {where}: {reason}") from None
            raise

    async def _abandon(self) -> None:
        if self._listener is not None:
            self._listener.terminate()
            self._listener = None
        for pool in (self._pool, self._lazy):
            if pool is not None:
                pool.terminate()
        self._pool = self._lazy = None

    async def _migrate(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)  # two workers starting at once
            try:
                await conn.execute("CREATE TABLE IF NOT EXISTS csbot_schema (version integer NOT NULL)")
                version = await conn.fetchval("SELECT COALESCE(max(version), 0) FROM csbot_schema")
                for number, script in enumerate(PG_MIGRATIONS[version:], start=version + 1):
                    async with conn.transaction():
                        await conn.execute(script)
                        await conn.execute("INSERT INTO csbot_schema VALUES ($1)", number)
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)

    async def close(self) -> None:
        self._closing = True
        await self._pruner.stop()
        if self._relisten is not None:
            self._relisten.cancel()
        if self._releasing:
            await asyncio.gather(*self._releasing, return_exceptions=True)
        if self._lazy is not None:
            try:
                await self._marks.write(self._lazy)
            except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as error:
                log.error("closing with unwritten delivery marks: %s", error)
        if self._listener is not None:
            await self._listener.close(timeout=CLOSE_GRACE)
            self._listener = None
        for pool in (self._pool, self._lazy):
            if pool is not None:
                # asyncpg's graceful close waits for every acquired connection: a query stuck
                # on a dead server would hold shutdown forever, so it gets a grace period
                try:
                    await asyncio.wait_for(pool.close(), CLOSE_GRACE)
                except asyncio.TimeoutError:
                    log.warning("closing the store: connections still busy after %.0f s, cut", CLOSE_GRACE)
                    pool.terminate()
        self._pool = self._lazy = None

    async def flush(self) -> None:
        """Write the delivery marks still queued (readers of the outbox call this first)."""
        await self._marks.write(self._lazy)

    # -- notifications --------------------------------------------------------------------------

    async def _listen(self) -> None:
        """A connection of its own for LISTEN; when it drops (a server restart), another one is
        opened, and until then waiters fall back on their timeouts."""
        conn = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT)
        await conn.add_listener("csbot_outbox", self._on_outbox)
        await conn.add_listener("csbot_unlock", self._on_unlock)
        conn.add_termination_listener(self._on_listener_lost)
        self._listener = conn

    def _on_listener_lost(self, _conn) -> None:
        if self._closing:
            return
        self._listener = None
        self._local.outbox_added.set()  # replies may have been stored while nobody listened
        if self._relisten is None or self._relisten.done():
            self._relisten = asyncio.get_running_loop().create_task(self._listen_again(), name="csbot-listen")

    async def _listen_again(self) -> None:
        delay = 0.2
        while not self._closing:
            try:
                await self._listen()
                return
            except (OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("PostgreSQL notifications lost, retrying in %.1fs: %s", delay, error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    def _on_outbox(self, *_args) -> None:
        self._local.outbox_added.set()

    def _on_unlock(self, _conn, _pid, _channel, name: str) -> None:
        event = self._unlocked.get(name)
        if event is not None:
            event.set()

    # -- events -------------------------------------------------------------------------------

    async def seen(self, source: str, event_id: str) -> bool:
        return await self.pool.fetchval(
            "SELECT EXISTS (SELECT 1 FROM processed_events WHERE source = $1 AND event_id = $2)", source, event_id
        )

    async def first_seen(self, source: str, event_id: str) -> bool:
        inserted = await self.pool.fetchval(
            "INSERT INTO processed_events VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING true",
            source, event_id, time.time(),
        )  # fmt: skip
        return bool(inserted)

    # -- conversations ------------------------------------------------------------------------

    async def load_conversation(self, address: Address, history: int) -> Conversation:
        if address.key in self._untaken:
            return (await self._take_and_load(address, history, (None, None)))[1]
        row = await self.pool.fetchrow(LOAD_CONVERSATION, address.key, history)
        if row is None:
            return Conversation(id="c_" + secrets.token_hex(8), address=address)
        conversation = Conversation(row[0], address, row[1], row[2], row[3], message_count=row[4])
        conversation.history = [StoredMessage(*m[:5], ref=m[5]) for m in json.loads(row[5])]
        return conversation

    async def load_conversation_seen(self, address: Address, history: int, event: tuple[str, str]) -> tuple[bool, Conversation]:
        """`seen(*event)` and `load_conversation` in one statement (the engine's first read of a turn)."""
        if address.key in self._untaken:
            return await self._take_and_load(address, history, event)
        return self._conversation_seen(address, await self.pool.fetchrow(LOAD_CONVERSATION_SEEN, address.key, history, *event))

    async def _take_and_load(self, address: Address, history: int, event: tuple) -> tuple[bool, Conversation]:
        """The first read under `conversation_lock(key, taken_by_first_read=True)`: takes the lease
        and reads in one statement, waiting as `_acquire` does while another worker holds it."""
        name = "conversation:" + address.key
        woken = self._unlocked.setdefault(name, asyncio.Event())
        try:
            while True:
                woken.clear()  # before asking: a release notified while the statement runs must wake us
                row = await self._lazy.fetchrow(TAKE_AND_LOAD, name, self.worker, self.conversation_lease,
                                                address.key, history, *event)
                if row["mine"]:
                    break
                try:
                    await asyncio.wait_for(woken.wait(), self.unlock_poll)
                except asyncio.TimeoutError:
                    pass
        finally:
            self._unlocked.pop(name, None)
        self._untaken.discard(address.key)
        self._hold(address.key, name)
        if not row["fresh"]:  # taken over from another worker: its last turn may be newer than this read
            row = await self.pool.fetchrow(LOAD_CONVERSATION_SEEN, address.key, history, *event)
            return self._conversation_seen(address, row)
        return self._conversation_seen(address, tuple(row)[2:])

    @staticmethod
    def _conversation_seen(address: Address, row) -> tuple[bool, Conversation]:
        if row[1] is None:
            return row[0], Conversation(id="c_" + secrets.token_hex(8), address=address)
        conversation = Conversation(row[1], address, row[2], row[3], row[4], message_count=row[5])
        conversation.history = [StoredMessage(*m[:5], ref=m[5]) for m in json.loads(row[6])]
        return row[0], conversation

    async def conversation_by_id(self, conversation_id: str, history: int = 20) -> Conversation | None:
        row = await self.pool.fetchrow(
            "SELECT channel, chat_id, thread, user_name, state, escalation_id FROM conversations WHERE id = $1",
            conversation_id,
        )
        if row is None:
            return None
        conversation = Conversation(conversation_id, Address(row[0], row[1], row[2]), row[3], row[4], row[5])
        conversation.history = await self.recent_messages(conversation_id, history) if history else []
        return conversation

    async def recent_messages(self, conversation_id: str, limit: int) -> list[StoredMessage]:
        rows = await self.pool.fetch(
            "SELECT role, text, author, created_at, voice, ref FROM messages WHERE conversation_id = $1"
            " ORDER BY id DESC LIMIT $2",
            conversation_id, limit,
        )  # fmt: skip
        # ref: an answer's rating buttons, which the engine reads to offer them again or not
        return [StoredMessage(*row[:5], ref=row[5]) for row in reversed(rows)]

    async def save_turn(self, turn: TurnRecord) -> list[int]:
        """The turn in one statement (one round trip, one transaction); its outbox ids."""
        now = time.time()
        c, event = turn.conversation, turn.event
        for m in turn.messages:
            m.at = m.at or now
        args = [
            event[0] if event else None, event[1] if event else None, now,
            c.id, c.address.key, c.address.channel, c.address.chat_id, c.address.thread, c.user_name, c.state,
            c.escalation_id,
            [m.role for m in turn.messages], [m.voice for m in turn.messages], [m.text for m in turn.messages],
            [m.author for m in turn.messages], [m.at for m in turn.messages],
            [s.model_output for s in turn.steps], [s.shell_output for s in turn.steps],
            [s.prompt_tokens for s in turn.steps],
            [r.program for r in turn.runs], [json.dumps(r.args) for r in turn.runs], [r.status for r in turn.runs],
            [r.output for r in turn.runs],
            [o.address.channel for o in turn.outbox], [outbound_to_json(o) for o in turn.outbox],
            self.worker, OUTBOX_TURN_LEASE,
            # what the owner's figures need of each reply (core/metrics)
            [m.topic for m in turn.messages], [m.score for m in turn.messages], [m.abstained for m in turn.messages],
            [m.ref for m in turn.messages], c.language,
        ]  # fmt: skip
        if turn.escalation is not None:
            e = turn.escalation
            e.updated_at = now
            e.created_at = e.created_at or now
            args += [*escalation_row(e), e.assignee, turn.screen]
        sql = SAVE_TURNS[turn.escalation is not None, c.address.key in self._holding]
        row = await self.pool.fetchrow(sql, *args)
        if not row["leased"]:
            raise LeaseLost(f"the lease on conversation {c.address.key} passed to another worker: turn not saved")
        if not row["fresh"]:
            raise DuplicateEvent(f"{event[0]} event {event[1]} was already handled")
        if row["ids"]:
            # No NOTIFY: the rows are leased to this worker, which sends them now; another worker
            # could not claim them before OUTBOX_TURN_LEASE anyway, and a release (pg_marks) wakes it.
            self._local.outbox_added.set()
        return list(row["ids"])

    async def list_conversations(self, limit: int = 50) -> list[tuple[Conversation, int]]:
        rows = await self.pool.fetch(
            "SELECT id, channel, chat_id, thread, user_name, state, escalation_id, message_count"
            " FROM conversations ORDER BY updated_at DESC LIMIT $1",
            limit,
        )
        return [(Conversation(r[0], Address(r[1], r[2], r[3]), r[4], r[5], r[6]), r[7]) for r in rows]

    # -- escalations --------------------------------------------------------------------------

    async def get_escalation(self, escalation_id: str) -> Escalation | None:
        row = await self.pool.fetchrow(f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE id = $1", escalation_id)
        return escalation_from_row(row) if row else None

    async def set_desk_ref(self, escalation_id: str, ref: dict) -> None:
        await self.pool.execute("UPDATE escalations SET desk_ref = $1 WHERE id = $2", json.dumps(ref), escalation_id)

    async def find_escalation_by_desk_ref(self, key: str, value: str) -> Escalation | None:
        row = await self.pool.fetchrow(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE desk_ref::jsonb ->> $1 = $2"
            " ORDER BY created_at DESC LIMIT 1",
            key, value,
        )  # fmt: skip
        return escalation_from_row(row) if row else None

    async def list_escalations(self, open_only: bool = False) -> list[Escalation]:
        where = "WHERE state IN ('open', 'taken')" if open_only else ""
        rows = await self.pool.fetch(f"SELECT {ESCALATION_COLUMNS} FROM escalations {where} ORDER BY created_at DESC")
        return [escalation_from_row(row) for row in rows]

    # -- the owner's figures -----------------------------------------------------------------

    dialect = "postgresql"

    async def read(self, sql: str, *args) -> list[tuple]:
        """A read for core/metrics, written with `?` placeholders as for SQLite."""
        numbered = iter(range(1, sql.count("?") + 1))
        return [tuple(row) for row in await self.pool.fetch(re.sub(r"\?", lambda _: f"${next(numbered)}", sql), *args)]

    async def rate(self, subject: str, conversation_id: str, kind: str, value: str) -> None:
        """The customer's verdict on an answer or a handoff: one row per subject, changeable."""
        await self.pool.execute(
            "INSERT INTO ratings (subject, conversation_id, kind, value, created_at, updated_at)"
            f" VALUES ($1, $2, $3, $4, {NOW}, {NOW}) ON CONFLICT (subject) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            subject, conversation_id, kind, value,
        )  # fmt: skip

    # -- forgetting customers (core/store/forgetting.py) ---------------------------------------

    async def delete_conversations(self, rows: list[tuple]) -> list[str]:
        """Delete the conversations of `rows` (id, address key) with everything written about them."""
        for chunk in forgetting.chunks([row[0] for row in rows]):
            async with self.pool.acquire() as conn, conn.transaction():
                for sql in forgetting.deletions(self.dialect, len(chunk), lambda n: f"${n}"):
                    await conn.execute(sql, *chunk)
        return [row[0] for row in rows]

    async def escalation_history(self, escalation_id: str) -> list[tuple[str, str, str, float]]:
        rows = await self.pool.fetch(
            "SELECT state, actor, note, created_at FROM escalation_events WHERE escalation_id = $1 ORDER BY id",
            escalation_id,
        )
        return [tuple(row) for row in rows]

    # -- outbox -------------------------------------------------------------------------------

    async def pending_outbox(self) -> list[OutboxEntry]:
        await self.flush()
        rows = await self.pool.fetch("SELECT id, payload, attempts FROM outbox WHERE status = 'pending' ORDER BY id")
        return [OutboxEntry(r[0], outbound_from_json(r[1]), r[2]) for r in rows if r[0] not in self._done]

    async def claim_outbox(
        self, worker: str, lease_seconds: float, limit: int = 100, channels: list[str] | None = None
    ) -> list[OutboxEntry]:
        await self.flush()
        rows = await self.pool.fetch(CLAIM_OUTBOX, worker, lease_seconds, limit, channels)
        rows = sorted((r for r in rows if r[0] not in self._done), key=lambda r: r[0])
        return [OutboxEntry(r[0], outbound_from_json(r[1]), r[2]) for r in rows]

    async def outbox_done(self, entry_id: int, status: str, error: str = "") -> None:
        self._done.add(entry_id)
        self._marks.add(self._lazy, entry_id, status, error)  # releases the lease too

    async def outbox_attempted(self, entry_id: int, error: str, retry_in: float = 0.0) -> None:
        # One more attempt; the lease is released, and with retry_in no claim comes before then.
        self._marks.add(self._lazy, entry_id, None, error, wait=retry_in)

    async def outbox_release(self, entry_id: int) -> None:
        self._marks.add(self._lazy, entry_id, None, None, tried=False)  # untried: counts nothing

    async def prune(self) -> None:
        """Forget event ids older than EVENTS_KEPT, sent or failed outbox rows older than
        OUTBOX_KEPT and leases released long ago (any worker may do it; the deletes agree)."""
        if self._lazy is not None:
            await self.flush()  # the delivery marks written behind
        now = time.time()
        await self.pool.execute("DELETE FROM processed_events WHERE created_at < $1", now - EVENTS_KEPT)
        await self.pool.execute(PRUNE_OUTBOX, now - OUTBOX_KEPT)
        await self.pool.execute("DELETE FROM leases WHERE expires_at < $1", now - EVENTS_KEPT)

    async def wait_outbox(self, timeout: float) -> None:
        await self._local.wait_outbox(timeout)

    # -- leases and locks ---------------------------------------------------------------------

    async def try_lease(self, name: str, holder: str, ttl: float) -> bool:
        return bool(await self._lazy.fetchval(TRY_LEASE, name, holder, ttl))

    async def release_lease(self, name: str, holder: str) -> None:
        await self._lazy.execute(RELEASE_LEASE, name, holder)

    @asynccontextmanager
    async def conversation_lock(self, key: str, *, taken_by_first_read: bool = False) -> AsyncIterator[None]:
        """The conversation's turns one at a time across workers. With `taken_by_first_read` the
        caller's first act under the lock is reading this conversation (`load_conversation` or
        `load_conversation_seen`, as a customer's turn does): that read takes the lease in its own
        statement (TAKE_AND_LOAD), one round trip less. Nothing else may come before that read."""
        name = "conversation:" + key
        local = self._local.conversation_lock(key)  # this process's turns queue in memory, in order
        await local.__aenter__()
        if taken_by_first_read:
            self._untaken.add(key)
        else:
            try:
                await self._acquire(name)
            except BaseException:
                await local.__aexit__(None, None, None)
                raise
            self._hold(key, name)
        try:
            yield
        finally:
            self._untaken.discard(key)
            renewing = self._renewing.pop(key, None)
            if renewing is None:  # never taken (the caller failed before its first read): nothing to release
                await local.__aexit__(None, None, None)
            else:
                self._holding.discard(key)
                renewing.cancel()
                self._release_behind(name, local)

    def _release_behind(self, name: str, local) -> None:
        # The turn is done (its replies sent): release the lease behind it, with the releases of
        # the turns ending about now. This process's next turn of the conversation still waits
        # on the local lock until the release is written.
        self._to_release.setdefault(name, []).append(local)
        # done() and not the set: a writer that just left its loop is done, never still pending
        if self._release_writer is None or self._release_writer.done():
            self._release_writer = task = asyncio.create_task(self._release_soon())
            self._releasing.add(task)
            task.add_done_callback(self._releasing.discard)

    def _hold(self, key: str, name: str) -> None:
        self._renewing[key] = asyncio.create_task(self._renew(name))
        self._holding.add(key)  # the turn's save is fenced on this lease (SAVE_TURNS)

    async def _release_soon(self) -> None:
        while self._to_release:
            await asyncio.sleep(RELEASE_DELAY)
            releasing, self._to_release = self._to_release, {}
            try:
                await self._lazy.execute(RELEASE_CONVERSATIONS, list(releasing), self.worker)
            except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as error:
                log.warning("could not release %d conversations (they expire by themselves): %s", len(releasing), error)
            finally:
                for locals_ in releasing.values():
                    for local in locals_:
                        await local.__aexit__(None, None, None)

    async def _acquire(self, name: str) -> None:
        event = self._unlocked.setdefault(name, asyncio.Event())
        try:
            while True:
                # Cleared before asking, not after: a release notified while the query runs must wake us.
                event.clear()
                if await self.try_lease(name, self.worker, self.conversation_lease):
                    break
                try:  # woken by NOTIFY csbot_unlock; the poll covers an expired lease of a dead worker
                    await asyncio.wait_for(event.wait(), self.unlock_poll)
                except asyncio.TimeoutError:
                    pass
        finally:
            self._unlocked.pop(name, None)

    async def _renew(self, name: str) -> None:
        """A turn longer than a third of the lease (a slow model) keeps the conversation."""
        while True:
            await asyncio.sleep(self.conversation_lease / 3)
            try:
                if not await self.try_lease(name, self.worker, self.conversation_lease):
                    log.warning("lost the lease on %s (this worker stalled past it)", name)
            except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as error:
                log.warning("could not renew the lease on %s: %s", name, error)

    async def shared_secret(self, name: str) -> str:
        await self.pool.execute(
            "INSERT INTO shared_secrets VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            name, secrets.token_urlsafe(32), time.time(),
        )  # fmt: skip
        return await self.pool.fetchval("SELECT value FROM shared_secrets WHERE name = $1", name)

    # -- for `csbot eval` and the benchmarks ------------------------------------------------------

    async def stats(self) -> dict[str, int]:
        counts = {}
        for table in ("conversations", "messages", "steps", "program_runs", "escalations", "outbox"):
            counts[table] = await self.pool.fetchval(f"SELECT count(*) FROM {table}")
        return counts

    async def step_count(self) -> int:
        return await self.pool.fetchval("SELECT COALESCE(max(id), 0) FROM steps")

    async def steps_since(self, conversation_id: str, after_id: int) -> list[tuple[str, str]]:
        rows = await self.pool.fetch(
            "SELECT model_output, shell_output FROM steps WHERE conversation_id = $1 AND id > $2 ORDER BY id",
            conversation_id, after_id,
        )  # fmt: skip
        return [tuple(row) for row in rows]


def _first_line(error: BaseException, secret_url: str = "") -> str:
    text = (str(error).strip().splitlines() or [""])[0]
    try:
        parts = urlsplit(secret_url)
        secrets_in_url = [parts.password or "", *(v for k, _, v in (p.partition("=") for p in parts.query.split("&")) if k == "password")]
    except ValueError:
        return text
    for secret in filter(None, secrets_in_url):
        text = text.replace(secret, "***")
    return text
