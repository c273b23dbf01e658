"""The terminal chat prints replies as plain text: no markdown syntax reaches the console."""
import io

from rich.console import Console

from bots.terminal import TerminalChat
from core.messages import Address, Outbound


class Hub:  # only what TerminalChat uses when it sends
    def register(self, channel, sender) -> None:
        self.sender = sender


async def test_markdown_is_printed_as_plain_text() -> None:
    out = io.StringIO()
    chat = TerminalChat(Hub(), Console(file=out, width=200, color_system=None))
    await chat.send(Outbound(Address("terminal", "local"), "## Shipping\n- **Germany**: 9.90 EUR, [table](https://x.example)"))
    printed = out.getvalue()
    assert "Shipping\n• Germany: 9.90 EUR, table (https://x.example)" in printed
    assert "**" not in printed and "##" not in printed


def lines(*said: str):
    queue = list(said)

    async def read_line():
        return queue.pop(0) if queue else None

    return read_line


async def chat(db, *said: str) -> str:
    from bots.wiring import build_hub

    out = io.StringIO()
    async with build_hub("pastashop", None, db) as hub:
        await TerminalChat(hub, Console(file=out, width=300, color_system=None), session="ann").run(lines(*said))
    return out.getvalue()


async def test_a_resumed_conversation_says_so_instead_of_welcoming_again(tmp_path) -> None:
    from core.shop.pack import load_pack

    welcome = load_pack("pastashop").replies.welcome
    first = await chat(tmp_path / "csbot.db", "how much is shipping to germany?")
    assert welcome in first and "Resuming" not in first
    again = await chat(tmp_path / "csbot.db")
    assert welcome not in again and "Resuming your conversation" in again


async def test_an_i_dont_know_is_not_labelled_a_quote(tmp_path) -> None:
    printed = await chat(tmp_path / "csbot.db", "Do you repair vintage motorbikes?", "how much is shipping to germany?")
    unknown, known = [line for line in printed.splitlines() if line.startswith("bot · offline")]
    assert unknown.startswith("bot · offline, not in the shop document ›")
    assert known.startswith("bot · offline, quoted from the shop document ›")
