"""The fake Telegram Bot API in its own process, with a customer load driven from inside it.

    python -m bench.telegram_load      (prints "<bot api url> <control url>" on its first line)

POST <control url>/load {"chats", "messages", "first_chat", "deadline"} plays customers: every
chat sends its first message at once and its next one as soon as the bot's reply to the previous
one arrives. Both ends of each latency are stamped here, on one clock, so the bench process's
own work never counts in it. Answers {"latencies": [s...], "wall": s, "answered": n, "expected": n}.
"""
from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

from aiohttp import web

from tests.fakes.telegram_api import Call, FakeTelegram


class LoadedTelegram(FakeTelegram):
    """The fake, telling a load which chat just got a reply."""

    def __init__(self) -> None:
        super().__init__()
        self.load: CustomerLoad | None = None

    def _record(self, call: Call) -> None:
        super()._record(call)
        if call.method == "sendMessage" and self.load is not None:
            self.load.replied(call.params.get("chat_id", ""))


class CustomerLoad:
    def __init__(self, fake: LoadedTelegram, chats: int, messages: int, first_chat: int) -> None:
        self.fake, self.messages = fake, messages
        self.chat_ids = range(first_chat, first_chat + chats)
        self.sent: dict[str, int] = {}  # chat -> messages pushed so far
        self.pushed_at: dict[str, float] = {}
        self.latencies: list[float] = []
        self.expected = chats * messages
        self.done = asyncio.Event()

    def start(self) -> None:
        for chat_id in self.chat_ids:
            self._push(str(chat_id))

    def _push(self, chat: str) -> None:
        n = self.sent.get(chat, 0)
        self.sent[chat] = n + 1
        self.pushed_at[chat] = time.perf_counter()
        self.fake.push_text(int(chat), f"Hello, do you ship to Austria? (message {n + 1})", first_name="Ann")

    def replied(self, chat: str) -> None:
        pushed = self.pushed_at.pop(chat, None)
        if pushed is None:
            return  # not a chat of this load, or a second reply to one message
        self.latencies.append(time.perf_counter() - pushed)
        if len(self.latencies) >= self.expected:
            self.done.set()
        elif self.sent[chat] < self.messages:
            self._push(chat)


async def _load(request: web.Request) -> web.Response:
    fake: LoadedTelegram = request.app["fake"]
    body: dict[str, Any] = await request.json()
    load = CustomerLoad(fake, int(body["chats"]), int(body["messages"]), int(body["first_chat"]))
    fake.load = load
    began = time.perf_counter()
    load.start()
    try:
        await asyncio.wait_for(load.done.wait(), float(body.get("deadline", 120)))
    except TimeoutError:
        pass  # answered what it could: the figures say how many
    wall = time.perf_counter() - began
    fake.load = None
    return web.json_response({"latencies": load.latencies, "wall": wall,
                              "answered": len(load.latencies), "expected": load.expected})


async def _serve() -> None:
    fake = await LoadedTelegram().start()
    control = web.Application()
    control["fake"] = fake
    control.router.add_post("/load", _load)
    runner = web.AppRunner(control, handle_signals=False, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    print(fake.base_url, f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await fake.stop()


def main() -> None:
    try:
        asyncio.run(_serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
