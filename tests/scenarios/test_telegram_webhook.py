"""Webhook mode: Telegram posts updates to us, signed with the secret token we registered."""
from __future__ import annotations

import pytest

from adapters.telegram import TelegramAdapter, WebhookSettings
from bots.wiring import build_hub
from core.models.scripted import ScriptedModel
from tests.fakes.telegram_api import FakeTelegram
from tests.support.recorder import Recorder, reply

TOKEN = "123:TEST"
SECRET = "s3cret-Token_1"
ANSWER = "We ship from Portland, Monday to Friday."


async def test_webhook_accepts_the_right_secret_and_refuses_others() -> None:
    model = ScriptedModel([reply(ANSWER)])
    async with FakeTelegram(token=TOKEN) as fake, build_hub("gadgetstore", model) as hub:
        hub.register("desk", Recorder())
        settings = WebhookSettings(url="https://shop.example/telegram/hook", secret_token=SECRET, port=0)
        async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url, webhook=settings) as adapter:
            [registered] = fake.calls_of("setWebhook")
            assert registered.params["url"] == "https://shop.example/telegram/hook"
            assert registered.params["secret_token"] == SECRET
            assert fake.calls_of("getUpdates") == []  # no polling in webhook mode
            # Telegram would post to the public URL; here the proxy in front is skipped.
            fake.webhook["url"] = f"http://127.0.0.1:{adapter.webhook_port}/telegram/hook"

            update = fake.message(42)
            update["text"] = "When do you ship?"
            assert await fake.post_webhook({"message": dict(update)}, secret_token="wrong") == 403
            assert await fake.post_webhook({"message": dict(update)}, secret_token=None) == 403
            assert await fake.post_webhook({"message": update}) == 200
            [sent] = await fake.wait_for("sendMessage", 1)
            assert sent.params["text"] == ANSWER
            assert len(model.calls) == 1  # the refused posts never reached the engine


async def test_webhook_without_a_secret_is_refused() -> None:
    async with build_hub("gadgetstore", ScriptedModel([reply("x")])) as hub:
        with pytest.raises(ValueError, match="secret"):
            TelegramAdapter(hub, TOKEN, webhook=WebhookSettings(url="https://shop.example/hook", secret_token=""))
