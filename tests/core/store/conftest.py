"""One store fixture for both backends: every test here runs on SQLite and on a real PostgreSQL
(a server this test session starts from the system's binaries, tests/support/postgres.py)."""
from __future__ import annotations

import pytest

from core.store import open_store
from tests.support.postgres import PostgresServer


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_url(backend, tmp_path, request) -> str:
    if backend == "sqlite":
        return str(tmp_path / "csbot.db")
    server = request.getfixturevalue("postgres_server")
    return server.fresh_database()


@pytest.fixture
async def store(store_url):
    store = open_store(store_url)
    await store.open()
    yield store
    await store.close()


async def _sqlite_pragma(store, pragma: str) -> None:
    """max_page_count is per connection: on a file, turns commit on a connection of their own
    (core/store/sqlite_commit.py), so the disk fills up for both."""
    await store.db.execute(pragma)
    if store._commits.writer is not None:
        store._commits.writer.execute(pragma)


class Faults:
    """A full disk, as each backend can have one without root: SQLite's max_page_count (the
    engine reports SQLITE_FULL exactly as for a full disk), and on PostgreSQL a constraint no new
    message satisfies. Both fail inside the store's real transaction."""

    def __init__(self, backend: str) -> None:
        self.backend = backend

    async def fill(self, store) -> None:
        if self.backend == "sqlite":
            ((pages,),) = await store.db.execute_fetchall("PRAGMA page_count")
            await _sqlite_pragma(store, f"PRAGMA max_page_count = {pages}")
        else:
            await store.pool.execute("ALTER TABLE messages ADD CONSTRAINT disk_full CHECK (created_at < 0) NOT VALID")

    async def mend(self, store) -> None:
        if self.backend == "sqlite":
            await _sqlite_pragma(store, "PRAGMA max_page_count = 1073741823")
        else:
            await store.pool.execute("ALTER TABLE messages DROP CONSTRAINT disk_full")


@pytest.fixture
def faults(backend) -> Faults:
    return Faults(backend)
