"""The widget's wire format: JSON frames on the /chat WebSocket, as pure translations.

Up (browser -> server):
    {"type": "hello", "token": "<token>" | null}        first frame; null asks for a new conversation
    {"type": "message", "text": "...", "id": "<client id>"}
    {"type": "button", "value": "...", "label": "...", "id": "<client id>"}
Down (server -> browser):
    {"type": "session", "token", "shop", "welcome", "max_chars"}
    {"type": "history", "messages": [<message>...]}
    {"type": "message", "role", "voice", "label", "author", "text", "spans", "buttons", "id"?}
    {"type": "typing", "on": true | false}
    {"type": "error", "code", "message", "id"?, "retry_after"?}

A customer's text travels as written. A reply's markdown is parsed here (core.answers.markup): "text"
is the plain reading and "spans" the styled parts ({"text", "style": ""|"bold"|"italic"|"code"});
the widget renders every one with textContent, so markup from anyone shows as text, never HTML.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.answers.markup import to_plain, to_spans
from core.messages import Outbound, Voice

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")

ASSISTANT = "Assistant"
# Why each mark exists: a customer must always know whether a person or the bot wrote a line.
_LABELS = {
    Voice.BOT: ASSISTANT,
    Voice.SAFETY: ASSISTANT,
    Voice.HOLDING: "Assistant · handing you to our staff",
    Voice.OFFLINE: "Assistant · offline, quoting our shop information",
    Voice.NOTICE: "Notice",
    Voice.RATED: "Assistant · thanks for your rating",
}


class Refusal(Exception):
    """A frame the server will not act on; becomes an error frame, never a crash."""

    def __init__(self, code: str, message: str, *, client_id: str | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.client_id = client_id
        self.retry_after = retry_after

    def frame(self) -> dict[str, Any]:
        frame: dict[str, Any] = {"type": "error", "code": self.code, "message": self.message}
        if self.client_id:
            frame["id"] = self.client_id
        if self.retry_after is not None:
            frame["retry_after"] = round(self.retry_after, 1)
        return frame


@dataclass(frozen=True, slots=True)
class Hello:
    token: str | None


@dataclass(frozen=True, slots=True)
class Said:
    """A customer's message or pressed button."""

    text: str
    client_id: str | None
    button: bool = False


def parse(raw: str, *, max_chars: int) -> Hello | Said:
    try:
        frame = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        raise Refusal("bad_frame", "The message could not be read.") from None
    if not isinstance(frame, dict):
        raise Refusal("bad_frame", "The message could not be read.")
    kind = frame.get("type")
    if kind == "hello":
        token = frame.get("token")
        return Hello(token if isinstance(token, str) else None)
    if kind not in ("message", "button"):
        raise Refusal("bad_frame", f"Unknown frame type {kind!r}.")
    client_id = frame.get("id")
    client_id = client_id if isinstance(client_id, str) and _CLIENT_ID.match(client_id) else None
    text = frame.get("text" if kind == "message" else "value")
    if not isinstance(text, str) or not text.strip():
        raise Refusal("empty", "Please type a message first.", client_id=client_id)
    if len(text) > max_chars:
        raise Refusal(
            "too_long",
            f"That message is too long ({len(text)} characters); the limit is {max_chars}.",
            client_id=client_id,
        )
    return Said(text.strip(), client_id, button=kind == "button")


def session_frame(token: str, *, shop: str, welcome: str, max_chars: int) -> dict[str, Any]:
    return {"type": "session", "token": token, "shop": shop, "welcome": welcome, "max_chars": max_chars}


def outbound_frame(outbound: Outbound) -> dict[str, Any]:
    role = "staff" if outbound.voice is Voice.STAFF else "bot"
    return {
        "type": "message",
        "role": role,
        "voice": str(outbound.voice),
        "label": _label(role, outbound.voice, outbound.author),
        "author": outbound.author,
        "text": to_plain(outbound.text),
        "spans": to_spans(outbound.text),  # bold, italic, code: the widget renders them as text nodes
        "buttons": [{"label": b.label, "value": b.value} for b in outbound.buttons],
    }


def customer_frame(text: str, client_id: str | None) -> dict[str, Any]:
    """A customer's own message, echoed to the conversation's other tabs."""
    frame = {"type": "message", "role": "customer", "voice": "customer", "label": "You", "author": "",
             "text": text, "buttons": []}
    if client_id:
        frame["id"] = client_id
    return frame


def history_frame(messages: list[Any]) -> dict[str, Any]:
    """`messages` are the store's StoredMessage (role, text, author, at, voice), oldest first."""
    return {"type": "history", "messages": [_stored(m) for m in messages]}


def typing_frame(on: bool) -> dict[str, Any]:
    return {"type": "typing", "on": on}


def _stored(message: Any) -> dict[str, Any]:
    role = message.role if message.role in ("customer", "bot", "staff") else "bot"
    voice = message.voice or role  # older rows carry no voice: marked by their role alone
    at = message.at.isoformat() if isinstance(message.at, datetime) else message.at
    return {
        "role": role,
        "voice": str(voice),
        "label": "You" if role == "customer" else _label(role, _as_voice(voice), message.author or ""),
        "author": message.author or "",
        "text": message.text if role == "customer" else to_plain(message.text),
        "spans": [] if role == "customer" else to_spans(message.text),
        "at": at,
    }


def _as_voice(value: object) -> Voice:
    try:
        return Voice(str(value))
    except ValueError:
        return Voice.BOT


def _label(role: str, voice: Voice, author: str) -> str:
    if role == "staff":
        return f"{author} · staff" if author else "Staff"
    return _LABELS.get(voice, ASSISTANT)
