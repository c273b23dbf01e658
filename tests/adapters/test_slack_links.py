"""A model's link reaches chat.postMessage without Slack syntax in its address."""
from __future__ import annotations

from adapters.slack.translate import message_args
from core.messages import Address, Outbound


def test_a_link_in_a_model_reply_cannot_ping_the_channel() -> None:
    reply = Outbound(Address("slack", "D1"), "Details [click](https://x><!channel>) and [here](https://x|<!here>)")
    text = message_args(reply)["text"]
    assert "<!channel>" not in text and "<!here>" not in text
    assert "<https://x>" not in text
