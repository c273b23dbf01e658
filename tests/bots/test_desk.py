"""`csbot desk`: its commands on a hub, and through the endpoint of a running `csbot chat`."""
from __future__ import annotations

import asyncio
import io
import os
import stat
import sys
from pathlib import Path

import aiohttp
import pytest
from rich.console import Console

from bots.config import Config
from bots.desk_actions import DeskActions
from bots.desk_cmd import DeskSession, desk_command
from bots.desk_endpoint import DeskClient, DeskEndpoint, endpoint_file
from bots.wiring import build_hub, close_hub
from core.desk.escalation import State
from core.messages import Address, Inbound, Outbound, Voice

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "knowledge" / "pastashop"
ANN = Address("terminal", "ann")


class Lines:
    """Scripted staff input for the desk (None = Ctrl-D)."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    async def __call__(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.lines.pop(0) if self.lines else None


class Customer:
    def __init__(self) -> None:
        self.received: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.received.append(outbound)


def recording_console() -> Console:
    return Console(file=io.StringIO(), width=60, color_system=None, highlight=False)


def output(console: Console) -> str:
    return console.file.getvalue()


@pytest.fixture
async def hub(tmp_path: Path):
    hub = await build_hub(PACK, None, tmp_path / "db.sqlite")
    customer = Customer()
    hub.register("terminal", customer)
    hub.customer = customer
    yield hub
    await close_hub(hub)


async def test_approve_asks_for_the_missing_amount_then_the_customer_reads_no_placeholder(hub) -> None:
    await hub.receive(Inbound(ANN, "I want my money back for order 1042", None, user_name="Ann"))
    console = recording_console()
    lines = Lines("show 1", "approve 1", "24.90", "quit")
    await DeskSession(DeskActions(hub), console, "Sam", lines).run()
    shown = output(console)
    assert "order_id 1042 ✓" in shown and "amount missing" in shown  # the card says what approval needs
    assert "approval needs amount" in shown and "  amount? " in lines.prompts
    approval = hub.customer.received[-1]
    assert approval.voice is Voice.STAFF and approval.author == "Sam"
    assert "your refund of 24.90 EUR for order 1042" in approval.text and "{" not in approval.text
    assert "issued" not in approval.text  # the pack's orders record it; a person pays it out
    [escalation] = await hub.store.list_escalations()
    assert escalation.state is State.APPROVED


@pytest.mark.parametrize("answer", ["amount=24.90", "24,90", "24.90 EUR"])
async def test_the_amount_is_taken_as_staff_write_it(hub, answer: str) -> None:
    await hub.receive(Inbound(ANN, "I want my money back for order 1042", None, user_name="Ann"))
    console = recording_console()
    await DeskSession(DeskActions(hub), console, "Sam", Lines("approve 1", answer, "quit")).run()
    assert "invalid" not in output(console) and "argument --" not in output(console)
    assert "your refund of 24.90 EUR for order 1042" in hub.customer.received[-1].text
    [escalation] = await hub.store.list_escalations()
    assert escalation.state is State.APPROVED


async def test_an_amount_that_is_none_is_said_in_staffs_words_not_argparses(hub) -> None:
    await hub.receive(Inbound(ANN, "I want my money back for order 1042", None, user_name="Ann"))
    console = recording_console()
    await DeskSession(DeskActions(hub), console, "Sam", Lines("approve 1 amount=all of it", "quit")).run()
    shown = " ".join(output(console).split())
    assert "amount 'all of it' not understood: give the amount the customer asks for" in shown
    assert "argument --amount" not in shown and "invalid float" not in shown
    [escalation] = await hub.store.list_escalations()
    assert escalation.state is State.OPEN


async def test_the_card_has_the_amount_the_customer_wrote_without_a_currency(hub) -> None:
    await hub.receive(Inbound(ANN, "I want a refund of 24.90 for order 1042, the jar arrived broken", None, user_name="Ann"))
    console = recording_console()
    await DeskSession(DeskActions(hub), console, "Sam", Lines("show 1", "quit")).run()
    shown = output(console)
    assert "amount missing" not in shown and "24.90 EUR" in shown


async def test_deny_needs_a_reason_take_and_return(hub) -> None:
    await hub.receive(Inbound(ANN, "I want my money back for order 1042", None, user_name="Ann"))
    [escalation] = await hub.store.list_escalations()
    console = recording_console()
    session = DeskSession(DeskActions(hub), console, "Sam", Lines())
    await session.execute(f"deny {escalation.id}")
    assert "deny needs a reason" in output(console)
    await session.execute(f"take {escalation.id[:6]}")
    assert (await hub.store.get_escalation(escalation.id)).state is State.TAKEN
    await session.execute(f"deny {escalation.id} The parcel arrived intact.")
    assert "Reason: The parcel arrived intact." in hub.customer.received[-1].text
    await hub.receive(Inbound(ANN, "I have celiachia, can I eat your spaghetti?", None, user_name="Ann"))
    await session.execute("list")
    await session.execute("return 1")
    assert hub.customer.received[-1].text == hub.pack.replies.returned
    assert "no open escalations" in output(console).splitlines()[-2] or await hub.store.list_escalations(True) == []


async def test_return_greets_a_german_customer_in_german(hub) -> None:
    await hub.receive(Inbound(ANN, "Ich habe Zöliakie. Kann ich Ihre Spaghetti essen?", None, user_name="Ann"))
    assert await hub.store.list_escalations(True)
    await DeskSession(DeskActions(hub), recording_console(), "Sam", Lines("return 1", "quit")).run()
    back = hub.customer.received[-1]
    assert back.text == hub.pack.replies_in("de").returned and back.text != hub.pack.replies.returned


async def test_list_shows_whole_ids_and_inert_names(hub) -> None:
    hostile = "[bold red]Mallory[/] \x1b[2J\x1b]0;pwned\x07"
    await hub.receive(Inbound(ANN, "I want to talk to a human", None, user_name=hostile))
    [escalation] = await hub.store.list_escalations()
    narrow = Console(file=io.StringIO(), width=40, color_system=None, highlight=False)
    await DeskSession(DeskActions(hub), narrow, "Sam", Lines()).execute("list")
    assert escalation.id in output(narrow)  # whole, even 40 columns wide: staff paste it
    wide = Console(file=io.StringIO(), width=200, color_system="truecolor", highlight=False)
    session = DeskSession(DeskActions(hub), wide, "Sam", Lines())
    await session.execute("list")
    await session.execute("show 1")
    shown = output(wide)
    assert shown.count("[bold red]Mallory[/]") >= 2  # shown as typed in the list and the card, not as markup
    assert "\x1b[2J" not in shown and "\x1b]0;" not in shown and "\x07" not in shown


async def test_endpoint_refuses_a_wrong_token_and_its_file_is_private(hub, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    async with DeskEndpoint(hub, db) as endpoint:
        file = endpoint_file(db.resolve())
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        async with aiohttp.ClientSession() as http:
            async with http.get(endpoint.url + "/escalations", headers={"Authorization": "Bearer nope"}) as response:
                assert response.status == 401
        client = DeskClient.find(db)
        assert client is not None
        try:
            assert await client.escalations() == []
        finally:
            await client.close()
        if os.getuid() == 0:  # a file another user wrote is never trusted with staff actions
            os.chown(file, 12345, -1)
            assert DeskClient.find(db) is None
            os.chown(file, 0, -1)
    assert not file.exists()  # removed on stop: a later desk does not look for a dead process


async def _read_until(stream: asyncio.StreamReader, needle: str, seen: list[str], timeout: float = 30) -> None:
    async def scan() -> None:
        while needle not in "".join(seen):
            chunk = await stream.read(4096)
            if not chunk:
                raise AssertionError(f"process ended before {needle!r}: {''.join(seen)}")
            seen.append(chunk.decode())

    await asyncio.wait_for(scan(), timeout)


async def test_desk_answers_a_handoff_through_the_running_chat(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {**os.environ, "OLLAMA_HOST": "http://127.0.0.1:9", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    chat = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bots.cli", "chat", "--pack", "pastashop", "--model", "offline", "--db", str(db),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env, cwd=ROOT,
    )
    seen: list[str] = []
    try:
        chat.stdin.write(b"I have celiachia, can I eat your spaghetti?\n")
        await chat.stdin.drain()
        await _read_until(chat.stdout, "handed to staff", seen)
        assert endpoint_file(db.resolve()).exists()

        console = recording_console()
        lines = Lines("list", "reply 1 Our spaghetti contain gluten & wheat, sorry.", "quit")
        assert await desk_command(Config(pack="pastashop", db=str(db)), console, staff="Sam", read_line=lines) == 0
        assert "through the csbot process that holds it" in output(console)
        assert "sent to the customer" in output(console)
        await _read_until(chat.stdout, "Sam · staff › Our spaghetti contain gluten & wheat, sorry.", seen)
    finally:
        chat.stdin.close()
        await asyncio.wait_for(chat.wait(), 30)
    assert chat.returncode == 0
    assert not endpoint_file(db.resolve()).exists()


async def test_desk_without_a_database_is_one_line(tmp_path: Path, capsys) -> None:
    code = await desk_command(Config(db=str(tmp_path / "none.db")), recording_console(), staff="Sam", read_line=Lines())
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no database" in err and not (tmp_path / "none.db").exists()
