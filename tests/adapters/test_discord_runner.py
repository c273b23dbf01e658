"""The Discord runner and its Sender with the real discord.Client against the loopback fake.

The hub here only records turns and answers through the registered Sender, so each test
looks at exactly what the adapter does on the wire; whole conversations with the real
engine are in tests/scenarios/test_discord_conversations.py."""
from __future__ import annotations

import asyncio

import discord
import pytest

from adapters.discord import INTENT_MISSING, DiscordAdapter, DiscordSetupError
from core.delivery.delivery import PermanentFailure, RetryAfter, TransientFailure
from core.messages import Address, Button, Inbound, InboundKind, Outbound
from tests.fakes.discord_gateway import (
    BOT_ID,
    GENERAL_ID,
    MESSAGE_CONTENT,
    OTHER_BOT,
    SUPPORT_ID,
    DiscordFake,
    aimed_at,
)

MESSAGES = "POST /channels/{channel_id}/messages"
TYPING = "POST /channels/{channel_id}/typing"
THREADS = "POST /channels/{channel_id}/messages/{message_id}/threads"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"


class RecordingHub:
    """Stands in for the hub: records each turn and answers "echo: <text>" through the Sender."""

    def __init__(self) -> None:
        self.turns: asyncio.Queue[Inbound] = asyncio.Queue()
        self.sender = None
        self.buttons: tuple[Button, ...] = ()

    def register(self, channel: str, sender) -> None:
        assert channel == "discord"
        self.sender = sender

    async def receive(self, inbound: Inbound) -> list[Outbound]:
        await self.turns.put(inbound)
        reply = Outbound(inbound.address, f"echo: {inbound.text}", buttons=self.buttons)
        await self.sender(reply)
        return [reply]

    async def already_handled(self, inbound: Inbound) -> bool:
        return False

    async def next_turn(self) -> Inbound:
        return await asyncio.wait_for(self.turns.get(), 5)


@pytest.fixture
async def fake():
    async with DiscordFake() as fake:
        with aimed_at(fake):
            yield fake


@pytest.fixture
async def running(fake):
    hub = RecordingHub()
    adapter = DiscordAdapter(
        hub,
        fake.token,
        support_channels=[int(SUPPORT_ID)],
        api_base=fake.api_base,
        gateway_url=fake.gateway_url,
        guild_ready_timeout=0.05,
    )
    await adapter.start()
    yield hub
    await adapter.stop()


async def test_identifies_with_default_intents_plus_message_content(fake, running):
    intents = fake.identifies[0]["intents"]
    assert intents & MESSAGE_CONTENT
    assert intents == (discord.Intents.default().value | MESSAGE_CONTENT)


async def test_a_dm_is_a_turn_answered_in_the_dm_after_a_typing_indicator(fake, running):
    message = await fake.push_dm("where is order 18?")
    inbound = await running.next_turn()
    assert inbound.address == Address("discord", message["channel_id"])
    assert (inbound.text, inbound.event_id, inbound.user_name) == ("where is order 18?", message["id"], "Ada")
    (reply,) = await fake.wait_for(MESSAGES, channel_id=message["channel_id"])
    assert reply.json["content"] == "echo: where is order 18?"
    assert reply.json["allowed_mentions"] == {"parse": []}
    routes = [c.route for c in fake.calls]
    assert routes.index(TYPING) < routes.index(MESSAGES)


async def test_a_support_channel_question_gets_its_own_thread_and_follow_ups_stay_there(fake, running):
    question = await fake.push_guild_message(SUPPORT_ID, "my parcel is late")
    first = await running.next_turn()
    (thread_call,) = await fake.wait_for(THREADS)
    assert thread_call.params == {"channel_id": SUPPORT_ID, "message_id": question["id"]}
    assert thread_call.json["name"] == "my parcel is late"
    await fake.wait_for(MESSAGES, channel_id=question["id"])
    assert first.address.chat_id == question["id"]

    await fake.push_guild_message(question["id"], "it was ordered on Monday")
    follow_up = await running.next_turn()
    assert follow_up.address == first.address
    await fake.wait_for(MESSAGES, 2, channel_id=question["id"])
    assert len(fake.calls_to(THREADS)) == 1
    assert fake.sent(SUPPORT_ID) == []


async def test_a_mention_in_an_ordinary_channel_opens_a_thread_and_chatter_does_not(fake, running):
    await fake.push_guild_message(GENERAL_ID, "nice weather today")
    mention = await fake.push_guild_message(GENERAL_ID, "do you ship to Norway?", mention=True)
    inbound = await running.next_turn()
    assert (inbound.text, inbound.address.chat_id) == ("do you ship to Norway?", mention["id"])
    await fake.wait_for(MESSAGES, channel_id=mention["id"])
    assert running.turns.empty()
    assert len(fake.calls_to(THREADS)) == 1


async def test_other_bots_and_its_own_echoes_are_ignored(fake, running):
    await fake.push_guild_message(SUPPORT_ID, "I am a bot", user=OTHER_BOT)
    await fake.push_dm("beep", user=OTHER_BOT)
    dm = await fake.push_dm("a real question")
    assert (await running.next_turn()).text == "a real question"
    await fake.wait_for(MESSAGES, channel_id=dm["channel_id"])
    # the fake echoes the bot's own reply as MESSAGE_CREATE, as Discord does; send one more
    # turn so the echo has certainly been dispatched before checking nothing else arrived
    await fake.push_dm("and another")
    assert (await running.next_turn()).text == "and another"
    await fake.wait_for(MESSAGES, 2, channel_id=dm["channel_id"])
    assert running.turns.empty()
    assert fake.calls_to(THREADS) == []


async def test_an_attachment_without_text_is_a_media_turn(fake, running):
    await fake.push_dm("", attachments=1)
    inbound = await running.next_turn()
    assert inbound.kind is InboundKind.MEDIA


async def test_a_button_click_is_a_customer_turn_acknowledged_by_a_deferred_update(fake, running):
    running.buttons = (Button("Track my order", "track order"),)
    dm = await fake.push_dm("hi")
    await running.next_turn()
    (sent,) = await fake.wait_for(MESSAGES, channel_id=dm["channel_id"])
    button = sent.json["components"][0]["components"][0]
    assert (button["type"], button["label"]) == (2, "Track my order")
    bot_message = [m for m in fake.messages_in(dm["channel_id"]) if m["author"]["id"] == BOT_ID][-1]
    interaction_id = await fake.push_click(bot_message, button["custom_id"])
    click = await running.next_turn()
    assert (click.kind, click.text, click.event_id) == (InboundKind.BUTTON, "track order", interaction_id)
    assert click.address == Address("discord", dm["channel_id"])
    (callback,) = await fake.wait_for(CALLBACK)
    assert callback.params["interaction_id"] == interaction_id
    assert callback.json["type"] == 6  # DEFERRED_UPDATE_MESSAGE


async def test_a_short_429_is_waited_out_by_discord_py(fake, running):
    fake.rate_limit(MESSAGES, times=1, retry_after=0.05)
    dm = await fake.push_dm("hello")
    await running.next_turn()
    calls = await fake.wait_for(MESSAGES, 2, channel_id=dm["channel_id"])
    assert [c.json["content"] for c in calls] == ["echo: hello", "echo: hello"]
    assert len(fake.sent(dm["channel_id"])) == 2  # the refused one and the accepted one


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (dict(status=403), PermanentFailure),
        (dict(status=404), PermanentFailure),
        (dict(status=503), TransientFailure),
    ],
)
async def test_sender_maps_failures_for_the_outbox(fake, running, fault, error):
    fake.fail(MESSAGES, **fault)
    with pytest.raises(error):
        await running.sender(Outbound(Address("discord", SUPPORT_ID), "hi"))


async def test_sender_turns_a_429_that_persists_into_retry_after(fake, running):
    # discord.py itself retries a 429 five times; after that the outbox takes over
    fake.rate_limit(MESSAGES, times=5, retry_after=0.02)
    with pytest.raises(RetryAfter) as caught:
        await running.sender(Outbound(Address("discord", SUPPORT_ID), "hi"))
    assert caught.value.seconds == pytest.approx(0.02)


async def test_a_retried_long_reply_does_not_repeat_its_first_part(fake, running):
    outbound = Outbound(Address("discord", SUPPORT_ID), ("a" * 1500) + "\n\n" + ("b" * 1000))
    fake.fail(MESSAGES, status=503, after=1)
    with pytest.raises(TransientFailure):
        await running.sender(outbound)
    await running.sender(outbound)  # what the outbox does next
    assert [body["content"][0] for body in fake.sent(SUPPORT_ID)] == ["a", "b", "b"]


async def test_sending_while_disconnected_is_a_transient_failure(fake):
    hub = RecordingHub()
    adapter = DiscordAdapter(hub, fake.token, guild_ready_timeout=0.05)
    await adapter.start()
    await adapter.stop()
    with pytest.raises(TransientFailure):
        await hub.sender(Outbound(Address("discord", SUPPORT_ID), "hi"))


async def test_a_wrong_token_is_one_line_naming_the_setting(fake):
    before = discord.http.Route.BASE
    adapter = DiscordAdapter(RecordingHub(), "not-the-token", api_base=fake.api_base, gateway_url=fake.gateway_url)
    with pytest.raises(DiscordSetupError) as caught:
        await adapter.start()
    message = str(caught.value)
    assert "CSBOT_DISCORD_TOKEN" in message and "\n" not in message
    assert fake.identifies == []
    assert discord.http.Route.BASE == before


async def test_a_missing_message_content_intent_says_what_to_enable():
    async with DiscordFake(grant_message_content=False) as fake:
        with aimed_at(fake):
            hub = RecordingHub()
            adapter = DiscordAdapter(hub, fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url)
            with pytest.raises(DiscordSetupError) as caught:
                await adapter.start()
    assert str(caught.value) == INTENT_MISSING
    assert fake.close_codes == [4014]
    assert hub.sender is None


async def test_without_permission_to_start_threads_the_question_is_answered_in_the_channel(fake, running):
    fake.fail(THREADS, status=403)
    await fake.push_guild_message(SUPPORT_ID, "my parcel is late")
    inbound = await running.next_turn()
    assert inbound.address == Address("discord", SUPPORT_ID)
    (reply,) = await fake.wait_for(MESSAGES, channel_id=SUPPORT_ID)
    assert reply.json["content"] == "echo: my parcel is late"


async def test_an_unreachable_api_is_one_line():
    async with DiscordFake() as gone:
        api_base, gateway_url = gone.api_base, gone.gateway_url
    adapter = DiscordAdapter(RecordingHub(), "t", api_base=api_base, gateway_url=gateway_url)
    with pytest.raises(DiscordSetupError, match="cannot reach the API"):
        await adapter.start()
