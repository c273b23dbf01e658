"""UpdatePoller: getUpdates through a real telegram.Bot against the fake Bot API."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot

from adapters.telegram.poller import UpdatePoller
from adapters.telegram.transport import AiohttpRequest
from tests.fakes.telegram_api import FakeTelegram

TOKEN = "123:ABC"
UPDATES = ["message", "callback_query"]


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, request=AiohttpRequest(),
                   get_updates_request=AiohttpRequest(connection_pool_size=1)) as client:
        yield client


class Taken:
    def __init__(self, expected: int) -> None:
        self.updates: list[dict[str, Any]] = []
        self._expected = expected
        self.all = asyncio.Event()

    async def __call__(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        if len(self.updates) >= self._expected:
            self.all.set()


async def test_updates_arrive_in_order_as_json_and_stopping_confirms_them(fake: FakeTelegram, bot: Bot) -> None:
    pushed = [fake.push_text(42, f"message {n}") for n in range(3)]
    taken = Taken(3)
    poller = UpdatePoller(bot, taken, timeout=5, interval=0, allowed_updates=UPDATES)
    await poller.start()
    await asyncio.wait_for(taken.all.wait(), 5)
    await poller.stop()
    assert [u["message"]["text"] for u in taken.updates] == ["message 0", "message 1", "message 2"]
    assert [u["update_id"] for u in taken.updates] == [u["update_id"] for u in pushed]
    assert fake.calls_of("deleteWebhook"), "a webhook left set would make getUpdates fail"
    last = fake.calls_of("getUpdates")[-1]
    assert last.params["offset"] == str(pushed[-1]["update_id"] + 1) and last.params["timeout"] == "0"
    assert last.params["allowed_updates"] == UPDATES
    assert not poller.running


async def test_a_failed_poll_is_tried_again(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail("getUpdates", 500)
    fake.push_text(42, "still there?")
    taken = Taken(1)
    poller = UpdatePoller(bot, taken, timeout=5, interval=0, allowed_updates=UPDATES)
    await poller.start()
    try:
        await asyncio.wait_for(taken.all.wait(), 5)  # after the backoff of one second
    finally:
        await poller.stop()
    assert [c.status for c in fake.calls_of("getUpdates")][:2] == [500, 200]
    assert taken.updates[0]["message"]["text"] == "still there?"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PTB 22 warns about RetryAfter's int form
async def test_a_rate_limited_poll_waits_what_telegram_asks(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail("getUpdates", 429, retry_after=1)
    fake.push_text(42, "after the wait")
    taken = Taken(1)
    poller = UpdatePoller(bot, taken, timeout=5, interval=0, allowed_updates=UPDATES)
    await poller.start()
    try:
        await asyncio.wait_for(taken.all.wait(), 5)
    finally:
        await poller.stop()
    refused, answered = fake.calls_of("getUpdates")[:2]
    assert (refused.status, answered.status) == (429, 200)
    assert answered.at - refused.at >= 1.0  # retry_after, plus PTB's half second of slack
