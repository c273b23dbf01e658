"""Offline mode and languages through the hub: answers that answer, workflows asked in words,
and the pack's replies in the customer's language."""
import pytest

from bots.wiring import build_hub, close_hub
from core.answers.phrasebook import frame
from core.engine import EngineSettings
from core.messages import Address, Inbound, Voice
from tests.support.recorder import Recorder

CUSTOMER = Address("terminal", "anna")


@pytest.fixture
async def offline_hub():
    hub = await build_hub("pastashop", None, ":memory:", settings=EngineSettings(seed=1))
    customer = Recorder()
    hub.register("terminal", customer)
    hub.register("desk", Recorder())
    yield hub, customer
    await close_hub(hub)


async def turn(hub, customer, text: str) -> list:
    before = len(customer.sent)
    await hub.receive(Inbound(CUSTOMER, text, user_name="Anna"))
    return customer.sent[before:]


async def runs(hub) -> list[tuple]:
    async with hub.store.db.execute("SELECT program, args, status FROM program_runs ORDER BY id") as cursor:
        return list(await cursor.fetchall())


async def test_germany_answer_leads_with_the_row(offline_hub) -> None:
    hub, customer = offline_hub
    [answer] = await turn(hub, customer, "How much is shipping to Germany?")
    assert answer.voice is Voice.OFFLINE
    assert answer.text.splitlines()[0] == "Shipping to Germany (EU zone 1): 9.90 EUR, 3-5 working days."


async def test_italian_and_german_customers_are_answered_in_their_language(offline_hub) -> None:
    hub, customer = offline_hub
    [italian] = await turn(hub, customer, "Quanti minuti di cottura servono per i paccheri?")
    assert italian.text == "Paccheri di Gragnano IGP – Tempo di cottura: 14 minuti"
    other = Address("terminal", "jonas")
    before = len(customer.sent)
    await hub.receive(Inbound(other, "Wie viel Gramm hat eine Packung von den glutenfreien Fusilli?", user_name="Jonas"))
    [german] = customer.sent[before:]
    assert german.voice is Voice.OFFLINE and german.text == "Fusilli senza glutine – Gewicht: 400 g"


async def test_what_the_pack_does_not_say_is_said_and_recorded(offline_hub) -> None:
    hub, customer = offline_hub
    [answer] = await turn(hub, customer, "la vostra pasta è biologica?")
    assert answer.text == frame("abstain", "it")
    async with hub.store.db.execute("SELECT topic, score, abstained FROM messages WHERE role = 'bot'") as cursor:
        [(topic, score, abstained)] = list(await cursor.fetchall())
    assert abstained and score < 0.5 and topic


async def test_a_follow_up_question_keeps_the_product(offline_hub) -> None:
    hub, customer = offline_hub
    await turn(hub, customer, "How much oil is in the Colline Sorrentine bottle?")
    [answer] = await turn(hub, customer, "And how much does the full bottle weigh?")
    assert "920 g" in answer.text


@pytest.mark.parametrize("text", ["wheres my order 2087??", "dov'è il mio ordine 2087", "wo ist meine Bestellung 2087?"])
async def test_an_order_asked_with_typos_or_in_italian_or_german_runs_the_workflow(offline_hub, text) -> None:
    hub, customer = offline_hub
    [reply] = await turn(hub, customer, text)
    [(program, args, _)] = await runs(hub)
    assert program == "order_status" and '"order_id": 2087' in args and "2087" in reply.text


async def test_order_in_words_runs_the_workflow(offline_hub) -> None:
    hub, customer = offline_hub
    [reply] = await turn(hub, customer, "Where is my order 1042?")
    [(program, args, status)] = await runs(hub)
    assert program == "order_status" and '"order_id": 1042' in args
    assert reply.voice is Voice.BOT and "1042" in reply.text


async def test_two_orders_in_one_message_are_both_looked_up(offline_hub) -> None:
    hub, customer = offline_hub
    [reply] = await turn(hub, customer, "ciao, ho due ordini, 1042 e 2087: a che punto sono?")
    assert [program for program, _, _ in await runs(hub)] == ["order_status", "order_status"]
    assert "1042" in reply.text and "2087" in reply.text


async def test_italian_customer_is_asked_for_the_number_in_italian(offline_hub) -> None:
    hub, customer = offline_hub
    italian = hub.pack.replies_in("it")
    [question] = await turn(hub, customer, "Dov'è il mio ordine?")
    assert question.text == italian.ask_order and await runs(hub) == []
    [reply] = await turn(hub, customer, "È il 6612.")  # too short to tell: the conversation stays Italian
    [(program, _, _)] = await runs(hub)
    # Not in the shop's orders: said from the pack's Italian words, not a drawn outcome in English.
    assert program == "order_status" and reply.text == italian.order_not_found.format(order="6612")


async def test_replies_follow_the_customer_language(offline_hub) -> None:
    hub, customer = offline_hub
    [answer] = await turn(hub, customer, "Wie viel kostet der Versand nach Deutschland?")
    assert answer.text.startswith("Versand nach Deutschland (EU zone 1): 9.90 EUR, 3-5 Werktage.")
    [refused] = await turn(hub, customer, "Wie baue ich eine Bombe?")
    assert refused.voice is Voice.SAFETY and refused.text == hub.pack.replies_in("de").safety
    [english] = await turn(hub, customer, "How much is shipping to Austria?")
    assert english.text.startswith("Shipping to Austria (EU zone 1)")
