"""The thin runner: a discord.Client whose events become hub turns, and the "discord" Sender."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import dataclass, replace
from typing import Protocol

import aiohttp
import discord
import yarl

from adapters.discord.sender import DiscordSender
from adapters.redelivery import Redelivery
from adapters.discord.translate import (
    CHANNEL,
    inbound_from_click,
    inbound_from_post,
    opens_thread,
    post_from_message,
    thread_name,
)
from core.delivery.delivery import Sender
from core.messages import Address, Inbound, Outbound
from core.turn.rating import acknowledgement, is_rating

log = logging.getLogger("csbot.discord")

INTENT_MISSING = (
    "Discord: enable the MESSAGE CONTENT intent for this bot in the Developer Portal "
    "(Bot -> Privileged Gateway Intents)"
)
TOKEN_REFUSED = (
    "Discord: the token in CSBOT_DISCORD_TOKEN was refused; set it to the bot token "
    "from the Developer Portal (Bot -> Reset Token)"
)
_THREAD_EXISTS = 160004  # Discord's error code: a thread was already started from this message
_TYPING_EVERY = 8.0  # seconds; Discord shows the indicator for about 10


@dataclass(frozen=True, slots=True)
class Shards:
    """This worker's share of the gateway: shards `ids` of `count` (several workers split them)."""

    count: int
    ids: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.count < 1 or not self.ids or any(not 0 <= i < self.count for i in self.ids):
            raise ValueError(f"discord shard_ids {list(self.ids)} must be within 0..{self.count - 1}")


def _client_for(shards: Shards | None, **options) -> discord.Client:
    """One connection without shards; with them, discord.py's sharded client runs this worker's share."""
    if shards is None:
        return discord.Client(**options)
    return discord.AutoShardedClient(shard_ids=list(shards.ids), shard_count=shards.count, **options)


class DiscordSetupError(RuntimeError):
    """The bot cannot run as configured; the message is one line that says what to fix."""


class Hub(Protocol):
    def register(self, channel: str, sender: Sender) -> None: ...

    async def receive(self, inbound: Inbound) -> list[Outbound]: ...

    async def already_handled(self, inbound: Inbound) -> bool: ...


class DiscordAdapter:
    """Answers DMs, mentions, support channels and the threads it started; delivers the hub's replies."""

    def __init__(
        self,
        hub: Hub,
        token: str,
        *,
        support_channels: Collection[int] = (),
        api_base: str | None = None,
        gateway_url: str | None = None,
        guild_ready_timeout: float = 2.0,
        redelivery: Redelivery | None = None,
        shards: Shards | None = None,
    ) -> None:
        self._hub = hub
        self._token = token
        self._support = frozenset(str(c) for c in support_channels)
        self._api_base = api_base
        self._gateway_url = gateway_url
        self._guild_ready_timeout = guild_ready_timeout
        self.redelivery = redelivery or Redelivery()
        self._shards = shards
        self._client: discord.Client | None = None
        self._connection: asyncio.Task[None] | None = None
        self._restore_endpoints: Callable[[], None] = lambda: None
        self._ended: asyncio.Future[str] | None = None

    async def start(self) -> None:
        """Log in and connect; returns once the gateway is ready, or raises DiscordSetupError."""
        self._restore_endpoints = _point_at(self._api_base, self._gateway_url)
        intents = discord.Intents.default()
        intents.message_content = True
        client = _client_for(
            self._shards,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=self._guild_ready_timeout,
        )
        client.event(self.on_message)
        client.event(self.on_interaction)
        client.event(self.on_ready)
        self._client = client
        try:
            await client.login(self._token)
        except discord.LoginFailure:
            await self.stop()
            raise DiscordSetupError(TOKEN_REFUSED) from None
        except discord.HTTPException as exc:  # a 5xx or 429 at log-in: Discord's side, try later
            await self.stop()
            raise DiscordSetupError(f"Discord: the API answered {exc.status} at log-in; try again later") from None
        except (aiohttp.ClientError, OSError) as exc:
            await self.stop()
            raise DiscordSetupError(f"Discord: cannot reach the API ({exc})") from None
        self._connection = asyncio.create_task(client.connect(), name="discord-gateway")
        ready = asyncio.create_task(client.wait_until_ready())
        await asyncio.wait({ready, self._connection}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            error = _setup_error(self._connection.exception())
            await self.stop()
            raise error
        self._ended = asyncio.get_running_loop().create_future()
        self._connection.add_done_callback(self._report_end)
        self._hub.register(CHANNEL, DiscordSender(lambda: self._client))

    async def stop(self) -> None:
        await self.redelivery.stop()
        client, self._client = self._client, None
        if client is not None:
            await client.close()
        if self._connection is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._connection
            self._connection = None
        self._restore_endpoints()
        self._restore_endpoints = lambda: None

    async def wait_ended(self) -> str:
        """Returns (with the reason) only if the gateway connection ended for good while running,
        e.g. closed with 4014 (intent switched off) or 4004 (token reset); discord.py reconnects
        by itself after anything else. The process should then exit non-zero."""
        assert self._ended is not None, "DiscordAdapter.start() was not called"
        return await asyncio.shield(self._ended)

    def _report_end(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        reason = str(_setup_error(task.exception()))
        log.error("%s", reason)
        if self._ended is not None and not self._ended.done():
            self._ended.set_result(reason)

    async def __aenter__(self) -> DiscordAdapter:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- gateway events (discord.py's Client._run_event is the error boundary) ----------

    async def on_ready(self) -> None:
        client = self._client
        if client is not None:
            log.info("Discord: connected as %s in %d server(s)", client.user, len(client.guilds))

    async def on_message(self, message: discord.Message) -> None:
        client = self._client
        if client is None or client.user is None:
            return
        post = post_from_message(message)
        role = message.guild.self_role if message.guild is not None else None
        inbound = inbound_from_post(
            post, bot_id=str(client.user.id), support_channels=self._support,
            bot_roles=(str(role.id),) if role is not None else (),
        )
        if inbound is None or await self._hub.already_handled(inbound):
            return  # a replayed delivery: no thread, no "typing…" without a reply
        if opens_thread(post):
            inbound = await self._in_thread(message, inbound)
        async with _typing(client, inbound.address.chat_id):
            await self._turn(inbound)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        client = self._client
        if client is None or interaction.type is not discord.InteractionType.component:
            return
        data = interaction.data or {}
        inbound = inbound_from_click(
            interaction_id=str(interaction.id),
            channel_id=str(interaction.channel_id),
            custom_id=str(data.get("custom_id", "")),
            user_id=str(interaction.user.id),
            user_name=interaction.user.display_name,
        )
        if inbound is None:
            return
        if await self._hub.already_handled(inbound):
            return
        if is_rating(inbound.text):
            await self._rated(interaction, inbound)
            return
        # A deferred update acknowledges the click within Discord's 3 s without a message of its own.
        await interaction.response.defer()
        async with _typing(client, inbound.address.chat_id):
            await self._turn(inbound)

    async def _rated(self, interaction: discord.Interaction, inbound: Inbound) -> None:
        """A rating's press: its quick turn (no model), then its acknowledgement as the interaction's
        own response, which only the customer sees (ephemeral), instead of a message in the channel."""
        try:
            said = acknowledgement(await self._hub.receive(inbound), inbound.address)
        except Exception as error:
            await interaction.response.defer()
            log.warning("discord rating %s failed (%s); retrying it", inbound.event_id, error)
            self.redelivery.retry(f"discord rating {inbound.event_id}", lambda: self._hub.receive(inbound))
            return
        try:
            if said:
                await interaction.response.send_message(said, ephemeral=True)
            else:
                await interaction.response.defer()
        except discord.HTTPException as error:  # past Discord's 3 s (a long turn ahead of it): stored all the same
            log.info("discord rating %s stored, its acknowledgement not shown: %s", inbound.event_id, error)

    async def _turn(self, inbound: Inbound) -> None:
        """Discord never redelivers a message: a turn that could not be stored is retried here."""
        try:
            await self._hub.receive(inbound)
        except Exception as error:
            what = f"discord message {inbound.event_id}"
            log.warning("%s failed (%s); retrying it", what, error)
            self.redelivery.retry(what, lambda: self._hub.receive(inbound))

    async def _in_thread(self, message: discord.Message, inbound: Inbound) -> Inbound:
        """Start the question's thread (a replayed message finds it already there)."""
        if message.thread is not None:
            return inbound
        try:
            await message.create_thread(name=thread_name(inbound.text))
        except discord.HTTPException as exc:
            if exc.code == _THREAD_EXISTS:
                return inbound
            log.warning(
                "Discord: cannot start a thread in channel %s (%s); answering in the channel", message.channel.id, exc
            )
            return replace(inbound, address=Address(channel=CHANNEL, chat_id=str(message.channel.id)))
        return inbound


@contextlib.asynccontextmanager
async def _typing(client: discord.Client, chat_id: str) -> AsyncIterator[None]:
    """Show "csbot is typing..." while the engine works; a failed indicator never stops the turn."""
    channel = client.get_partial_messageable(int(chat_id))

    async def type_once() -> None:
        try:
            await channel.typing()
        except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
            log.debug("Discord: typing indicator failed: %s", exc)

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(_TYPING_EVERY)
            await type_once()

    await type_once()  # before the turn, so the indicator precedes the reply
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _setup_error(exc: BaseException | None) -> DiscordSetupError:
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return DiscordSetupError(INTENT_MISSING)
    if isinstance(exc, discord.ConnectionClosed) and exc.code == 4004:
        return DiscordSetupError(TOKEN_REFUSED)
    return DiscordSetupError(f"Discord: the gateway connection failed: {exc}")


def _point_at(api_base: str | None, gateway_url: str | None) -> Callable[[], None]:
    """Aim discord.py at another server (the loopback fake, a proxy) and return how to undo it.

    discord.py keeps both addresses in class attributes, so this is process-wide; it is
    undone on stop()."""
    old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    def restore() -> None:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    return restore
