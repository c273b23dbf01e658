"""Customers on Telegram: the real PTB Application, long polling the fake Bot API, feeding the hub."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from adapters.telegram import TelegramAdapter
from adapters.telegram.split import units
from adapters.telegram.translate import HUMAN_REQUEST
from bots.wiring import build_hub
from core.engine import EngineSettings
from core.messages import Address
from core.models.base import Chat
from core.models.scripted import ScriptedModel
from core.delivery.outbox import RetryPolicy
from tests.fakes.telegram_api import FakeTelegram
from tests.support.recorder import Recorder, reply

PACK = "gadgetstore"
TOKEN = "123:TEST"
SHIPPING = "Shipping to Germany costs $24.99 and takes 7-12 business days."


@asynccontextmanager
async def running(model: ScriptedModel, **adapter_options) -> AsyncIterator[tuple[FakeTelegram, TelegramAdapter]]:
    async with FakeTelegram(token=TOKEN) as fake:
        async with build_hub(PACK, model, settings=EngineSettings(seed=1),
                             retry=RetryPolicy(attempts=4, backoff=0.05)) as hub:
            hub.register("desk", Recorder())
            adapter = TelegramAdapter(hub, TOKEN, base_url=fake.base_url, **adapter_options)
            async with adapter:
                yield fake, adapter


def last_user_text(chat: Chat) -> str:
    return chat[-1]["content"]


async def test_private_conversation_about_shipping() -> None:
    model = ScriptedModel([reply(SHIPPING), reply("Yes, every order has a tracking number.")])
    async with running(model) as (fake, adapter):
        fake.push_text(42, "How much is shipping to Germany?", first_name="Ann")
        await fake.wait_for("sendMessage", 1)
        fake.push_text(42, "Will I get a tracking number?")
        await fake.wait_for("sendMessage", 2)
        assert fake.sent_texts(42) == [SHIPPING, "Yes, every order has a tracking number."]
        assert "How much is shipping to Germany?" in last_user_text(model.calls[0])
        history = await adapter.hub.history(Address("telegram", "42"))
        assert [(m.role, m.text) for m in history] == [
            ("customer", "How much is shipping to Germany?"), ("bot", SHIPPING),
            ("customer", "Will I get a tracking number?"), ("bot", "Yes, every order has a tracking number."),
        ]


async def test_group_answers_only_mentions_replies_and_ask() -> None:
    model = ScriptedModel(lambda chat: reply(f"answer to: {last_user_text(chat)[-40:]}"))
    async with running(model) as (fake, _):
        chatter = fake.push_text(-100, "does anyone know when they ship?", "supergroup", user_id=5)
        fake.push_text(-100, "@shop_bot when do you ship?", "supergroup", user_id=5)
        [answer] = await fake.wait_for("sendMessage", 1)
        assert answer.params["chat_id"] == "-100"
        assert "when do you ship?" in answer.params["text"]
        await fake.wait_for("getUpdates", where=lambda c: int(c.params.get("offset", 0)) > chatter["update_id"])
        fake.push_text(-100, "and to Belgium?", "supergroup", user_id=6, reply_to_bot=True)
        fake.push_text(-100, "/ask@shop_bot do you ship on Saturdays?", "supergroup", user_id=7)
        fake.push_text(-100, "thanks all", "supergroup", user_id=8)
        await fake.wait_for("sendMessage", 3)
        asked = [last_user_text(c) for c in model.calls]
        assert len(asked) == 3
        assert not any("does anyone know" in text or "thanks all" in text for text in asked)
        assert any("do you ship on Saturdays?" in text for text in asked)
        assert any("and to Belgium?" in text for text in asked)


async def test_forum_topics_are_separate_conversations() -> None:
    model = ScriptedModel(lambda chat: reply(f"seen {sum(m['role'] == 'user' for m in chat)}"))
    async with running(model) as (fake, adapter):
        fake.push_text(-100, "@shop_bot hi from topic 3", "supergroup", thread_id=3)
        await fake.wait_for("sendMessage", 1)
        fake.push_text(-100, "@shop_bot hi from topic 4", "supergroup", thread_id=4)
        calls = await fake.wait_for("sendMessage", 2)
        assert [c.params["message_thread_id"] for c in calls] == ["3", "4"]
        three = await adapter.hub.history(Address("telegram", "-100", "3"))
        four = await adapter.hub.history(Address("telegram", "-100", "4"))
        assert [m.text for m in three if m.role == "customer"] == ["hi from topic 3"]
        assert [m.text for m in four if m.role == "customer"] == ["hi from topic 4"]


async def test_long_reply_is_split_on_paragraphs() -> None:
    paragraphs = [f"Paragraph {i}: " + "Our gadgets are tested before they ship. " * 40 for i in ("one", "two", "three", "four")]
    long_answer = "\n\n".join(p.strip() for p in paragraphs)
    assert len(long_answer) > 4096
    async with running(ScriptedModel([reply(long_answer)])) as (fake, _):
        fake.push_text(42, "How do you test your gadgets before they ship?")
        await fake.wait_for("getUpdates", where=lambda c: c.params.get("offset") is not None)
        sent = await fake.wait_for("sendMessage", 2)
        texts = [c.params["text"] for c in sent]
        assert all(units(t) <= 4096 for t in texts)
        assert all(t.startswith("Paragraph") for t in texts)  # every message begins a paragraph
        assert "\n\n".join(texts) == long_answer


async def test_photo_gets_the_text_only_reply_and_a_caption_is_a_question() -> None:
    model = ScriptedModel([reply("That scratch is covered by the warranty.")])
    async with running(model) as (fake, adapter):
        fake.push_photo(42)
        [notice] = await fake.wait_for("sendMessage", 1)
        assert notice.params["text"] == adapter.hub.pack.replies.text_only
        assert model.calls == []
        fake.push_media(42, "sticker")
        await fake.wait_for("sendMessage", 2)
        fake.push_photo(42, caption="Is this scratch covered?")
        sent = await fake.wait_for("sendMessage", 3)
        assert sent[1].params["text"] == adapter.hub.pack.replies.text_only
        assert sent[2].params["text"] == "That scratch is covered by the warranty."
        assert "Is this scratch covered?" in last_user_text(model.calls[0])


async def test_duplicate_update_is_answered_once() -> None:
    model = ScriptedModel([reply("We ship Monday to Friday."), reply("You are welcome.")])
    async with running(model) as (fake, _):
        update = fake.push_text(42, "Do you ship on Saturdays?")
        fake.push_update(update)  # Telegram delivers the same update again
        fake.push_text(42, "Thanks!")
        sent = await fake.wait_for("sendMessage", 2)
        assert [c.params["text"] for c in sent] == ["We ship Monday to Friday.", "You are welcome."]
        assert len(model.calls) == 2
        assert len(fake.calls_of("sendMessage")) == 2


async def test_start_help_and_human_commands() -> None:
    async with running(ScriptedModel([reply("unused")])) as (fake, adapter):
        start = fake.push_text(42, "/start")
        fake.push_update(start)  # a repeated /start greets once
        [welcome] = await fake.wait_for("sendMessage", 1)
        assert welcome.params["text"] == adapter.hub.pack.replies.welcome
        fake.push_text(42, "/help")
        sent = await fake.wait_for("sendMessage", 2)
        assert sent[1].params["text"] == adapter.hub.pack.replies.help
        fake.push_text(42, "/human")
        await fake.wait_for("sendMessage", 3)
        history = await adapter.hub.history(Address("telegram", "42"))
        assert [m.text for m in history if m.role == "customer"] == [HUMAN_REQUEST]
        escalations = await adapter.hub.store.list_escalations(open_only=True)
        assert len(escalations) == 1


async def test_button_press_is_a_turn_and_the_query_is_answered() -> None:
    model = ScriptedModel([reply("Order 1042 is on its way.")])
    async with running(model) as (fake, _):
        pressed = fake.push_callback(42, "Where is order 1042?")
        [answered] = await fake.wait_for("answerCallbackQuery", 1)
        assert answered.params["callback_query_id"] == pressed["callback_query"]["id"]
        [sent] = await fake.wait_for("sendMessage", 1)
        assert sent.params["text"] == "Order 1042 is on its way."
        assert "Where is order 1042?" in last_user_text(model.calls[0])


async def test_typing_is_renewed_while_the_engine_works_and_stops_before_the_reply() -> None:
    release = asyncio.Event()

    async def slow(chat: Chat) -> str:
        await release.wait()
        return reply("Done thinking.")

    async with running(ScriptedModel(slow), typing_every=0.05, typing_after=0) as (fake, adapter):
        fake.push_text(42, "A hard question")
        await fake.wait_for("sendChatAction", 3)  # renewed while the model works
        release.set()
        await fake.wait_for("sendMessage", 1)
    methods = [c.method for c in fake.calls if c.method in ("sendChatAction", "sendMessage")]
    assert methods[-1] == "sendMessage"  # no typing after the answer


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_both_transports_run_a_conversation(transport: str) -> None:
    async with running(ScriptedModel([reply(SHIPPING)]), transport=transport) as (fake, _):
        fake.push_text(42, "How much is shipping to Germany?")
        await fake.wait_for("sendMessage", 1)
        assert fake.sent_texts(42) == [SHIPPING]


async def test_typing_shows_when_the_answer_takes_a_while() -> None:
    release = asyncio.Event()

    async def slow(chat: Chat) -> str:
        await release.wait()
        return reply("Here you are.")

    async with running(ScriptedModel(slow)) as (fake, adapter):
        fake.push_text(42, "A question that needs thought")
        [typing] = await fake.wait_for("sendChatAction", 1)
        assert typing.params["action"] == "typing"
        release.set()
        await fake.wait_for("sendMessage", 1)
