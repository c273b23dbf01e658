"""`csbot forget` and `csbot export` as a user runs them, on a store a terminal chat filled."""
from __future__ import annotations

import csv

from tests.bots.test_cli import csbot


def test_export_then_forget_the_terminal_customer(tmp_path):
    db = str(tmp_path / "c.db")
    chat = csbot("chat", "--pack", "pastashop", "--model", "offline", "--db", db,
                 stdin="how much is shipping to Germany?\nmy mail is ann@example.com\n")
    assert chat.returncode == 0, chat.stderr

    exported = csbot("export", "--db", db, "--since", "1d", "--out", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "conversations.csv").open(encoding="utf-8")))
    assert [(r["platform"], r["customer messages"]) for r in rows] == [("terminal", "2")]
    assert (tmp_path / "out" / "ratings.csv").read_text().startswith("conversation,subject,kind,value")

    forgotten = csbot("forget", "ann@example.com", "--db", db)
    assert forgotten.returncode == 0, forgotten.stderr
    assert rows[0]["conversation"] in forgotten.stdout
    assert "terminal:local" not in csbot("conversations", "--db", db).stdout
    again = csbot("forget", "ann@example.com", "--db", db)
    assert again.returncode == 1 and "nothing deleted" in again.stdout


def test_a_bad_period_is_one_line(tmp_path):
    result = csbot("export", "--db", str(tmp_path / "c.db"), "--since", "last tuesday")
    assert result.returncode == 2 and "is not a period" in result.stderr and "Traceback" not in result.stderr


async def test_retention_runs_while_csbot_runs_when_keep_days_is_set():
    import asyncio
    import io
    import time
    from types import SimpleNamespace

    from bots.config import Config
    from bots.privacy_cmd import keeping
    from rich.console import Console

    asked = asyncio.Queue()

    async def read(sql: str, moment: float, limit: int) -> list[tuple]:  # the retention's query of old conversations
        await asked.put(moment)
        return []

    hub = SimpleNamespace(store=SimpleNamespace(read=read))
    async with keeping(hub, Config(privacy={"keep_days": 30}), Console(file=io.StringIO())):
        moment = await asyncio.wait_for(asked.get(), 5)
    assert abs(moment - (time.time() - 30 * 86400)) < 60
    async with keeping(hub, Config(), Console(file=io.StringIO())):
        pass
    assert asked.empty()  # no setting: nothing is deleted
