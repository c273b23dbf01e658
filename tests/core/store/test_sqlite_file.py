"""Issue 13: one writer per SQLite file, enforced; a missing, unreadable or read-only database is
one line on the console and never a hang (aiosqlite's thread is closed after a failed open)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import aiosqlite
import pytest

from core.messages import Address, Outbound
from core.store import open_store
from core.store.base import Conversation, StoreError, TurnRecord
from core.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[3]


def csbot(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CSBOT_CONFIG", "CSBOT_DATABASE_URL", "CSBOT_DB")}
    return subprocess.run(
        [sys.executable, "-m", "bots.cli", *args], cwd=ROOT / "knowledge", capture_output=True, text=True,
        timeout=60, stdin=subprocess.DEVNULL, env={**env, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def turn(chat: str, *texts: str) -> TurnRecord:
    address = Address("telegram", chat)
    return TurnRecord(Conversation("c_" + chat, address), outbox=[Outbound(address, t) for t in texts])


async def test_a_second_process_on_the_same_file_gets_one_clear_line(tmp_path):
    db = tmp_path / "shop.db"
    async with SQLiteStore(str(db)) as store:
        await store.save_turn(turn("1", "hello"))
        result = csbot("chat", "--pack", "pastashop", "--model", "offline", "--db", str(db))
        assert result.returncode == 2
        assert result.stderr.strip() == (
            f"csbot: {db} is in use by process {os.getpid()}; several workers need PostgreSQL: see README"
        )
        # the inspection commands read beside the writer, without its lock
        listed = csbot("conversations", "--db", str(db))
        assert listed.returncode == 0, listed.stderr
        assert "c_1" in listed.stdout
        assert await store.save_turn(turn("1", "still mine")) == [2]  # the first process is unharmed


async def test_the_lock_goes_with_the_store(tmp_path):
    db = str(tmp_path / "shop.db")
    async with SQLiteStore(db):
        with pytest.raises(StoreError, match="is in use by process"):
            await SQLiteStore(db).open()
    async with SQLiteStore(db) as again:  # closed: free for the next process
        assert await again.pending_outbox() == []


async def test_outbox_ids_come_from_the_database_not_from_a_count_kept_at_open(tmp_path):
    db = str(tmp_path / "shop.db")
    async with SQLiteStore(db) as store:
        assert await store.save_turn(turn("1", "a")) == [1]
        raw = sqlite3.connect(db)  # a repair tool or an old process wrote a row meanwhile
        raw.execute("INSERT INTO outbox (id, channel, payload, created_at, updated_at) VALUES (7, 'x', '{}', 0, 0)")
        raw.commit()
        raw.close()
        assert await store.save_turn(turn("1", "b", "c")) == [8, 9]


@pytest.mark.parametrize("case", ["missing folder", "not a database", "read-only file"])
async def test_a_database_that_cannot_be_opened_is_one_line_and_leaves_no_thread(tmp_path, case):
    db = tmp_path / "shop.db"
    if case == "missing folder":
        db = tmp_path / "no" / "such" / "shop.db"
    elif case == "not a database":
        db.write_bytes(b"this is a spreadsheet, not a database" * 200)
    else:
        folder = Path(tempfile.mkdtemp())  # not under pytest's root-only folder: `nobody` reaches it
        db = folder / "shop.db"
        async with SQLiteStore(str(db)) as store:
            await store.save_turn(turn("1", "a"))
        db.chmod(0o444)
        folder.chmod(0o555)  # no lock file, no journal beside it either
    threads = set(threading.enumerate())
    try:
        if case == "read-only file" and os.geteuid() == 0:
            # root writes anyway: run the open as an unprivileged user, as a shop's service would
            code = f"import asyncio; from core.store.sqlite import SQLiteStore; asyncio.run(SQLiteStore({str(db)!r}).open())"
            python, path = _python_for_nobody(folder)
            result = subprocess.run(
                ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", python, "-c", code],
                cwd=folder, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": path},
            )  # fmt: skip
            assert result.returncode != 0
            assert result.stderr.strip().splitlines()[-1].startswith("core.store.base.StoreError: cannot open the database"), result.stderr
            return
        with pytest.raises(StoreError) as caught:
            await SQLiteStore(str(db)).open()
        assert str(caught.value).startswith("cannot open the database")
        assert "\n" not in str(caught.value)
        for thread in set(threading.enumerate()) - threads:  # a live aiosqlite thread would hang the exit
            thread.join(timeout=10)
            assert not thread.is_alive()
        result = csbot("web", "--pack", "pastashop", "--model", "offline", "--db", str(db), "--port", "0")
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "cannot open the database" in result.stderr
    finally:
        if case == "read-only file":
            db.parent.chmod(0o755)
            shutil.rmtree(db.parent)


def _python_for_nobody(folder: Path) -> tuple[str, str]:
    """The interpreter and the code the unprivileged user runs, wherever the checkout sits: a clone
    in a folder of mode 0700 (mktemp -d) is unreadable to `nobody`, and so is its venv. The store's
    code and aiosqlite are copied beside the database, and the venv's base interpreter runs them."""
    code = folder / "code"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "core", code / "core", ignore=ignore)
    shutil.copytree(Path(aiosqlite.__file__).parent, code / "aiosqlite", ignore=ignore)
    for path in [code, *code.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return os.path.realpath(sys.executable), str(code)


async def test_reading_a_missing_database_says_so(tmp_path):
    result = csbot("conversations", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"csbot: no database at {tmp_path / 'none.db'}"
    with pytest.raises(StoreError):
        await open_store(str(tmp_path / "none.db"), read_only=True).open()


@pytest.mark.parametrize("link", ["symbolic", "hard"])
async def test_a_link_planted_at_the_lock_file_is_refused_and_its_target_left_alone(tmp_path, link):
    db = tmp_path / "shop.db"
    victim = tmp_path / "someone_elses.txt"
    victim.write_text("not csbot's to truncate\n")
    if link == "symbolic":
        os.symlink(victim, f"{db}.lock")
    else:
        os.link(victim, f"{db}.lock")
        if os.geteuid() == 0:
            os.chown(victim, 65534, 65534)  # nobody's file, as another local user would plant it
    with pytest.raises(StoreError) as caught:
        await SQLiteStore(str(db)).open()
    assert str(caught.value).startswith(f"cannot open the database {db}: ")
    assert "\n" not in str(caught.value)
    assert victim.read_text() == "not csbot's to truncate\n"


async def test_a_new_database_and_its_companions_are_readable_by_this_user_only(tmp_path):
    db = tmp_path / "shop.db"
    async with SQLiteStore(str(db)) as store:
        await store.save_turn(turn("1", "a private conversation"))
        modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {"shop.db": 0o600, "shop.db-wal": 0o600, "shop.db-shm": 0o600, "shop.db.lock": 0o600}


async def test_a_desk_file_made_by_someone_else_first_is_one_line(tmp_path):
    db = tmp_path / "shop.db"
    (tmp_path / "shop.db.desk").mkdir()  # not removable as a file: the endpoint cannot be written
    result = csbot("chat", "--pack", "pastashop", "--model", "offline", "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"csbot: cannot write {db}.desk (")
