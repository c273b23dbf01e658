"""The WAL of a SQLite file starts over after a checkpoint even when its first pass could not copy
every frame (a reader's snapshot, or turns committing meanwhile): under steady load a PASSIVE
checkpoint alone always left some, and the file grew by every commit."""
from __future__ import annotations

import sqlite3

from core.messages import Address, Outbound
from core.store.base import Conversation, TurnRecord
from core.store.sqlite import SQLiteStore


def turn(chat: str, text: str) -> TurnRecord:
    address = Address("telegram", chat)
    return TurnRecord(Conversation("c_" + chat, address), outbox=[Outbound(address, text)])


def wal_frames(store: SQLiteStore) -> int:
    """Frames in the WAL now (SQLite's `log` figure), read on the turns' own connection."""
    ((_, log, _),) = store._commits.writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    return log


async def test_frames_the_first_pass_could_not_copy_do_not_keep_the_wal_growing(tmp_path):
    path = str(tmp_path / "shop.db")
    async with SQLiteStore(path) as store:
        for i in range(20):
            await store.save_turn(turn(str(i), "hello"))
        report = sqlite3.connect(path, isolation_level=None)  # the owner's report, reading meanwhile
        report.execute("BEGIN")
        assert report.execute("SELECT COUNT(*) FROM outbox").fetchone() == (20,)
        for i in range(5):  # turns after the report's snapshot: no checkpoint may copy them yet
            await store.save_turn(turn(f"late{i}", "meanwhile"))
        checkpointer = store._checkpointer
        copy = checkpointer._db.execute

        async def execute(sql, *args):
            result = await copy(sql, *args)
            if "PASSIVE" in sql:
                report.execute("COMMIT")  # the report is done while the checkpoint runs
            return result

        checkpointer._db.execute = execute
        _, log, checkpointed = await checkpointer.checkpoint()
        assert log == checkpointed > 0  # every frame in the database, the late turns' too

        await store.save_turn(turn("next", "again"))
        # the next transaction wrote the WAL from its start: only its own frames are in it
        assert 0 < wal_frames(store) < log
        assert len(await store.pending_outbox()) == 26  # every turn's reply kept
        report.close()
