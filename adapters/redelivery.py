"""Turns that failed after the platform was already told "received", tried again here.

At-least-once needs whoever holds a message to keep it until its turn is stored. Where the
platform still can (a Slack event answered 500, a Telegram webhook answered 500) the adapter
lets the platform redeliver. Where it no longer can (Telegram's long poll has confirmed the
update; a Slack event acked at its 3 s deadline while the turn was still running), the
adapter hands the turn here: it is run again, with growing pauses, until it is stored. The
engine's dedupe makes a retry of a turn that did get stored a no-op.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

log = logging.getLogger("csbot.redelivery")

DELAYS = (1.0, 5.0, 30.0, 120.0, 600.0)  # seconds before each new attempt; then it is given up, loudly


class Redelivery:
    def __init__(self, delays: Sequence[float] = DELAYS) -> None:
        self._delays = tuple(delays)
        self._tasks: set[asyncio.Task[None]] = set()

    def retry(self, what: str, turn: Callable[[], Awaitable[object]]) -> None:
        """Run `turn` again later until it succeeds; `what` names it in the log (no message text)."""
        task = asyncio.create_task(self._attempts(what, turn), name=f"redeliver {what}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _attempts(self, what: str, turn: Callable[[], Awaitable[object]]) -> None:
        for number, delay in enumerate(self._delays, start=1):
            await asyncio.sleep(delay)
            try:
                await turn()
            except Exception as error:  # the store is still failing: wait longer
                log.warning("%s: attempt %d failed again (%s)", what, number, error)
                continue
            log.info("%s: stored on attempt %d", what, number)
            return
        log.error("%s: given up after %d attempts; the message is lost", what, len(self._delays))

    async def idle(self) -> None:
        """Wait until every pending retry has finished (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
