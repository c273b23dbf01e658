"""The pure Discord translation: which messages are turns, where they live, and how replies are cut and marked."""
from __future__ import annotations

import discord
import pytest

from adapters.discord.translate import (
    MESSAGE_LIMIT,
    Post,
    inbound_from_click,
    inbound_from_post,
    opens_thread,
    sends_for,
    split_text,
    thread_name,
)
from adapters.discord.views import PREFIX, custom_id_for, value_of
from core.messages import Address, Button, InboundKind, Outbound, Voice

BOT = "1000"
SUPPORT = "3002"


def post(**fields) -> Post:
    base = dict(
        message_id="900",
        channel_id="3001",
        guild_id="3000",
        author_id="4001",
        author_name="Ada",
        author_is_bot=False,
        content="hello",
    )
    return Post(**{**base, **fields})


def turn(p: Post):
    return inbound_from_post(p, bot_id=BOT, support_channels=[SUPPORT])


def test_a_direct_message_is_always_a_turn_in_its_dm_channel():
    inbound = turn(post(guild_id=None, channel_id="77", content="where is order 18?"))
    assert inbound is not None
    assert inbound.address == Address(channel="discord", chat_id="77")
    assert inbound.text == "where is order 18?"
    assert inbound.event_id == "900"
    assert (inbound.user_id, inbound.user_name, inbound.kind) == ("4001", "Ada", InboundKind.TEXT)
    assert not opens_thread(post(guild_id=None))


def test_guild_chatter_without_a_mention_is_ignored():
    assert turn(post(channel_id="3001", content="anyone seen the match?")) is None


def test_a_mention_is_a_turn_without_the_mention_and_lives_in_the_thread_to_come():
    p = post(content=f"<@{BOT}> do you ship to Norway? <@!{BOT}>", mentions=(BOT,))
    inbound = turn(p)
    assert inbound is not None
    assert inbound.text == "do you ship to Norway?"
    # the thread started from a message takes the message's id
    assert inbound.address.chat_id == "900"
    assert opens_thread(p)


def test_a_mention_of_someone_else_is_not_a_turn():
    assert turn(post(content="<@4002> hi", mentions=("4002",))) is None


def test_any_message_in_a_support_channel_is_a_turn():
    inbound = turn(post(channel_id=SUPPORT, content="my parcel is late"))
    assert inbound is not None and inbound.address.chat_id == "900"


def test_a_follow_up_in_a_thread_the_bot_started_continues_there():
    p = post(channel_id="900", content="thanks, and the price?", thread_owner_id=BOT)
    inbound = turn(p)
    assert inbound is not None and inbound.address.chat_id == "900"
    assert not opens_thread(p)


def test_a_thread_someone_else_started_is_not_ours():
    assert turn(post(channel_id="950", content="hi", thread_owner_id="4001")) is None


def test_a_mention_inside_a_foreign_thread_is_answered_in_that_thread():
    inbound = turn(post(channel_id="950", content=f"<@{BOT}> help", mentions=(BOT,), thread_owner_id="4001"))
    assert inbound is not None and inbound.address.chat_id == "950"


@pytest.mark.parametrize("fields", [dict(author_is_bot=True), dict(author_id=BOT, author_is_bot=False)])
def test_bots_and_the_bot_itself_are_ignored_even_in_dms(fields):
    assert turn(post(guild_id=None, **fields)) is None
    assert turn(post(channel_id=SUPPORT, **fields)) is None


def test_an_attachment_without_text_is_media_and_with_text_is_text():
    media = turn(post(guild_id=None, content="", media=1))
    assert media is not None and media.kind is InboundKind.MEDIA and media.text == ""
    captioned = turn(post(guild_id=None, content="is this the right size?", media=1))
    assert captioned is not None and captioned.kind is InboundKind.TEXT


def test_a_blank_message_is_not_a_turn():
    # what the gateway delivers in a support channel when the message-content intent is missing
    assert turn(post(channel_id=SUPPORT, content="")) is None
    assert turn(post(content=f"<@{BOT}>", mentions=(BOT,))) is None


def test_a_click_on_our_button_is_a_button_turn_and_others_are_not():
    inbound = inbound_from_click(
        interaction_id="55", channel_id="77", custom_id=PREFIX + "track order", user_id="4001", user_name="Ada"
    )
    assert inbound is not None
    assert (inbound.kind, inbound.text, inbound.event_id) == (InboundKind.BUTTON, "track order", "55")
    assert inbound.address == Address("discord", "77")
    other = inbound_from_click(interaction_id="56", channel_id="77", custom_id="poll:1", user_id="1", user_name="x")
    assert other is None


def test_custom_ids_round_trip_and_respect_discords_limit():
    assert value_of(custom_id_for(Button("Yes", "yes please"))) == "yes please"
    long = Button("Refund", "x" * 200)
    assert len(custom_id_for(long)) <= 100
    assert value_of(custom_id_for(long)) == "Refund"


def test_thread_names_are_short_single_lines():
    assert thread_name("where\nis   my order?") == "where is my order?"
    assert len(thread_name("y" * 500)) <= 100
    assert thread_name("") == "Support"


def test_short_text_is_one_chunk():
    assert split_text("hi there") == ["hi there"]


def test_long_text_splits_on_paragraphs_first():
    first, second = "a" * 1500, "b" * 1000
    assert split_text(f"{first}\n\n{second}") == [first, second]


def test_long_text_without_paragraphs_splits_on_sentences():
    sentences = " ".join(f"Sentence number {n} is here." for n in range(120))
    chunks = split_text(sentences)
    assert len(chunks) >= 2
    assert all(len(c) <= MESSAGE_LIMIT for c in chunks)
    assert all(c.endswith(".") for c in chunks)
    assert " ".join(chunks) == sentences


def test_a_word_longer_than_the_limit_is_cut():
    chunks = split_text("z" * 4500)
    assert [len(c) for c in chunks] == [2000, 2000, 500]


async def test_every_send_pings_nobody():
    (send,) = sends_for(Outbound(Address("discord", "77"), "Hello @everyone and <@&55>!"))
    assert send["content"] == "Hello @everyone and <@&55>!"
    assert send["allowed_mentions"].to_dict() == {"parse": []}


async def test_a_2500_character_reply_becomes_two_messages_with_buttons_on_the_last():
    text = ("word " * 300).strip() + "\n\n" + ("more " * 200).strip()
    sends = sends_for(Outbound(Address("discord", "77"), text, buttons=(Button("Yes", "yes"), Button("No", "no"))))
    assert len(sends) == 2
    assert all(len(s["content"]) <= MESSAGE_LIMIT for s in sends)
    assert "view" not in sends[0]
    view = sends[1]["view"]
    assert isinstance(view, discord.ui.View)
    components = view.to_components()
    assert [(b["label"], b["custom_id"]) for b in components[0]["components"]] == [
        ("Yes", PREFIX + "yes"),
        ("No", PREFIX + "no"),
    ]
    assert view.is_finished()  # so discord.py does not keep it in its view store


async def test_voices_are_marked():
    def text(**kw):
        return sends_for(Outbound(Address("discord", "77"), "the answer", **kw))[0]["content"]

    assert text() == "the answer"
    assert text(voice=Voice.STAFF, author="Sam_B") == "**Sam\\_B** (staff)\nthe answer"
    assert text(voice=Voice.HOLDING).startswith("⏳ the answer")
    offline = text(voice=Voice.OFFLINE)
    assert offline.startswith("the answer") and "offline" in offline
