"""One bot of the Telegram benchmark as its own process, the way `csbot run` serves a shop.

    python -m bench.telegram_bot BOT --base-url URL [--db PATH] [--model-url URL]

BOT is one of BOTS below. Prints "ready" once it polls, and stops cleanly when its standard
input closes (or on SIGINT / SIGTERM). The benchmark (bench/telegram.py) and the comparison of
two builds (bench/compare.py) start it with each build's own interpreter, so the bot's imports
are that build's; this file only uses names both the previous release and main have.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from adapters.telegram.runner import CONCURRENT_UPDATES, LONG_POLL_SECONDS, TelegramAdapter
from adapters.telegram.transport import AiohttpRequest
from bench.telegram import BOTS, PACK, REPLY, TOKEN
from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Outbound
from core.models.scripted import ScriptedModel


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


@contextlib.asynccontextmanager
async def running_echo(base_url: str, transport: str) -> AsyncIterator[None]:
    """A bare PTB echo bot, built like csbot's Application except for what it does with a message."""
    builder = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(CONCURRENT_UPDATES)
    if transport == "aiohttp":
        builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(connection_pool_size=1))
    elif transport == "keepalive":  # csbot's own transport (a build that has it)
        from adapters.telegram.keepalive_transport import KeepAliveRequest

        builder = builder.request(KeepAliveRequest()).get_updates_request(KeepAliveRequest(connection_pool_size=1))
    app: Application = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(timeout=LONG_POLL_SECONDS)
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def _model(bot: str, model_url: str | None):
    if bot == "csbot":
        return ScriptedModel([REPLY])
    if bot == "csbot-openai":
        from core.models.openai_backend import OpenAIModel
        if not model_url:
            raise SystemExit("csbot-openai needs --model-url (python -m bench.model_server prints one)")
        return OpenAIModel(model_url, "bench", seed=1)
    return None  # csbot-offline: no model, as when the model server is down


def _settle_heap() -> None:
    """What `csbot run` does once the pack is loaded; a build without bots/heap.py skips it."""
    try:
        from bots.heap import settle_heap
    except ImportError:
        return
    settle_heap()


@contextlib.asynccontextmanager
async def running_csbot(bot: str, base_url: str, db: str, model_url: str | None) -> AsyncIterator[None]:
    async def desk(outbound: Outbound) -> None:
        return None

    hub = await build_hub(PACK, _model(bot, model_url), db, settings=EngineSettings(seed=1))
    hub.register("desk", desk)
    try:
        _settle_heap()
        async with TelegramAdapter(hub, TOKEN, base_url=base_url):  # the build's own default transport
            yield
    finally:
        await close_hub(hub)


async def serve(bot: str, base_url: str, db: str, model_url: str | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # Standard input closing (the benchmark ended or died) stops the bot too.
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1(1 << 16) or stop.set())
    runner = running_echo(base_url, bot.split("-", 1)[1]) if bot.startswith("echo-") else \
        running_csbot(bot, base_url, db, model_url)
    async with runner:
        print("ready", flush=True)
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bot", choices=sorted(BOTS))
    parser.add_argument("--base-url", required=True, help="the Bot API base URL (…/bot)")
    parser.add_argument("--db", default=":memory:", help="csbot's SQLite file")
    parser.add_argument("--model-url", help="an OpenAI-compatible base URL, for csbot-openai")
    args = parser.parse_args()
    asyncio.run(serve(args.bot, args.base_url, args.db, args.model_url))


if __name__ == "__main__":
    main()
