"""One customer cannot flood the staff desk: new escalations per conversation are capped, relays
are capped in rate and size, and an oversized message is refused before it is relayed."""
from __future__ import annotations

from pathlib import Path

from bots.wiring import build_hub
from core.desk.waiting import RELAY_CHARS, RELAYS_HELD, RELAYS_PER_WINDOW
from core.engine import ESCALATIONS_PER_WINDOW
from core.messages import Address, Inbound, Outbound, Voice
from core.shop.pack import load_pack

PACK = Path(__file__).resolve().parents[3] / "knowledge" / "pastashop"
ANN = Address("telegram", "4242")


class Recorder:
    def __init__(self) -> None:
        self.got: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.got.append(outbound)


async def open_hub(tmp_path: Path):
    hub = await build_hub(load_pack(PACK), None, tmp_path / "db.sqlite")
    customer, desk = Recorder(), Recorder()
    hub.register("telegram", customer)
    hub.register("desk", desk)
    return hub, customer, desk


async def say(hub, text: str) -> None:
    await hub.receive(Inbound(ANN, text, event_id=None, user_id="4242", user_name="Ann"))


async def close(hub) -> None:
    await hub.stop()
    await hub.store.close()


async def test_asking_for_a_person_and_going_back_ten_times_opens_two_escalations(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    try:
        for _ in range(10):
            await say(hub, "I want a human")
            await say(hub, "/bot")
        await hub.outbox.flush()
        escalations = await hub.store.list_escalations(open_only=False)
        assert len(escalations) == ESCALATIONS_PER_WINDOW
        cards = [o for o in desk.got if o.voice is Voice.CARD]
        assert len(cards) == 2 * ESCALATIONS_PER_WINDOW  # opened, then withdrawn: no more
        assert "wait a few minutes" in customer.got[-2].text
    finally:
        await close(hub)


async def test_relays_are_capped_in_rate_and_size(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    try:
        await say(hub, "I want a human")
        for n in range(50):
            await say(hub, f"{n} " + "x" * 3990)
        await hub.outbox.flush()
        relays = [o.text for o in desk.got if o.voice is Voice.RELAY]
        assert 2 <= len(relays) <= RELAYS_PER_WINDOW + 1
        assert relays[-1] == RELAYS_HELD and relays.count(RELAYS_HELD) == 1
        assert all(len(text) <= RELAY_CHARS + 20 for text in relays)
        [escalation] = await hub.store.list_escalations(open_only=True)
        messages = await hub.store.recent_messages(escalation.conversation_id, 200)
        assert sum(1 for m in messages if m.role == "customer") == 51  # every message is kept
    finally:
        await close(hub)


async def test_an_oversized_message_is_refused_before_it_reaches_the_desk(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    try:
        await say(hub, "I want a human")
        await say(hub, "y" * (hub.engine.settings.max_message_chars + 1))
        await hub.outbox.flush()
        assert not [o for o in desk.got if o.voice is Voice.RELAY]
        assert customer.got[-1].text == hub.pack.replies.too_long
    finally:
        await close(hub)


async def test_a_health_card_has_no_order_number_from_an_earlier_question(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    try:
        await say(hub, "Where is my order 1042?")
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        [escalation] = await hub.store.list_escalations(open_only=True)
        assert escalation.reason.value == "health"
        assert "order_id" not in escalation.details
    finally:
        await close(hub)
