"""What an order look-up adds to a turn: `/order_status` turns (offline, no model) on the pack's
own orders, and on a WooCommerce shop that answers in 50 ms (the fake shop on loopback HTTPS).
Target: the shop's look-up adds at most 60 ms at p99 to a turn.

    .venv/bin/python -m bench.orders [--turns 200] [--delay 0.05]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time

from bots.wiring import build_hub
from core.messages import Address, Inbound
from tests.fakes.woocommerce_api import FakeWooCommerce, woo_order


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


async def main(count: int, delay: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with build_hub("pastashop", None, f"{folder}/pack.db") as hub:
            pack = await turns(hub, count)
        shop = FakeWooCommerce(orders={1042: woo_order(1042, "anna.rossi@example.com", "31.40", status="completed")})
        await shop.start(folder)
        shop.delay = delay
        env = {"CSBOT_WOOCOMMERCE_KEY": shop.key, "CSBOT_WOOCOMMERCE_SECRET": shop.secret}
        orders = {"source": "woocommerce", "url": shop.url, "verify_tls": shop.ca_path}
        async with build_hub("pastashop", None, f"{folder}/woo.db", orders=orders, env=env) as hub:
            timed = hub.engine.orders.source = Timed(hub.engine.orders.source)
            woo = await turns(hub, count)
            lookups = timed.took[1:]
        shop_ms = shop.answer_ms[1:]
        await shop.stop()
    added = p99(lookups)
    print(f"| source | turns | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |")
    print(f"| pack orders.csv | {count} | {statistics.median(pack):.1f} | {p99(pack):.1f} |")
    print(f"| WooCommerce answering in {delay * 1000:.0f} ms | {count} | {statistics.median(woo):.1f} | {p99(woo):.1f} |")
    own = [a - b for a, b in zip(lookups, shop_ms)]
    print(f"csbot's own part of a look-up (client, TLS, parsing; the shop's answer time taken out): "
          f"p50 {statistics.median(own):.1f} ms, p99 {p99(own):.1f} ms")
    print(f"the look-up inside the turn, p50 {statistics.median(lookups):.1f} ms, p99 {added:.1f} ms "
          f"(target: adds <= 60 ms at p99, the shop's own {delay * 1000:.0f} ms included): {'met' if added <= 60 else 'MISSED'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    asyncio.run(main(args.turns, args.delay))
