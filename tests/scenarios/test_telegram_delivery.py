"""Replies reach Telegram even when it pushes back: 429, 5xx, dropped connections, a restart."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from adapters.telegram import BotApiUnreachable, TelegramAdapter, TokenRefused
from bots.wiring import build_hub
from core.engine import EngineSettings
from core.messages import Address
from core.models.scripted import ScriptedModel
from core.delivery.outbox import RetryPolicy
from tests.fakes.telegram_api import FakeTelegram
from tests.support.recorder import Recorder, reply

PACK = "gadgetstore"
TOKEN = "123:TEST"
ANSWER = "We ship from Portland, Monday to Friday."


@asynccontextmanager
async def bot_on(fake: FakeTelegram, model: ScriptedModel, db: str = ":memory:", attempts: int = 4) -> AsyncIterator[TelegramAdapter]:
    async with build_hub(PACK, model, db, settings=EngineSettings(seed=1),
                         retry=RetryPolicy(attempts=attempts, backoff=0.05)) as hub:
        hub.register("desk", Recorder())
        async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url) as adapter:
            yield adapter


async def test_429_waits_retry_after_then_delivers() -> None:
    async with FakeTelegram(token=TOKEN) as fake, bot_on(fake, ScriptedModel([reply(ANSWER)])):
        fake.fail("sendMessage", 429, retry_after=1)
        fake.push_text(42, "When do you ship?")
        refused, delivered = await fake.wait_for("sendMessage", 2)
        assert refused.status == 429 and delivered.status == 200
        assert delivered.at - refused.at >= 0.9  # it waited as Telegram asked
        assert fake.sent_texts(42) == [ANSWER]


async def test_500_and_a_dropped_connection_are_retried_with_backoff() -> None:
    async with FakeTelegram(token=TOKEN) as fake, bot_on(fake, ScriptedModel([reply(ANSWER)])):
        fake.fail("sendMessage", 500)
        fake.drop("sendMessage")
        fake.push_text(42, "When do you ship?")
        calls = await fake.wait_for("sendMessage", 3)
        assert [c.status for c in calls] == [500, 0, 200]
        assert fake.sent_texts(42) == [ANSWER]


async def test_403_blocked_user_is_not_retried_but_the_turn_is_stored() -> None:
    model = ScriptedModel([reply(ANSWER), reply("Second answer.")])
    async with FakeTelegram(token=TOKEN) as fake, bot_on(fake, model) as adapter:
        fake.fail("sendMessage", 403)
        fake.push_text(42, "When do you ship?")
        await fake.wait_for("sendMessage", 1)
        fake.push_text(43, "Another customer asks")  # a later turn proves the first one is over
        await fake.wait_for("sendMessage", 2)
        assert [c.status for c in fake.calls_of("sendMessage")] == [403, 200]
        assert fake.calls_of("sendMessage")[1].params["chat_id"] == "43"
        history = await adapter.hub.history(Address("telegram", "42"))
        assert [(m.role, m.text) for m in history] == [("customer", "When do you ship?"), ("bot", ANSWER)]


async def test_restart_sends_what_is_left_in_the_outbox(tmp_path: Path) -> None:
    db = str(tmp_path / "csbot.db")
    async with FakeTelegram(token=TOKEN) as fake:
        async with bot_on(fake, ScriptedModel([reply(ANSWER)]), db, attempts=2) as adapter:
            fake.fail("sendMessage", 500, times=2)  # every attempt of this run fails
            fake.push_text(42, "When do you ship?")
            await fake.wait_for("sendMessage", 2)
            history = await adapter.hub.history(Address("telegram", "42"))
            assert [m.role for m in history] == ["customer", "bot"]  # stored though not delivered
        assert fake.sent_texts() == []
        # a new process on the same database
        async with bot_on(fake, ScriptedModel([reply("unused")]), db):
            calls = await fake.wait_for("sendMessage", 3)
            assert calls[-1].status == 200
            assert fake.sent_texts(42) == [ANSWER]


async def test_wrong_token_is_a_one_line_error_naming_the_variable() -> None:
    async with FakeTelegram(token=TOKEN) as fake:
        async with build_hub(PACK, ScriptedModel([reply("x")])) as hub:
            adapter = TelegramAdapter(hub, "999:WRONG", base_url=fake.base_url)
            try:
                await adapter.start()
            except TokenRefused as exc:
                message = str(exc)
            else:
                await adapter.stop()
                raise AssertionError("a refused token must stop the start")
    assert "CSBOT_TELEGRAM_TOKEN" in message
    assert "\n" not in message


async def test_unreachable_bot_api_is_a_one_line_error() -> None:
    async with FakeTelegram(token=TOKEN) as fake:
        gone = fake.base_url
    async with build_hub(PACK, ScriptedModel([reply("x")])) as hub:
        adapter = TelegramAdapter(hub, TOKEN, base_url=gone)
        try:
            await adapter.start()
        except BotApiUnreachable as exc:
            message = str(exc)
        else:
            await adapter.stop()
            raise AssertionError("an unreachable Bot API must stop the start")
    assert gone in message and "\n" not in message


async def test_a_token_refused_while_sending_is_retried_like_any_passing_failure() -> None:
    async with FakeTelegram(token=TOKEN) as fake, bot_on(fake, ScriptedModel([reply(ANSWER)])):
        fake.fail("sendMessage", 401)  # do_api_request reports it as EndPointNotFound
        fake.push_text(42, "When do you ship?")
        calls = await fake.wait_for("sendMessage", 2)
        assert [c.status for c in calls] == [401, 200]
        assert fake.sent_texts(42) == [ANSWER]
