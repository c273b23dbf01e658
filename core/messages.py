"""The small message types every adapter speaks. Nothing here knows a platform."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Address:
    """Where a conversation lives: a platform, a chat on it, and optionally a thread/topic."""

    channel: str  # "telegram" | "slack" | "discord" | "web" | "terminal" | "desk"
    chat_id: str
    thread: str | None = None

    @property
    def key(self) -> str:
        base = f"{self.channel}:{self.chat_id}"
        return f"{base}:{self.thread}" if self.thread else base


class InboundKind(StrEnum):
    TEXT = "text"  # an ordinary customer message
    BUTTON = "button"  # a pressed quick-reply button; text is the button's value
    MEDIA = "media"  # a photo, sticker, voice... without text: answered with the pack's text-only reply


@dataclass(frozen=True, slots=True)
class Inbound:
    address: Address
    text: str
    event_id: str | None = None  # the platform's id of this delivery, for dedupe
    user_id: str = ""
    user_name: str = ""
    kind: InboundKind = InboundKind.TEXT


class Voice(StrEnum):
    """Who speaks in an Outbound, so adapters can mark it (a person, a holding notice...)."""

    BOT = "bot"
    OFFLINE = "offline"  # quoted from the document because no model answers
    SAFETY = "safety"  # the pack's default safety reply
    HOLDING = "holding"  # the conversation was handed to staff
    STAFF = "staff"  # a person wrote this
    NOTICE = "notice"  # short system notice (text only, handoff ended...)
    # The acknowledgement of a pressed rating button (core/turn/rating.py): where the platform has
    # its own answer to a press (Telegram's answerCallbackQuery, Discord's interaction response)
    # it is shown there instead of a message.
    RATED = "rated"
    # Addressed to the staff desk (Address.channel == "desk"), never to a customer:
    CARD = "card"  # open or refresh the handoff card of `escalation_id`
    RELAY = "relay"  # a customer message during handoff, for the card's thread


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Outbound:
    address: Address
    text: str
    voice: Voice = Voice.BOT
    buttons: tuple[Button, ...] = ()
    conversation_id: str = ""
    escalation_id: str | None = None
    author: str = ""  # the staff member's display name when voice is STAFF
    meta: dict = field(default_factory=dict, compare=False)
