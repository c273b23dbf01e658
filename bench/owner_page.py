"""The owner's pages over a big shop (100,000 conversations, 1,000,000 messages) on SQLite: the
time from request to the last byte, median of 3, through the page's own aiohttp app.

    python -m bench.owner_page [--conversations 100000]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.web.owner import OwnerPage, mount
from bench.report import fill, shop
from bots.wiring import build_hub

PASSWORD = "a long passphrase"
PAGES = (("/owner/", {"since": "30d"}), ("/owner/", {"since": "7d"}), ("/owner/unanswered", {"since": "30d"}),
         ("/owner/conversations", {}), ("/owner/conversations", {"q": "question 3 of 4242"}),
         ("/owner/escalations", {}), ("/owner/export/conversations.csv", {"since": "7d"}))


async def run(conversations: int) -> None:
    rows = shop(conversations, time.time())
    with tempfile.TemporaryDirectory() as folder:
        async with build_hub("pastashop", None, str(Path(folder) / "shop.db")) as hub:
            await fill(hub.store, rows)
            app = web.Application()
            mount(app, OwnerPage(hub, PASSWORD))
            async with TestClient(TestServer(app)) as client:
                await client.post("/owner/signin", data={"password": PASSWORD})
                for path, params in PAGES:
                    took = []
                    for _ in range(3):
                        started = time.perf_counter()
                        response = await client.get(path, params=params)
                        body = await response.read()
                        took.append(time.perf_counter() - started)
                        assert response.status == 200, (path, response.status)
                    print(f"{path} {params}: median {statistics.median(took):.3f} s ({len(body):,} bytes)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    asyncio.run(run(parser.parse_args().conversations))


if __name__ == "__main__":
    main()
