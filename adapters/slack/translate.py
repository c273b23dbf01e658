"""Pure translation between Slack payloads and csbot's messages. Plain dicts in, plain dicts out."""
from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

from core.delivery.delivery import DeliveryError, PermanentFailure, RetryAfter, TransientFailure
from core.answers.markup import to_slack
from core.messages import Address, Inbound, InboundKind, Outbound, Voice

CHANNEL = "slack"
REPLY_PREFIX = "reply:"  # action_id prefix of a customer's quick-reply button
_HANDLED_SUBTYPES = {None, "file_share", "thread_broadcast"}  # edits, joins, bot posts... are not turns
_MENTION = re.compile(r"<@[A-Z0-9]+>\s*")
_ANGLE = re.compile(r"<([^<>]*)>")


def escape(text: str) -> str:
    """Customer text made inert for Slack: `<!channel>` or `<https://evil|Refund approved>` show as
    typed instead of pinging the channel or disguising a link. Slack treats only these three as control."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def plain_text(text: str, user_name: Callable[[str], Awaitable[str]], channel_name: Callable[[str], Awaitable[str]]) -> str:
    """Slack's wire format as a person reads it, for a staff reply on its way to a customer:
    `<@U1>` -> "@Ann", `<#C1|general>` -> "#general", `<https://x|the page>` -> "the page (https://x)",
    `<https://x>` -> "https://x", `<!here>` -> "@here", and `&amp; &lt; &gt;` decoded (last, so a decoded
    "&lt;" can never start a new token)."""
    parts: list[str] = []
    last = 0
    for match in _ANGLE.finditer(text):
        parts.append(_unescape(text[last:match.start()]))
        parts.append(await _token(match.group(1), user_name, channel_name))
        last = match.end()
    parts.append(_unescape(text[last:]))
    return "".join(parts)


async def _token(token: str, user_name, channel_name) -> str:
    target, _, label = token.partition("|")
    label = _unescape(label)
    if target.startswith("@"):
        return "@" + (label or await user_name(target[1:]))
    if target.startswith("#"):
        return "#" + (label or await channel_name(target[1:]))
    if target.startswith("!"):
        # <!here>, <!channel>, <!subteam^S1|@team>, <!date^...|fallback>
        return label or "@" + target[1:].split("^")[0]
    url = _unescape(target)
    shown = url.removeprefix("mailto:")
    return f"{label} ({shown})" if label and label != shown else shown


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass(frozen=True, slots=True)
class StaffMessage:
    """A person's message in a thread of the staff channel."""

    channel: str
    thread: str
    user: str
    text: str
    ts: str


@dataclass(frozen=True, slots=True)
class Click:
    """One button press from a `block_actions` payload."""

    action_id: str
    value: str
    user: str
    user_name: str
    channel: str
    message_ts: str
    action_ts: str
    trigger_id: str = ""  # lets the app open a modal for this click (valid for 3 seconds)


def is_person(event: dict) -> bool:
    return bool(event.get("user")) and not event.get("bot_id") and event.get("subtype") in _HANDLED_SUBTYPES


def staff_message(event: dict, staff_channel: str | None) -> StaffMessage | None:
    """A reply in a thread of the staff channel, or None."""
    thread = event.get("thread_ts")
    if not staff_channel or event.get("channel") != staff_channel or not thread or thread == event.get("ts"):
        return None
    if not is_person(event) or not (event.get("text") or "").strip():
        return None
    return StaffMessage(event["channel"], thread, event["user"], event["text"].strip(), event.get("ts", ""))


def inbound_from_dm(event: dict, event_id: str | None, user_name: str = "") -> Inbound | None:
    """A direct message to the app. The DM is one conversation unless the customer opens a thread."""
    if event.get("channel_type") != "im" or not is_person(event):
        return None
    return _inbound(event, Address(CHANNEL, event["channel"], event.get("thread_ts")), event_id, user_name)


def inbound_from_mention(event: dict, event_id: str | None, user_name: str = "") -> Inbound | None:
    """An @-mention in a channel: the conversation is the thread it starts (or is in)."""
    if not is_person(event):
        return None
    address = Address(CHANNEL, event["channel"], event.get("thread_ts") or event.get("ts"))
    return _inbound(event, address, event_id, user_name, strip_mentions=True)


def inbound_from_click(click: Click, thread: str | None, event_id: str | None) -> Inbound:
    """A customer's quick-reply button: a BUTTON turn whose text is the button's value."""
    return Inbound(Address(CHANNEL, click.channel, thread), click.value, event_id=event_id,
                   user_id=click.user, user_name=click.user_name, kind=InboundKind.BUTTON)


def _inbound(event: dict, address: Address, event_id: str | None, user_name: str, strip_mentions: bool = False) -> Inbound:
    text = (event.get("text") or "").strip()
    if strip_mentions:
        text = _MENTION.sub("", text).strip()
    kind = InboundKind.TEXT if text or not event.get("files") else InboundKind.MEDIA
    return Inbound(address, text, event_id=event_id, user_id=event["user"], user_name=user_name, kind=kind)


def click_of(body: dict) -> Click | None:
    actions = body.get("actions") or []
    if not actions:
        return None
    action, user = actions[0], body.get("user") or {}
    container = body.get("container") or {}
    return Click(
        action_id=action.get("action_id", ""),
        value=action.get("value", ""),
        user=user.get("id", ""),
        user_name=user.get("name") or user.get("username") or user.get("id", ""),
        channel=(body.get("channel") or {}).get("id") or container.get("channel_id", ""),
        message_ts=container.get("message_ts") or (body.get("message") or {}).get("ts", ""),
        action_ts=action.get("action_ts", ""),
        trigger_id=body.get("trigger_id", ""),
    )


def message_args(outbound: Outbound, sites: Collection[str] = ()) -> dict:
    """chat.postMessage arguments for a customer-facing Outbound; buttons become an actions block.
    `sites` are the shop's own sites: only a link to one of them keeps a label over its address."""
    # Customer-facing bot text is markdown made mrkdwn; staff text arrives decoded (plain), so escape it.
    text = to_slack(outbound.text, sites) if outbound.voice is not Voice.STAFF else escape(outbound.text)
    if outbound.voice is Voice.STAFF:
        text = f"*{escape(outbound.author or 'Staff')}* (a person from our team): {text}"
    args: dict = {"channel": outbound.address.chat_id, "text": text}
    if outbound.address.thread:
        args["thread_ts"] = outbound.address.thread
    if outbound.buttons:
        args["blocks"] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}},
            {"type": "actions", "elements": [
                {"type": "button", "action_id": f"{REPLY_PREFIX}{i}", "value": b.value[:2000],
                 "text": {"type": "plain_text", "text": b.label[:75]}}
                for i, b in enumerate(outbound.buttons[:25])
            ]},
        ]
    return args


def delivery_error(error: Exception) -> DeliveryError:
    """What the outbox should do about a failed Web API call."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", 200)
        code = response.get("error", "") if hasattr(response, "get") else ""
        if status == 429 or code == "ratelimited":
            headers = getattr(response, "headers", {}) or {}
            return RetryAfter(float(headers.get("Retry-After") or headers.get("retry-after") or 1), f"slack: {code}")
        if status >= 500 or code in {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}:
            return TransientFailure(f"slack: HTTP {status} {code}")
        # channel_not_found, not_in_channel, is_archived, invalid_auth...: sending again will not help.
        return PermanentFailure(f"slack: {code or f'HTTP {status}'}")
    if isinstance(error, (aiohttp.ClientError, asyncio.TimeoutError, OSError)):
        return TransientFailure(f"slack: {type(error).__name__}: {error}")
    return PermanentFailure(f"slack: {type(error).__name__}: {error}")
