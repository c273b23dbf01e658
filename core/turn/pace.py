"""How fast one customer may write, on every platform: at most `count` messages in `seconds`.

Past it the bot does not screen, triage or ask the model (each message would cost a model call):
the message is stored like any other, so nothing is lost, and the customer reads one short notice
per burst. While staff have the conversation the desk's own relay cap applies instead
(core/desk/waiting.py). Per process: with several workers each keeps its own count.
"""
from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from enum import Enum

KEYS = 50_000  # customers remembered at once; the least recently seen is forgotten first


class Pace(Enum):
    OK = "ok"
    SLOW_DOWN = "slow_down"  # the first message over the limit: tell the customer once
    QUIET = "quiet"  # further messages over it: stored, not answered


class CustomerPace:
    def __init__(self, count: int = 30, seconds: float = 60.0, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.count = count
        self.seconds = seconds
        self._clock = clock
        self._log: OrderedDict[str, deque[float]] = OrderedDict()
        self._told: set[str] = set()

    def check(self, key: str) -> Pace:
        if self.count <= 0:
            return Pace.OK
        now = self._clock()
        log = self._log.pop(key, None) or deque()
        self._log[key] = log  # most recently seen last
        if len(self._log) > KEYS:
            forgotten, _ = self._log.popitem(last=False)
            self._told.discard(forgotten)
        while log and log[0] <= now - self.seconds:
            log.popleft()
        if len(log) < self.count:
            log.append(now)
            self._told.discard(key)
            return Pace.OK
        if key in self._told:
            return Pace.QUIET
        self._told.add(key)
        return Pace.SLOW_DOWN
