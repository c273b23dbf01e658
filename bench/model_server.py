"""An instant OpenAI-compatible model server in its own process, for the model path's benchmark.

    python -m bench.model_server      (prints its base URL, ending in /v1, on its first line)

It answers every chat at once with the benchmark's reply in csbot's backstage protocol, so what
the benchmark measures is csbot's side of a model call: prompt assembly, the HTTP call, parsing
the answer and the output screen. Stops on SIGINT / SIGTERM.
"""
from __future__ import annotations

import asyncio
import signal

from bench.telegram import REPLY
from tests.fakes.openai_api import FakeOpenAI


class InstantModel(FakeOpenAI):
    """The loopback fake, forgetting each request once answered: a long run must not grow it."""

    async def _record(self, request):
        received = await super()._record(request)
        self.requests.clear()
        return received


async def _serve() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with InstantModel(replies=[REPLY], models=["bench"]) as server:
        print(server.url, flush=True)
        await stop.wait()


def main() -> None:
    asyncio.run(_serve())


if __name__ == "__main__":
    main()
