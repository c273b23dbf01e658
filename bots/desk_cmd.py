"""`csbot desk`: the staff desk in the terminal, for shops without Slack (and for the demo).

Open escalations with their cards; reply, approve (asking for missing details), deny with a
reason, take over, return to the bot. When `csbot run` or `csbot chat` holds the database the
desk acts through its endpoint (bots/desk_endpoint.py), never as a second writer.
"""
from __future__ import annotations

import asyncio
import getpass
import logging
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from adapters.escalation import parse_details
from bots.config import Config
from bots.desk_actions import DeskActions
from bots.desk_endpoint import DeskClient, sqlite_file
from bots.terminal import inert
from core.store import describe
from core.store.base import StoreError

HELP = """commands (ID: the full id, a unique start of it, or the number in the list):
  list                        open escalations
  show ID                     the card: details, what approval needs, last messages
  reply ID TEXT               answer the customer (takes the conversation)
  approve ID [key=value ...]  approve the refund; missing details are asked for
  deny ID REASON              deny the refund; the customer reads the reason
  take ID                     take the conversation over
  return ID                   hand the conversation back to the bot
  help, quit"""

ReadLine = Callable[[str], Awaitable[str | None]]
log = logging.getLogger("csbot.desk")
WATCH_EVERY = 3.0  # seconds between two looks for new escalations while the desk is open
ACTING = ("reply", "approve", "deny", "take", "return")


class DeskSession:
    def __init__(self, desk: Any, console: Console, staff: str, read_line: ReadLine, watch_every: float = WATCH_EVERY) -> None:
        self.desk = desk
        self.console = console
        self.staff = staff
        self.read_line = read_line
        self.watch_every = watch_every
        self.listed: list[str] = []
        self.known: set[str] | None = None  # open escalations already shown or announced

    async def run(self) -> None:
        await self.execute("list")
        self.console.print("[dim](type help for commands; Ctrl-D or quit to leave)[/]")
        watch = asyncio.create_task(self._watch(), name="csbot-desk-watch")
        try:
            while True:
                line = await self.read_line("desk › ")
                if line is None or not await self.execute(line):
                    break
        finally:
            watch.cancel()
            await asyncio.gather(watch, return_exceptions=True)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.watch_every)
            try:
                await self.announce_new()
            except Exception:  # the desk stays usable when one look fails (a restart of the chat)
                log.debug("desk: could not look for new escalations", exc_info=True)

    async def announce_new(self) -> list[str]:
        """Say which escalations opened since the last look; returns their ids."""
        escalations = await self.desk.escalations(open_only=True)
        fresh = [e for e in escalations if self.known is not None and e["id"] not in self.known]
        self.known = (self.known or set()) | {e["id"] for e in escalations}
        for e in fresh:
            who = f"{e['customer'] or '?'} ({e['platform']})"
            line = Text("new escalation ", style="bold yellow") + Text(e["id"], style="bold") + Text(f" · {e['reason']} · ")
            self.console.print(line + inert(who) + Text(f" · show {e['id']}", style="dim"))
        return [e["id"] for e in fresh]

    async def execute(self, line: str) -> bool:
        """Run one command line; False when the desk should close."""
        command, _, rest = line.strip().partition(" ")
        command, rest = command.lower(), rest.strip()
        if not command:
            return True
        if command in ("quit", "exit", "/quit"):
            return False
        if command in ("help", "?"):
            self.console.print(Text(HELP))
            return True
        if command in ("list", "ls"):
            await self.show_list()
            return True
        target, _, text = rest.partition(" ")
        if command not in ("show", "reply", "approve", "deny", "take", "return"):
            self.say(f"unknown command {command!r}; type help")
            return True
        escalation_id = await self.resolve(target, acting=command in ACTING)
        if escalation_id is None:
            return True
        if command == "show":
            await self.show(escalation_id)
        elif command == "reply":
            self.report(await self.desk.reply(escalation_id, self.staff, text))
        elif command == "approve":
            await self.approve(escalation_id, parse_details(text))
        elif command == "deny":
            self.report(await self.desk.decide(escalation_id, "deny", self.staff, note=text))
        else:
            self.report(await self.desk.decide(escalation_id, command, self.staff))
        return True

    async def approve(self, escalation_id: str, details: dict) -> None:
        result = await self.desk.decide(escalation_id, "approve", self.staff, details=details)
        while not result.get("ok") and result.get("missing"):
            self.say(f"approval needs {', '.join(result['missing'])}")
            for name in result["missing"]:
                value = await self.read_line(f"  {name}? ")
                if value is None or not value.strip():
                    self.say("approval cancelled")
                    return
                details[name] = parse_details(value).get(name, value.strip())  # "amount=24.90" answers "amount?" too
            result = await self.desk.decide(escalation_id, "approve", self.staff, details=details)
        self.report(result)

    async def resolve(self, target: str, acting: bool = False) -> str | None:
        if not target:
            self.say("which escalation? give its id or its number in the list")
            return None
        if target.lstrip("#").isdigit() and 0 < int(target.lstrip("#")) <= len(self.listed):
            number = int(target.lstrip("#"))
            escalation_id = self.listed[number - 1]
            return await self._still_open(number, escalation_id) if acting else escalation_id
        ids = [e["id"] for e in await self.desk.escalations(open_only=False)]
        matches = [i for i in ids if i == target] or [i for i in ids if i.startswith(target)]
        if len(matches) != 1:
            self.say(f"no escalation {target}" if not matches else f"{target} is ambiguous: {' '.join(matches)}")
            return None
        return matches[0]

    async def _still_open(self, number: int, escalation_id: str) -> str | None:
        """A list number names what the list showed: act only if that escalation is still open,
        else say what became of it and show the list as it is now."""
        card = await self.desk.card(escalation_id)
        state = card["state"] if card else "gone"
        if state in ("open", "taken"):
            self.console.print(Text(f"#{number} is {escalation_id}", style="dim"))
            return escalation_id
        self.console.print(Text(f"#{number} was {escalation_id}, which is {state} now: nothing done. "
                                "The open escalations now:", style="red"))
        await self.show_list()
        return None

    async def show_list(self) -> None:
        escalations = await self.desk.escalations(open_only=True)
        self.listed = [e["id"] for e in escalations]
        self.known = (self.known or set()) | set(self.listed)
        if not escalations:
            self.console.print("no open escalations")
            return
        # Ids are never cut: staff paste them into commands.
        width = max(len(e["id"]) for e in escalations)
        table = Table("#", title="open escalations")
        table.add_column("id", no_wrap=True, min_width=width)
        for column in ("reason", "state", "customer", "waiting", "needed to approve"):
            table.add_column(column)
        now = time.time()
        for number, e in enumerate(escalations, 1):
            needed = " ".join(f"{k}✓" if v else f"{k}?" for k, v in e["needed"]) or "-"
            table.add_row(str(number), e["id"], e["reason"], e["state"], inert(f"{e['customer'] or '?'} ({e['platform']})"),
                          _ago(now - e["opened"]), needed)
        self.console.print(table)

    async def show(self, escalation_id: str) -> None:
        card = await self.desk.card(escalation_id)
        if not card:
            self.say(f"no escalation {escalation_id}")
            return
        body = inert(card["text"])
        if card["actions"]:
            body.append("\nactions: " + ", ".join(_VERBS[a] for a in card["actions"] if a in _VERBS))
        self.console.print(Panel(body, title=inert(card["id"]), title_align="left"))

    def report(self, result: dict) -> None:
        style = "green" if result.get("ok") else "red"
        self.console.print(Text(str(result.get("message", "")), style=style))

    def say(self, text: str) -> None:
        self.console.print(Text(text))


_VERBS = {"approve": "approve", "deny": "deny", "take_over": "take", "return": "return"}


def _ago(seconds: float) -> str:
    minutes = int(max(seconds, 0) // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"


async def _read_line(prompt: str) -> str | None:
    def read() -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    return await asyncio.to_thread(read)


def opening_note(db: str) -> str:
    """What is true when the desk opens the store itself: on SQLite no process holds the file
    (else the desk would use its endpoint); on PostgreSQL the workers may well be running."""
    where = describe(db)
    if sqlite_file(db) is None:
        return (f"desk on {where}: staff actions are stored there; the running csbot workers send the "
                "replies to customers")
    return f"no csbot process holds {where}: the desk opens it; customers get replies when their chat runs"


def default_staff() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "staff"


async def desk_command(config: Config, console: Console, *, staff: str | None = None, read_line: ReadLine | None = None) -> int:
    staff = staff or default_staff()
    read_line = read_line or _read_line
    client = DeskClient.find(config.db)
    if client is not None:
        console.print(f"[dim]desk for {escape(describe(config.db))}, through the csbot process that holds it · you are {escape(staff)}[/]")
        try:
            await DeskSession(client, console, staff, read_line).run()
        finally:
            await client.close()
        return 0
    path = sqlite_file(config.db)
    if path is not None and not path.is_file():
        print(f"csbot desk: no database {describe(config.db)} (csbot chat/run create it; `make demo` uses demo.db)", file=sys.stderr)
        return 1
    from bots.wiring import build_hub
    from core.shop.pack import load_pack

    console.print(f"[dim]{escape(opening_note(config.db))}[/]")
    try:
        # No adapters here: the desk's replies go out through the workers (or the next run on a
        # SQLite file), and it claims nothing from the outbox it could only hold up.
        hub = await build_hub(load_pack(config.pack), None, config.db, delivers=False, orders=config.orders, env=config.env)
    except (sqlite3.Error, OSError, RuntimeError, StoreError) as error:
        print(f"csbot desk: cannot open {describe(config.db)}: {error}", file=sys.stderr)
        return 1
    from bots.wiring import close_hub

    try:
        await DeskSession(DeskActions(hub), console, staff, read_line).run()
    finally:
        await close_hub(hub)
    return 0
