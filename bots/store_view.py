"""Read-only views of a SQLite store, for `csbot conversations`/`escalations`: they may run while
`csbot run` or `csbot chat` owns the file (one writer per file), so they never write, migrate or
wait long for a lock."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from core.store.sqlite import SQLiteStore


class StoreUnavailable(Exception):
    """The database cannot be read; the message is one line for the user."""


class StoreView(SQLiteStore):
    """SQLiteStore's queries on a read-only connection."""

    async def open(self) -> None:
        path = Path(self.path)
        if not path.is_file():
            raise StoreUnavailable(f"no database {self.path} (csbot chat/run create it; `make demo` uses demo.db)")
        try:
            self._db = await aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
            await self._db.execute_fetchall("SELECT 1 FROM conversations LIMIT 1")
        except sqlite3.Error as error:
            await self.close()
            raise StoreUnavailable(f"cannot read {self.path}: {error}") from None

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None
