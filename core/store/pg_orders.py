"""The order book (core/shop/orders/book.py) on the PostgreSQL store's pool: each write is its
own committed statement, so a refund intent is durable before its refund is asked for."""
from __future__ import annotations

import json
import time

from core.shop.orders.book import Change, RefundIntent

INTENT_COLUMNS = "key, order_id, amount, reason, state, refund_id, note"


class PostgresOrderBook:
    def __init__(self, store) -> None:
        self.store = store  # core/store/postgres.py's PostgresStore, opened

    async def changes(self, source: str, order_id: str) -> list[Change]:
        rows = await self.store.pool.fetch(
            "SELECT kind, data, created_at FROM order_changes WHERE source = $1 AND order_id = $2 ORDER BY id",
            source, order_id,
        )  # fmt: skip
        return [Change(r["kind"], json.loads(r["data"]), r["created_at"]) for r in rows]

    async def add_change(self, source: str, order_id: str, kind: str, data: dict) -> None:
        await self.store.pool.execute(
            "INSERT INTO order_changes (source, order_id, kind, data, created_at) VALUES ($1,$2,$3,$4,$5)",
            source, order_id, kind, json.dumps(data, ensure_ascii=False), time.time(),
        )  # fmt: skip

    async def refund_intent(self, intent: RefundIntent) -> RefundIntent:
        now = time.time()
        await self.store.pool.execute(
            f"INSERT INTO refund_intents ({INTENT_COLUMNS}, created_at, updated_at) "
            "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (key) DO NOTHING",
            intent.key, intent.order_id, intent.amount, intent.reason, intent.state, intent.refund_id, intent.note, now, now,
        )  # fmt: skip
        row = await self.store.pool.fetchrow(f"SELECT {INTENT_COLUMNS} FROM refund_intents WHERE key = $1", intent.key)
        return RefundIntent(*row)

    async def settle_refund(self, key: str, state: str, refund_id: str = "", note: str = "") -> None:
        await self.store.pool.execute(
            "UPDATE refund_intents SET state = $1, refund_id = $2, note = $3, updated_at = $4 WHERE key = $5",
            state, refund_id, note, time.time(), key,
        )  # fmt: skip

    async def add_attempt(self, conversation: str, customer: str, order_id: str, ok: bool) -> None:
        await self.store.pool.execute(
            "INSERT INTO order_attempts (conversation_id, customer, order_id, ok, created_at) VALUES ($1,$2,$3,$4,$5)",
            conversation, customer, order_id, ok, time.time(),
        )  # fmt: skip

    async def failed_attempts(self, conversation: str, customer: str, order_id: str, since: float) -> int:
        return await self.store.pool.fetchval(
            "SELECT COUNT(*) FROM order_attempts WHERE NOT ok AND created_at >= $1 "
            "AND (conversation_id = $2 OR customer = $3 OR order_id = $4)",
            since, conversation, customer, order_id,
        )  # fmt: skip

    async def proven(self, conversation: str, order_id: str) -> bool:
        return bool(await self.store.pool.fetchval(
            "SELECT 1 FROM order_attempts WHERE ok AND conversation_id = $1 AND order_id = $2 LIMIT 1",
            conversation, order_id,
        ))  # fmt: skip
