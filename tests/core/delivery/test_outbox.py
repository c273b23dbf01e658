"""The outbox sends every stored reply until the platform takes it."""
from core.delivery.delivery import PermanentFailure, RetryAfter, TransientFailure
from core.messages import Address, Outbound
from core.delivery.outbox import Outbox, RetryPolicy
from core.store.base import Conversation, TurnRecord
from core.store.sqlite import SQLiteStore

ADDRESS = Address("telegram", "42")


class FlakySender:
    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.delivered: list[str] = []

    async def __call__(self, outbound: Outbound) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(outbound.text)


async def stored(store: SQLiteStore, *texts: str) -> list[Outbound]:
    turn = TurnRecord(Conversation("c_1", ADDRESS), outbox=[Outbound(ADDRESS, t) for t in texts])
    ids = await store.save_turn(turn)
    return [Outbound(ADDRESS, t, meta={"outbox_id": i}) for t, i in zip(texts, ids)]


async def test_retry_after_and_transient_failures_are_retried_until_sent():
    async with SQLiteStore() as store:
        outbox = Outbox(store, RetryPolicy(attempts=4, backoff=0.001))
        sender = FlakySender(RetryAfter(0.001), TransientFailure("500"))
        outbox.senders["telegram"] = sender
        (outbound,) = await stored(store, "hello")
        assert await outbox.send(outbound)
        assert sender.delivered == ["hello"]
        assert await store.pending_outbox() == []


async def test_permanent_failure_is_recorded_and_not_retried():
    async with SQLiteStore() as store:
        outbox = Outbox(store, RetryPolicy(attempts=4, backoff=0.001))
        sender = FlakySender(PermanentFailure("403 blocked"))
        outbox.senders["telegram"] = sender
        (outbound,) = await stored(store, "hello")
        assert not await outbox.send(outbound)
        assert sender.delivered == [] and sender.failures == []
        await store.flush()
        async with store.db.execute("SELECT status, error FROM outbox") as cursor:
            assert await cursor.fetchall() == [("failed", "403 blocked")]


async def test_what_could_not_be_sent_goes_out_after_a_restart(tmp_path):
    path = str(tmp_path / "o.db")
    async with SQLiteStore(path) as store:
        outbox = Outbox(store, RetryPolicy(attempts=2, backoff=0.001))
        outbox.senders["telegram"] = FlakySender(*[TransientFailure("down")] * 4)
        for outbound in await stored(store, "first", "second"):
            assert not await outbox.send(outbound)
    async with SQLiteStore(path) as store:
        outbox = Outbox(store)
        sender = FlakySender()
        outbox.senders["telegram"] = sender
        assert await outbox.flush() == 2
        assert sender.delivered == ["first", "second"]
        assert await store.pending_outbox() == []
