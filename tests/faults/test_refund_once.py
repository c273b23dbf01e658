"""Money moves once: csbot is killed (SIGKILL) while WooCommerce creates the refund Approve asked
for, then restarted, and Approve is clicked again: the shop holds exactly one refund, and the
customer hears "issued" only after the second process confirmed it."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakes.woocommerce_api import FakeWooCommerce, woo_order

ROOT = Path(__file__).resolve().parents[2]


async def run_desk(shop: FakeWooCommerce, db: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "CSBOT_WOOCOMMERCE_KEY": shop.key, "CSBOT_WOOCOMMERCE_SECRET": shop.secret,
           "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.desk_refund", str(db), shop.url, shop.ca_path,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def test_sigkill_during_the_refund_then_approve_again_refunds_once(tmp_path: Path) -> None:
    shop = FakeWooCommerce(orders={1042: woo_order(1042, "anna.rossi@example.com", "31.40")})
    await shop.start(str(tmp_path))
    db = tmp_path / "csbot.db"
    try:
        shop.hold_after_refund()  # the refund is committed at the shop; its answer never comes
        first = await run_desk(shop, db)
        await asyncio.wait_for(shop.refund_created.wait(), 60)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        assert first.returncode == -signal.SIGKILL
        assert len(shop.refunds_of(1042)) == 1

        shop.hold_after_refund(False)
        second = await run_desk(shop, db)
        out, err = await asyncio.wait_for(second.communicate(), 60)
        transcript = out.decode()
        assert second.returncode == 0, err.decode()[-2000:]
    finally:
        await shop.stop()
    print(transcript)
    posts = [r for r in shop.requests if r.method == "POST" and r.path.endswith("/refunds")]
    assert len(posts) == 1 and len(shop.refunds_of(1042)) == 1  # exactly one refund at the shop
    assert shop.refunds_of(1042)[0]["amount"] == "6.90"
    assert "desk: escalation" in transcript and "is approved" in transcript
    assert "Your refund of 6.90 EUR for order 1042 has been issued" in transcript
