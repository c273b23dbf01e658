"""`csbot run` (every configured adapter in one process) and `csbot web` (the widget alone)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from rich.console import Console
from rich.markup import escape

from bots.config import SLACK_MODE, Config, ConfigError
from bots.desk_endpoint import serving_desk
from bots.heap import settle_heap
from bots.pack_watch import watching
from bots.privacy_cmd import keeping
from bots.runtime import prepare_hub
from bots.workers import discord_shards
from core.hub import Hub

log = logging.getLogger("csbot.run")


def _telegram(hub: Hub, config: Config) -> Any | None:
    token = config.secret("CSBOT_TELEGRAM_TOKEN")
    if token is None:
        return None
    from adapters.telegram import TelegramAdapter, WebhookSettings

    settings = config.telegram
    webhook = None
    if settings.get("webhook_url"):
        secret = config.secret("CSBOT_TELEGRAM_SECRET")
        if secret is None:
            raise ConfigError("telegram.webhook_url is set: set CSBOT_TELEGRAM_SECRET to the webhook's secret token")
        webhook = WebhookSettings(
            settings["webhook_url"], secret, settings.get("listen", "127.0.0.1"), int(settings.get("port", 8443))
        )
    return TelegramAdapter(
        hub, token, base_url=settings.get("base_url"), transport=settings.get("transport", "keepalive"), webhook=webhook
    )


def _slack(hub: Hub, config: Config) -> Any | None:
    token = config.secret("CSBOT_SLACK_BOT_TOKEN")
    if token is None:
        return None
    from adapters.slack.app import SlackAdapter

    settings = config.slack
    mode = settings.get("mode", SLACK_MODE)
    app_token = config.secret("CSBOT_SLACK_APP_TOKEN") if mode == "socket" else None
    signing_secret = config.secret("CSBOT_SLACK_SIGNING_SECRET")
    if mode == "socket" and app_token is None:
        raise ConfigError("slack.mode is socket: set CSBOT_SLACK_APP_TOKEN (xapp-...)")
    if app_token is None and signing_secret is None:
        raise ConfigError("Slack over HTTP needs CSBOT_SLACK_SIGNING_SECRET (or slack.mode = \"socket\")")
    channel = str(config.desk.get("channel") or hub.pack.staff.channel)
    if not channel:
        raise ConfigError("no staff channel: set [staff] channel in pack.toml or desk.channel in csbot.toml")
    return SlackAdapter(
        hub,
        bot_token=token,
        signing_secret=signing_secret,
        app_token=app_token,
        base_url=settings.get("base_url"),
        staff_channel=channel,
        staff_users=tuple(config.desk.get("users", hub.pack.staff.users)),
        host=settings.get("host", "127.0.0.1"),
        port=int(settings.get("port", 3000)),
    )


def _discord(hub: Hub, config: Config) -> Any | None:
    token = config.secret("CSBOT_DISCORD_TOKEN")
    if token is None:
        return None
    from adapters.discord.runner import DiscordAdapter

    settings = config.discord
    return DiscordAdapter(
        hub,
        token,
        support_channels=[int(c) for c in settings.get("support_channels", [])],
        api_base=settings.get("api_base"),
        gateway_url=settings.get("gateway_url"),
        shards=discord_shards(config),
    )


async def _web(hub: Hub, config: Config, force: bool = False, host: str | None = None, port: int | None = None) -> Any | None:
    settings = config.web
    if not (force or settings.get("enabled")):
        return None
    from adapters.web.server import WebChat
    from adapters.web.sessions import session_tokens

    host = host or settings.get("host", "127.0.0.1")
    port = port if port is not None else int(settings.get("port", 8080))
    origins = settings.get("allowed_origins") or [f"http://{host}:{port}", f"http://localhost:{port}"]
    chat = WebChat(hub, allowed_origins=origins, host=host, port=port, tokens=await session_tokens(hub, config.env),
                   trusted_proxies=settings.get("trusted_proxies", ()))
    from adapters.web.owner import OwnerPage, mount

    # The owner's page on /owner: off (a page saying how to enable it) until CSBOT_OWNER_PASSWORD is set.
    mount(chat.app, OwnerPage.from_env(hub, config.env, trusted_proxies=settings.get("trusted_proxies", ()),
                                       secure_cookie=bool(settings.get("secure_cookies", False))))
    return chat


async def _serve(hub: Hub, adapters: list[tuple[str, Any]], console: Console) -> int:
    started = []
    try:
        for name, adapter in adapters:
            try:
                await adapter.start()
            except (RuntimeError, ValueError, OSError) as error:
                console.print(f"[red]{name}: {escape(str(error))}[/]")
                return 2
            started.append(adapter)
            where = getattr(adapter, "url", "") or ""
            console.print(f"[green]{name} running[/] {escape(str(where))}")
        # The outbox may hold replies for these channels from before a restart.
        await hub.outbox.flush()
        ended = await _until_stopped(started)
        if ended is not None:
            # A connection that ended for good (Discord 4014/4004): exit non-zero so a
            # supervisor restarts csbot or alerts, rather than keep a live-looking process.
            console.print(f"[red]{escape(ended)}[/]")
            return 1
    finally:
        for adapter in reversed(started):
            with contextlib.suppress(Exception):
                await adapter.stop()
    return 0


async def _until_stopped(adapters: list[Any]) -> str | None:
    """Wait for SIGINT/SIGTERM (None) or for an adapter whose connection ended for good (its reason)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    waits = {asyncio.create_task(stop.wait())}
    waits |= {asyncio.create_task(a.wait_ended()) for a in adapters if hasattr(a, "wait_ended")}
    try:
        done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
        await asyncio.gather(*waits, return_exceptions=True)
    return next((t.result() for t in done if isinstance(t.result(), str)), None)


async def run_command(config: Config, console: Console) -> int:
    async with await prepare_hub(config, console) as hub:
        candidates = [
            ("telegram", _telegram(hub, config)),
            ("slack", _slack(hub, config)),
            ("discord", _discord(hub, config)),
            ("web", await _web(hub, config)),
        ]
        adapters = [(name, a) for name, a in candidates if a is not None]
        if not adapters:
            raise ConfigError(
                "nothing to run: set CSBOT_TELEGRAM_TOKEN, CSBOT_SLACK_BOT_TOKEN or CSBOT_DISCORD_TOKEN, "
                "or enable [web] in csbot.toml"
            )
        # `csbot desk` acts through this process; the pack's document is reloaded when it changes
        async with serving_desk(hub, config.db), keeping(hub, config, console), watching(hub):
            settle_heap()  # the pack and the libraries are loaded: out of the collector's way (bots/heap.py)
            return await _serve(hub, adapters, console)


async def web_command(config: Config, console: Console, host: str | None = None, port: int | None = None) -> int:
    async with await prepare_hub(config, console) as hub:
        async with serving_desk(hub, config.db), keeping(hub, config, console), watching(hub):
            settle_heap()
            return await _serve(hub, [("web", await _web(hub, config, force=True, host=host, port=port))], console)
