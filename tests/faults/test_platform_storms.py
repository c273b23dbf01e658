"""Platforms pushing back at scale (429 and 5xx storms) and a restart in the middle of a delivery:
every customer is answered, and answered once."""
from __future__ import annotations

import asyncio
from pathlib import Path

from adapters.discord import DiscordAdapter
from adapters.slack.app import SlackAdapter
from adapters.telegram import TelegramAdapter
from bots.wiring import build_hub
from core.engine import EngineSettings
from core.messages import Address
from core.models.scripted import ScriptedModel
from core.delivery.outbox import RetryPolicy
from tests.fakes.discord_gateway import DiscordFake, aimed_at
from tests.fakes.slack_api import FakeSlack, SignedEvents
from tests.fakes.telegram_api import FakeTelegram
from tests.scenarios.test_telegram_delivery import ANSWER, TOKEN, bot_on
from tests.support.recorder import Recorder, reply

CUSTOMERS = 20
MESSAGES = "POST /channels/{channel_id}/messages"


async def test_a_5xx_storm_on_telegram_still_answers_every_chat_once() -> None:
    async with FakeTelegram(token=TOKEN) as fake, bot_on(fake, ScriptedModel([reply(ANSWER)]), attempts=8):
        fake.fail("sendMessage", 502, times=CUSTOMERS * 2)  # on average two failures per reply
        for chat in range(1, CUSTOMERS + 1):
            fake.push_text(chat, "When do you ship?")
        await fake.wait_for("sendMessage", CUSTOMERS * 3, timeout=30)
        for chat in range(1, CUSTOMERS + 1):
            assert fake.sent_texts(chat) == [ANSWER], chat


async def test_a_429_storm_on_telegram_is_waited_out() -> None:
    async with FakeTelegram(token=TOKEN) as fake, bot_on(fake, ScriptedModel([reply(ANSWER)])):
        fake.fail("sendMessage", 429, retry_after=1, times=3)
        for chat in (1, 2, 3):
            fake.push_text(chat, "When do you ship?")
        await fake.wait_for("sendMessage", 6, timeout=30)
        assert sorted(fake.sent_texts()) == [ANSWER] * 3


async def test_a_429_and_5xx_storm_on_slack_still_answers_every_dm_once(tmp_path: Path) -> None:
    secret = "s3cret-signing"
    async with FakeSlack() as slack, build_hub("pastashop", ScriptedModel([reply(ANSWER)]), tmp_path / "db",
                                               retry=RetryPolicy(attempts=8, backoff=0.01)) as hub:
        slack.fail("chat.postMessage", status=500, times=CUSTOMERS)
        slack.fail("chat.postMessage", status=429, retry_after=1, times=2)
        async with SlackAdapter(hub, bot_token="xoxb-test", signing_secret=secret, base_url=slack.api_url,
                                port=0) as adapter:
            events = SignedEvents(adapter.events_url, secret)
            statuses = await asyncio.gather(*(
                events.post_event(slack.user_message(f"D{n}", f"U{n}", "When do you ship?", channel_type="im"))
                for n in range(CUSTOMERS)))
            assert {status for status, _ in statuses} == {200}
            await slack.wait_for("chat.postMessage", CUSTOMERS + 2 + CUSTOMERS, timeout=30)
            await adapter.idle()
        for n in range(CUSTOMERS):
            texts = [m["text"] for m in slack.channel_messages(f"D{n}")]
            assert texts == ["When do you ship?", ANSWER], n  # the customer's message, then one reply


async def test_a_5xx_storm_on_discord_is_retried_by_the_outbox() -> None:
    async with DiscordFake() as fake:
        with aimed_at(fake):
            async with build_hub("pastashop", ScriptedModel([reply(ANSWER)]),
                                 retry=RetryPolicy(attempts=8, backoff=0.01)) as hub:
                hub.register("desk", Recorder())
                fake.fail(MESSAGES, status=503, times=6)
                async with DiscordAdapter(hub, fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url,
                                          guild_ready_timeout=0.05):
                    dms = [await fake.push_dm(f"When do you ship? ({n})") for n in range(3)]
                    channel = dms[0]["channel_id"]
                    await fake.wait_for(MESSAGES, 9, channel_id=channel, timeout=30)
    assert [m["content"] for m in fake.sent(channel)].count(ANSWER) >= 3
    delivered = [c for c in fake.calls_to(MESSAGES, channel_id=channel)]
    assert len(delivered) == 9  # 6 refused + 3 delivered: no reply sent twice


async def test_a_restart_during_delivery_delivers_after_the_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "csbot.db")
    async with FakeTelegram(token=TOKEN) as fake:
        # One attempt per round: the stalled send is still unanswered when this process stops.
        async with bot_on(fake, ScriptedModel([reply(ANSWER)]), db, attempts=1) as adapter:
            fake.stall("sendMessage")
            fake.push_text(42, "When do you ship?")
            await fake.wait_for("sendMessage", 1)
            history = await adapter.hub.history(Address("telegram", "42"))
            assert [m.role for m in history] == ["customer", "bot"]  # stored before it was sent
        assert fake.sent_texts(42) == []
        async with build_hub("gadgetstore", ScriptedModel([reply("unused")]), db,
                             settings=EngineSettings(seed=1)) as hub:  # the restarted process
            hub.register("desk", Recorder())
            async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url):
                await fake.wait_for("sendMessage", 2, timeout=30)
                assert fake.sent_texts(42) == [ANSWER]
