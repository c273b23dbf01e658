"""Read-only views of the store, for `csbot conversations`/`escalations`: they may run while
`csbot run` or `csbot chat` owns a SQLite file (one writer per file), so they never write or
migrate, and a database they cannot read is one line for the user."""
from __future__ import annotations

from core.store import open_store
from core.store.base import Store, StoreError


class StoreUnavailable(Exception):
    """The database cannot be read; the message is one line for the user."""


class StoreView:
    """`async with StoreView(db) as store`: the store opened read-only (SQLite without its writer lock)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._store: Store | None = None

    async def __aenter__(self) -> Store:
        store = open_store(self.db, read_only=True)
        try:
            await store.open()
        except StoreError as error:
            raise StoreUnavailable(str(error)) from None
        self._store = store
        return store

    async def __aexit__(self, *exc) -> None:
        if self._store is not None:
            await self._store.close()
