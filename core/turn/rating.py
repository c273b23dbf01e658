"""Customers' ratings: when the bot offers the two buttons, what a pressed one means, and whose it is.

The rule (never after every message): the buttons go under an *answer* only (the offline
answerer's answer that did not abstain, or a model's reply that passed the screens), and not while
an earlier answer's buttons in this conversation wait unpressed for less than `ASK_AGAIN_AFTER`:
a customer who keeps asking instead of rating is not asked again and again. After staff close a
handoff (returned, approved, denied) the closing notice carries them once.

A button's value names what it rates, so a press needs no memory of the message (restarts, other
workers): `rate:<answer ref>:good|bad`, `rate:handoff:<escalation id>:good|bad`, and, offered
after a "bad" answer, `rate:<answer ref>:person` (a colleague, please). Each fits Telegram's 64
bytes of callback data and Discord's 100-character custom_id.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from core.messages import Address, Button, Outbound, Voice
from core.shop.pack import Replies
from core.store.base import Store, StoredMessage

PREFIX = "rate:"
VALUES = ("good", "bad")
PERSON = "person"  # offered after a "bad" answer: hand the question to a colleague
ASK_AGAIN_AFTER = 10 * 60.0  # seconds an unpressed pair of buttons keeps the next answers bare
RATED_VOICE = "rated"  # the stored acknowledgement of a press (Voice.RATED's value)


@dataclass(frozen=True, slots=True)
class Press:
    kind: str  # "answer" | "handoff"
    target: str  # the answer's ref or the escalation id
    value: str  # "good" | "bad" | "person"

    @property
    def subject(self) -> str:
        return f"{self.kind}:{self.target}"  # the ratings table's key (core/metrics reads it)


def new_ref() -> str:
    return secrets.token_hex(4)


def parse(value: str) -> Press | None:
    """The press a button value stands for; None for anything that is not a rating button."""
    if not value.startswith(PREFIX):
        return None
    parts = value[len(PREFIX):].split(":")
    if len(parts) == 3 and parts[0] == "handoff" and parts[1] and parts[2] in VALUES:
        return Press("handoff", parts[1], parts[2])
    if len(parts) == 2 and parts[0].isalnum() and parts[1] in (*VALUES, PERSON):
        return Press("answer", parts[0], parts[1])
    return None


def is_rating(value: str) -> bool:
    return parse(value) is not None


def offers_buttons(history: list[StoredMessage], now: float) -> bool:
    """The rule above: no answer's buttons wait unpressed in the last `ASK_AGAIN_AFTER` seconds."""
    for message in reversed(history):
        if message.voice == RATED_VOICE:
            return True  # the customer answered the last buttons
        if message.ref:
            return now - message.at >= ASK_AGAIN_AFTER
    return True


def answer_buttons(ref: str, replies: Replies) -> tuple[Button, ...]:
    return (Button(replies.rate_good, f"{PREFIX}{ref}:good"), Button(replies.rate_bad, f"{PREFIX}{ref}:bad"))


def handoff_buttons(escalation_id: str, replies: Replies) -> tuple[Button, ...]:
    return (
        Button(replies.rate_handoff_good, f"{PREFIX}handoff:{escalation_id}:good"),
        Button(replies.rate_handoff_bad, f"{PREFIX}handoff:{escalation_id}:bad"),
    )


def person_button(ref: str, replies: Replies) -> Button:
    return Button(replies.rate_person, f"{PREFIX}{ref}:{PERSON}")


async def conversation_of(store: Store, press: Press) -> str | None:
    """The conversation the rated answer or handoff belongs to; None when there is none."""
    if press.kind == "handoff":
        escalation = await store.get_escalation(press.target)
        return escalation.conversation_id if escalation else None
    rows = await store.read("SELECT conversation_id FROM messages WHERE ref = ? AND role = 'bot' LIMIT 1", press.target)
    return rows[0][0] if rows else None


def question_before(history: list[StoredMessage], ref: str) -> str:
    """The customer's message the rated answer replied to ('' when it is no longer in the history)."""
    for index, message in enumerate(history):
        if message.ref == ref:
            return next((m.text for m in reversed(history[:index]) if m.role == "customer"), "")
    return ""


def acknowledgement(outbounds: list[Outbound], address: Address) -> str:
    """A press's acknowledgement among a turn's replies, for platforms that show it their own way
    ('' when there is none, e.g. a redelivered press)."""
    return next((o.text for o in outbounds if o.voice is Voice.RATED and o.address == address), "")
