"""`open_store` picks the backend from csbot.toml's `db` or CSBOT_DATABASE_URL."""
from __future__ import annotations

import pytest

from bots.config import load_config
from core.store import describe, open_store
from core.store.base import StoreError
from core.store.postgres import PostgresStore
from core.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    "setting, path",
    [("shop.db", "shop.db"), ("sqlite:///shop.db", "shop.db"), ("sqlite:////var/lib/csbot/shop.db", "/var/lib/csbot/shop.db"),
     (":memory:", ":memory:")],
)  # fmt: skip
def test_paths_and_sqlite_urls_give_the_sqlite_store(setting, path):
    store = open_store(setting)
    assert isinstance(store, SQLiteStore) and store.path == path


def test_a_postgresql_url_gives_the_postgresql_store():
    assert isinstance(open_store("postgresql://csbot@db.internal/shop"), PostgresStore)
    assert isinstance(open_store("postgres://csbot@db.internal/shop"), PostgresStore)
    with pytest.raises(StoreError, match="unknown database URL scheme 'mysql://'"):
        open_store("mysql://db.internal/shop")


def test_the_console_never_shows_the_password():
    assert describe("postgresql://csbot:s3cret@db.internal:5433/shop") == "postgresql://csbot@db.internal:5433/shop"
    assert describe("postgresql://db.internal/shop?password=s3cret") == "postgresql://db.internal/shop"
    assert describe("csbot.db") == "csbot.db"


def test_the_environment_wins_over_the_file(tmp_path):
    (tmp_path / "csbot.toml").write_text('db = "shop.db"\n')
    url = "postgresql://csbot@db.internal/shop"
    assert load_config(tmp_path / "csbot.toml", env={"CSBOT_DATABASE_URL": url}).db == url
    assert load_config(tmp_path / "csbot.toml", env={}).db == "shop.db"
