"""A Sender that records what the hub delivers, and lets a test wait for it without sleeping."""
from __future__ import annotations

import asyncio

from core.messages import Outbound


class Recorder:
    def __init__(self) -> None:
        self.sent: list[Outbound] = []
        self._changed = asyncio.Condition()

    async def __call__(self, outbound: Outbound) -> None:
        async with self._changed:
            self.sent.append(outbound)
            self._changed.notify_all()

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Outbound]:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.sent) >= count), timeout)
        return self.sent

    def texts(self, voice=None) -> list[str]:
        return [o.text for o in self.sent if voice is None or o.voice == voice]


def reply(text: str, evaluation: str = "safe") -> str:
    """What a well-behaved model writes to answer the customer."""
    quoted = text.replace('"', '\\"')
    return f'echo $ "{quoted}"\necho $ "evaluation: {evaluation}"'
