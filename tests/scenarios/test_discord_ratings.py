"""Ratings on Discord: two message buttons under the answer, a press as an interaction, answered by
the interaction's own ephemeral response (no message in the channel), against the fake gateway."""
from __future__ import annotations

import contextlib

import pytest

from adapters.discord import DiscordAdapter
from bots.wiring import build_hub
from core.delivery.outbox import RetryPolicy
from core.metrics import parse_period, read_report
from tests.fakes.discord_gateway import BOT_ID, SUPPORT_ID, DiscordFake, aimed_at

MESSAGES = "POST /channels/{channel_id}/messages"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"
BOB = {"id": "4002", "username": "bob", "discriminator": "0", "avatar": None, "global_name": "Bob"}
EPHEMERAL = 1 << 6


@contextlib.asynccontextmanager
async def discord_shop(fake: DiscordFake):
    async with build_hub("pastashop", None, retry=RetryPolicy(backoff=0.01)) as hub:
        adapter = DiscordAdapter(hub, fake.token, support_channels=[int(SUPPORT_ID)], api_base=fake.api_base,
                                 gateway_url=fake.gateway_url, guild_ready_timeout=0.05)
        await adapter.start()
        try:
            yield hub
        finally:
            await adapter.stop()


@pytest.fixture
async def fake():
    async with DiscordFake() as fake:
        with aimed_at(fake):
            yield fake


def buttons(call) -> list[dict]:
    return call.json["components"][0]["components"]


def bot_messages(fake: DiscordFake, channel_id: str) -> list[dict]:
    return [m for m in fake.messages_in(channel_id) if m["author"]["id"] == BOT_ID]


async def ratings(hub) -> list[tuple]:
    return await hub.store.read("SELECT subject, value FROM ratings")


async def test_a_discord_customer_rates_an_answer_and_changes_it(fake):
    async with discord_shop(fake) as hub:
        dm = (await fake.push_dm("how much is shipping to germany?"))["channel_id"]
        [answer] = await fake.wait_for(MESSAGES, 1, channel_id=dm)
        good, bad = buttons(answer)
        assert (good["label"], bad["label"]) == ("👍 That helped", "👎 Get more help")
        ref = good["custom_id"].split(":")[2]  # csbot:rate:<ref>:good
        offered = bot_messages(fake, dm)[-1]

        pressed = await fake.push_click(offered, good["custom_id"])
        (callback,) = await fake.wait_for(CALLBACK, interaction_id=pressed)
        assert callback.json["type"] == 4  # CHANNEL_MESSAGE_WITH_SOURCE, seen by the customer only
        assert callback.json["data"]["content"] == "Thank you for your feedback!"
        assert callback.json["data"]["flags"] & EPHEMERAL
        assert await ratings(hub) == [(f"answer:{ref}", "good")]

        pressed = await fake.push_click(offered, bad["custom_id"])  # the same row changes
        (callback,) = await fake.wait_for(CALLBACK, interaction_id=pressed)
        assert callback.json["data"]["content"] == "Thank you for telling us."
        offer = (await fake.wait_for(MESSAGES, 2, channel_id=dm))[1]
        assert [b["custom_id"] for b in buttons(offer)] == [f"csbot:rate:{ref}:person"]
        assert await ratings(hub) == [(f"answer:{ref}", "bad")]
        assert len(bot_messages(fake, dm)) == 2  # the answer and the offer: no acknowledgement message

        report = await read_report(hub.store, parse_period("1d", None))
        assert (report.good, report.bad) == (0, 1)


async def test_a_ref_pressed_in_another_conversation_is_refused(fake):
    async with discord_shop(fake) as hub:
        dm = (await fake.push_dm("how much is shipping to germany?"))["channel_id"]
        [answer] = await fake.wait_for(MESSAGES, 1, channel_id=dm)
        good, _ = buttons(answer)
        other = (await fake.push_dm("hello", user=BOB))["channel_id"]
        await fake.wait_for(MESSAGES, 1, channel_id=other)
        forged = {**bot_messages(fake, other)[-1], "components": answer.json["components"]}
        pressed = await fake.push_click(forged, good["custom_id"], user=BOB)
        (callback,) = await fake.wait_for(CALLBACK, interaction_id=pressed)
        assert "does not belong" in callback.json["data"]["content"]
        assert await ratings(hub) == []
