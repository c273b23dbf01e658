"""Outbox ids this process marked sent or failed, remembered until long after the mark is written.

Marks are written behind the turn (a moment later, with other writes), so a periodic flush that
reads the outbox in that moment would see a just-sent reply as pending and send it twice. Reads
of pending rows leave out what this process already finished."""
from __future__ import annotations

from collections import deque

REMEMBERED = 10_000


class RecentlyDone:
    def __init__(self, size: int = REMEMBERED) -> None:
        self._order: deque[int] = deque()
        self._ids: set[int] = set()
        self.size = size

    def add(self, entry_id: int) -> None:
        if entry_id in self._ids:
            return
        self._ids.add(entry_id)
        self._order.append(entry_id)
        if len(self._order) > self.size:
            self._ids.discard(self._order.popleft())

    def __contains__(self, entry_id: int) -> bool:
        return entry_id in self._ids
