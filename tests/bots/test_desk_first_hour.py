"""The terminal desk in its first hour: it says when an escalation arrives, a list number never
acts on an escalation that closed since the list was shown, a staff answer to a conversation the
customer left reads as such, and on PostgreSQL the desk says what is true."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from bots.desk_actions import DeskActions
from bots.desk_cmd import DeskSession, opening_note
from bots.terminal import TerminalChat
from bots.wiring import build_hub, close_hub
from core.messages import Address, Inbound, Outbound, Voice

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "knowledge" / "pastashop"


class Recorder:
    def __init__(self) -> None:
        self.got: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.got.append(outbound)


def console() -> Console:
    return Console(file=io.StringIO(), width=200, color_system=None, highlight=False)


def printed(c: Console) -> str:
    return c.file.getvalue()


@pytest.fixture
async def hub(tmp_path: Path):
    hub = await build_hub(PACK, None, tmp_path / "db.sqlite")
    hub.customers = Recorder()
    hub.register("telegram", hub.customers)
    yield hub
    await close_hub(hub)


async def say(hub, chat: str, text: str) -> None:
    await hub.receive(Inbound(Address("telegram", chat), text, event_id=None, user_id=chat, user_name=f"Customer {chat}"))


async def test_the_desk_announces_an_escalation_that_arrives_while_it_is_open(hub) -> None:
    out = console()
    session = DeskSession(DeskActions(hub), out, "Sam", read_line=None)
    await session.show_list()
    assert await session.announce_new() == []
    await say(hub, "1", "I want to talk to a human")
    [escalation] = await hub.store.list_escalations(open_only=True)
    assert await session.announce_new() == [escalation.id]
    assert f"new escalation {escalation.id} · human · Customer 1 (telegram)" in printed(out)
    assert await session.announce_new() == []  # said once


async def test_a_list_number_never_acts_on_an_escalation_that_closed_since(hub) -> None:
    await say(hub, "1", "I want to talk to a human")
    out = console()
    session = DeskSession(DeskActions(hub), out, "Sam", read_line=None)
    await session.show_list()
    [first] = session.listed
    await say(hub, "1", "never mind")  # withdrawn after the list was shown
    await say(hub, "2", "I want to talk to a human")
    sent_before = len(hub.customers.got)
    await session.execute("reply 1 Hello, how can I help?")
    assert f"#1 was {first}, which is withdrawn now: nothing done" in printed(out)
    assert not [o for o in hub.customers.got[sent_before:] if o.voice is Voice.STAFF]
    [second] = session.listed  # the list was shown again, as it is now
    assert second != first
    await session.execute("reply 1 Hello, how can I help?")
    assert f"#1 is {second}" in printed(out)
    assert hub.customers.got[-1].voice is Voice.STAFF and hub.customers.got[-1].address.chat_id == "2"


async def test_a_staff_answer_to_a_conversation_left_with_new_reads_as_such(hub) -> None:
    out = console()
    lines = iter(["I want to talk to a human", "/new"])

    async def read_line() -> str | None:
        line = next(lines, None)
        if line is None and not printed(out).count("Sam · staff"):
            [escalation] = await hub.store.list_escalations(open_only=True)
            await hub.staff_reply(escalation.id, "Sam", "Hello, Sam here.")
            await hub.outbox.flush()
        return line

    chat = TerminalChat(hub, out)
    await chat.run(read_line)
    text = printed(out)
    assert "(in your earlier conversation" in text and "Sam · staff › Hello, Sam here." in text
    answer = next(line for line in text.splitlines() if "Sam · staff" in line)
    assert answer.startswith("(in your earlier conversation c_")


def test_on_postgresql_the_desk_does_not_say_no_process_holds_the_database() -> None:
    note = opening_note("postgresql://csbot:pw@127.0.0.1/csbot")
    assert "no csbot process holds" not in note and "pw" not in note
    assert "workers" in note
    assert opening_note("demo.db").startswith("no csbot process holds demo.db")


async def test_a_second_command_on_a_database_a_chat_holds_says_what_to_do(hub, tmp_path: Path) -> None:
    from bots.config import Config
    from bots.desk_endpoint import DeskEndpoint
    from bots.runtime import prepare_hub
    from core.store.base import StoreError

    db = tmp_path / "db.sqlite"
    async with DeskEndpoint(hub, db):  # what `csbot chat` (make demo) serves while it runs
        with pytest.raises(StoreError) as refused:
            await prepare_hub(Config(pack="pastashop", model="offline", db=str(db)), console())
    message = str(refused.value)
    assert message.endswith(f"is in use by csbot process {os.getpid()}: stop the chat, or pass another --db")
    assert "PostgreSQL" not in message
