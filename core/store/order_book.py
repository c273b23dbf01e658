"""The order book of a store, whichever its backend (used once the store is open)."""
from __future__ import annotations

from core.shop.orders.book import MemoryOrderBook, OrderBook


def order_book(store) -> OrderBook:
    from core.store.sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        from core.store.sqlite_orders import SQLiteOrderBook

        return SQLiteOrderBook(store)
    if type(store).__name__ == "PostgresStore":  # no asyncpg import for SQLite users
        from core.store.pg_orders import PostgresOrderBook

        return PostgresOrderBook(store)
    return MemoryOrderBook()  # a test double without tables
