"""What an order look-up adds to a turn: `/order_status` turns (offline, no model) on the pack's
own orders, and on a WooCommerce shop that answers in 50 ms (the fake shop on loopback HTTPS).
Target: the shop's look-up adds at most 60 ms at p99 to a turn.

    .venv/bin/python -m bench.orders [--turns 200] [--delay 0.05] [--json out.json]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time

from bench.common import ROOT, Report, emit
from bots.wiring import build_hub
from core.messages import Address, Inbound


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


class Timed:
    """The source as the turn calls it, timing each look-up (what the order system adds)."""

    def __init__(self, guarded) -> None:
        self.guarded, self.took = guarded, []

    def __getattr__(self, name):
        return getattr(self.guarded, name)

    async def lookup(self, order_id: str):
        started = time.perf_counter()
        try:
            return await self.guarded.lookup(order_id)
        finally:
            self.took.append((time.perf_counter() - started) * 1000)


async def turns(hub, count: int) -> list[float]:
    await hub.engine.handle(Inbound(Address("web", "warm"), "/order_status 1042"))  # connections, caches
    took = []
    for n in range(count):
        started = time.perf_counter()
        await hub.engine.handle(Inbound(Address("web", f"c{n % 20}"), "/order_status 1042"))
        took.append((time.perf_counter() - started) * 1000)
    return took


SHOP = """
import asyncio, json, sys
from tests.fakes.woocommerce_api import FakeWooCommerce, woo_order

async def serve(folder, delay):
    shop = FakeWooCommerce(orders={1042: woo_order(1042, "anna.rossi@example.com", "31.40", status="completed")})
    await shop.start(folder)
    shop.delay = delay
    print(json.dumps({"url": shop.url, "ca": shop.ca_path, "key": shop.key, "secret": shop.secret}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the benchmark closes it
    print(json.dumps(shop.answer_ms), flush=True)
    await shop.stop()

asyncio.run(serve(sys.argv[1], float(sys.argv[2])))
"""


async def run(count: int, delay: float) -> Report:
    report = Report("Order look-ups in a turn")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        async with build_hub("pastashop", None, f"{folder}/pack.db") as hub:
            pack = await turns(hub, count)
        # The shop in its own process, as a real one is: its work does not share this event loop.
        shop = await asyncio.create_subprocess_exec(
            sys.executable, "-c", SHOP, folder, str(delay), cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        where = json.loads(await shop.stdout.readline())
        env = {"CSBOT_WOOCOMMERCE_KEY": where["key"], "CSBOT_WOOCOMMERCE_SECRET": where["secret"]}
        orders = {"source": "woocommerce", "url": where["url"], "verify_tls": where["ca"]}
        async with build_hub("pastashop", None, f"{folder}/woo.db", orders=orders, env=env) as hub:
            timed = hub.engine.orders.source = Timed(hub.engine.orders.source)
            woo = await turns(hub, count)
            lookups = timed.took[1:]
        shop.stdin.close()
        shop_ms = json.loads(await shop.stdout.readline())[1:]
        await shop.wait()
    own = [a - b for a, b in zip(lookups, shop_ms)]
    ms = delay * 1000
    report.add(f"/order_status turn on orders.csv, p50 / p99 ({count} turns)",
               f"{statistics.median(pack):.1f} / {p99(pack):.1f}", "ms")
    report.add(f"/order_status turn on WooCommerce answering in {ms:.0f} ms, p50 / p99",
               f"{statistics.median(woo):.1f} / {p99(woo):.1f}", "ms")
    report.add("the look-up inside the turn, p99", round(p99(lookups), 1), "ms", "<= 60 ms", p99(lookups) <= 60)
    report.add("csbot's own part of a look-up (client, TLS, parsing), p50 / p99",
               f"{statistics.median(own):.1f} / {p99(own):.1f}", "ms")
    report.notes.append(f"the shop is the fake WooCommerce on loopback HTTPS in its own process, taking {ms:.0f} ms "
                        "(asyncio.sleep) per answer; csbot's own part is the look-up less the shop's answer time")
    report.seconds = time.perf_counter() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--json")
    args = parser.parse_args()
    emit(asyncio.run(run(args.turns, args.delay)), args.json)


if __name__ == "__main__":
    main()
