"""The terminal bot: a customer chat in the console, for trying a pack and for the demo."""
from __future__ import annotations

import asyncio
import sys

from rich.console import Console
from rich.markup import escape

from core.hub import Hub
from core.markup import to_plain
from core.messages import Address, Inbound, Outbound, Voice

STYLES = {
    Voice.BOT: ("bot", "cyan"),
    Voice.OFFLINE: ("bot · offline, quoted from the shop document", "yellow"),
    Voice.SAFETY: ("bot", "cyan"),
    Voice.HOLDING: ("bot · handed to staff", "magenta"),
    Voice.STAFF: ("staff", "green"),
    Voice.NOTICE: ("bot", "cyan"),
}


class TerminalChat:
    """Reads customer lines from the console; prints what the hub sends to channel "terminal"."""

    def __init__(self, hub: Hub, console: Console | None = None, *, show_backstage: bool = False, session: str = "local") -> None:
        self.hub = hub
        self.console = console or Console(highlight=False)
        self.show_backstage = show_backstage
        self.address = Address("terminal", session)
        hub.register("terminal", self.send)

    async def send(self, outbound: Outbound) -> None:
        label, colour = STYLES.get(outbound.voice, ("bot", "cyan"))
        if outbound.voice is Voice.STAFF:
            label = f"{outbound.author or 'staff'} · staff"
        self.console.print(f"[bold {colour}]{escape(label)}[/] › {escape(to_plain(outbound.text))}")
        for button in outbound.buttons:
            self.console.print(f"   [dim][ {escape(button.label)} ][/]")

    async def _print_backstage(self, before: int) -> None:
        conversation = await self.hub.store.load_conversation(self.address, 0)
        steps = await self.hub.store.steps_since(conversation.id, before)
        for model_output, shell_output in steps:
            self.console.print(f"[dim]  backstage ❯ {escape(model_output)}[/]")
            if shell_output:
                self.console.print(f"[dim]  shell     ❮ {escape(shell_output)}[/]")

    async def run(self, read_line=None) -> None:
        read_line = read_line or _read_line
        self.console.print(f"[bold cyan]bot[/] › {escape(self.hub.pack.replies.welcome)}")
        self.console.print("[dim](type your message; Ctrl-D or /quit to leave)[/]")
        number = 0
        while True:
            line = await read_line()
            if line is None or line.strip() in ("/quit", "/exit"):
                break
            if not line.strip():
                continue
            number += 1
            before = await self.hub.store.step_count()
            await self.hub.receive(Inbound(self.address, line, event_id=None, user_name="you"))
            if self.show_backstage:
                await self._print_backstage(before)


async def _read_line() -> str | None:
    try:
        return await asyncio.to_thread(_input)
    except EOFError:
        return None


def _input() -> str:
    sys.stdout.write("you › ")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")
