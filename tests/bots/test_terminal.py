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
