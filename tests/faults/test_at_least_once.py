"""Nothing acknowledged is lost: when a turn cannot be stored, each adapter makes the platform
(or itself) deliver the message again, and the redelivery is answered once."""
from __future__ import annotations

import aiohttp

from adapters.discord import DiscordAdapter
from adapters.redelivery import Redelivery
from adapters.slack.app import SlackAdapter
from adapters.telegram import TelegramAdapter, WebhookSettings
from bots.wiring import build_hub
from core.messages import Address, Inbound
from core.models.scripted import ScriptedModel
from tests.fakes.discord_gateway import DiscordFake, aimed_at
from tests.fakes.slack_api import FakeSlack, SignedEvents
from tests.fakes.telegram_api import FakeTelegram
from tests.faults.failing_store import fail_next_commits
from tests.support.recorder import Recorder, reply

SECRET = "s3cret-signing"
ANSWER = "Our spaghetti cook in 11 minutes."
TOKEN = "123:TEST"
WEBHOOK_SECRET = "s3cret-Token_1"


def model() -> ScriptedModel:
    return ScriptedModel([reply(ANSWER)])


async def customer_lines(hub, address: Address) -> list[str]:
    return [m.text for m in await hub.history(address) if m.role == "customer"]


async def test_the_engine_processes_a_redelivery_of_a_turn_it_could_not_store() -> None:
    async with build_hub("pastashop", model()) as hub:
        hub.register("desk", Recorder())
        store = fail_next_commits(hub)
        inbound = Inbound(Address("web", "s1"), "How long do spaghetti cook?", event_id="s1:m1")
        try:
            await hub.engine.handle(inbound)
        except Exception as error:
            assert "disk is full" in str(error)
        else:
            raise AssertionError("a failed commit must raise")
        assert store.failed.is_set() and not await hub.already_handled(inbound)
        [answer] = await hub.engine.handle(inbound)  # the redelivery
        assert answer.text == ANSWER
        assert await hub.engine.handle(inbound) == []  # and a third delivery is a duplicate


async def test_slack_answers_500_until_the_turn_is_stored_then_the_retry_is_answered_once(tmp_path) -> None:
    async with FakeSlack(users={"U5": "Ann"}) as slack, build_hub("pastashop", model(), tmp_path / "db") as hub:
        fail_next_commits(hub)
        async with SlackAdapter(hub, bot_token="xoxb-test", signing_secret=SECRET, base_url=slack.api_url,
                                staff_channel="CSTAFF", port=0) as adapter:
            events = SignedEvents(adapter.events_url, SECRET)
            dm = slack.user_message("D5", "U5", "How long do spaghetti cook?", channel_type="im")
            assert (await events.post_event(dm))[0] == 500  # not stored: Slack will retry
            assert slack.of("chat.postMessage") == []
            assert (await events.post_event(dm, retry_num=1))[0] == 200
            [sent] = await slack.wait_for("chat.postMessage")
            assert (await events.post_event(dm, retry_num=2))[0] == 200  # a late retry: a duplicate
            await adapter.idle()
        assert sent.params["text"] == ANSWER and len(slack.of("chat.postMessage")) == 1
        assert await customer_lines(hub, Address("slack", "D5")) == ["How long do spaghetti cook?"]


async def test_a_slack_turn_failing_after_its_ack_is_retried_by_the_adapter(tmp_path) -> None:
    async with FakeSlack(users={"U5": "Ann"}) as slack, build_hub("pastashop", model(), tmp_path / "db") as hub:
        fail_next_commits(hub)
        async with SlackAdapter(hub, bot_token="xoxb-test", signing_secret=SECRET, base_url=slack.api_url,
                                port=0, staff_channel="CSTAFF", ack_within=0,
                                redelivery=Redelivery(delays=(0, 0))) as adapter:
            events = SignedEvents(adapter.events_url, SECRET)
            dm = slack.user_message("D5", "U5", "How long do spaghetti cook?", channel_type="im")
            assert (await events.post_event(dm))[0] == 200  # acked at the deadline, before the failure
            [sent] = await slack.wait_for("chat.postMessage")
            await adapter.idle()
        assert sent.params["text"] == ANSWER
        assert await customer_lines(hub, Address("slack", "D5")) == ["How long do spaghetti cook?"]


async def test_the_telegram_webhook_answers_500_for_an_unstored_turn_and_telegram_redelivers() -> None:
    async with FakeTelegram(token=TOKEN) as fake, build_hub("pastashop", model()) as hub:
        hub.register("desk", Recorder())
        fail_next_commits(hub)
        settings = WebhookSettings(url="https://shop.example/telegram/hook", secret_token=WEBHOOK_SECRET, port=0)
        async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url, webhook=settings) as adapter:
            fake.webhook["url"] = f"http://127.0.0.1:{adapter.webhook_port}/telegram/hook"
            update = {"update_id": 501, "message": {**fake.message(42), "text": "How long do spaghetti cook?"}}
            assert await fake.post_webhook(dict(update)) == 500
            assert fake.sent_texts(42) == []
            assert await fake.post_webhook(dict(update)) == 200  # Telegram's redelivery
            assert await fake.post_webhook(dict(update)) == 200  # once more: a duplicate
        assert fake.sent_texts(42) == [ANSWER]


async def test_the_telegram_webhook_answers_400_to_a_body_that_is_not_json() -> None:
    async with FakeTelegram(token=TOKEN) as fake, build_hub("pastashop", model()) as hub:
        settings = WebhookSettings(url="https://shop.example/telegram/hook", secret_token=WEBHOOK_SECRET, port=0)
        async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url, webhook=settings) as adapter:
            url = f"http://127.0.0.1:{adapter.webhook_port}/telegram/hook"
            async with aiohttp.ClientSession() as session:
                for body in (b"{not json", b"[1, 2]", b"\xff\xfe"):
                    async with session.post(url, data=body, headers={
                        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
                    }) as response:
                        assert response.status == 400, body
                async with session.post(url, data=b"{not json", headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
                    assert response.status == 403


async def test_a_polled_telegram_update_whose_turn_failed_is_processed_again() -> None:
    async with FakeTelegram(token=TOKEN) as fake, build_hub("pastashop", model()) as hub:
        hub.register("desk", Recorder())
        store = fail_next_commits(hub)
        async with TelegramAdapter(hub, TOKEN, base_url=fake.base_url, redelivery=Redelivery(delays=(0, 0))):
            fake.push_text(42, "How long do spaghetti cook?")
            [sent] = await fake.wait_for("sendMessage", 1)
        assert store.failed.is_set()
        assert sent.params["text"] == ANSWER
        assert await customer_lines(hub, Address("telegram", "42")) == ["How long do spaghetti cook?"]


async def test_a_discord_message_whose_turn_failed_is_processed_again() -> None:
    async with DiscordFake() as fake:
        with aimed_at(fake):
            async with build_hub("pastashop", model()) as hub:
                hub.register("desk", Recorder())
                store = fail_next_commits(hub)
                async with DiscordAdapter(hub, fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url,
                                          guild_ready_timeout=0.05, redelivery=Redelivery(delays=(0, 0))):
                    dm = await fake.push_dm("How long do spaghetti cook?")
                    await fake.wait_for("POST /channels/{channel_id}/messages", channel_id=dm["channel_id"])
                assert store.failed.is_set()
                assert [m["content"] for m in fake.sent(dm["channel_id"])] == [ANSWER]
                assert await customer_lines(hub, Address("discord", dm["channel_id"])) == ["How long do spaghetti cook?"]
