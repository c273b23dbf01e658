"""The outbox of several workers on one real PostgreSQL, under faults: a Telegram outage with the
terminal desk open, a 429 "retry after" with several workers awake, and a worker's own claim
racing its release of a reply whose send failed."""
from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console
from telegram import Bot

from adapters.telegram.sender import TelegramSender
from adapters.telegram.transport import AiohttpRequest
from bots.config import Config
from bots.desk_cmd import desk_command
from bots.wiring import build_hub
from core.delivery import shared_outbox
from core.delivery.delivery import TransientFailure
from core.messages import Address, Inbound, Outbound
from core.models.scripted import ScriptedModel
from tests.fakes.telegram_api import FakeTelegram
from tests.support.postgres import PostgresServer
from tests.support.recorder import reply

TOKEN = "123456:SHARED"
WAIT = 20.0


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def quick_rounds(monkeypatch):
    """Delivery rounds every 50 ms instead of every second, and a reply no worker can hand over
    fails after 3 rounds instead of 30: what took a minute takes a second."""
    monkeypatch.setattr(shared_outbox, "WAKE_EVERY", 0.05)
    monkeypatch.setattr(shared_outbox, "CLAIM_GRACE", 0.01)
    monkeypatch.setattr(shared_outbox, "NO_TAB_ROUNDS", 3)


def telegram_bot(fake: FakeTelegram) -> Bot:
    return Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url, request=AiohttpRequest())


def customer(chat: str, text: str, event: str) -> Inbound:
    return Inbound(Address("telegram", chat), text, event_id=event, user_id=chat)


async def outbox_rows(*stores) -> list[tuple]:
    for store in stores:  # delivery marks are written behind
        await store.flush()
    return [tuple(r) for r in await stores[0].pool.fetch("SELECT status, attempts, error FROM outbox ORDER BY id")]


async def test_a_desk_open_during_a_telegram_outage_does_not_fail_the_reply(postgres, quick_rounds):
    db = postgres.fresh_database()
    model = ScriptedModel([reply("Paccheri cook in 14 minutes.")])
    desk_open, desk_done = asyncio.Event(), asyncio.Event()

    async def desk_reads(prompt: str) -> str | None:
        desk_open.set()
        await desk_done.wait()
        return None  # Ctrl-D: the desk closes

    async with FakeTelegram(token=TOKEN) as fake, telegram_bot(fake) as bot, \
            build_hub("pastashop", model, db, worker="worker") as worker:  # fmt: skip
        worker.register("telegram", TelegramSender(bot))
        fake.fail("sendMessage", 500, times=10**6)  # Telegram is down
        desk = asyncio.create_task(
            desk_command(Config(pack="pastashop", db=db), Console(file=io.StringIO()), staff="Sam", read_line=desk_reads)
        )
        await asyncio.wait_for(desk_open.wait(), WAIT)
        await worker.receive(customer("7", "How long do paccheri cook?", "u1"))
        # Many rounds of the outage, every one of them with the desk open.
        await fake.wait_for("sendMessage", 12, timeout=WAIT)
        fake.recover("sendMessage")
        delivered = await fake.wait_for("sendMessage", 1, timeout=WAIT, where=lambda c: c.status == 200)
        desk_done.set()
        assert await asyncio.wait_for(desk, WAIT) == 0
        rows = await outbox_rows(worker.store)
    assert len(delivered) == 1
    assert [r[0] for r in rows] == ["sent"]


async def test_retry_after_holds_every_worker_back_until_then(postgres):
    db = postgres.fresh_database()
    model = ScriptedModel([reply("Orders ship within two days.")])
    async with FakeTelegram(token=TOKEN) as fake, telegram_bot(fake) as bot_a, telegram_bot(fake) as bot_b, \
            build_hub("pastashop", model, db, worker="a") as a, build_hub("pastashop", model, db, worker="b") as b:  # fmt: skip
        a.register("telegram", TelegramSender(bot_a))
        b.register("telegram", TelegramSender(bot_b))
        fake.fail("sendMessage", 429, retry_after=2)
        await a.receive(customer("8", "When do you ship?", "u1"))
        delivered = await fake.wait_for("sendMessage", 1, timeout=WAIT, where=lambda c: c.status == 200)
        rows = await outbox_rows(a.store, b.store)
    calls = fake.calls_of("sendMessage")
    # The 429 and then one send, no sooner than asked (the server clock and the fake's agree here).
    assert [c.status for c in calls] == [429, 200]
    assert delivered[0].at - calls[0].at >= 1.9
    assert [r[:2] for r in rows] == [("sent", 1)]


class Held:
    """A sender whose first call waits for `go`, then fails (a send stalled by the network)."""

    def __init__(self) -> None:
        self.started, self.go = asyncio.Event(), asyncio.Event()
        self.calls = 0
        self.sent: list[str] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.calls += 1
        if self.calls == 1:
            self.started.set()
            await self.go.wait()
            raise TransientFailure("timed out")
        self.sent.append(outbound.text)


async def test_a_claim_under_way_while_its_worker_releases_a_failed_reply_does_not_send_it_twice(postgres):
    """A worker's claim returns the rows leased to itself, and the release of a failed send is a
    delivery mark written behind: a claim that re-leased the row just before the release cleared
    that lease would send it while another worker, free to claim it, sends it too."""
    db = postgres.fresh_database()
    model = ScriptedModel([reply("We are open until 18:00.")])
    async with build_hub("pastashop", model, db, worker="a") as a, build_hub("pastashop", model, db, worker="b") as b:
        await a.stop()  # the test drives the delivery rounds itself
        await b.stop()
        at_a, at_b = Held(), Held()
        at_b.calls = 1  # b's sends go through
        a.register("telegram", at_a)
        b.register("telegram", at_b)
        claim = a.store.claim_outbox

        async def claim_racing_the_release(*args, **kwargs):
            claimed = await claim(*args, **kwargs)  # the row is leased to `a` again
            at_a.go.set()  # now the stalled send fails and its release is written
            await asyncio.wait_for(released.wait(), WAIT)
            await a.store.flush()
            await b.shared.round()  # the row is free: b claims and sends it
            return claimed

        released = asyncio.Event()
        attempted = a.store.outbox_attempted

        async def outbox_attempted(*args, **kwargs):
            await attempted(*args, **kwargs)
            released.set()

        a.store.outbox_attempted = outbox_attempted
        sending = asyncio.create_task(a.receive(customer("9", "When do you close?", "u1")))
        await asyncio.wait_for(at_a.started.wait(), WAIT)  # the turn's own send has started and is stalled
        a.store.claim_outbox = claim_racing_the_release
        await a.shared.round()
        await asyncio.wait_for(sending, WAIT)
        a.store.claim_outbox = claim
        await a.shared.round()  # the next claim, after the release: nothing left to send
        await b.shared.round()
        rows = await outbox_rows(a.store, b.store)
    assert at_b.sent == ["We are open until 18:00."]
    assert at_a.sent == []
    assert [r[0] for r in rows] == ["sent"]
