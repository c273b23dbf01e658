"""Whole conversations on Discord: the real discord.Client, the real hub and engine, the loopback fake."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from adapters.discord import INTENT_MISSING, DiscordAdapter, DiscordSetupError
from bots.wiring import build_hub
from core.messages import Address, Button, Outbound
from core.models.scripted import ScriptedModel
from core.delivery.outbox import RetryPolicy
from tests.fakes.discord_gateway import BOT_ID, OTHER_BOT, SUPPORT_ID, DiscordFake, aimed_at

PACK = Path(__file__).resolve().parents[2] / "knowledge" / "pastashop"
MESSAGES = "POST /channels/{channel_id}/messages"
TYPING = "POST /channels/{channel_id}/typing"
THREADS = "POST /channels/{channel_id}/messages/{message_id}/threads"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"

LONG_ANSWER = ("Our fusilli are made from durum wheat and dried slowly. " * 22).strip() + "\n\n" + (
    "Shipping takes two to three days within the country. " * 22
).strip()
ANSWERS = {  # customer words -> the reply the scripted model echoes
    # true to the pack: the grounding screen replaces a reply that states what the shop never said
    "fusilli": "Fusilli senza glutine cost 4.60 EUR per 400 g box.",
    "penne": "We have no penne; Paccheri di Gragnano cost 4.20 EUR per 500 g pack.",
    "parcel": "Orders placed before 12:00 on a working day leave the same day.",
    "monday": "An order from Monday arrives by Thursday.",
    "tell me everything": LONG_ANSWER,
    "news": "Big news @everyone: the summer pesto is back!",
    "track": "Order 18 left the kitchen this morning.",
    "wednesday": "Orders placed on Wednesday ship on Thursday.",
}


def shop_model() -> ScriptedModel:
    def answer(chat: list[dict]) -> str:
        question = chat[-1]["content"].lower()
        reply = next((text for words, text in ANSWERS.items() if words in question), "How can I help?")
        return f'echo $ "{reply}"\necho $ "evaluation: safe"'

    return ScriptedModel(answer)


def bot_replies(fake: DiscordFake, channel_id: str) -> list[str]:
    return [m["content"] for m in fake.messages_in(channel_id) if m["author"]["id"] == BOT_ID]


@contextlib.asynccontextmanager
async def discord_shop(fake: DiscordFake, model: ScriptedModel):
    async with build_hub(PACK, model, retry=RetryPolicy(backoff=0.01)) as hub:
        adapter = DiscordAdapter(
            hub,
            fake.token,
            support_channels=[int(SUPPORT_ID)],
            api_base=fake.api_base,
            gateway_url=fake.gateway_url,
            guild_ready_timeout=0.05,
        )
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


@pytest.fixture
async def model():
    return shop_model()


async def test_a_dm_conversation(fake, model):
    async with discord_shop(fake, model):
        first = await fake.push_dm("How much are your fusilli?")
        dm = first["channel_id"]
        await fake.wait_for(MESSAGES, 1, channel_id=dm)
        await fake.push_dm("And penne?")
        await fake.wait_for(MESSAGES, 2, channel_id=dm)
    assert bot_replies(fake, dm) == [ANSWERS["fusilli"], ANSWERS["penne"]]
    # the second turn was answered with the first one in the conversation's history
    assert any("fusilli" in m["content"].lower() for m in model.calls[-1][:-1])
    routes = [c.route for c in fake.calls if c.params.get("channel_id") == dm]
    assert routes[:2] == [TYPING, MESSAGES]


async def test_a_support_channel_question_is_answered_in_a_new_thread_and_followed_up_there(fake, model):
    async with discord_shop(fake, model):
        question = await fake.push_guild_message(SUPPORT_ID, "Where is my parcel?", mention=True)
        thread = question["id"]
        (created,) = await fake.wait_for(THREADS)
        assert created.params["message_id"] == thread
        await fake.wait_for(MESSAGES, 1, channel_id=thread)
        await fake.push_guild_message(thread, "I ordered on Monday")
        await fake.wait_for(MESSAGES, 2, channel_id=thread)
    assert bot_replies(fake, thread) == [ANSWERS["parcel"], ANSWERS["monday"]]
    assert bot_replies(fake, SUPPORT_ID) == []
    assert len(fake.calls_to(THREADS)) == 1
    assert any("parcel" in m["content"].lower() for m in model.calls[-1][:-1])


async def test_a_bots_message_is_ignored(fake, model):
    async with discord_shop(fake, model):
        await fake.push_guild_message(SUPPORT_ID, "How much are your fusilli?", user=OTHER_BOT, mention=True)
        question = await fake.push_guild_message(SUPPORT_ID, "How much is penne?")
        await fake.wait_for(MESSAGES, 1, channel_id=question["id"])
    assert len(model.calls) == 1 and "penne" in model.calls[0][-1]["content"].lower()
    assert len(fake.calls_to(THREADS)) == 1


async def test_a_2500_character_reply_is_split_in_two(fake, model):
    assert 2000 < len(LONG_ANSWER) <= 4000
    async with discord_shop(fake, model):
        dm = (await fake.push_dm("Tell me everything, please"))["channel_id"]
        await fake.wait_for(MESSAGES, 2, channel_id=dm)
    parts = bot_replies(fake, dm)
    assert len(parts) == 2
    assert all(len(p) <= 2000 for p in parts)
    assert parts[0].startswith("Our fusilli") and parts[1].startswith("Shipping takes")
    assert "\n\n".join(parts) == LONG_ANSWER


async def test_a_reply_containing_everyone_pings_nobody(fake, model):
    async with discord_shop(fake, model):
        question = await fake.push_guild_message(SUPPORT_ID, "Any news?", mention=True)
        (sent,) = await fake.wait_for(MESSAGES, 1, channel_id=question["id"])
    assert "@everyone" in sent.json["content"]
    assert sent.json["allowed_mentions"] == {"parse": []}


async def test_a_reconnect_mid_conversation_loses_nothing_and_answers_a_replay_once(fake, model):
    async with discord_shop(fake, model):
        question = await fake.push_guild_message(SUPPORT_ID, "Where is my parcel?")
        thread = question["id"]
        await fake.wait_for(MESSAGES, 1, channel_id=thread)
        # op 7; the RESUME gets the question, THREAD_CREATE and the bot's reply again,
        # then the follow-up the customer wrote while the bot was reconnecting
        await fake.reconnect(replay_last=3)
        await fake.push_guild_message(thread, "I ordered on Monday")
        await fake.wait_connected(sessions=2)
        await fake.wait_for(MESSAGES, 2, channel_id=thread)
        # the replayed question is recognised before the hub (no "typing…" without a reply);
        # one more turn afterwards proves the conversation is still in order
        await fake.push_guild_message(thread, "Does it ship on Wednesday too?")
        await fake.wait_for(MESSAGES, 3, channel_id=thread)
    assert len(fake.calls_to(TYPING, channel_id=thread)) == 3  # one per answered question
    assert bot_replies(fake, thread) == [ANSWERS["parcel"], ANSWERS["monday"], ANSWERS["wednesday"]]
    assert len(model.calls) == 3
    assert (len(fake.identifies), len(fake.resumes)) == (1, 1)
    assert len(fake.calls_to(THREADS)) == 1


async def test_a_missing_message_content_intent_is_one_line_saying_what_to_enable(model):
    async with DiscordFake(grant_message_content=False) as fake:
        with aimed_at(fake):
            with pytest.raises(DiscordSetupError) as caught:
                async with discord_shop(fake, model):
                    pass
    assert str(caught.value) == INTENT_MISSING
    assert fake.close_codes == [4014]
    assert model.calls == []


async def test_a_button_click_is_a_customer_turn(fake, model):
    async with discord_shop(fake, model) as hub:
        dm = (await fake.push_dm("How much are your fusilli?"))["channel_id"]
        await fake.wait_for(MESSAGES, 1, channel_id=dm)
        offer = Outbound(Address("discord", dm), "Anything else?", buttons=(Button("Track order 18", "track 18"),))
        await hub.deliver([offer])
        (sent,) = (await fake.wait_for(MESSAGES, 2, channel_id=dm))[1:]
        button = sent.json["components"][0]["components"][0]
        offered = [m for m in fake.messages_in(dm) if m["author"]["id"] == BOT_ID][-1]
        interaction = await fake.push_click(offered, button["custom_id"])
        (callback,) = await fake.wait_for(CALLBACK, interaction_id=interaction)
        await fake.wait_for(MESSAGES, 3, channel_id=dm)
    assert callback.json["type"] == 6
    assert bot_replies(fake, dm)[-1] == ANSWERS["track"]
    assert "track 18" in model.calls[-1][-1]["content"]


async def test_a_failed_send_is_retried_from_the_outbox(fake, model):
    async with discord_shop(fake, model):
        fake.fail(MESSAGES, status=503)  # 503 is not one discord.py retries itself
        fake.rate_limit(MESSAGES, times=5, retry_after=0.01)  # outlasts discord.py's own five tries
        dm = (await fake.push_dm("How much are your fusilli?"))["channel_id"]
        calls = await fake.wait_for(MESSAGES, 7, channel_id=dm)
    assert [c.json["content"] for c in calls] == [ANSWERS["fusilli"]] * 7
    assert bot_replies(fake, dm) == [ANSWERS["fusilli"]]
