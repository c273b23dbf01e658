"""Storage: `open_store(url_or_path)` picks the backend (a path or sqlite:/// gives SQLite,
postgresql:// gives PostgreSQL); the caller awaits `open()`."""
from __future__ import annotations

from core.store.base import DuplicateEvent, Store, StoreError

__all__ = ["DuplicateEvent", "Store", "StoreError", "open_store", "describe"]


def open_store(url_or_path: str, *, read_only: bool = False) -> Store:
    """The store for a csbot.toml `db` value or CSBOT_DATABASE_URL, not yet opened. `read_only`
    (inspection commands) opens a SQLite file without taking its writer lock."""
    target = str(url_or_path).strip()
    if target.startswith(("postgresql://", "postgres://")):
        from core.store.postgres import PostgresStore

        return PostgresStore(target)
    if target.startswith("sqlite://"):
        # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy spells them
        target = target.removeprefix("sqlite://").removeprefix("/") or ":memory:"
    elif "://" in target:
        scheme = target.split("://", 1)[0]
        raise StoreError(f"unknown database URL scheme '{scheme}://' (use a file path, sqlite:///path or postgresql://user@host/db)")
    from core.store.sqlite import SQLiteStore

    return SQLiteStore(target, read_only=read_only)


def describe(url_or_path: str) -> str:
    """The setting for the console, without a password."""
    target = str(url_or_path).split("?", 1)[0]  # query parameters may carry a password
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"
    return target
