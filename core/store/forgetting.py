"""Deleting customers' data, the same on both stores: one customer's conversations on request
(`csbot forget`, for shops under the GDPR) and every conversation quiet for longer than the shop
keeps them (`[privacy] keep_days`, a task while csbot runs).

A conversation goes with everything written about it: its messages, backstage steps, program runs,
escalations and their events, ratings, order verification attempts and the outbox rows that carry
its replies. Conversations staff still hold (state `handoff`) are left to the staff by the retention
task; `forget` deletes them too, because the customer asked."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("csbot.store")

CHUNK = 500  # conversations per statement: bounded statements whatever a customer or a year holds
RETENTION_EVERY = 3600.0

# (statement with {ids} for the ids' placeholders): children first, the conversations last.
_BY_CONVERSATION = (
    "DELETE FROM escalation_events WHERE escalation_id IN (SELECT id FROM escalations WHERE conversation_id IN ({ids}))",
    "DELETE FROM escalations WHERE conversation_id IN ({ids})",
    "DELETE FROM ratings WHERE conversation_id IN ({ids})",
    "DELETE FROM steps WHERE conversation_id IN ({ids})",
    "DELETE FROM program_runs WHERE conversation_id IN ({ids})",
    "DELETE FROM order_attempts WHERE conversation_id IN ({ids})",
    "{outbox}",
    "DELETE FROM messages WHERE conversation_id IN ({ids})",
    "DELETE FROM conversations WHERE id IN ({ids})",
)
_OUTBOX = {
    "sqlite": "DELETE FROM outbox WHERE json_extract(payload, '$.conversation_id') IN ({ids})",
    "postgresql": "DELETE FROM outbox WHERE (payload::json ->> 'conversation_id') IN ({ids})",
}


def customer_query(customer: str) -> tuple[str, tuple]:
    """The conversations of one customer, named by address key (`telegram:42`), platform id (`42`) or
    e-mail address (the conversations whose customer messages give it). Rows: (id, address key)."""
    customer = customer.strip()
    sql = "SELECT id, address_key FROM conversations WHERE address_key = ? OR chat_id = ?"
    args: tuple = (customer, customer)
    if "@" in customer:
        sql += (" OR id IN (SELECT conversation_id FROM messages WHERE role = 'customer'"
                " AND lower(text) LIKE ? ESCAPE '\\')")
        pattern = customer.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args += (f"%{pattern}%",)
    return sql, args


def older_query() -> str:
    """Conversations quiet since before a moment that staff do not hold (params: moment, limit)."""
    return "SELECT id, address_key FROM conversations WHERE updated_at < ? AND state <> 'handoff' ORDER BY updated_at LIMIT ?"


def deletions(dialect: str, count: int, placeholder: Callable[[int], str] = lambda _: "?") -> list[str]:
    """The statements that delete `count` conversations, ids as parameters 1..count."""
    ids = ", ".join(placeholder(n) for n in range(1, count + 1))
    return [(_OUTBOX[dialect] if sql == "{outbox}" else sql).replace("{ids}", ids) for sql in _BY_CONVERSATION]


async def forget_customer(store, customer: str) -> list[str]:
    """Delete one customer's conversations and everything written about them; their ids."""
    sql, args = customer_query(customer)
    return await store.delete_conversations(await store.read(sql, *args))


async def forget_before(store, moment: float) -> int:
    """Delete the conversations quiet since before `moment` (retention); how many."""
    deleted = 0
    while rows := await store.read(older_query(), moment, CHUNK):
        deleted += len(await store.delete_conversations(rows))
    return deleted


def chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]


class Retention:
    """Deletes conversations older than `days` every `every` seconds while csbot runs."""

    def __init__(self, forget_before: Callable[[float], Awaitable[int]], days: int, every: float = RETENTION_EVERY,
                 clock: Callable[[], float] | None = None) -> None:
        import time

        self._forget_before = forget_before
        self.days = days
        self.every = every
        self._clock = clock or time.time
        self._task: asyncio.Task | None = None

    async def run_once(self) -> int:
        deleted = await self._forget_before(self._clock() - self.days * 86400.0)
        if deleted:
            log.info("retention: deleted %d conversation(s) quiet for more than %d days", deleted, self.days)
        return deleted

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="csbot-retention")

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as error:  # the store is busy or the server is away: next round
                log.warning("deleting old conversations failed, retried later: %s", error)
            await asyncio.sleep(self.every)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
