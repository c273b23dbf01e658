"""The Telegram runner: a python-telegram-bot Application feeding the hub.

Updates arrive by long polling (default, poller.py) or webhook, are translated, and go to
`hub.receive` while the chat shows `typing…`; the hub delivers replies through our sender.
A turn that fails (its store write failed) is not lost: a webhook update is answered 500 so
Telegram redelivers it; a polled update, already confirmed to Telegram, is retried here.
Each polled update's turn is a task of its own (chats must not wait for each other; the hub
keeps each conversation in order), at most CONCURRENT_UPDATES at once.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from telegram import Bot, CallbackQuery, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from adapters.redelivery import Redelivery
from adapters.telegram.keepalive_transport import KeepAliveRequest
from adapters.telegram.poller import UpdatePoller
from adapters.telegram.poller_lease import PollerLease
from adapters.telegram.sender import TelegramSender
from adapters.telegram.translate import (
    CHANNEL, BotIdentity, address_of, callback_answer, local_command, plain_inbound, to_inbound, typing_call,
)
from adapters.telegram.transport import AiohttpRequest
from adapters.telegram.typing_indicator import FIRST_AFTER, RENEW_EVERY, TypingIndicator
from adapters.telegram.webhook import WebhookEndpoint
from core.messages import Inbound, Outbound, Voice
from core.turn.rating import is_rating

log = logging.getLogger("csbot.telegram")

Transport = Literal["keepalive", "aiohttp", "httpx"]
TOKEN_VARIABLE = "CSBOT_TELEGRAM_TOKEN"
# Chats must not wait for each other; the hub already keeps each conversation in order.
CONCURRENT_UPDATES = 512
# A short pause between polls lets updates gather: under load one getUpdates then brings
# dozens instead of one or two, for a few milliseconds of latency next to a model's seconds.
POLL_INTERVAL = 0.02
LONG_POLL_SECONDS = 10
_UPDATES = ["message", "callback_query"]


class TokenRefused(RuntimeError):
    """The Bot API did not accept the token; the message is one line for the operator."""


class BotApiUnreachable(RuntimeError):
    """Nothing answered at the Bot API address; the message is one line for the operator."""


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    url: str  # the public HTTPS address Telegram posts to; its path is served locally
    secret_token: str  # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; others get 403
    listen: str = "127.0.0.1"
    port: int = 8443  # 0: any free port (see TelegramAdapter.webhook_port)


class TelegramAdapter:
    def __init__(
        self,
        hub: Any,
        token: str,
        *,
        base_url: str | None = None,
        base_file_url: str | None = None,
        transport: Transport = "keepalive",
        webhook: WebhookSettings | None = None,
        typing_every: float = RENEW_EVERY,
        typing_after: float = FIRST_AFTER,
        redelivery: Redelivery | None = None,
    ) -> None:
        if transport not in ("keepalive", "aiohttp", "httpx"):
            raise ValueError(f"telegram transport must be 'keepalive', 'aiohttp' or 'httpx', not {transport!r}")
        if webhook is not None and not webhook.secret_token:
            raise ValueError("telegram webhook mode needs a secret token (telegram.webhook_secret): "
                             "without it anyone could post fake updates")
        self.hub = hub
        self._token = token
        self._base_url = base_url
        self._base_file_url = base_file_url or (_file_url(base_url) if base_url else None)
        self._transport = transport
        self._webhook = webhook
        self._typing_every = typing_every
        self._typing_after = typing_after
        self._typing: dict[str, TypingIndicator] = {}
        self._app: Application | None = None
        self._identity: BotIdentity | None = None
        self._resend: asyncio.Task[Any] | None = None
        self._requests: list[BaseRequest] = []
        self._endpoint: WebhookEndpoint | None = None
        self.redelivery = redelivery or Redelivery()
        self.webhook_port: int | None = None
        self._poller: PollerLease | None = None
        self._polling: UpdatePoller | None = None
        self._slots = asyncio.Semaphore(CONCURRENT_UPDATES)
        self._turns: set[asyncio.Task[None]] = set()

    @property
    def identity(self) -> BotIdentity:
        assert self._identity is not None, "TelegramAdapter.start() was not called"
        return self._identity

    # lifecycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        app = self._build()
        try:
            await app.initialize()  # getMe: this is where a wrong token shows
        except InvalidToken as exc:
            await self._release(app)
            # PTB's message quotes the token itself; secrets never reach the output.
            detail = exc.message.replace(self._token, "<token>")
            raise TokenRefused(f"{TOKEN_VARIABLE} was refused by the Telegram Bot API ({detail}): "
                               "set it to the token @BotFather gave you") from None
        except NetworkError as exc:
            await self._release(app)
            where = self._base_url or "https://api.telegram.org/bot"
            raise BotApiUnreachable(f"could not reach the Telegram Bot API at {where} ({' '.join(exc.message.split())}); "
                                    "check the network or telegram.base_url") from exc
        except BaseException:
            await self._release(app)
            raise
        self._app = app
        self._identity = BotIdentity(app.bot.id, app.bot.username)
        self.hub.register(CHANNEL, TelegramSender(app.bot, before_send=self._end_typing, sites=self.hub.pack.sites))
        await app.start()
        if self._webhook is None and getattr(self.hub, "shared", None) is not None:
            # Several workers share this bot: only the holder of the poller lease polls.
            self._poller = PollerLease(self.hub.store, self.hub.worker, self._start_polling, self._stop_polling)
            await self._poller.start()
        elif self._webhook is None:
            await self._start_polling()
        else:
            await self._start_webhook(app, self._webhook)
        # Replies a previous run could not deliver go out now rather than at the next flush.
        self._resend = asyncio.create_task(self.hub.outbox.flush(), name="telegram-resend")
        log.info("telegram: @%s is listening (%s, %s transport)", app.bot.username,
                 "webhook" if self._webhook else "long polling", self._transport)

    async def _start_polling(self) -> None:
        assert self._app is not None
        self._polling = UpdatePoller(self._app.bot, self._arrived, timeout=LONG_POLL_SECONDS,
                                     interval=POLL_INTERVAL, allowed_updates=_UPDATES)
        await self._polling.start()

    async def _stop_polling(self) -> None:
        polling, self._polling = self._polling, None
        if polling is not None:
            await polling.stop()

    async def _release(self, app: Application) -> None:
        """Close the sessions of an Application whose initialize() failed (its shutdown() skips them)."""
        await app.shutdown()
        for request in self._requests:
            await request.shutdown()

    async def stop(self) -> None:
        app, self._app = self._app, None
        if app is None:
            return
        if self._poller is not None:
            await self._poller.stop()
            self._poller = None
        if self._resend is not None:
            self._resend.cancel()
            await asyncio.gather(self._resend, return_exceptions=True)
        if self._endpoint is not None:
            await self._endpoint.stop()
            self._endpoint = None
        await self._stop_polling()
        if self._turns:  # the turns of updates already fetched end before the sessions close
            await asyncio.gather(*self._turns, return_exceptions=True)
        await self.redelivery.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def __aenter__(self) -> TelegramAdapter:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _build(self) -> Application:
        builder = ApplicationBuilder().token(self._token).concurrent_updates(CONCURRENT_UPDATES)
        if self._base_url:
            builder = builder.base_url(self._base_url).base_file_url(self._base_file_url)
        if self._transport != "httpx":
            # API calls and getUpdates on separate connections: a held long poll never blocks a reply.
            kind = KeepAliveRequest if self._transport == "keepalive" else AiohttpRequest
            self._requests = [kind(), kind(connection_pool_size=1)]
            builder = builder.request(self._requests[0]).get_updates_request(self._requests[1])
        # No Updater: poller.py polls (and the webhook has its own endpoint), so no update goes
        # through the Application; it keeps the Bot's lifecycle.
        return builder.updater(None).build()

    async def _start_webhook(self, app: Application, webhook: WebhookSettings) -> None:
        # Our own endpoint rather than PTB's: it answers after the turn (see webhook.py).
        self._endpoint = WebhookEndpoint(urlsplit(webhook.url).path, webhook.secret_token,
                                         lambda data: self._read(data, app.bot),
                                         lambda update: self._turn(update, app.bot))
        self.webhook_port = await self._endpoint.start(webhook.listen, webhook.port)
        await app.bot.set_webhook(url=webhook.url, secret_token=webhook.secret_token, allowed_updates=_UPDATES)

    # updates -------------------------------------------------------------------------------
    async def _arrived(self, data: dict[str, Any]) -> None:
        """A polled update, as the API's JSON: its turn starts now, beside the others' (waiting
        for a free slot when CONCURRENT_UPDATES turns run, which holds the next poll back)."""
        await self._slots.acquire()
        task = asyncio.create_task(self._polled(data), name="telegram-update")
        self._turns.add(task)
        task.add_done_callback(self._turn_ended)

    def _turn_ended(self, task: asyncio.Task[None]) -> None:
        self._turns.discard(task)
        self._slots.release()

    async def _polled(self, data: dict[str, Any]) -> None:
        """getUpdates has confirmed the update to Telegram, so a failed turn is retried here."""
        assert self._app is not None
        bot = self._app.bot
        what = f"telegram update {data['update_id']}"
        try:
            update = self._read(data, bot)
        except Exception:  # not an update PTB can read: retrying would not help
            log.exception("%s could not be read; skipped", what)
            return
        turn = lambda: self._turn(update, bot)  # noqa: E731
        try:
            await turn()
        except Exception as error:
            log.warning("%s failed (%s); retrying it", what, error)
            self.redelivery.retry(what, turn)

    @staticmethod
    def _read(data: dict[str, Any], bot: Bot) -> Inbound | Update:
        """The common text message read straight from its JSON; any other update decoded by PTB."""
        return plain_inbound(data) or Update.de_json(data, bot)

    async def _turn(self, update: Inbound | Update, bot: Bot) -> None:
        if isinstance(update, Inbound):
            await self._converse(update, bot)
        else:
            await self._take(update, bot)

    async def _take(self, update: Update, bot: Bot) -> None:
        """One update's turn; raises when the turn could not be stored."""
        command = local_command(update, self.identity)
        if command is not None:
            await self._answer_command(update, command)
            return
        query = update.callback_query
        # A rating's press is answered after its (quick, model-free) turn, with its acknowledgement.
        rated = query is not None and is_rating(query.data or "")
        if query is not None and not rated:
            await _acknowledge(query)
        inbound = to_inbound(update, self.identity)
        if inbound is None:
            if rated:
                await _acknowledge(query)
            return
        outbounds = await self._converse(inbound, bot)
        if rated:
            await _acknowledge(query, callback_answer(outbounds, inbound.address))

    async def _converse(self, inbound: Inbound, bot: Bot) -> list[Outbound]:
        """The customer's turn, with `typing…` shown if it turns out slow."""
        indicator = self._typing.get(inbound.address.key)
        owner = indicator is None
        if owner:
            indicator = TypingIndicator(lambda: bot.send_chat_action(**typing_call(inbound.address)),
                                        self._typing_every, self._typing_after)
            self._typing[inbound.address.key] = indicator.start()
        try:
            return await self.hub.receive(inbound)
        finally:
            if owner:
                self._typing.pop(inbound.address.key, None)
                await indicator.stop()

    async def _end_typing(self, outbound: Outbound) -> None:
        indicator = self._typing.get(outbound.address.key)
        if indicator is not None:
            await indicator.stop()

    async def _answer_command(self, update: Update, command: str) -> None:
        """/start and /help are answered here, once per update even if Telegram sends it twice."""
        message = update.message
        if message is None or not await self.hub.store.first_seen("telegram-command", str(update.update_id)):
            return
        replies = self.hub.pack.replies
        text = replies.welcome if command == "start" else replies.help
        await self.hub.deliver([Outbound(address_of(message), text, voice=Voice.NOTICE)])


async def _acknowledge(query: CallbackQuery, text: str = "") -> None:
    """Stop the button's spinner: at once for a quick reply (its answer comes as a message), after
    the turn for a rating (the acknowledgement is shown as Telegram's own notification)."""
    try:
        await query.answer(text or None)
    except TelegramError as exc:
        log.debug("answerCallbackQuery failed: %s", exc)


def _file_url(base_url: str) -> str:
    """https://host/bot -> https://host/file/bot, as a self-hosted Bot API server lays it out."""
    head, _, _ = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/bot"

