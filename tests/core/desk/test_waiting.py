"""The waiting customer: acknowledgements, going back to the bot, and the answer_within watch."""
from __future__ import annotations

import dataclasses
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bots.wiring import build_hub
from core.desk.escalation import State
from core.messages import Address, Inbound, Outbound, Voice
from core.shop.pack import Hours, load_pack
from core.desk.hours import DAYS
from core.desk.waiting import AnswerWatch, is_withdrawal, open_seconds, parse_duration

PACK = Path(__file__).resolve().parents[3] / "knowledge" / "pastashop"
ANN = Address("terminal", "ann")
ROME = ZoneInfo("Europe/Rome")


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


class Customer:
    def __init__(self) -> None:
        self.received: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.received.append(outbound)


class Desk:
    def __init__(self) -> None:
        self.got: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.got.append(outbound)


def rome(*args: int) -> float:
    return datetime(*args, tzinfo=ROME).timestamp()


async def open_hub(tmp_path: Path, pack=None):
    hub = await build_hub(pack or load_pack(PACK), None, tmp_path / "db.sqlite")
    customer, desk = Customer(), Desk()
    hub.register("terminal", customer)
    hub.register("desk", desk)
    return hub, customer, desk


async def say(hub, text: str) -> None:
    await hub.receive(Inbound(ANN, text, event_id=None, user_id="ann", user_name="Ann"))


@pytest.mark.parametrize("text", ["/bot", "never mind", "Forget it!", "lascia perdere", "Non importa più", "Vergiss es.", "nicht mehr nötig",
                                  "never mind, forget it", "Lascia perdere, non importa", "Schon gut, vergiss es"])
def test_withdrawal_words(text: str) -> None:
    assert is_withdrawal(text)


@pytest.mark.parametrize("text", ["never mind the sauce, where is my refund?", "I cannot forget it was broken", "hello"])
def test_not_withdrawals(text: str) -> None:
    assert not is_withdrawal(text)


def test_open_seconds_counts_opening_hours_only() -> None:
    hours = Hours("Europe/Rome", ("mon", "tue", "wed", "thu", "fri"), "09:00", "18:00")
    # Friday 17:00 -> Monday 10:00: one hour on Friday, one on Monday; the weekend does not count.
    assert open_seconds(hours, rome(2026, 12, 4, 17, 0), rome(2026, 12, 7, 10, 0)) == 2 * 3600
    assert open_seconds(hours, rome(2026, 12, 5, 9, 0), rome(2026, 12, 6, 20, 0)) == 0
    assert open_seconds(None, 100.0, 160.0) == 60
    assert parse_duration("90m") == 5400 and parse_duration("2h") == 7200


async def test_acknowledged_at_most_once_a_quarter_hour_and_relayed(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    clock = Clock(time.time())
    hub.engine.waiting.clock = clock
    try:
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        assert [o.voice for o in customer.received] == [Voice.HOLDING]
        for text in ("Hello?", "Are you there?"):
            await say(hub, text)
        acks = [o for o in customer.received if o.voice is Voice.NOTICE]
        assert len(acks) == 1 and acks[0].text.startswith("A colleague has your messages and will answer here")
        assert [o.text for o in desk.got if o.voice is Voice.RELAY] == ["Hello?", "Are you there?"]
        clock.at += 15 * 60
        await say(hub, "Still waiting")
        assert len([o for o in customer.received if o.voice is Voice.NOTICE]) == 2
    finally:
        await hub.stop()
        await hub.store.close()


async def test_acknowledgement_says_the_opening_hours_when_closed(tmp_path: Path) -> None:
    hub, customer, _ = await open_hub(tmp_path)
    try:
        text = hub.engine.waiting.acknowledgement(rome(2026, 12, 5, 12, 0))  # a Saturday
        assert text.startswith("A colleague has your messages") and "Monday from 09:00" in text
        assert hub.engine.waiting.acknowledgement(rome(2026, 12, 7, 12, 0)) == hub.pack.replies.waiting
    finally:
        await hub.stop()
        await hub.store.close()


async def test_acknowledgement_is_in_the_customer_s_language_hours_included(tmp_path: Path) -> None:
    hub, customer, _ = await open_hub(tmp_path)
    try:
        italian = hub.engine.waiting.acknowledgement(rome(2026, 12, 5, 12, 0), "it")
        assert italian == "Un collega ha i tuoi messaggi e ti risponderà qui lunedì dalle 09:00 (ora Europe/Rome)."
        german = hub.engine.waiting.acknowledgement(rome(2026, 12, 5, 12, 0), "de")
        assert "am Montag ab 09:00 Uhr" in german and "Monday" not in german
    finally:
        await hub.stop()
        await hub.store.close()


async def test_customer_goes_back_to_the_bot(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    try:
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        [escalation] = await hub.store.list_escalations(open_only=True)
        await say(hub, "never mind")
        stored = await hub.store.get_escalation(escalation.id)
        assert stored.state is State.WITHDRAWN
        assert customer.received[-1].text == hub.pack.replies.withdrawn
        assert desk.got[-1].voice is Voice.CARD  # the card is updated
        await say(hub, "How much is shipping to Germany?")
        assert customer.received[-1].voice is Voice.OFFLINE  # the bot answers again
    finally:
        await hub.stop()
        await hub.store.close()


@pytest.mark.parametrize("take_back", [False, True])
async def test_answer_within_tells_the_customer_and_bumps_the_card(tmp_path: Path, take_back: bool) -> None:
    pack = load_pack(PACK)
    pack = dataclasses.replace(pack, staff=dataclasses.replace(pack.staff, answer_within="2h", take_back=take_back))
    hub, customer, desk = await open_hub(tmp_path, pack)
    try:
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        [escalation] = await hub.store.list_escalations(open_only=True)
        watch = AnswerWatch(hub, clock=Clock(0))
        opened = escalation.created_at
        hours = pack.hours
        # Find an instant with 2h of opening hours after the escalation (whatever time the test runs).
        late = opened + 3600
        while open_seconds(hours, opened, late) < 2 * 3600:
            late += 1800
        early = late - 3600
        assert await watch.check(early) == []
        assert await watch.check(late) == [escalation.id]
        assert await watch.check(late + 3600) == []  # told once
        notice = customer.received[-1]
        assert notice.text == (pack.replies.overdue_back if take_back else pack.replies.overdue)
        assert desk.got[-1].voice is Voice.CARD and desk.got[-1].text == "escalation overdue"
        stored = await hub.store.get_escalation(escalation.id)
        assert stored.state is (State.RETURNED if take_back else State.OPEN)
        assert "2h" in stored.note
        from adapters.escalation import build_card

        status = build_card(stored, []).status
        assert status == (f"Returned to the bot ({stored.note})" if take_back else f"Waiting for staff ({stored.note})")
    finally:
        await hub.stop()
        await hub.store.close()


async def test_answer_within_is_not_triggered_once_staff_answered(tmp_path: Path) -> None:
    hub, customer, desk = await open_hub(tmp_path)
    try:
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        [escalation] = await hub.store.list_escalations(open_only=True)
        await hub.staff_reply(escalation.id, "Sam", "Let me check")
        assert await AnswerWatch(hub).check(escalation.created_at + 90 * 86400) == []
    finally:
        await hub.stop()
        await hub.store.close()


async def test_watch_starts_and_stops(tmp_path: Path) -> None:
    hub, _, _ = await open_hub(tmp_path)
    try:
        watch = AnswerWatch(hub, every=3600)
        watch.start()
        assert watch._task is not None and not watch._task.done()
        await watch.stop()
        assert watch._task is None
        assert hub.answer_watch._task is not None  # the composition root started one beside the hub
    finally:
        await hub.stop()
        await hub.store.close()


async def test_no_opening_hours_while_a_colleague_is_answering_now(tmp_path: Path) -> None:
    today = datetime.now(ROME).weekday()
    closed_today = Hours("Europe/Rome", tuple(d for i, d in enumerate(DAYS) if i != today), "09:00", "18:00")
    hub, customer, _ = await open_hub(tmp_path, dataclasses.replace(load_pack(PACK), hours=closed_today))
    clock = Clock(time.time())
    hub.engine.waiting.clock = clock
    try:
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        [escalation] = await hub.store.list_escalations()
        await hub.staff_reply(escalation.id, "Sam", "Hi Ann, Sam here: which product do you mean?")
        await say(hub, "The spaghetti di Gragnano")
        after_staff = [o for o in customer.received if o.voice is Voice.NOTICE]
        assert after_staff == []  # Sam is answering: no "will answer here on Monday from 09:00"
        clock.at += 60 * 60  # an hour without a staff reply: the opening hours are said again
        await say(hub, "Hello?")
        [ack] = [o for o in customer.received if o.voice is Voice.NOTICE]
        assert ack.text.startswith("A colleague has your messages and will answer here") and "09:00" in ack.text
    finally:
        await hub.stop()
        await hub.store.close()
