"""Discord shards: each worker identifies with its share of the gateway (real discord.py, loopback fake)."""
from __future__ import annotations

import pytest

from adapters.discord.runner import DiscordAdapter, Shards
from bots.config import Config, ConfigError
from bots.workers import discord_shards
from tests.adapters.test_discord_runner import MESSAGES, RecordingHub
from tests.fakes.discord_gateway import SUPPORT_ID, DiscordFake, aimed_at


@pytest.fixture
async def fake():
    async with DiscordFake() as fake:
        with aimed_at(fake):
            yield fake


async def _started(fake: DiscordFake, shards: Shards | None) -> tuple[DiscordAdapter, RecordingHub]:
    hub = RecordingHub()
    adapter = DiscordAdapter(
        hub, fake.token, support_channels=[int(SUPPORT_ID)], api_base=fake.api_base,
        gateway_url=fake.gateway_url, guild_ready_timeout=0.05, shards=shards,
    )
    await adapter.start()
    return adapter, hub


async def test_a_worker_identifies_with_its_shard_and_answers_on_it(fake):
    adapter, hub = await _started(fake, Shards(count=2, ids=(1,)))
    try:
        assert fake.identifies[0]["shard"] == [1, 2]
        message = await fake.push_dm("where is order 18?")
        await hub.next_turn()
        (reply,) = await fake.wait_for(MESSAGES, channel_id=message["channel_id"])
        assert reply.json["content"] == "echo: where is order 18?"
    finally:
        await adapter.stop()


async def test_without_shard_settings_the_identify_names_no_shard_beyond_the_single_one(fake):
    adapter, _ = await _started(fake, None)
    try:
        assert fake.identifies[0].get("shard") in (None, [0, 1])
    finally:
        await adapter.stop()


def test_settings_give_each_worker_its_share_and_the_environment_wins():
    assert discord_shards(Config()) is None
    assert discord_shards(Config(discord={"shard_count": 4, "shard_ids": [2, 3]})) == Shards(4, (2, 3))
    assert discord_shards(Config(discord={"shard_count": 2})) == Shards(2, (0, 1))
    env = {"CSBOT_DISCORD_SHARD_COUNT": "2", "CSBOT_DISCORD_SHARD_IDS": "1"}
    assert discord_shards(Config(discord={"shard_count": 4, "shard_ids": [0]}, env=env)) == Shards(2, (1,))


@pytest.mark.parametrize("discord", [{"shard_ids": [0]}, {"shard_count": 2, "shard_ids": [2]}, {"shard_count": "x"}])
def test_wrong_shard_settings_are_one_line(discord):
    with pytest.raises(ConfigError, match="shard"):
        discord_shards(Config(discord=discord))
