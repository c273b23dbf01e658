"""The Discord fake behaves like Discord where csbot depends on it, checked with a plain discord.Client."""
from __future__ import annotations

import asyncio
import contextlib

import discord
import pytest

from tests.fakes.discord_gateway import CUSTOMER, SUPPORT_ID, DiscordFake, aimed_at


@contextlib.asynccontextmanager
async def connected(fake: DiscordFake, intents: discord.Intents):
    seen: asyncio.Queue[discord.Message] = asyncio.Queue()
    client = discord.Client(intents=intents, guild_ready_timeout=0.05)

    async def on_message(message: discord.Message) -> None:
        await seen.put(message)

    client.event(on_message)
    await client.login(fake.token)
    connection = asyncio.create_task(client.connect())
    await asyncio.wait_for(client.wait_until_ready(), 5)
    try:
        yield seen
    finally:
        await client.close()
        await connection


@pytest.fixture
async def fake():
    async with DiscordFake() as fake:
        with aimed_at(fake):
            yield fake


async def next_message(seen: asyncio.Queue) -> discord.Message:
    return await asyncio.wait_for(seen.get(), 5)


async def test_without_the_message_content_intent_guild_content_is_blank_unless_mentioned(fake):
    async with connected(fake, discord.Intents.default()) as seen:
        await fake.push_guild_message(SUPPORT_ID, "plain question", attachments=1)
        blank = await next_message(seen)
        assert (blank.content, blank.attachments) == ("", [])
        await fake.push_guild_message(SUPPORT_ID, "hello bot", mention=True)
        assert (await next_message(seen)).content.endswith("hello bot")
        await fake.push_dm("a dm")
        dm = await next_message(seen)
        assert dm.content == "a dm" and dm.guild is None and dm.author.id == int(CUSTOMER["id"])


async def test_with_the_intent_guild_content_arrives(fake):
    intents = discord.Intents.default()
    intents.message_content = True
    async with connected(fake, intents) as seen:
        await fake.push_guild_message(SUPPORT_ID, "plain question")
        assert (await next_message(seen)).content == "plain question"


async def test_a_wrong_token_fails_login_with_401(fake):
    client = discord.Client(intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        await client.login("wrong")
    await client.close()
    assert fake.calls[0].route == "GET /users/@me"


async def test_resume_replays_what_was_missed_during_a_reconnect(fake):
    async with connected(fake, discord.Intents.default()) as seen:
        await fake.reconnect()
        await fake.push_dm("sent while away")
        assert (await next_message(seen)).content == "sent while away"
        await fake.wait_connected(sessions=2)
        assert len(fake.identifies) == 1
        assert fake.resumes[0]["session_id"].startswith("session-")
