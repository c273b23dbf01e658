"""Sliding-window rate limits for the web chat, keyed by conversation or by client address."""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    retry_after: float = 0.0  # seconds until one more message would be allowed


class RateLimit:
    """At most `count` events per `seconds` for each key.

    A sliding log rather than a fixed window, so a burst at a window's edge cannot
    double the allowance. Keys whose log has emptied are swept now and then, so a
    stream of one-off visitors does not grow memory without bound.
    """

    def __init__(self, count: int, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if count < 1 or seconds <= 0:
            raise ValueError(f"rate limit must allow at least 1 event per positive period, got {count}/{seconds}s")
        self.count = count
        self.seconds = seconds
        self._clock = clock
        self._log: dict[str, deque[float]] = {}
        self._checks = 0

    def check(self, key: str) -> Verdict:
        """Record one event for `key` if the limit allows it; say when to retry if not."""
        now = self._clock()
        self._checks += 1
        if self._checks % 1024 == 0:
            self._sweep(now)
        log = self._log.setdefault(key, deque())
        while log and log[0] <= now - self.seconds:
            log.popleft()
        if len(log) >= self.count:
            return Verdict(False, retry_after=max(0.0, log[0] + self.seconds - now))
        log.append(now)
        return Verdict(True)

    def __len__(self) -> int:
        """How many keys are tracked (for the memory bound)."""
        return len(self._log)

    def _sweep(self, now: float) -> None:
        stale = [key for key, log in self._log.items() if not log or log[-1] <= now - self.seconds]
        for key in stale:
            del self._log[key]
