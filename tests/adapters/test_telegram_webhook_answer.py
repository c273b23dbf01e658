"""The webhook is answered after the update's turn is stored: 200 then, 500 when the turn failed
(Telegram sends it again), 400 for a body that is not an update, 403 without the secret."""
from __future__ import annotations

import json

import aiohttp

from adapters.telegram import TelegramAdapter, WebhookSettings
from bots.wiring import build_hub
from core.models.scripted import ScriptedModel
from tests.fakes.telegram_api import FakeTelegram
from tests.support.recorder import Recorder, reply

TOKEN = "123:TEST"
SECRET = "s3cret-Token_1"


async def _post(port: int, body: str, secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with aiohttp.ClientSession() as http:
        async with http.post(f"http://127.0.0.1:{port}/hook", data=body, headers=headers) as response:
            return response.status


async def test_the_answer_waits_for_the_turn_and_a_failed_turn_is_delivered_again() -> None:
    model = ScriptedModel([reply("We ship on Mondays.")])
    async with FakeTelegram(token=TOKEN) as fake, build_hub("gadgetstore", model) as hub:
        hub.register("desk", Recorder())
        settings = WebhookSettings(url="https://shop.example/hook", secret_token=SECRET, port=0)
        async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url, webhook=settings) as adapter:
            message = fake.message(42)
            message["text"] = "When do you ship?"
            update = json.dumps({"update_id": 7, "message": message})

            # The turn fails (a store error, as with a full disk: Engine.handle raises it).
            original = hub.engine.handle

            async def failing(inbound):
                raise OSError("database is away")

            hub.engine.handle = failing
            assert await _post(adapter.webhook_port, update) == 500
            assert fake.sent_texts(42) == []

            hub.engine.handle = original
            assert await _post(adapter.webhook_port, update) == 200
            # Answered before the 200: the reply is already with Telegram.
            assert fake.sent_texts(42) == ["We ship on Mondays."]
            assert await _post(adapter.webhook_port, update) == 200  # Telegram's retry: a no-op
            assert fake.sent_texts(42) == ["We ship on Mondays."]

            assert await _post(adapter.webhook_port, "{not json") == 400
            assert await _post(adapter.webhook_port, "[1, 2]") == 400
            assert await _post(adapter.webhook_port, update, secret="wrong") == 403
            assert await _post(adapter.webhook_port, update, secret=None) == 403
