"""Pure translation: Telegram updates as plain dicts -> Inbound, Outbound -> send_message kwargs."""
from __future__ import annotations

from typing import Any

import pytest
from telegram import InlineKeyboardMarkup, Update

from adapters.telegram.split import split_text, units
from adapters.telegram.translate import (
    HUMAN_REQUEST, BotIdentity, fit_callback_data, local_command, to_inbound, to_send_calls, typing_call,
)
from core.messages import Address, Button, InboundKind, Outbound, Voice

BOT = BotIdentity(id=999, username="shop_bot")
ANN = {"id": 42, "is_bot": False, "first_name": "Ann", "last_name": "Lee"}
BOT_USER = {"id": 999, "is_bot": True, "first_name": "Shop", "username": "shop_bot"}


def update(update_id: int = 7, chat_type: str = "private", chat_id: int = 42, **fields: Any) -> Update:
    message = {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": chat_type}, "from": ANN, **fields}
    return Update.de_json({"update_id": update_id, "message": message}, None)


def command(text: str, **kw: Any) -> Update:
    head = text.split()[0]
    return update(text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(head)}], **kw)


# -- private chats ----------------------------------------------------------------------------
def test_private_text_is_a_turn_with_its_update_id() -> None:
    inbound = to_inbound(update(update_id=31, text="When do you ship to Lyon?"), BOT)
    assert inbound is not None
    assert inbound.text == "When do you ship to Lyon?"
    assert inbound.address == Address("telegram", "42")
    assert inbound.event_id == "31"
    assert inbound.user_id == "42" and inbound.user_name == "Ann Lee"
    assert inbound.kind == InboundKind.TEXT


def test_caption_is_text() -> None:
    photo = [{"file_id": "p", "file_unique_id": "p1", "width": 1, "height": 1}]
    inbound = to_inbound(update(photo=photo, caption="is this scratch covered?"), BOT)
    assert inbound is not None and inbound.text == "is this scratch covered?" and inbound.kind == InboundKind.TEXT


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("photo", [{"file_id": "p", "file_unique_id": "p1", "width": 1, "height": 1}]),
        ("sticker", {"file_id": "s", "file_unique_id": "s1", "width": 1, "height": 1,
                     "is_animated": False, "is_video": False, "type": "regular"}),
        ("voice", {"file_id": "v", "file_unique_id": "v1", "duration": 2}),
        ("document", {"file_id": "d", "file_unique_id": "d1"}),
        ("location", {"latitude": 1.0, "longitude": 2.0}),
    ],
)
def test_media_without_text_is_media(field: str, value: Any) -> None:
    inbound = to_inbound(update(**{field: value}), BOT)
    assert inbound is not None
    assert inbound.kind == InboundKind.MEDIA
    assert inbound.text == ""  # the engine answers with the pack's text-only reply


def test_service_messages_and_edits_are_ignored() -> None:
    assert to_inbound(update(new_chat_title="x"), BOT) is None
    edited = Update.de_json({"update_id": 1, "edited_message": {
        "message_id": 1, "date": 0, "edit_date": 1, "chat": {"id": 42, "type": "private"}, "from": ANN, "text": "x"}}, None)
    assert to_inbound(edited, BOT) is None


def test_start_and_help_are_local_commands_not_turns() -> None:
    for text, name in [("/start", "start"), ("/help", "help"), ("/start@shop_bot", "start")]:
        assert to_inbound(command(text), BOT) is None
        assert local_command(command(text), BOT) == name
    assert local_command(update(text="start"), BOT) is None


def test_human_asks_for_a_person() -> None:
    inbound = to_inbound(command("/human"), BOT)
    assert inbound is not None and inbound.text == HUMAN_REQUEST


def test_ask_takes_the_rest_and_other_commands_pass_as_text_in_private() -> None:
    assert to_inbound(command("/ask how much is shipping?"), BOT).text == "how much is shipping?"
    assert to_inbound(command("/ask"), BOT) is None
    assert to_inbound(command("/orders 18"), BOT).text == "/orders 18"


def test_commands_for_another_bot_are_ignored() -> None:
    assert to_inbound(command("/human@other_bot"), BOT) is None
    assert local_command(command("/start@other_bot"), BOT) is None


# -- groups -----------------------------------------------------------------------------------
def test_group_ignores_messages_not_for_the_bot() -> None:
    assert to_inbound(update(chat_type="group", chat_id=-5, text="anyone here ship to Lyon?"), BOT) is None
    assert to_inbound(update(chat_type="supergroup", chat_id=-100, text="lol"), BOT) is None


def test_group_mention_is_a_turn_without_the_mention() -> None:
    text = "@shop_bot when do you ship?"
    u = update(chat_type="supergroup", chat_id=-100, text=text,
               entities=[{"type": "mention", "offset": 0, "length": 9}])
    inbound = to_inbound(u, BOT)
    assert inbound is not None
    assert inbound.text == "when do you ship?"
    assert inbound.address == Address("telegram", "-100")


def test_group_mention_of_someone_else_is_ignored() -> None:
    u = update(chat_type="group", chat_id=-5, text="@bob when do you ship?",
               entities=[{"type": "mention", "offset": 0, "length": 4}])
    assert to_inbound(u, BOT) is None


def test_group_mention_after_an_emoji_uses_utf16_offsets() -> None:
    text = "🙂 hi @shop_bot price?"
    u = update(chat_type="group", chat_id=-5, text=text,
               entities=[{"type": "mention", "offset": 6, "length": 9}])  # 🙂 counts 2 units
    assert to_inbound(u, BOT).text == "🙂 hi price?"


def test_group_reply_to_the_bot_is_a_turn() -> None:
    replied = {"message_id": 0, "date": 0, "chat": {"id": -5, "type": "group"}, "from": BOT_USER, "text": "We ship in 2 days."}
    u = update(chat_type="group", chat_id=-5, text="and to Belgium?", reply_to_message=replied)
    assert to_inbound(u, BOT).text == "and to Belgium?"


def test_group_commands() -> None:
    assert to_inbound(command("/ask@shop_bot do you ship to Lyon?", chat_type="group", chat_id=-5), BOT).text == "do you ship to Lyon?"
    assert to_inbound(command("/human", chat_type="group", chat_id=-5), BOT).text == HUMAN_REQUEST
    assert to_inbound(command("/ban someone", chat_type="group", chat_id=-5), BOT) is None


def test_group_media_only_when_replying_to_the_bot() -> None:
    photo = [{"file_id": "p", "file_unique_id": "p1", "width": 1, "height": 1}]
    assert to_inbound(update(chat_type="group", chat_id=-5, photo=photo), BOT) is None
    replied = {"message_id": 0, "date": 0, "chat": {"id": -5, "type": "group"}, "from": BOT_USER, "text": "Send it"}
    inbound = to_inbound(update(chat_type="group", chat_id=-5, photo=photo, reply_to_message=replied), BOT)
    assert inbound is not None and inbound.kind == InboundKind.MEDIA


def test_forum_topics_are_separate_conversations() -> None:
    def in_topic(thread: int) -> Update:
        return update(chat_type="supergroup", chat_id=-100, text="@shop_bot hi", message_thread_id=thread,
                      is_topic_message=True, entities=[{"type": "mention", "offset": 0, "length": 9}])

    a, b = to_inbound(in_topic(3), BOT), to_inbound(in_topic(4), BOT)
    assert a.address == Address("telegram", "-100", "3")
    assert b.address == Address("telegram", "-100", "4")
    assert a.address.key != b.address.key


def test_messages_from_bots_are_ignored() -> None:
    u = Update.de_json({"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}, "from": BOT_USER, "text": "hi"}}, None)
    assert to_inbound(u, BOT) is None


# -- buttons ----------------------------------------------------------------------------------
def test_pressed_button_is_a_button_turn() -> None:
    u = Update.de_json({"update_id": 9, "callback_query": {
        "id": "q1", "from": ANN, "chat_instance": "c", "data": "track order 18",
        "message": {"message_id": 5, "date": 0, "chat": {"id": 42, "type": "private"}, "from": BOT_USER, "text": "?"},
    }}, None)
    inbound = to_inbound(u, BOT)
    assert inbound is not None
    assert inbound.kind == InboundKind.BUTTON
    assert inbound.text == "track order 18"
    assert inbound.event_id == "9"
    assert inbound.address == Address("telegram", "42")


def test_callback_data_fits_64_bytes_without_breaking_characters() -> None:
    assert fit_callback_data("short") == "short"
    cut = fit_callback_data("é" * 40)  # 80 bytes
    assert len(cut.encode()) <= 64 and cut == "é" * 32


# -- outbound ---------------------------------------------------------------------------------
def test_reply_is_plain_text_without_parse_mode() -> None:
    text = "Use code SAVE_10 for <10% off> & free_shipping"
    [call] = to_send_calls(Outbound(Address("telegram", "42"), text))
    assert call == {"chat_id": 42, "text": text}


def test_markdown_becomes_entities_not_syntax() -> None:
    [call] = to_send_calls(Outbound(Address("telegram", "42"), "## Shipping\n- **Germany**: 9.90 EUR 🚚 *fast*"))
    assert call["text"] == "Shipping\n• Germany: 9.90 EUR 🚚 fast"
    spans = [(e.type, call["text"].encode("utf-16-le")[2 * e.offset : 2 * (e.offset + e.length)].decode("utf-16-le"))
             for e in call["entities"]]
    assert spans == [("bold", "Shipping"), ("bold", "Germany"), ("italic", "fast")]


def test_reply_into_a_forum_topic() -> None:
    [call] = to_send_calls(Outbound(Address("telegram", "-100", "3"), "hi"))
    assert call["chat_id"] == -100 and call["message_thread_id"] == 3
    assert typing_call(Address("telegram", "-100", "3")) == {"chat_id": -100, "message_thread_id": 3, "action": "typing"}


def test_voices_are_marked() -> None:
    to = Address("telegram", "42")
    assert to_send_calls(Outbound(to, "Refund approved.", voice=Voice.STAFF, author="Maria"))[0]["text"] == \
        "👤 Maria (staff): Refund approved."
    assert to_send_calls(Outbound(to, "A colleague will answer.", voice=Voice.HOLDING))[0]["text"].startswith("⏳ ")
    assert to_send_calls(Outbound(to, "From our document: ...", voice=Voice.OFFLINE))[0]["text"].startswith("📄 ")
    assert to_send_calls(Outbound(to, "Plain.", voice=Voice.SAFETY))[0]["text"] == "Plain."


def test_buttons_become_an_inline_keyboard_on_the_last_message() -> None:
    long_text = ("A sentence of the answer. " * 100 + "\n\n") * 3
    buttons = (Button("Track my order", "track"), Button("Talk to a person", "human"))
    calls = to_send_calls(Outbound(Address("telegram", "42"), long_text, buttons=buttons))
    assert len(calls) == 3  # three paragraphs of ~2,600 characters: one message each
    assert all("reply_markup" not in c for c in calls[:-1])
    markup = calls[-1]["reply_markup"]
    assert isinstance(markup, InlineKeyboardMarkup)
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Track my order"], ["Talk to a person"]]
    assert [row[0].callback_data for row in markup.inline_keyboard] == ["track", "human"]


def test_empty_text_sends_nothing() -> None:
    assert to_send_calls(Outbound(Address("telegram", "42"), "  ")) == []


# -- splitting --------------------------------------------------------------------------------
def test_short_text_is_one_piece() -> None:
    assert split_text("hello") == ["hello"]


def test_split_on_paragraphs_first() -> None:
    para = "x" * 3000
    pieces = split_text(f"{para}\n\n{para}\n\n{para}")
    assert pieces == [para, para, para]


def test_paragraphs_are_packed_together_while_they_fit() -> None:
    para = "y" * 1000
    pieces = split_text("\n\n".join([para] * 6))
    assert pieces == ["\n\n".join([para] * 4), "\n\n".join([para] * 2)]


def test_split_a_huge_paragraph_on_sentences() -> None:
    sentences = [f"Sentence number {i} is here." for i in range(400)]
    text = " ".join(sentences)
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(units(p) <= 4096 for p in pieces)
    assert all(p.endswith(".") for p in pieces)  # never cut inside a sentence
    assert " ".join(pieces) == text


def test_no_piece_exceeds_the_limit_in_utf16_units() -> None:
    text = "😀" * 5000  # 10,000 UTF-16 units, no boundary at all
    pieces = split_text(text)
    assert all(units(p) <= 4096 for p in pieces)
    assert "".join(pieces) == text


def test_staff_prefix_counts_toward_the_limit() -> None:
    calls = to_send_calls(Outbound(Address("telegram", "42"), "Thanks for waiting. " * 204, voice=Voice.STAFF, author="Maria"))
    assert len(calls) == 2 and all(units(c["text"]) <= 4096 for c in calls)
    assert calls[0]["text"].startswith("👤 Maria (staff): Thanks for waiting.")
    assert calls[1]["text"] == "Thanks for waiting."  # 4,080 characters plus the prefix do not fit in one


def test_replies_without_markup_skip_the_parser_and_come_out_as_the_parser_would() -> None:
    from adapters.telegram.translate import telegram_text
    from core.answers.markup import to_telegram

    texts = [
        "Yes: shipping to Austria costs $24.99 and takes 7-12 business days.",
        "Line one\nline two (3 - 1 = 2)\n  indented + more",
        "**Bold** and *italic*", "snake_case and `code`", "[site](https://example.com)", "# Title",
        "- bullet\n+ plus", "  - nested", "---", "a | b | c", "```\nfenced\n```", "5 * 3", "\n\n- late bullet",
        "Prezzo: 4,50 € — spedizione 2-3 giorni.", "",
    ]
    for text in texts:
        assert telegram_text(text) == to_telegram(text), text
