"""The terminal bot: a customer chat in the console, for trying a pack and for the demo."""
from __future__ import annotations

import asyncio
import re
import secrets
import sys

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from core.hub import Hub
from core.answers.markup import to_plain
from core.messages import Address, Inbound, InboundKind, Outbound, Voice
from core.turn import rating

STYLES = {
    Voice.BOT: ("bot", "cyan"),
    Voice.OFFLINE: ("bot · offline, quoted from the shop document", "yellow"),
    Voice.SAFETY: ("bot", "cyan"),
    Voice.HOLDING: ("bot · handed to staff", "magenta"),
    Voice.STAFF: ("staff", "green"),
    Voice.NOTICE: ("bot", "cyan"),
    Voice.RATED: ("bot · thanks for your rating", "cyan"),
}
# An offline reply that found nothing quotes nothing: it says the shop's information does not say.
NOT_FOUND_LABEL = "bot · offline, not in the shop document"
# The terminal's keys for the rating buttons (core/turn/rating.py): /good and /bad rate the last answer.
RATING_COMMANDS = {"good": "/good", "bad": "/bad", rating.PERSON: "/colleague"}
CHANNEL = "terminal"
# C0 controls but tab/newline, DEL, C1 controls: an ESC sequence in a name could rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: str, style: str = "") -> Text:
    """Stored text (names, messages) for the console: a Text is never read as Rich markup, and
    control characters are dropped, so neither "[blink]" nor "\\x1b[2J" does anything."""
    return Text(_CONTROL.sub("", str(text)), style=style)


class TerminalChat:
    """Reads customer lines from the console; prints what the hub sends to channel "terminal".

    `csbot chat` resumes the latest terminal conversation; `new=True` (--new) or /new starts another."""

    def __init__(
        self, hub: Hub, console: Console | None = None, *, show_backstage: bool = False, session: str | None = None,
        new: bool = False, db: str = "",
    ) -> None:
        self.hub = hub
        self.console = console or Console(highlight=False)
        self.show_backstage = show_backstage
        self.session, self.new, self.db = session, new, db
        self.address = Address(CHANNEL, session or "local")
        self.rating_buttons: dict[str, str] = {}  # command -> value of the last rating buttons shown here
        hub.register(CHANNEL, self.send)

    async def send(self, outbound: Outbound) -> None:
        label, colour = STYLES.get(outbound.voice, ("bot", "cyan"))
        if outbound.voice is Voice.STAFF:
            label = f"{outbound.author or 'staff'} · staff"
        elif outbound.voice is Voice.OFFLINE and await self._abstained(outbound):
            label = NOT_FOUND_LABEL
        line = inert(label, f"bold {colour}")
        if outbound.address != self.address:
            # An answer to a conversation the customer left (/new): say so, so it is not read as
            # part of this one, where the bot is still talking.
            earlier = outbound.conversation_id or outbound.address.chat_id
            line = inert(f"(in your earlier conversation {earlier}) ", "dim") + line
        line.append(" › ")
        line.append(inert(to_plain(outbound.text)))
        self.console.print(line)
        pressable = {}
        for button in outbound.buttons:
            press = rating.parse(button.value)
            command = RATING_COMMANDS[press.value] if press else ""
            pressable.update({command: button.value} if command else {})
            self.console.print(Text("   [ ") + inert(button.label) + Text(f" ]  {command}".rstrip()), style="dim")
        if pressable and outbound.address == self.address:
            self.rating_buttons = pressable

    async def _abstained(self, outbound: Outbound) -> bool:
        """Whether the stored reply said "I don't know" (the turn is stored before it is sent)."""
        history = await self.hub.history(outbound.address, 6)
        return any(m.abstained for m in history if m.role == "bot" and m.text == outbound.text)

    async def _rating(self, command: str) -> Inbound | None:
        """/good, /bad (or /colleague after a bad): the last buttons shown, else the last answer's."""
        value = self.rating_buttons.get(command)
        if value is None and command in ("/good", "/bad"):
            history = await self.hub.history(self.address, 24)
            ref = next((m.ref for m in reversed(history) if m.ref), "")
            value = f"{rating.PREFIX}{ref}:{command[1:]}" if ref else None
        if value is None:
            return None
        return Inbound(self.address, value, event_id=None, user_name="you", kind=InboundKind.BUTTON)

    async def _print_backstage(self, before: int) -> None:
        conversation = await self.hub.store.load_conversation(self.address, 0)
        steps = await self.hub.store.steps_since(conversation.id, before)
        for model_output, shell_output in steps:
            self.console.print(Text("  backstage ❯ ") + inert(model_output), style="dim")
            if shell_output:
                self.console.print(Text("  shell     ❮ ") + inert(shell_output), style="dim")

    async def _choose_conversation(self) -> bool:
        """The latest terminal conversation, unless a new one is asked for; say so when it waits for
        staff. True when an earlier conversation is resumed (it had its welcome then)."""
        if self.session is not None:
            pass
        elif self.new:
            self.address = Address(CHANNEL, "local-" + secrets.token_hex(3))
        else:
            latest = [c for c, _ in await self.hub.store.list_conversations(200) if c.address.channel == CHANNEL]
            if latest:
                self.address = latest[0].address
        conversation = await self.hub.store.load_conversation(self.address, 0)
        if conversation.state == "handoff" and conversation.escalation_id:
            where = f" --db {self.db}" if self.db else ""
            self.console.print(
                f"[magenta]Resuming conversation {conversation.id}, which is waiting for staff[/] "
                f"(escalation {conversation.escalation_id}).\n[dim]Answer it from `csbot desk{escape(where)}` in another "
                "terminal, type /bot to go back to the bot, or /new to start a new conversation.[/]"
            )
        elif conversation.message_count:
            self.console.print(f"[dim]Resuming your conversation ({conversation.id}); /new starts a new one.[/]")
        return bool(conversation.message_count)

    async def run(self, read_line=None) -> None:
        read_line = read_line or _read_line
        if not await self._choose_conversation():
            self.console.print(f"[bold cyan]bot[/] › {escape(self.hub.pack.replies.welcome)}")
        self.console.print("[dim](type your message; /good or /bad rates the last answer; /new for a new conversation;"
                           " Ctrl-D or /quit to leave)[/]")
        await self.hub.outbox.flush()  # staff replies given while no chat was running
        while True:
            line = await read_line()
            if line is None or line.strip() in ("/quit", "/exit"):
                break
            if not line.strip():
                continue
            if line.strip() == "/new":
                self.address = Address(CHANNEL, "local-" + secrets.token_hex(3))
                self.rating_buttons = {}
                self.console.print("[dim]New conversation.[/]")
                self.console.print(f"[bold cyan]bot[/] › {escape(self.hub.pack.replies.welcome)}")
                continue
            inbound = Inbound(self.address, line, event_id=None, user_name="you")
            if line.strip() in RATING_COMMANDS.values():
                inbound = await self._rating(line.strip())
                if inbound is None:
                    self.console.print("[dim](no answer to rate yet)[/]")
                    continue
            before = await self.hub.store.step_count()
            outbounds = await self.hub.receive(inbound)
            if not any(o.address.channel == CHANNEL for o in outbounds):
                # Relayed to staff with nothing to say yet: never leave the person staring at silence.
                self.console.print("[dim](passed to staff; their answer appears here. /bot: back to the bot · /new: new conversation)[/]")
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
