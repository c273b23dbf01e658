"""The order programs on the pack's own orders: answers come from the order, changes survive a
restart, proof is checked with an attempt limit, a hanging order system costs a clear sentence."""
from __future__ import annotations

import asyncio
import random
import time
from decimal import Decimal
from pathlib import Path

import pytest

from bots.wiring import build_hub
from core.messages import Address, Inbound, Voice
from core.shop.orders import Asker, Kind, MemoryOrderBook, Outcome, PackOrders
from core.shop.orders.refunds import issue_refund
from core.shop.orders.words import delivery_time
from core.shop.orders.workflow import ShopOrders
from core.shop.pack import load_pack
from core.models.scripted import ScriptedModel
from tests.support.recorder import Recorder, reply

PASTA = load_pack("pastashop")


async def say(hub, text: str, chat: str = "c1") -> list:
    return await hub.engine.handle(Inbound(Address("web", chat), text))


def text_of(replies: list) -> str:
    return "\n".join(r.text for r in replies)


@pytest.fixture
async def hub(tmp_path: Path):
    async with build_hub("pastashop", None, tmp_path / "csbot.db") as hub:
        hub.register("desk", Recorder())
        yield hub


async def test_an_unknown_order_is_not_found_and_a_known_one_always_has_its_own_status(hub) -> None:
    assert text_of(await say(hub, "/order_status 9999")) == (
        "I could not find an order with the number 9999. Please check the number in your order confirmation e-mail.")
    answers = {text_of(await say(hub, "/order_status 1042")) for _ in range(5)}
    assert answers == {
        "Order 1042 left our warehouse on 2026-12-02 with BRT, tracking number BRT0801042IT. "
        "Expected delivery: 1-2 working days after shipping, so between 2026-12-03 and 2026-12-04."}


async def test_asked_in_words_the_answer_comes_from_the_order_in_the_customers_language(hub) -> None:
    unknown = text_of(await say(hub, "Where is my order 9999?"))
    assert "9999" in unknown and "BRT" not in unknown and "tracking" not in unknown
    italian = text_of(await say(hub, "Dov'è il mio ordine 5520?", chat="it"))
    assert italian.startswith("L'ordine 5520 è partito dal nostro magazzino il 2026-12-01 con DHL")
    assert "JJD000390055204" in italian and "3-5 working days" in italian  # EU zone 1, from the document


async def test_a_cancellation_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "csbot.db"
    async with build_hub("pastashop", None, db) as hub:
        assert text_of(await say(hub, "/cancel_order 3051 giulia.verdi@example.com")) == "Order 3051 is now cancelled."
        moved = text_of(await say(hub, "/change_address 4120 anna.bianchi@example.com Via Po 3, 10124 Torino, IT"))
        assert moved == "The delivery address of order 4120 is now: Via Po 3, 10124 Torino, IT."
    async with build_hub("pastashop", None, db) as hub:
        assert text_of(await say(hub, "/order_status 3051")) == "Order 3051 is cancelled."
        assert (await hub.engine.orders.lookup("4120")).order.address == "Via Po 3, 10124 Torino, IT"


async def test_three_wrong_proofs_hand_the_conversation_to_staff_saying_why(hub) -> None:
    for guess in ("marco@example.com", "m.bianchi@example.com"):
        answer = text_of(await say(hub, f"/cancel_order 2087 {guess}"))
        assert answer.startswith("No order 2087 matches the e-mail address you gave")
    third = await say(hub, "/cancel_order 2087 bianchi.marco@example.com")
    assert third[0].voice is Voice.HOLDING
    assert third[0].text.startswith("The order details did not match several times")
    conversation = await hub.store.load_conversation(Address("web", "c1"), 5)
    assert conversation.state == "handoff"
    # The order stays closed to guesses from another chat, even with the right e-mail.
    locked = await say(hub, "/cancel_order 2087 marco.bianchi@example.com", chat="c2")
    assert locked[0].voice is Voice.HOLDING and "did not match several times" in locked[0].text
    assert (await hub.engine.orders.lookup("2087")).order.status == "delivered"


class Hanging:
    name, issues_money = "hanging", True

    def __init__(self) -> None:
        self.called = asyncio.Event()

    async def lookup(self, order_id: str) -> Outcome:
        self.called.set()
        await asyncio.Event().wait()  # a shop on slow shared hosting that never answers
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        return None


async def test_a_hanging_order_system_costs_one_clear_sentence_within_the_timeout(tmp_path: Path) -> None:
    async with build_hub("pastashop", None, tmp_path / "csbot.db") as hub:
        hanging = Hanging()
        hub.engine.orders = ShopOrders(PASTA, hanging, MemoryOrderBook(), timeout=0.5)
        started = time.monotonic()
        replies = await say(hub, "/order_status 1042")
        assert time.monotonic() - started < 2 and hanging.called.is_set()
        assert text_of(replies) == PASTA.replies.orders_unreachable
        stored = await hub.store.recent_messages(replies[0].conversation_id, 5)
        assert [m.role for m in stored] == ["customer", "bot"]  # nothing lost: the turn is stored


async def test_the_simulated_programs_say_they_are_a_demo(tmp_path: Path) -> None:
    async with build_hub("pastashop", None, tmp_path / "csbot.db", orders="simulated") as hub:
        answer = text_of(await say(hub, "/order_status 1042"))
        assert answer.endswith(PASTA.replies.demo_label)


async def test_the_pack_records_a_refund_once_and_never_claims_it_was_paid() -> None:
    book = MemoryOrderBook()
    source = PackOrders("pastashop", PASTA.orders, book, "EUR")
    for _ in range(2):
        outcome = await issue_refund(source, book, "e_1", "2087", Decimal("6.90"), "broken jar")
        assert outcome.kind is Kind.STAFF
    order = (await source.lookup("2087")).order
    assert order.refunded == Decimal("6.90") and order.refundable == Decimal("38.60")
    too_much = await issue_refund(source, book, "e_2", "2087", Decimal("38.61"), "everything")
    assert too_much.kind is Kind.REFUSED and "38.60 EUR" in too_much.reason


def test_the_delivery_time_is_read_from_the_shipping_table() -> None:
    assert delivery_time(PASTA.document, "EU zone 1") == "3-5 working days"
    assert delivery_time(PASTA.document, "Italy, islands") == "3-4 working days"
    assert delivery_time(load_pack("gadgetstore").document, "Contiguous US, Express") == "1-2 business days"
    assert delivery_time(PASTA.document, "Mars") == ""


async def test_a_program_that_no_order_source_runs_is_labelled_a_demo_even_for_the_model(tmp_path: Path) -> None:
    gadgets = load_pack("gadgetstore")
    orders = ShopOrders(gadgets, PackOrders("gadgetstore", gadgets.orders, MemoryOrderBook()), MemoryOrderBook())
    program = gadgets.programs["warranty_claim"]
    argv = ["--order-id", "NW-10482", "--serial-number", "AX12345678", "--fault", "no sound at all"]
    run = await orders.run(program, argv, random.Random(1), Asker("c", "web:c"), to_customer=False)
    assert run.output.endswith(gadgets.replies.demo_label)
    simulated = ShopOrders(gadgets, None, MemoryOrderBook())
    run = await simulated.run(program, argv, random.Random(1), Asker("c", "web:c"), to_customer=False)
    assert gadgets.replies.demo_label not in run.output  # csbot eval's model reads the outcome as declared


async def test_the_model_reads_the_order_from_the_source_in_the_backstage(tmp_path: Path) -> None:
    model = ScriptedModel(["python order_status.py --order-id 2087",
                           reply("Your order 2087 was delivered by BRT, tracking BRT0802087IT.")])
    async with build_hub("pastashop", model, tmp_path / "csbot.db") as hub:
        customer = Recorder()
        hub.register("web", customer)
        await hub.receive(Inbound(Address("web", "m"), "Has my parcel 2087 arrived?"))
    shell = model.calls[-1][-1]["content"]
    assert shell == "Order 2087 was delivered (BRT, tracking number BRT0802087IT)."
    assert customer.texts() == ["Your order 2087 was delivered by BRT, tracking BRT0802087IT."]


async def test_an_address_without_its_country_is_asked_over_several_messages_and_stays_in_the_orders_country(hub) -> None:
    await say(hub, "Vorrei cambiare l'indirizzo di consegna del mio ordine 4120")
    asked = text_of(await say(hub, "anna.bianchi@example.com"))
    assert asked.startswith("Qual è il nuovo indirizzo di consegna?")
    done = text_of(await say(hub, "Via Po 10, 10124 Torino"))
    assert done == "L'indirizzo di consegna dell'ordine 4120 ora è: Via Po 10, 10124 Torino, IT."
    assert (await hub.engine.orders.lookup("4120")).order.address == "Via Po 10, 10124 Torino, IT"


async def test_a_corrected_email_is_checked_again_within_the_attempt_limit(hub) -> None:
    await say(hub, "Cancel order 4501")
    assert text_of(await say(hub, "klaus@example.com")).startswith("No order 4501 matches the e-mail address")
    assert text_of(await say(hub, "customer4501@example.com")) == "Order 4501 is now cancelled."
    # wrong, wrong, wrong: the third wrong e-mail goes to staff as before
    await say(hub, "Cancel order 2087", chat="c2")
    for guess in ("marco@example.com", "m.bianchi@example.com"):
        assert text_of(await say(hub, guess, chat="c2")).startswith("No order 2087 matches")
    third = await say(hub, "bianchi.marco@example.com", chat="c2")
    assert third[0].voice is Voice.HOLDING and "did not match several times" in third[0].text


async def test_a_change_to_an_order_that_has_left_says_so_instead_of_asking_for_the_rest(hub) -> None:
    said = text_of(await say(hub, "devo cambiare l'indirizzo di consegna dell'ordine 1042, si puo ancora? mail anna.rossi@example.com"))
    assert said.startswith("L'ordine 1042 ha già lasciato il nostro magazzino") and "BRT0801042IT" in said
    assert "nuovo indirizzo" not in said
    assert text_of(await say(hub, "Please cancel order 5520", chat="c2")).startswith("Order 5520 has already left our warehouse")
    # an order still in the warehouse: the e-mail that proves it is the customer's is asked as before
    assert text_of(await say(hub, "Please cancel order 3312", chat="c3")).startswith("Which e-mail address")


async def test_a_cancellation_of_several_orders_checks_the_e_mail_against_each(hub) -> None:
    await say(hub, "cancel 3312 and 6021 please")
    said = text_of(await say(hub, "customer3312@example.com"))
    assert said.startswith("Order 3312 is now cancelled.") and "No order 6021 matches the e-mail" in said
    assert (await hub.engine.orders.lookup("6021")).order.status == "processing"
