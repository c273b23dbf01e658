"""Money moves once: csbot is killed (SIGKILL) while WooCommerce creates the refund Approve asked
for, then restarted, and Approve is clicked again: the shop holds exactly one refund, and the
customer hears "issued" only after the second process confirmed it."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.fakes.woocommerce_api import FakeWooCommerce, woo_order
from tests.support.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[2]


async def run_desk(shop: FakeWooCommerce, db: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "CSBOT_WOOCOMMERCE_KEY": shop.key, "CSBOT_WOOCOMMERCE_SECRET": shop.secret,
           "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.desk_refund", str(db), shop.url, shop.ca_path,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "csbot.db")
    return request.getfixturevalue("postgres").fresh_database()


async def test_sigkill_during_the_refund_then_approve_again_refunds_once(tmp_path: Path, database: str) -> None:
    shop = FakeWooCommerce(orders={1042: woo_order(1042, "anna.rossi@example.com", "31.40")})
    await shop.start(str(tmp_path))
    db = database
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


async def test_a_shop_that_fails_leaves_the_refund_to_a_retry_and_a_double_click_refunds_once(tmp_path: Path) -> None:
    from bots.desk_actions import DeskActions
    from bots.wiring import build_hub
    from core.messages import Address, Inbound
    from tests.support.recorder import Recorder

    shop = FakeWooCommerce(orders={1042: woo_order(1042, "anna.rossi@example.com", "31.40")})
    await shop.start(str(tmp_path))
    env = {"CSBOT_WOOCOMMERCE_KEY": shop.key, "CSBOT_WOOCOMMERCE_SECRET": shop.secret}
    orders = {"source": "woocommerce", "url": shop.url, "verify_tls": shop.ca_path}
    customer = Recorder()
    try:
        async with build_hub("pastashop", None, tmp_path / "csbot.db", orders=orders, env=env) as hub:
            hub.register("web", customer)
            hub.register("desk", Recorder())
            await hub.receive(Inbound(Address("web", "ann"), "I want a refund of 24.90 EUR for order 1042, it arrived warm."))
            [escalation] = await hub.store.list_escalations(open_only=True)
            desk = DeskActions(hub)
            shop.fail(503)
            first = await desk.decide(escalation.id, "approve", "Sam")
            assert first["ok"] and "refund not confirmed" in first["message"]
            assert customer.sent[-1].text == (
                "Your refund request was approved: a colleague will issue your refund of 24.90 EUR for order 1042.")
            assert shop.refunds == []
            clicks = await asyncio.gather(*(desk.decide(escalation.id, "approve", "Sam") for _ in range(2)))
            assert sorted(c["ok"] for c in clicks) == [False, True]  # the second click finds it approved
            assert customer.sent[-1].text == "Your refund of 24.90 EUR for order 1042 has been issued to the original payment method."
            card = await desk.card(escalation.id)
            assert "refunded: 24.90 EUR" in card["text"] and "order: 1042 (woocommerce): processing" in card["text"]
    finally:
        await shop.stop()
    assert len(shop.refunds_of(1042)) == 1
    assert [text for _, text in shop.notes] == [
        f"Refund of 24.90 EUR approved by Sam on the csbot desk ({escalation.id}): done."]
