"""Discord faults: a connection that ends for good, a 503 at log-in, replays, long replies, role mentions."""
from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import discord
import pytest
from rich.console import Console

from adapters.discord import DiscordAdapter, DiscordSetupError
from adapters.discord.translate import Post, inbound_from_post, split_text
from bots.run_cmd import _serve
from tests.adapters.test_discord_runner import MESSAGES, TYPING, RecordingHub
from tests.fakes.discord_gateway import BOT_ID, DiscordFake, aimed_at

ROOT = Path(__file__).resolve().parents[2]


class NoHub(RecordingHub):
    """Stands in for csbot's outbox, which the runner flushes after start-up."""

    def __init__(self) -> None:
        super().__init__()
        self.registered = asyncio.Event()

    def register(self, channel: str, sender) -> None:
        super().register(channel, sender)
        self.registered.set()

    class outbox:  # noqa: N801 - the attribute the runner reads
        @staticmethod
        async def flush() -> None:
            return None


class ReplayAwareHub(RecordingHub):
    """Remembers the events it answered, as the store does."""

    def __init__(self) -> None:
        super().__init__()
        self.answered: set[str] = set()

    async def receive(self, inbound):
        replies = await super().receive(inbound)
        self.answered.add(inbound.event_id)
        return replies

    async def already_handled(self, inbound) -> bool:
        return inbound.event_id in self.answered


@pytest.mark.parametrize("code", [4014, 4004])
async def test_a_gateway_closed_for_good_after_start_up_ends_the_process_non_zero(code: int) -> None:
    async with DiscordFake() as fake:
        with aimed_at(fake):
            hub = NoHub()
            adapter = DiscordAdapter(hub, fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url,
                                     guild_ready_timeout=0.05)
            console = Console(record=True, width=200)
            serving = asyncio.create_task(_serve(hub, [("discord", adapter)], console))
            await asyncio.wait_for(hub.registered.wait(), 10)  # started: the sender is registered
            await fake.close_gateway(code)
            status = await asyncio.wait_for(serving, 10)
    printed = console.export_text()
    assert status == 1, printed
    assert "discord running" in printed
    assert ("CSBOT_DISCORD_TOKEN" if code == 4004 else "MESSAGE CONTENT intent") in printed


async def test_a_503_at_log_in_is_one_line_and_closes_the_connector(caplog) -> None:
    async with DiscordFake() as fake:
        with aimed_at(fake):
            fake.fail("GET /users/@me", status=503)
            adapter = DiscordAdapter(RecordingHub(), fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url)
            with pytest.raises(DiscordSetupError) as caught:
                await adapter.start()
    assert "503" in str(caught.value) and "\n" not in str(caught.value)
    assert "Unclosed" not in caplog.text


async def test_a_replayed_message_shows_no_typing_and_gets_no_second_reply() -> None:
    async with DiscordFake() as fake:
        with aimed_at(fake):
            hub = ReplayAwareHub()
            adapter = DiscordAdapter(hub, fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url,
                                     guild_ready_timeout=0.05)
            async with adapter:
                message = await fake.push_dm("where is order 18?")
                await hub.next_turn()
                await fake.wait_for(MESSAGES, channel_id=message["channel_id"])
                await fake.reconnect(replay_last=2)  # RESUME replays the question and the bot's reply
                await fake.wait_connected(sessions=2)
                marker = await fake.push_dm("and order 19?")  # in order after the replay
                await hub.next_turn()
                await fake.wait_for(MESSAGES, 2, channel_id=message["channel_id"])
    typing = fake.calls_to(TYPING, channel_id=message["channel_id"])
    assert len(typing) == 2  # one per answered message, none for the replay
    assert [c.json["content"] for c in fake.calls_to(MESSAGES, channel_id=marker["channel_id"])] == [
        "echo: where is order 18?", "echo: and order 19?"]


def test_a_long_reply_is_packed_not_cut_at_its_first_newline() -> None:
    text = "Your order:\n" + " ".join(["pasta"] * 600)  # one heading line, then 3,600 characters
    chunks = split_text(text, limit=2000)
    assert len(chunks) == 2
    assert len(chunks[0]) > 1900 and all(len(c) <= 2000 for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())


def test_paragraphs_still_split_at_the_last_paragraph_boundary() -> None:
    first, second = "a " * 700, "b " * 700
    assert split_text(f"{first}\n\n{second}", limit=2000) == [first.strip(), second.strip()]


def test_a_mention_of_the_bots_managed_role_counts_as_a_mention() -> None:
    post = Post("11", "3001", "3000", "4001", "Ada", False, "<@&777> where is my order?", role_mentions=("777",))
    inbound = inbound_from_post(post, bot_id=BOT_ID, bot_roles=("777",))
    assert inbound is not None and inbound.text == "where is my order?"
    other = Post("12", "3001", "3000", "4001", "Ada", False, "<@&555> hi team", role_mentions=("555",))
    assert inbound_from_post(other, bot_id=BOT_ID, bot_roles=("777",)) is None


def test_every_desk_setting_in_the_example_is_read() -> None:
    example = tomllib.loads((ROOT / "csbot.example.toml").read_text())
    run_cmd = (ROOT / "bots" / "run_cmd.py").read_text()
    for key in example.get("desk", {}):
        assert f'desk.get("{key}"' in run_cmd, f"[desk] {key} is documented but never read"


def test_discord_is_not_left_aimed_at_the_fake() -> None:
    assert discord.http.Route.BASE.startswith("https://")
