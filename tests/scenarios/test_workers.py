"""Three `csbot run` workers on one PostgreSQL, 200 Telegram customers over the webhook, and one
worker killed with SIGKILL mid-run: every message is answered exactly once, in order, and the
outbox ends empty.

Each customer sends its next message once the previous one is answered, as people do. Just
before the kill, the fake Bot API stops answering sendMessage (the requests hang, as on a slow
network), so the killed worker dies with replies stored and claimed but not delivered, and no
delivery is half-recorded; its replies must then come from the other workers once its leases
lapse. The posts it was handling fail with a connection error and go to another worker, as
Telegram's retry through the proxy would."""
from __future__ import annotations

import asyncio

import pytest

from core.store import open_store
from tests.fakes.ollama_api import FakeOllama
from tests.fakes.telegram_api import FakeTelegram
from tests.support.postgres import PostgresServer
from tests.support.worker_cluster import Cluster, model_for

CUSTOMERS = 200
MESSAGES = 2
WORKERS = 3
LEASE = 10.0  # seconds; a send never starts in the last 6 (core/delivery/shared_outbox.py), so none outlives it

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


async def _until(condition, store, timeout: float, what: str) -> None:
    """Re-check state held by other processes (the database, the fake) each time the database
    announces new replies (LISTEN), and at least every 50 ms for the changes it does not announce
    (a delivery mark, a lease), with a deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await store.wait_outbox(0.05)


async def test_a_worker_killed_mid_run_loses_and_doubles_nothing(postgres, tmp_path):
    db = postgres.fresh_database()
    store = open_store(db)
    await store.open()
    async with FakeTelegram() as telegram, FakeOllama(model_for()) as ollama:
        cluster = Cluster(tmp_path, db, telegram, ollama, lease=LEASE)
        try:
            await cluster.start(WORKERS)
            half = asyncio.Event()
            done = 0

            async def customer(n: int) -> None:
                nonlocal done
                chat = 10_000 + n
                for m in range(MESSAGES):
                    tag = f"c{n}m{m}"
                    await cluster.say(chat, f"Hello, question {tag}: how long do paccheri cook?")
                    await cluster.answered(chat, tag, timeout=90)
                    done += 1
                    if done >= CUSTOMERS * MESSAGES // 3:
                        half.set()

            customers = asyncio.gather(*(customer(n) for n in range(CUSTOMERS)))
            await asyncio.wait_for(half.wait(), 90)

            # Freeze deliveries, wait until every delivery the fake took is recorded as sent, then kill.
            telegram.stall("sendMessage", times=10**9)

            async def settled() -> bool:
                # The fake's own record, not the cluster's watcher: the watcher reads it a moment
                # later, and a send the fake took in that moment would look not taken yet. A call
                # still in flight counts as taken (its status is 200 until it fails).
                taken = {c.params.get("text", "") for c in telegram.calls_of("sendMessage") if c.status == 200}
                pending = {e.outbound.text for e in await store.pending_outbox()}
                return not pending & taken

            await _until(settled, store, 30, "deliveries taken by the fake to be recorded")
            victim = cluster.workers[1]

            async def victim_holds_replies() -> bool:
                # Stored, leased to the victim and not delivered: what the others must take over.
                held = "SELECT count(*) FROM outbox WHERE status = 'pending' AND lease_holder LIKE $1"
                return await store.pool.fetchval(held, f"{victim.name}:%") > 0

            await _until(victim_holds_replies, store, 30, "the victim to hold undelivered replies")
            cluster.kill(victim)
            telegram.recover("sendMessage")  # the network is back

            await asyncio.wait_for(customers, 120)

            async def outbox_empty() -> bool:
                return not await store.pending_outbox()

            await _until(outbox_empty, store, 30, "the outbox to empty")
        except BaseException:
            print(cluster.logs())
            raise
        finally:
            await cluster.stop()
            await store.close()

    for n in range(CUSTOMERS):
        chat = str(10_000 + n)
        assert cluster.order.get(chat) == [f"answer c{n}m{m}" for m in range(MESSAGES)], chat
    doubled = {key: count for key, count in cluster.delivered.items() if count != 1}
    assert not doubled, _doubled_report(doubled, telegram, cluster)
    assert victim.process.returncode == -9
    assert cluster.retries > 0  # some posts did reach the dead worker and went to another



def _doubled_report(doubled: dict, telegram: FakeTelegram, cluster: Cluster) -> str:
    """What a failure needs to tell a doubled delivery from a test race: each call of the text."""
    lines = [f"delivered more than once: {doubled}"]
    for chat, text in doubled:
        for call in telegram.calls_of("sendMessage"):
            if call.params.get("chat_id") == chat and call.params.get("text") == text:
                lines.append(f"  {call.at:.3f} status {call.status}")
    return "\n".join(lines) + "\n" + cluster.logs()


async def test_when_the_polling_worker_dies_another_polls_within_10_seconds(postgres, tmp_path):
    db = postgres.fresh_database()
    store = open_store(db)
    await store.open()
    async with FakeTelegram() as telegram, FakeOllama(model_for()) as ollama:
        cluster = Cluster(tmp_path, db, telegram, ollama, lease=LEASE)
        try:
            await cluster.start(2, webhook=False)
            holder = None

            async def polling() -> bool:
                nonlocal holder
                holder = await cluster.poller(store)
                return holder is not None

            await _until(polling, store, 30, "a worker to hold the poller lease")
            telegram.push_text(5, "Hello, question c5m0")
            await cluster.answered(5, "c5m0")

            cluster.kill(holder)
            killed_at = asyncio.get_running_loop().time()
            telegram.push_text(6, "Hello, question c6m0")
            await cluster.answered(6, "c6m0", timeout=30)
            took = asyncio.get_running_loop().time() - killed_at
            survivor = await cluster.poller(store)
        except BaseException:
            print(cluster.logs())
            raise
        finally:
            await cluster.stop()
            await store.close()
    assert survivor is not None and survivor is not holder
    assert took < 10.0, f"the next poller answered {took:.1f}s after the first died"
    # The new poller is sent the first update again (it was never confirmed): answered once all the same.
    assert cluster.delivered[("5", "answer c5m0")] == 1
