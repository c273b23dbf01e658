"""The SQLite store on aiosqlite: one file, WAL, one transaction per turn."""
from __future__ import annotations

import asyncio
import json
import secrets
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
from core.store.schema import MIGRATIONS


class SQLiteStore:
    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None
        # One connection is shared by every coroutine: a transaction must not interleave with another.
        self._write = asyncio.Lock()

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

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def _migrate(self) -> None:
        async with self.db.execute("PRAGMA user_version") as cursor:
            (version,) = await cursor.fetchone()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            async with self._write:
                await self.db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")

    async def first_seen(self, source: str, event_id: str) -> bool:
        async with self._write:
            cursor = await self.db.execute(
                "INSERT OR IGNORE INTO processed_events VALUES (?, ?, ?)", (source, event_id, time.time())
            )
            return cursor.rowcount == 1

    async def load_conversation(self, address: Address, history: int) -> Conversation:
        async with self.db.execute(
            "SELECT id, user_name, state, escalation_id FROM conversations WHERE address_key = ?", (address.key,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return Conversation(id="c_" + secrets.token_hex(8), address=address)
        conversation = Conversation(row[0], address, row[1], row[2], row[3])
        conversation.history = await self.recent_messages(conversation.id, history) if history else []
        return conversation

    async def conversation_by_id(self, conversation_id: str, history: int = 20) -> Conversation | None:
        async with self.db.execute(
            "SELECT channel, chat_id, thread, user_name, state, escalation_id FROM conversations WHERE id = ?",
            (conversation_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        conversation = Conversation(conversation_id, Address(row[0], row[1], row[2]), row[3], row[4], row[5])
        conversation.history = await self.recent_messages(conversation_id, history) if history else []
        return conversation

    async def recent_messages(self, conversation_id: str, limit: int) -> list[StoredMessage]:
        async with self.db.execute(
            "SELECT role, text, author, created_at, voice FROM messages WHERE conversation_id = ? "
            "ORDER BY id DESC LIMIT ?",
            (conversation_id, limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [StoredMessage(*row) for row in reversed(rows)]

    async def save_turn(self, turn: TurnRecord) -> list[int]:
        """Write the turn in one transaction; returns the ids of its outbox entries."""
        now = time.time()
        c = turn.conversation
        outbox_ids: list[int] = []
        async with self._write:
            db = self.db
            await db.execute("BEGIN")
            try:
                await db.execute(
                    "INSERT INTO conversations (id, address_key, channel, chat_id, thread, user_name, state,"
                    " escalation_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(id) DO UPDATE SET user_name=excluded.user_name, state=excluded.state,"
                    " escalation_id=excluded.escalation_id, updated_at=excluded.updated_at",
                    (c.id, c.address.key, c.address.channel, c.address.chat_id, c.address.thread, c.user_name,
                     c.state, c.escalation_id, now, now),
                )  # fmt: skip
                if turn.messages:
                    await db.executemany(
                        "INSERT INTO messages (conversation_id, role, voice, text, author, created_at)"
                        " VALUES (?,?,?,?,?,?)",
                        [(c.id, m.role, m.voice, m.text, m.author, m.at or now) for m in turn.messages],
                    )
                if turn.steps:
                    await db.executemany(
                        "INSERT INTO steps (conversation_id, model_output, shell_output, prompt_tokens, created_at)"
                        " VALUES (?,?,?,?,?)",
                        [(c.id, s.model_output, s.shell_output, s.prompt_tokens, now) for s in turn.steps],
                    )
                if turn.runs:
                    await db.executemany(
                        "INSERT INTO program_runs (conversation_id, program, args, status, output, created_at)"
                        " VALUES (?,?,?,?,?,?)",
                        [(c.id, r.program, json.dumps(r.args), r.status, r.output, now) for r in turn.runs],
                    )
                if turn.escalation is not None:
                    await self._put_escalation(turn.escalation, actor=turn.escalation.assignee, note=turn.screen)
                for outbound in turn.outbox:
                    cursor = await db.execute(
                        "INSERT INTO outbox (channel, payload, created_at, updated_at) VALUES (?,?,?,?)",
                        (outbound.address.channel, outbound_to_json(outbound), now, now),
                    )
                    outbox_ids.append(cursor.lastrowid)
                await db.execute("COMMIT")
            except BaseException:
                await db.execute("ROLLBACK")
                raise
        return outbox_ids

    async def _put_escalation(self, e: Escalation, actor: str, note: str) -> None:
        e.updated_at = time.time()
        e.created_at = e.created_at or e.updated_at
        await self.db.execute(
            f"INSERT OR REPLACE INTO escalations ({ESCALATION_COLUMNS}) VALUES ({','.join('?' * 17)})",
            escalation_row(e),
        )
        await self.db.execute(
            "INSERT INTO escalation_events (escalation_id, state, actor, note, created_at) VALUES (?,?,?,?,?)",
            (e.id, e.state.value, actor, note, e.updated_at),
        )

    async def get_escalation(self, escalation_id: str) -> Escalation | None:
        async with self.db.execute(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE id = ?", (escalation_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return escalation_from_row(row) if row else None

    async def set_desk_ref(self, escalation_id: str, ref: dict) -> None:
        async with self._write:
            await self.db.execute(
                "UPDATE escalations SET desk_ref = ? WHERE id = ?", (json.dumps(ref), escalation_id)
            )

    async def find_escalation_by_desk_ref(self, key: str, value: str) -> Escalation | None:
        async with self.db.execute(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations WHERE json_extract(desk_ref, '$.' || ?) = ?"
            " ORDER BY created_at DESC LIMIT 1",
            (key, value),
        ) as cursor:
            row = await cursor.fetchone()
        return escalation_from_row(row) if row else None

    async def list_escalations(self, open_only: bool = False) -> list[Escalation]:
        where = "WHERE state IN ('open', 'taken')" if open_only else ""
        async with self.db.execute(
            f"SELECT {ESCALATION_COLUMNS} FROM escalations {where} ORDER BY created_at DESC"
        ) as cursor:
            return [escalation_from_row(row) for row in await cursor.fetchall()]

    async def escalation_history(self, escalation_id: str) -> list[tuple[str, str, str, float]]:
        async with self.db.execute(
            "SELECT state, actor, note, created_at FROM escalation_events WHERE escalation_id = ? ORDER BY id",
            (escalation_id,),
        ) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def list_conversations(self, limit: int = 50) -> list[tuple[Conversation, int]]:
        async with self.db.execute(
            "SELECT c.id, c.channel, c.chat_id, c.thread, c.user_name, c.state, c.escalation_id,"
            " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)"
            " FROM conversations c ORDER BY c.updated_at DESC LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [(Conversation(r[0], Address(r[1], r[2], r[3]), r[4], r[5], r[6]), r[7]) for r in rows]

    async def pending_outbox(self) -> list[OutboxEntry]:
        async with self.db.execute(
            "SELECT id, payload, attempts FROM outbox WHERE status = 'pending' ORDER BY id"
        ) as cursor:
            return [OutboxEntry(r[0], outbound_from_json(r[1]), r[2]) for r in await cursor.fetchall()]

    async def outbox_done(self, entry_id: int, status: str, error: str = "") -> None:
        async with self._write:
            await self.db.execute(
                "UPDATE outbox SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                (status, error, time.time(), entry_id),
            )

    async def outbox_attempted(self, entry_id: int, error: str) -> None:
        async with self._write:
            await self.db.execute(
                "UPDATE outbox SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?",
                (error, time.time(), entry_id),
            )

    async def stats(self) -> dict[str, int]:
        counts = {}
        for table in ("conversations", "messages", "steps", "program_runs", "escalations", "outbox"):
            async with self.db.execute(f"SELECT COUNT(*) FROM {table}") as cursor:
                (counts[table],) = await cursor.fetchone()
        return counts

    async def step_count(self) -> int:
        async with self.db.execute("SELECT COALESCE(MAX(id), 0) FROM steps") as cursor:
            (count,) = await cursor.fetchone()
        return count

    async def steps_since(self, conversation_id: str, after_id: int) -> list[tuple[str, str]]:
        async with self.db.execute(
            "SELECT model_output, shell_output FROM steps WHERE conversation_id = ? AND id > ? ORDER BY id",
            (conversation_id, after_id),
        ) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]
