"""The composition root: a pack, a model and a store become an Engine behind a Hub."""
from __future__ import annotations

from pathlib import Path

from bots.orders_source import shop_orders
from core.engine import Engine, EngineSettings
from core.hub import Hub
from core.models.base import ModelBackend
from core.delivery.outbox import Outbox, RetryPolicy
from core.delivery.shared_outbox import LEASE_SECONDS
from core.shop.pack import KnowledgePack, load_pack
from core.store import open_store
from core.desk.waiting import AnswerWatch


class HubBuild:
    """`hub = await build_hub(...)` or `async with build_hub(...) as hub:`; the hub owns its store."""

    def __init__(self, **kwargs) -> None:
        self._kwargs = kwargs
        self._hub: Hub | None = None

    def __await__(self):
        return self._build().__await__()

    async def _build(self) -> Hub:
        kw = self._kwargs
        pack = kw["pack"] if isinstance(kw["pack"], KnowledgePack) else load_pack(kw["pack"])
        store = open_store(str(kw["db"]))  # a path, sqlite:///path or postgresql://...
        await store.open()
        try:
            orders = shop_orders(pack, store, kw.get("orders"), kw.get("env"))
        except Exception:
            await store.close()
            raise
        engine = Engine(pack, store, kw["model"], kw["settings"] or EngineSettings(), guard=kw["guard"], orders=orders)
        hub = Hub(
            engine, Outbox(store, kw["retry"] or RetryPolicy()), flush_every=kw["flush_every"],
            worker=_worker_id(store, kw["worker"]), shared=is_shared(kw["db"]), lease_seconds=kw["lease_seconds"],
            delivers=kw["delivers"],
        )
        await hub.start()
        # Waiting customers are told when staff are late: checked beside the hub, stopped with it.
        hub.answer_watch = AnswerWatch(hub)
        hub.answer_watch.start()
        self._hub = hub
        return hub

    async def __aenter__(self) -> Hub:
        return await self._build()

    async def __aexit__(self, *exc) -> None:
        if self._hub is not None:
            await close_hub(self._hub)


def build_hub(
    pack: str | Path | KnowledgePack,
    model: ModelBackend | None,
    db: str | Path = ":memory:",
    *,
    settings: EngineSettings | None = None,
    retry: RetryPolicy | None = None,
    guard=None,
    flush_every: float = 30.0,
    worker: str | None = None,
    lease_seconds: float = LEASE_SECONDS,
    delivers: bool = True,
    orders: dict | str | None = None,
    env: dict[str, str] | None = None,
) -> HubBuild:
    return HubBuild(pack=pack, model=model, db=db, settings=settings, retry=retry, guard=guard, flush_every=flush_every,
                    worker=worker, lease_seconds=lease_seconds, delivers=delivers, orders=orders, env=env)


def _worker_id(store, name: str | None) -> str | None:
    """The id this process claims outbox entries and leases under. The PostgreSQL store leases a
    turn's new outbox rows to its own id (unique per process), so the hub must claim under the
    same one; the configured name (CSBOT_WORKER) leads it, for people reading the leases."""
    own = getattr(store, "worker", None)
    if own is None:
        return name
    if name and not own.startswith(f"{name}:"):
        store.worker = own = f"{name}:{own}"
    return own


def is_shared(db: str | Path) -> bool:
    """A database several workers can share: the hub then claims outbox entries and locks
    conversations in the database, not just in this process."""
    return str(db).startswith(("postgresql://", "postgres://"))


async def close_hub(hub: Hub) -> None:
    watch = getattr(hub, "answer_watch", None)
    if watch is not None:
        await watch.stop()
    await hub.stop()
    await hub.engine.orders.close()
    if hub.engine.model is not None:
        await hub.engine.model.aclose()
    if hub.engine.guard is not None:
        await hub.engine.guard.aclose()
    await hub.store.close()
