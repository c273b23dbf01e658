"""The staff desk with the real hub and store, a recording board and a recording customer channel."""
from __future__ import annotations

from pathlib import Path

import pytest

from adapters.escalation import AWAITING_REASON, Card, StaffDesk, build_card
from bots.wiring import build_hub
from core.desk.escalation import Reason, State
from core.messages import Address, Inbound, Outbound, Voice
from core.models.scripted import ScriptedModel
from core.shop.orders import MemoryOrderBook
from core.shop.orders.workflow import ShopOrders

PACK = Path(__file__).resolve().parents[2] / "knowledge" / "pastashop"
STAFF = "CSTAFF"
ANN = Address("terminal", "ann")
BOT_ANSWER = 'echo $ "Our spaghetti cook in 11 minutes."\necho $ "evaluation: safe"'


class RecordingBoard:
    """A StaffBoard that keeps cards and thread posts in memory."""

    def __init__(self) -> None:
        self.cards: dict[str, list[Card]] = {}  # thread -> every version of the card
        self.threads: dict[str, list[str]] = {}

    async def post_card(self, card: Card) -> dict:
        thread = f"T{len(self.cards) + 1}"
        self.cards[thread] = [card]
        self.threads[thread] = []
        return {"thread": thread}

    async def update_card(self, ref: dict, card: Card) -> None:
        self.cards[ref["thread"]].append(card)

    async def post_in_thread(self, ref: dict, text: str) -> None:
        self.threads[ref["thread"]].append(text)

    def latest(self, thread: str = "T1") -> Card:
        return self.cards[thread][-1]


class Customer:
    """The customer's platform: records what the hub delivers."""

    def __init__(self) -> None:
        self.received: list[Outbound] = []

    async def __call__(self, outbound: Outbound) -> None:
        self.received.append(outbound)

    def voices(self) -> list[Voice]:
        return [o.voice for o in self.received]


@pytest.fixture
def board() -> RecordingBoard:
    return RecordingBoard()


async def open_desk(db: Path, board: RecordingBoard, customer: Customer, **kw):
    hub = await build_hub(PACK, ScriptedModel([BOT_ANSWER]), db)
    hub.register("terminal", customer)
    return hub, StaffDesk(hub, board, staff_channel=STAFF, **kw)


async def say(hub, text: str, n: int = 0) -> None:
    await hub.receive(Inbound(ANN, text, event_id=f"m{n}-{text[:8]}", user_id="ann", user_name="Ann"))


async def test_refund_card_then_approve_tells_the_customer(tmp_path: Path, board: RecordingBoard) -> None:
    customer = Customer()
    hub, desk = await open_desk(tmp_path / "db.sqlite", board, customer)
    try:
        await say(hub, "I want my money back for order 1042, it arrived broken, 24.90 EUR")
        assert customer.voices() == [Voice.HOLDING]
        card = board.latest()
        assert (card.reason, card.state, card.customer_platform, card.customer_name) == (Reason.REFUND, State.OPEN, "terminal", "Ann")
        assert ("order_id", "1042") in card.details
        assert [b.value for b in card.buttons] == ["approve", "deny", "take_over", "return"]
        assert card.transcript[0].role == "customer" and "money back" in card.transcript[0].text

        verdict = await desk.on_action(card.escalation_id, "approve", "U7", STAFF, staff_name="Sam")
        assert verdict.accepted
        approval = customer.received[-1]
        assert approval.voice is Voice.STAFF and approval.author == "Sam" and "approved" in approval.text
        assert board.latest().state is State.APPROVED and board.latest().buttons == ()
        assert "approved by Sam" in board.latest().status
        again = await desk.on_action(card.escalation_id, "approve", "U7", STAFF, staff_name="Sam")
        assert not again.accepted and len(customer.received) == 2
    finally:
        await hub.stop()
        await hub.store.close()


class DownShop:
    """An order system that answers nothing: every call fails as a dropped connection would."""

    name, issues_money = "http", True

    async def lookup(self, order_id: str):
        raise ConnectionError("connection reset")

    async def aclose(self) -> None:
        return None


async def test_a_refund_the_order_system_did_not_confirm_stays_open_for_another_approve(
    tmp_path: Path, board: RecordingBoard
) -> None:
    customer = Customer()
    hub, desk = await open_desk(tmp_path / "db.sqlite", board, customer)
    try:
        await say(hub, "I want my money back for order 1042, it arrived broken, 24.90 EUR")
        card = board.latest()
        working = hub.engine.orders
        hub.engine.orders = ShopOrders(hub.pack, DownShop(), MemoryOrderBook())
        verdict = await desk.on_action(card.escalation_id, "approve", "U7", STAFF, staff_name="Sam")
        assert verdict.accepted and verdict.note.startswith("Refund not confirmed (http: the order system failed")
        assert customer.received[-1].text == (
            "Your refund request was approved: a colleague will issue your refund of 24.90 EUR for order 1042.")
        assert board.latest().state is State.TAKEN and "approve" in [b.value for b in board.latest().buttons]
        hub.engine.orders = working  # the order system is back: Approve again
        assert (await desk.on_action(card.escalation_id, "approve", "U7", STAFF, staff_name="Sam")).accepted
        assert board.latest().state is State.APPROVED
    finally:
        await hub.stop()
        await hub.store.close()


async def test_only_the_staff_channel_and_listed_staff_can_act(tmp_path: Path, board: RecordingBoard) -> None:
    customer = Customer()
    hub, desk = await open_desk(tmp_path / "db.sqlite", board, customer, staff_users=["U7"])
    try:
        await say(hub, "I want my money back for order 1042")
        escalation_id = board.latest().escalation_id
        assert not (await desk.on_action(escalation_id, "approve", "U7", "CRANDOM")).accepted
        assert not (await desk.on_action(escalation_id, "approve", "U666", STAFF)).accepted
        assert not (await desk.on_thread_reply(STAFF, "T1", "U666", "Mallory", "refund granted!")).accepted
        assert (await hub.store.get_escalation(escalation_id)).state is State.OPEN
        assert customer.voices() == [Voice.HOLDING]
    finally:
        await hub.stop()
        await hub.store.close()


async def test_deny_waits_for_the_reason_in_the_thread(tmp_path: Path, board: RecordingBoard) -> None:
    customer = Customer()
    hub, desk = await open_desk(tmp_path / "db.sqlite", board, customer)
    try:
        await say(hub, "I want my money back for order 1042")
        escalation_id = board.latest().escalation_id
        assert (await desk.on_action(escalation_id, "deny", "U7", STAFF, staff_name="Sam")).accepted
        assert "reason for denying" in board.threads["T1"][-1]
        assert "waiting for Sam's reason" in board.latest().status
        assert customer.voices() == [Voice.HOLDING]  # nothing to the customer before the reason

        assert (await desk.on_thread_reply(STAFF, "T1", "U7", "Sam", "The parcel was delivered intact.", "Ev9")).accepted
        denial = customer.received[-1]
        assert denial.voice is Voice.STAFF and "not approved" in denial.text and "delivered intact" in denial.text
        stored = await hub.store.get_escalation(escalation_id)
        assert stored.state is State.DENIED and stored.note == "The parcel was delivered intact."
        assert AWAITING_REASON not in stored.desk_ref
        assert board.latest().state is State.DENIED
    finally:
        await hub.stop()
        await hub.store.close()


async def test_deny_reason_from_a_form_checks_the_channel(tmp_path: Path, board: RecordingBoard) -> None:
    customer = Customer()
    hub, desk = await open_desk(tmp_path / "db.sqlite", board, customer)
    try:
        await say(hub, "I want my money back for order 1042")
        escalation_id = board.latest().escalation_id
        await desk.on_action(escalation_id, "deny", "U7", STAFF, staff_name="Sam")
        assert not (await desk.on_deny_reason(escalation_id, "U7", "CRANDOM", "no")).accepted
        assert (await desk.on_deny_reason(escalation_id, "U7", STAFF, " Used item. ", staff_name="Sam")).accepted
        assert "Reason: Used item." in customer.received[-1].text
        assert not (await desk.on_deny_reason(escalation_id, "U7", STAFF, "twice", staff_name="Sam")).accepted
        assert len(customer.received) == 2
    finally:
        await hub.stop()
        await hub.store.close()


async def test_health_relay_staff_answer_and_return_to_bot(tmp_path: Path, board: RecordingBoard) -> None:
    customer = Customer()
    hub, desk = await open_desk(tmp_path / "db.sqlite", board, customer)
    try:
        await say(hub, "I have celiachia, can I eat your spaghetti?")
        card = board.latest()
        assert card.reason is Reason.HEALTH
        assert [b.value for b in card.buttons] == ["take_over", "return"]  # no refund decisions
        await say(hub, "Please hurry, it is for dinner tonight", 1)
        assert board.threads["T1"] == ["Ann: Please hurry, it is for dinner tonight"]
        # The bot does not answer the question, but says (once a quarter hour) that staff have it.
        assert customer.voices() == [Voice.HOLDING, Voice.NOTICE]
        assert "colleague has your messages" in customer.received[-1].text
        await say(hub, "Hello?", 3)
        assert customer.voices() == [Voice.HOLDING, Voice.NOTICE]

        assert (await desk.on_thread_reply(STAFF, "T1", "U7", "Sam", "Our spaghetti contain gluten, sorry.", "Ev1")).accepted
        assert not (await desk.on_thread_reply(STAFF, "T1", "U7", "Sam", "Our spaghetti contain gluten, sorry.", "Ev1")).accepted
        staff_lines = [o for o in customer.received if o.voice is Voice.STAFF]
        assert [o.text for o in staff_lines] == ["Our spaghetti contain gluten, sorry."]
        assert board.latest().state is State.TAKEN and board.latest().assignee == "Sam"

        assert (await desk.on_action(card.escalation_id, "return", "U7", STAFF, staff_name="Sam")).accepted
        assert customer.received[-1].voice is Voice.NOTICE
        await say(hub, "How long do the spaghetti cook?", 2)
        assert customer.received[-1].voice is Voice.BOT and "11 minutes" in customer.received[-1].text
        # A late staff message after the return is not relayed, and staff are told so.
        assert not (await desk.on_thread_reply(STAFF, "T1", "U7", "Sam", "one more thing", "Ev2")).accepted
        assert board.threads["T1"][-1].startswith("Not sent")
    finally:
        await hub.stop()
        await hub.store.close()


async def test_restart_between_card_and_staff_reply(tmp_path: Path, board: RecordingBoard) -> None:
    db = tmp_path / "db.sqlite"
    first = Customer()
    hub, _ = await open_desk(db, board, first)
    await say(hub, "I want my money back for order 1042")
    await hub.stop()
    await hub.store.close()

    second = Customer()
    hub, desk = await open_desk(db, board, second)
    try:
        assert (await desk.on_thread_reply(STAFF, "T1", "U7", "Sam", "Looking into it now.", "Ev1")).accepted
        assert [(o.voice, o.text) for o in second.received] == [(Voice.STAFF, "Looking into it now.")]
        escalation_id = board.latest().escalation_id
        asked = await desk.on_action(escalation_id, "approve", "U7", STAFF, staff_name="Sam")
        # No amount was ever given: staff are asked for it instead of the customer reading "{amount}".
        assert asked.accepted and "amount" in asked.note and "amount=" in board.threads["T1"][-1]
        assert board.latest().state is State.TAKEN and board.latest().missing == ["amount"]
        assert "order_id 1042 ✓" in board.latest().needed_text and "amount missing" in board.latest().needed_text
        assert (await desk.on_thread_reply(STAFF, "T1", "U7", "Sam", "amount=24.90", "Ev2")).accepted
        assert len(board.cards) == 1  # the same card, updated in place after the restart
        assert board.latest().state is State.APPROVED
        approval = second.received[-1].text
        assert "your refund of 24.90 EUR for order 1042" in approval and "{" not in approval
        # The card shows the order as the shop's orders have it, and whether the customer proved it.
        shown = dict(board.latest().order)
        assert shown["order"] == "1042 (pack): shipped" and shown["paid"] == "31.40 EUR"
        assert shown["refunded"] == "24.90 EUR" and shown["customer proved"] == "no"
    finally:
        await hub.stop()
        await hub.store.close()


def test_card_text_lists_details_and_transcript() -> None:
    from core.desk.escalation import Escalation
    from core.store.base import StoredMessage

    escalation = Escalation("e1", "c1", Reason.REFUND, State.TAKEN, ANN, "Ann", "money back",
                            details={"amount": "24.90", "order_id": "1042", "colour": "red"}, assignee="Sam")
    card = build_card(escalation, [StoredMessage("customer", "money back", "Ann")])
    assert [k for k, _ in card.details] == ["order_id", "amount", "colour"]
    assert [b.value for b in card.buttons] == ["approve", "deny", "return"]
    text = card.as_text()
    assert "Taken over by Sam" in text and "order_id: 1042" in text and "> Ann: money back" in text
