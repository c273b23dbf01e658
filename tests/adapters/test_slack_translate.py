"""Slack payloads <-> csbot messages, with plain dicts."""
from __future__ import annotations

from types import SimpleNamespace

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack.translate import (
    click_of, delivery_error, inbound_from_dm, inbound_from_mention, message_args, staff_message,
)
from core.delivery.delivery import PermanentFailure, RetryAfter, TransientFailure
from core.messages import Address, Button, InboundKind, Outbound, Voice

TS = "1700000001.000001"


def test_dm_is_a_customer_turn_in_the_dm_conversation() -> None:
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U2", "text": " where is my order? ", "ts": TS}
    inbound = inbound_from_dm(event, "Ev1", "Ann")
    assert inbound.address == Address("slack", "D1", None)
    assert (inbound.text, inbound.event_id, inbound.user_id, inbound.user_name) == ("where is my order?", "Ev1", "U2", "Ann")


def test_dm_in_a_thread_keeps_the_thread() -> None:
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U2", "text": "hi", "ts": "2.0", "thread_ts": TS}
    assert inbound_from_dm(event, "Ev2").address == Address("slack", "D1", TS)


@pytest.mark.parametrize("change", [
    {"bot_id": "B1"}, {"subtype": "message_changed"}, {"subtype": "channel_join"}, {"channel_type": "channel"}, {"user": ""},
])
def test_not_a_customer_dm(change: dict) -> None:
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U2", "text": "hi", "ts": TS} | change
    assert inbound_from_dm(event, "Ev") is None


def test_file_without_text_is_media() -> None:
    event = {"type": "message", "subtype": "file_share", "channel": "D1", "channel_type": "im", "user": "U2",
             "text": "", "ts": TS, "files": [{"id": "F1"}]}
    assert inbound_from_dm(event, "Ev").kind is InboundKind.MEDIA


def test_mention_starts_a_threaded_conversation_without_the_mention() -> None:
    event = {"type": "app_mention", "channel": "C9", "user": "U2", "text": "<@UBOT> is the pan dishwasher safe?", "ts": TS}
    inbound = inbound_from_mention(event, "Ev3")
    assert inbound.address == Address("slack", "C9", TS)
    assert inbound.text == "is the pan dishwasher safe?"
    follow_up = {**event, "ts": "1700000009.000001", "thread_ts": TS}
    assert inbound_from_mention(follow_up, "Ev4").address == Address("slack", "C9", TS)


def test_staff_message_only_in_threads_of_the_staff_channel() -> None:
    reply = {"type": "message", "channel": "CSTAFF", "user": "U7", "text": "Hello, Ann", "ts": "5.0", "thread_ts": TS}
    assert staff_message(reply, "CSTAFF") == staff_message(reply, "CSTAFF")
    assert staff_message(reply, "CSTAFF").thread == TS
    assert staff_message(reply, "COTHER") is None
    assert staff_message({**reply, "thread_ts": None}, "CSTAFF") is None  # top level, not a card thread
    assert staff_message({**reply, "bot_id": "BBOT"}, "CSTAFF") is None  # our own relays
    assert staff_message(reply, None) is None


def test_click_of_block_actions() -> None:
    body = {"type": "block_actions", "user": {"id": "U7", "name": "sam"}, "channel": {"id": "CSTAFF"},
            "container": {"message_ts": TS, "channel_id": "CSTAFF"},
            "actions": [{"action_id": "desk:approve", "value": "esc-1", "action_ts": "9.9"}]}
    click = click_of(body)
    assert (click.action_id, click.value, click.user, click.user_name, click.channel, click.message_ts, click.action_ts) == (
        "desk:approve", "esc-1", "U7", "sam", "CSTAFF", TS, "9.9")
    assert click_of({**body, "actions": []}) is None


def test_message_args_thread_staff_mark_and_buttons() -> None:
    out = Outbound(Address("slack", "C9", TS), "We can help.", Voice.STAFF, author="Sam")
    args = message_args(out)
    assert args["channel"] == "C9" and args["thread_ts"] == TS
    assert args["text"].startswith("*Sam* (a person from our team)")
    plain = message_args(Outbound(Address("slack", "D1"), "Pick one", buttons=(Button("Yes", "yes"), Button("No", "no"))))
    assert "thread_ts" not in plain
    elements = plain["blocks"][1]["elements"]
    assert [(e["action_id"], e["value"]) for e in elements] == [("reply:0", "yes"), ("reply:1", "no")]


def _api_error(status: int, error: str, headers: dict | None = None) -> SlackApiError:
    response = SimpleNamespace(status_code=status, headers=headers or {}, data={"ok": False, "error": error})
    response.get = response.data.get
    return SlackApiError("failed", response)


def test_delivery_errors() -> None:
    limited = delivery_error(_api_error(429, "ratelimited", {"Retry-After": "12"}))
    assert isinstance(limited, RetryAfter) and limited.seconds == 12
    assert isinstance(delivery_error(_api_error(500, "internal_error")), TransientFailure)
    assert isinstance(delivery_error(_api_error(503, "")), TransientFailure)
    assert isinstance(delivery_error(_api_error(200, "channel_not_found")), PermanentFailure)
    assert isinstance(delivery_error(_api_error(200, "not_in_channel")), PermanentFailure)
    assert isinstance(delivery_error(aiohttp.ClientConnectionError("refused")), TransientFailure)
    assert isinstance(delivery_error(TimeoutError()), TransientFailure)


def test_markdown_becomes_mrkdwn_but_staff_text_is_left_as_written() -> None:
    bot = message_args(Outbound(Address("slack", "D1"), "## Shipping\n- **Germany**: 9.90 EUR & <3 days"))
    assert bot["text"] == "*Shipping*\n• *Germany*: 9.90 EUR &amp; &lt;3 days"
    staff = message_args(Outbound(Address("slack", "D1"), "*bold* as Slack writes it", Voice.STAFF, author="Sam"))
    assert staff["text"].endswith(": *bold* as Slack writes it")
