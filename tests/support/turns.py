"""A customer's turn as a store receives it, for the tests of the stores."""
from __future__ import annotations

from core.messages import Outbound
from core.store.base import StoredMessage, TurnRecord


def turn(conversation, text: str, event: str) -> TurnRecord:
    """The customer's `text` (platform event `event`) and one answer to send."""
    record = TurnRecord(conversation, event=("telegram", event), messages=[StoredMessage("customer", text)])
    record.outbox.append(Outbound(conversation.address, f"answer to {text}"))
    return record
