"""The outbox of several workers on one database: each entry is sent by the one worker that
leased it (`claim_outbox`), a dead worker's entries are claimed by another once the lease lapses,
and a conversation's replies leave in order because they are sent under its conversation lock.

A turn sends its own replies before it lets go of the conversation: the store leases the rows a
turn writes to the writing worker (`store.worker`), so no other worker claims them meanwhile.
What a turn wrote for other conversations (the staff desk), and what workers released or left
behind when they died, goes out from the background loop after a claim, each conversation under
its lock (so two workers never post the same staff card at once either)."""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from core.messages import Outbound
from core.delivery.outbox import Outbox
from core.store.base import OutboxEntry

log = logging.getLogger("csbot.outbox")

LEASE_SECONDS = 30.0  # longer than one send attempt (the Bot API client gives up after ~5 s)
WAKE_EVERY = 1.0  # released entries (a web socket on another worker, a failure) are retried this often
NO_TAB_ROUNDS = 30  # a web reply no worker could hand to an open tab: the history shows it instead
CLAIM_GRACE = 0.25  # seconds between a wake-up and the claim (see _run)
HANDLED_KEPT = 10_000
LEASE_MARGIN = 6.0  # no send starts this close to the lease's end (a send may take ~5 s)

Lock = Callable[[str], AbstractAsyncContextManager[None]]


class SharedDelivery:
    def __init__(self, outbox: Outbox, worker: str, lock: Lock, lease_seconds: float = LEASE_SECONDS) -> None:
        self.outbox = outbox
        self.store = outbox.store
        # Claims go under the store's holder name: the rows a turn writes are leased to it.
        self.worker = getattr(self.store, "worker", None) or worker
        self.lease_seconds = lease_seconds
        self._lock = lock
        self._held: dict[int, OutboxEntry] = {}  # leased to this worker, not yet sent
        # Sent or being sent here. A claim returns this worker's own leased entries too (that renews
        # their lease), and one that read the row just before its send was recorded may return it
        # once more: both must not send it again.
        self._handled: OrderedDict[int, None] = OrderedDict()
        # Released by this worker while a claim was under way. The release (a delivery mark) is
        # written behind, and a claim returns this worker's own leased rows: the claim may have
        # leased the row again just before the release cleared that lease, so another worker can
        # claim it too. Such entries are left to the next claim, which comes after the release.
        self._released_in_claim: set[int] | None = None
        # When this worker last gave a reply back for another worker (no open web tab here).
        self._gave_back_at = float("-inf")
        self._more = asyncio.Event()
        self._task: asyncio.Task | None = None
        outbox.shared_round = self.round

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"csbot-outbox-{self.worker}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def after_turn(self, key: str, outbounds: list[Outbound]) -> None:
        """In a turn, under the lock of conversation `key`: send the turn's replies to this
        conversation (the store leased their rows to this worker as it wrote them), after any
        older ones of it this worker holds. The rest, such as the turn's note to the staff desk,
        goes out from the loop under its own conversation's lock."""
        until = self._lease_end()
        elsewhere = False
        for outbound in outbounds:
            entry_id = outbound.meta.get("outbox_id")
            if entry_id is None or entry_id in self._handled or entry_id in self._held:
                continue
            outbound.meta["lease_until"] = until
            self._held[entry_id] = OutboxEntry(entry_id, outbound, 0)
            elsewhere = elsewhere or outbound.address.key != key
        if elsewhere:
            self._more.set()
        await self._send_in_order([e for e in self._held.values() if e.outbound.address.key == key])

    async def hand_over(self, outbounds: list[Outbound]) -> None:
        """For a process that sends nothing (the terminal desk): what its actions wrote is released
        at once, untried, for the workers to claim (the store leased the rows to their writer)."""
        for outbound in outbounds:
            entry_id = outbound.meta.get("outbox_id")
            if entry_id is not None:
                await self.store.outbox_release(entry_id)

    async def round(self) -> int:
        """Claim what is claimable and send everything this worker holds, conversation by conversation."""
        await self._claim()
        groups: dict[str, list[OutboxEntry]] = {}
        for entry in sorted(self._held.values(), key=lambda e: e.id):
            groups.setdefault(entry.outbound.address.key, []).append(entry)
        # Conversations side by side: one whose turn is running elsewhere must not hold up the rest.
        return sum(await asyncio.gather(*(self._send_locked(key, entries) for key, entries in groups.items())))

    async def _send_locked(self, key: str, entries: list[OutboxEntry]) -> int:
        async with self._lock(key):
            return await self._send_in_order(entries)

    async def _claim(self) -> list[OutboxEntry]:
        channels = sorted(self.outbox.senders)
        if not channels:
            return []  # nothing this worker could send: claiming would only hold replies up
        self._released_in_claim = released = set()
        try:
            # Only channels this worker can send on: a reply for another channel is never taken
            # from the workers that can (and never passed between adapter-less workers).
            entries = await self.store.claim_outbox(self.worker, self.lease_seconds, channels=channels)
        finally:
            self._released_in_claim = None
        until = self._lease_end()
        fresh = []
        for entry in entries:
            if entry.id in self._handled or entry.id in released:
                continue
            held = self._held.get(entry.id)
            if held is not None:
                held.outbound.meta["lease_until"] = until  # renewed by this claim
                continue
            entry.outbound.meta["outbox_id"] = entry.id
            entry.outbound.meta["lease_until"] = until
            self._held[entry.id] = entry
            fresh.append(entry)
        return fresh

    def _lease_end(self) -> float:
        """When this worker stops starting sends of what it holds: a margin before the lease ends."""
        return time.monotonic() + self.lease_seconds - min(LEASE_MARGIN, self.lease_seconds / 2)

    async def _send_in_order(self, entries: list[OutboxEntry]) -> int:
        """One attempt each, oldest first; after a failure the conversation's later entries are
        released too, so no reply overtakes an earlier one."""
        sent = 0
        stopped: set[str] = set()
        for entry in sorted(entries, key=lambda e: e.id):
            if self._held.pop(entry.id, None) is None:
                continue  # sent meanwhile by this worker's other path
            key = entry.outbound.address.key
            if key in stopped:
                self._note_release(entry.id)
                await self.store.outbox_release(entry.id)  # not tried: no attempt is counted
                continue
            if time.monotonic() > entry_deadline(entry):
                continue  # the lease is (nearly) over: another worker may have it now
            self._handled[entry.id] = None
            while len(self._handled) > HANDLED_KEPT:
                self._handled.popitem(last=False)
            outcome = await self.outbox.send_once(entry.id, entry.outbound)
            if outcome in ("retry", "elsewhere", "unsent"):
                self._note_release(entry.id)
                self._handled.pop(entry.id, None)  # released: a later claim may send it, here too
            if outcome == "sent":
                sent += 1
            elif outcome == "elsewhere" and entry.attempts >= NO_TAB_ROUNDS:
                # Only an adapter that holds the channel but not the customer (a web tab open on
                # another worker) says "elsewhere"; a worker without the adapter never does.
                await self.store.outbox_done(entry.id, "failed", "no worker could deliver it")
            elif outcome != "failed":
                stopped.add(key)
            if outcome == "elsewhere":
                self._gave_back_at = time.monotonic()
        return sent

    async def _others_first(self) -> None:
        """After giving a reply back (the customer's tab is open on another worker), claim a grace
        later than the others. Every worker wakes on the release's notification; the one that gave
        it back must not claim first, or it leases the row again each round and the worker with
        the tab never gets it (the web reply then waited until NO_TAB_ROUNDS failed it)."""
        wait = self._gave_back_at + 2 * CLAIM_GRACE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def _note_release(self, entry_id: int) -> None:
        if self._released_in_claim is not None:
            self._released_in_claim.add(entry_id)

    async def _run(self) -> None:
        while True:
            try:
                if not self._more.is_set():
                    await self.store.wait_outbox(WAKE_EVERY)
                    # Every turn of every worker wakes this loop, and the turn sends its own replies:
                    # a short pause makes a burst of wake-ups one claim.
                    await asyncio.sleep(CLAIM_GRACE)
                self._more.clear()
                await self._others_first()
                await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad round must not stop delivery
                log.exception("outbox round failed on %s", self.worker)
                await asyncio.sleep(WAKE_EVERY)


def entry_deadline(entry: OutboxEntry) -> float:
    return entry.outbound.meta.get("lease_until", float("inf"))
