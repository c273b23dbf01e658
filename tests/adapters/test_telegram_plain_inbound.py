"""plain_inbound reads the commonest update from its JSON exactly as to_inbound reads it from PTB's
Update, and leaves every other update to to_inbound."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from telegram import Update

from adapters.telegram.translate import BotIdentity, plain_inbound, to_inbound
from core.messages import Address, InboundKind

BOT = BotIdentity(id=999, username="shop_bot")
ANN = {"id": 42, "is_bot": False, "first_name": "Ann", "last_name": "Lee"}


def raw(update_id: int = 7, **fields: Any) -> dict[str, Any]:
    message = {"message_id": 1, "date": 1700000000, "chat": {"id": 42, "type": "private", "first_name": "Ann"},
               "from": ANN, "text": "Do you ship to Austria?", **fields}
    return {"update_id": update_id, "message": message}


def through_ptb(data: dict[str, Any]):
    return to_inbound(Update.de_json(copy.deepcopy(data), None), BOT)


def test_a_private_text_is_read_from_its_json_as_from_the_update() -> None:
    data = raw(update_id=31, text="When do you ship to Lyon?")
    inbound = plain_inbound(data)
    assert inbound == through_ptb(data)
    assert inbound is not None and inbound.address == Address("telegram", "42") and inbound.event_id == "31"
    assert inbound.user_name == "Ann Lee" and inbound.kind == InboundKind.TEXT


@pytest.mark.parametrize("user", [
    {"id": 5, "is_bot": False, "first_name": "Bo"},  # no last name
    {"id": 5, "is_bot": False, "first_name": "Bo", "last_name": ""},
    {"id": 5, "is_bot": False, "first_name": "Bo", "last_name": "Ek", "username": "bo", "language_code": "sv"},
])
def test_names_are_joined_as_ptb_joins_them(user: dict[str, Any]) -> None:
    data = raw(**{"from": user})
    assert plain_inbound(data) is not None
    assert plain_inbound(data) == through_ptb(data)


@pytest.mark.parametrize("data", [
    raw(text="/start"),  # a command: answered by the adapter itself
    raw(text="/human please", entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
    raw(text="hi @shop_bot", entities=[{"type": "mention", "offset": 3, "length": 9}]),
    raw(**{"from": {"id": 7, "is_bot": True, "first_name": "Other"}}),  # another bot: no turn
    raw(**{"from": {"id": 7, "is_bot": False, "first_name": ""}}),  # PTB's full_name is None then
    raw(chat={"id": -100, "type": "group", "title": "Shop"}),  # groups need the mention rules
    raw(chat={"id": -100, "type": "supergroup", "title": "Shop"}, is_topic_message=True, message_thread_id=5),
    raw(message_thread_id=5, is_topic_message=True),  # a topic is its own conversation
    raw(reply_to_message={"message_id": 0, "date": 0, "chat": {"id": 42, "type": "private"}}),
    raw(photo=[{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}], caption="this one?"),
    {"update_id": 8, "edited_message": raw()["message"]},
    {"update_id": 9, "callback_query": {"id": "q", "from": ANN, "chat_instance": "c", "data": "yes"}},
    {"update_id": 10, "message": {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}, "from": ANN}},
])
def test_anything_else_is_left_to_ptb(data: dict[str, Any]) -> None:
    assert plain_inbound(data) is None
