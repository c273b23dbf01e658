"""The `typing…` status while the engine works on a turn."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("csbot.telegram")

# Telegram shows a chat action for about 5 seconds; renewing a little earlier keeps it steady.
RENEW_EVERY = 4.0
# A reply that comes quicker than this needs no `typing…` first: it would only flicker, and
# every chat action counts against the bot's rate limit and costs a request.
FIRST_AFTER = 1.0


class TypingIndicator:
    """Sends the chat action after `first_after` seconds, then every `every` seconds until stopped.

    `stop()` waits for a call already on its way: a `typing` that reached Telegram after the
    reply would show the customer `typing…` for seconds after the answer arrived. Most turns end
    before `first_after`: until then the indicator is one timer, and no task is made (a task and
    a `wait_for` per message were a tenth of the adapter's CPU under load).
    """

    def __init__(
        self, send_action: Callable[[], Awaitable[Any]], every: float = RENEW_EVERY, first_after: float = FIRST_AFTER
    ) -> None:
        self._send_action = send_action
        self._every = every
        self._first_after = first_after
        self._stopped = asyncio.Event()
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> TypingIndicator:
        if self._first_after > 0:
            self._timer = asyncio.get_running_loop().call_later(self._first_after, self._begin)
        else:
            self._begin()
        return self

    def _begin(self) -> None:
        self._timer = None
        if not self._stopped.is_set():
            self._task = asyncio.create_task(self._run(), name="telegram-typing")

    async def stop(self) -> None:
        self._stopped.set()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                await self._send_action()
            except Exception as exc:  # a lost typing status is cosmetic; the reply matters
                log.debug("chat action failed: %s", exc)
            try:
                await asyncio.wait_for(self._stopped.wait(), self._every)
            except TimeoutError:
                pass
