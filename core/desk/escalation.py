"""An escalation: a conversation handed to people, and the states it moves through."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from core.messages import Address


class Reason(StrEnum):
    REFUND = "refund"
    HEALTH = "health"
    HUMAN = "human"
    SAFETY = "safety"
    FAILURE = "failure"


class State(StrEnum):
    OPEN = "open"  # waiting for staff; the bot is silent
    TAKEN = "taken"  # a staff member claimed it
    APPROVED = "approved"  # refund approved (the conversation is back with the bot)
    DENIED = "denied"  # refund denied (the conversation is back with the bot)
    RETURNED = "returned"  # staff handed it back to the bot
    WITHDRAWN = "withdrawn"  # the customer went back to the bot (core/desk/waiting.py)

    @property
    def is_open(self) -> bool:
        return self in (State.OPEN, State.TAKEN)


class Decision(StrEnum):
    """What staff can do with an escalation from the desk."""

    APPROVE = "approve"
    DENY = "deny"
    TAKE_OVER = "take_over"
    RETURN = "return"


@dataclass(slots=True)
class Escalation:
    id: str
    conversation_id: str
    reason: Reason
    state: State
    customer: Address
    customer_name: str
    summary: str  # the customer message that triggered it
    details: dict = field(default_factory=dict)  # order_id, amount, product...
    program: str | None = None  # the program awaiting approval (refunds)
    program_args: dict = field(default_factory=dict)
    assignee: str = ""  # staff member who took it over / acted last
    desk_ref: dict = field(default_factory=dict)  # the desk's own handle (channel, card ts)
    note: str = ""  # outcome or denial reason
    created_at: float = 0.0
    updated_at: float = 0.0
