"""Ratings on Telegram: an inline keyboard under the answer, a press as a callback_query, answered
with answerCallbackQuery's own notification (no extra message), against the fake Bot API."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from adapters.telegram import TelegramAdapter
from bots.wiring import build_hub
from core.engine import EngineSettings
from core.metrics import parse_period, read_report
from tests.fakes.telegram_api import FakeTelegram
from tests.support.recorder import Recorder

TOKEN = "123:TEST"


@asynccontextmanager
async def running() -> AsyncIterator[tuple[FakeTelegram, TelegramAdapter]]:
    async with FakeTelegram(token=TOKEN) as fake:
        async with build_hub("pastashop", None, settings=EngineSettings(seed=1)) as hub:
            hub.register("desk", Recorder())
            adapter = TelegramAdapter(hub, TOKEN, base_url=fake.base_url)
            async with adapter:
                yield fake, adapter


def keyboard(call) -> list[dict]:
    return [row[0] for row in call.params["reply_markup"]["inline_keyboard"]]


async def ratings(hub) -> list[tuple]:
    return await hub.store.read("SELECT subject, value FROM ratings")


async def test_a_telegram_customer_rates_an_answer_and_changes_it() -> None:
    async with running() as (fake, adapter):
        fake.push_text(42, "how much is shipping to germany?")
        [answer] = await fake.wait_for("sendMessage", 1)
        good, bad = keyboard(answer)
        assert (good["text"], bad["text"]) == ("👍 That helped", "👎 Get more help")
        ref = good["callback_data"].split(":")[1]

        pressed = fake.push_callback(42, good["callback_data"])
        [answered] = await fake.wait_for("answerCallbackQuery", 1)
        assert answered.params["callback_query_id"] == pressed["callback_query"]["id"]
        assert answered.params["text"] == "Thank you for your feedback!"
        assert await ratings(adapter.hub) == [(f"answer:{ref}", "good")]

        fake.push_callback(42, bad["callback_data"])  # changes the same row, and offers a colleague
        answers = await fake.wait_for("answerCallbackQuery", 2)
        assert answers[1].params["text"] == "Thank you for telling us."
        sent = await fake.wait_for("sendMessage", 2)
        assert [b["callback_data"] for b in keyboard(sent[1])] == [f"rate:{ref}:person"]
        assert await ratings(adapter.hub) == [(f"answer:{ref}", "bad")]
        # the acknowledgements were Telegram's notifications, not messages in the chat
        assert len(fake.sent_texts(42)) == 2

        report = await read_report(adapter.hub.store, parse_period("1d", None))
        assert (report.good, report.bad) == (0, 1)


async def test_a_ref_pressed_in_another_chat_is_refused() -> None:
    async with running() as (fake, adapter):
        fake.push_text(42, "how much is shipping to germany?")
        [answer] = await fake.wait_for("sendMessage", 1)
        good, _ = keyboard(answer)
        fake.push_callback(77, good["callback_data"])
        [answered] = await fake.wait_for("answerCallbackQuery", 1)
        assert "does not belong" in answered.params["text"]
        assert await ratings(adapter.hub) == []
        assert fake.sent_texts(77) == []
