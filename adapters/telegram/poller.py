"""Long polling: getUpdates through python-telegram-bot's Bot, each update handed on as the API's JSON.

PTB's Updater decodes every update into Update, Message, User and Chat objects (some 200
attribute writes through TelegramObject.__setattr__ for one text message: a tenth of a message's
CPU under load) before anything reads it. Here the raw result is handed on, so the adapter reads
the common message straight from its JSON and decodes only the others (runner.py). The loop
keeps the Updater's behaviour: deleteWebhook first, `offset` confirms what was fetched, RetryAfter
waits what Telegram asks plus half a second, a timeout polls again at once, other errors back off
from 1 s up to 30 s, InvalidToken ends polling, and stopping confirms the last fetched update with
one getUpdates of timeout 0.
"""
from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBUserWarning

log = logging.getLogger("csbot.telegram")

# The raw result comes from Bot.do_api_request("getUpdates"), which warns that get_updates exists:
# that one warning is expected (Bot.get_updates is what decodes every update).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

MAX_BACKOFF = 30.0
RETRY_AFTER_SLACK = 0.5  # as PTB's Updater: Telegram's figure is a floor
READ_SLACK = 5.0  # seconds a held getUpdates may take beyond its `timeout` (PTB's default read timeout)


class UpdatePoller:
    """Fetches updates and passes each one's JSON to `take` (in order); `take` waits when the
    adapter has too many turns running, which holds the next getUpdates back."""

    def __init__(
        self,
        bot: Bot,
        take: Callable[[dict[str, Any]], Awaitable[None]],
        *,
        timeout: int,
        interval: float,
        allowed_updates: list[str],
    ) -> None:
        self._bot = bot
        self._take = take
        self._timeout = timeout
        self._interval = interval  # a short pause between polls lets updates gather
        self._allowed = allowed_updates
        self._offset = 0
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        # A webhook set earlier would make getUpdates fail with 409 Conflict.
        await self._bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._run(), name="telegram-polling")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        try:  # confirm what was fetched, so a restart does not fetch it again
            await self._fetch(0)
        except TelegramError as exc:
            log.warning("telegram: confirming the last updates failed (%s); they may come again", exc)

    async def _run(self) -> None:
        pause = self._interval
        while True:
            try:
                updates = await self._fetch(self._timeout)
            except RetryAfter as exc:
                pause = RETRY_AFTER_SLACK + _seconds(exc)
                log.warning("telegram: getUpdates rate limited; polling again in %.1f s", pause)
            except TimedOut:
                pause = 0  # a long poll whose connection dropped: ask again at once
            except InvalidToken:
                log.error("telegram: the Bot API refused the token; polling stopped")
                return
            except Exception as exc:  # TelegramError, or an answer PTB could not read: polling goes on
                pause = 1.0 if pause == 0 else min(MAX_BACKOFF, max(1.0, 1.5 * pause))
                log.warning("telegram: getUpdates failed (%s: %s); polling again in %.1f s",
                            type(exc).__name__, exc, pause)
            else:
                for update in updates:
                    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                        log.error("telegram: getUpdates returned something that is not an update; skipped")
                        continue
                    self._offset = update["update_id"] + 1
                    await self._take(update)
                pause = self._interval
            if pause:
                await asyncio.sleep(pause)  # the polling period or a backoff, not a wait for a result

    async def _fetch(self, timeout: int) -> list[dict[str, Any]]:
        result = await self._bot.do_api_request(
            "getUpdates",
            api_kwargs={"offset": self._offset, "timeout": timeout, "allowed_updates": self._allowed},
            read_timeout=READ_SLACK + timeout,  # as Bot.get_updates: the held poll plus the usual
        )
        return result if isinstance(result, list) else []


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns when the int form is read; both mean seconds
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
