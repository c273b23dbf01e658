"""A real store whose next commits fail as a full disk does: the fault the at-least-once tests inject."""
from __future__ import annotations

import asyncio
import sqlite3
from typing import Any


class FailingCommits:
    """Wraps a store: the next `failures` save_turn calls raise and write nothing; everything
    else is the real store. `failed` is set at the first failure."""

    def __init__(self, store: Any, failures: int = 1) -> None:
        self._store = store
        self.failures = failures
        self.failed = asyncio.Event()

    async def save_turn(self, turn: Any) -> list[int]:
        if self.failures > 0:
            self.failures -= 1
            self.failed.set()
            raise sqlite3.OperationalError("database or disk is full")
        return await self._store.save_turn(turn)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def fail_next_commits(hub: Any, failures: int = 1) -> FailingCommits:
    """Put a FailingCommits in front of the hub's store (engine and outbox alike)."""
    store = FailingCommits(hub.engine.store, failures)
    hub.engine.store = store
    return store
