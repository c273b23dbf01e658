"""The order book (core/shop/orders/book.py) on the SQLite store's connection.

Each write is one statement in autocommit mode, run on aiosqlite's single thread, so it never
lands inside a turn's transaction; a refund intent is on disk before its refund is asked for."""
from __future__ import annotations

import json
import time

from core.shop.orders.book import Change, RefundIntent

INTENT_COLUMNS = "key, order_id, amount, reason, state, refund_id, note"


class SQLiteOrderBook:
    def __init__(self, store) -> None:
        self.store = store  # core/store/sqlite.py's SQLiteStore, opened

    async def changes(self, source: str, order_id: str) -> list[Change]:
        rows = await self.store.db.execute_fetchall(
            "SELECT kind, data, created_at FROM order_changes WHERE source = ? AND order_id = ? ORDER BY id",
            (source, order_id),
        )
        return [Change(kind, json.loads(data), at) for kind, data, at in rows]

    async def add_change(self, source: str, order_id: str, kind: str, data: dict) -> None:
        await self.store.db.execute(
            "INSERT INTO order_changes (source, order_id, kind, data, created_at) VALUES (?,?,?,?,?)",
            (source, order_id, kind, json.dumps(data, ensure_ascii=False), time.time()),
        )

    async def refund_intent(self, intent: RefundIntent) -> RefundIntent:
        now = time.time()
        await self.store.db.execute(
            f"INSERT OR IGNORE INTO refund_intents ({INTENT_COLUMNS}, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (intent.key, intent.order_id, intent.amount, intent.reason, intent.state, intent.refund_id, intent.note, now, now),
        )
        rows = await self.store.db.execute_fetchall(
            f"SELECT {INTENT_COLUMNS} FROM refund_intents WHERE key = ?", (intent.key,)
        )
        return RefundIntent(*rows[0])

    async def settle_refund(self, key: str, state: str, refund_id: str = "", note: str = "") -> None:
        await self.store.db.execute(
            "UPDATE refund_intents SET state = ?, refund_id = ?, note = ?, updated_at = ? WHERE key = ?",
            (state, refund_id, note, time.time(), key),
        )

    async def add_attempt(self, conversation: str, customer: str, order_id: str, ok: bool) -> None:
        await self.store.db.execute(
            "INSERT INTO order_attempts (conversation_id, customer, order_id, ok, created_at) VALUES (?,?,?,?,?)",
            (conversation, customer, order_id, int(ok), time.time()),
        )

    async def failed_attempts(self, conversation: str, customer: str, order_id: str, since: float) -> int:
        ((count,),) = await self.store.db.execute_fetchall(
            "SELECT COUNT(*) FROM order_attempts WHERE ok = 0 AND created_at >= ? "
            "AND (conversation_id = ? OR customer = ? OR order_id = ?)",
            (since, conversation, customer, order_id),
        )
        return count

    async def proven(self, conversation: str, order_id: str) -> bool:
        rows = await self.store.db.execute_fetchall(
            "SELECT 1 FROM order_attempts WHERE ok = 1 AND conversation_id = ? AND order_id = ? LIMIT 1",
            (conversation, order_id),
        )
        return bool(rows)
