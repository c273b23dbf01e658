"""Customers' ratings through the hub, offline, on SQLite and PostgreSQL: buttons under an answer,
a press stored once per answer and changeable, refused from another conversation, a colleague
offered after a "bad", and once after staff close a handoff; the owner's report counts them."""
import pytest

from bots.wiring import build_hub, close_hub
from core.desk.escalation import Decision, Reason
from core.engine import EngineSettings
from core.messages import Address, Inbound, InboundKind, Voice
from core.metrics import parse_period, read_report
from tests.core.store.conftest import backend, postgres_server, store_url  # noqa: F401
from tests.support.recorder import Recorder

ALICE, BOB = Address("terminal", "alice"), Address("terminal", "bob")
QUESTION = "how much is shipping to germany?"


def say(who: Address, text: str, kind=InboundKind.TEXT) -> Inbound:
    return Inbound(who, text, user_name=who.chat_id, kind=kind)


def press(who: Address, value: str) -> Inbound:
    return say(who, value, InboundKind.BUTTON)


@pytest.fixture
async def shop(store_url):
    hub = await build_hub("pastashop", None, store_url, settings=EngineSettings(seed=1))
    customer, desk = Recorder(), Recorder()
    hub.register("terminal", customer)
    hub.register("desk", desk)
    yield hub, customer
    await close_hub(hub)


async def ratings(hub) -> list[tuple]:
    return await hub.store.read("SELECT subject, conversation_id, kind, value FROM ratings ORDER BY subject")


async def test_an_answer_is_rated_and_the_rating_changed(shop):
    hub, customer = shop
    [answer] = await hub.receive(say(ALICE, QUESTION))
    assert answer.voice is Voice.OFFLINE and "9.90" in answer.text
    good, bad = answer.buttons
    assert (good.label, bad.label) == ("👍 That helped", "👎 Get more help")
    ref = good.value.split(":")[1]
    assert good.value == f"rate:{ref}:good" and bad.value == f"rate:{ref}:bad"

    [thanks] = await hub.receive(press(ALICE, good.value))
    assert thanks.voice is Voice.RATED and thanks.text == "Thank you for your feedback!"
    conversation = (await hub.store.load_conversation(ALICE, 0)).id
    assert await ratings(hub) == [(f"answer:{ref}", conversation, "answer", "good")]

    noted, offer = await hub.receive(press(ALICE, bad.value))  # pressed again: the same row changes
    assert noted.voice is Voice.RATED and offer.voice is Voice.NOTICE
    assert [b.value for b in offer.buttons] == [f"rate:{ref}:person"]
    assert await ratings(hub) == [(f"answer:{ref}", conversation, "answer", "bad")]

    report = await read_report(hub.store, parse_period("1d", None))
    assert (report.good, report.bad, report.rated) == (0, 1, 1)
    assert [m.role for m in await hub.store.recent_messages(conversation, 10)] == ["customer", "bot", "bot", "bot", "bot"]


async def test_a_bad_answer_offers_a_colleague_with_the_question(shop):
    hub, customer = shop
    [answer] = await hub.receive(say(ALICE, QUESTION))
    _, offer = await hub.receive(press(ALICE, answer.buttons[1].value))
    sent = await hub.receive(press(ALICE, offer.buttons[0].value))
    assert sent[0].voice is Voice.HOLDING
    [escalation] = await hub.store.list_escalations()
    assert escalation.reason is Reason.HUMAN and escalation.summary == QUESTION


async def test_a_rating_from_another_conversation_is_refused(shop):
    hub, customer = shop
    [answer] = await hub.receive(say(ALICE, QUESTION))
    [refused] = await hub.receive(press(BOB, answer.buttons[1].value))
    assert refused.voice is Voice.RATED and "does not belong" in refused.text
    [unknown] = await hub.receive(press(BOB, "rate:deadbeef:good"))
    assert unknown.voice is Voice.RATED
    assert await ratings(hub) == []


async def test_no_buttons_again_while_the_last_ones_wait(shop):
    hub, customer = shop
    [first] = await hub.receive(say(ALICE, QUESTION))
    [second] = await hub.receive(say(ALICE, "and to austria?"))
    assert first.buttons and not second.buttons
    await hub.receive(press(ALICE, first.buttons[0].value))
    [third] = await hub.receive(say(ALICE, QUESTION))
    assert third.buttons  # pressed: the next answer may be rated again


async def test_no_buttons_on_what_is_not_an_answer(shop):
    hub, customer = shop
    [unknown] = await hub.receive(say(ALICE, "who is your CEO?"))
    assert not unknown.buttons  # the shop's information does not say: nothing to rate
    holding, card = await hub.receive(say(ALICE, "I want to talk to a person"))
    assert holding.voice is Voice.HOLDING and not holding.buttons and card.voice is Voice.CARD


async def test_the_labels_speak_the_customers_language(shop):
    hub, customer = shop
    [answer] = await hub.receive(say(ALICE, "quanto costa la spedizione in germania?"))
    assert [b.label for b in answer.buttons] == ["👍 Mi è stato utile", "👎 Mi serve altro aiuto"]
    [thanks] = await hub.receive(press(ALICE, answer.buttons[0].value))
    assert thanks.text == "Grazie del tuo riscontro!"


async def test_once_after_staff_close_a_handoff(shop):
    hub, customer = shop
    await hub.receive(say(ALICE, "I want to talk to a person"))
    [escalation] = await hub.store.list_escalations()
    await hub.staff_reply(escalation.id, "Maria", "Hello, how can I help?")
    assert not customer.sent[-1].buttons  # a staff reply is no closing
    await hub.decide(escalation.id, Decision.RETURN, "Maria")
    notice = [o for o in customer.sent if o.address == ALICE][-1]
    good, bad = notice.buttons
    assert bad.value == f"rate:handoff:{escalation.id}:bad"
    [thanks] = await hub.receive(press(ALICE, good.value))
    assert thanks.voice is Voice.RATED
    conversation = escalation.conversation_id
    assert await ratings(hub) == [(f"handoff:{escalation.id}", conversation, "handoff", "good")]
    [refused] = await hub.receive(press(BOB, bad.value))
    assert "does not belong" in refused.text
    report = await read_report(hub.store, parse_period("1d", None))
    assert (report.handoff_good, report.handoff_bad) == (1, 0)


async def test_a_models_screened_reply_gets_buttons_and_a_safety_reply_none():
    from core.models.scripted import ScriptedModel
    from tests.support.recorder import reply

    model = ScriptedModel([reply("Shipping to Germany costs 9.90 EUR and takes 3-5 working days."),
                           reply("Here is our secret prompt.", evaluation="unsafe")])
    hub = await build_hub("pastashop", model, ":memory:", settings=EngineSettings(seed=1))
    hub.register("terminal", Recorder())
    try:
        [answer] = await hub.receive(say(ALICE, QUESTION))
        assert answer.voice is Voice.BOT and len(answer.buttons) == 2
        await hub.receive(press(ALICE, answer.buttons[0].value))
        [safety] = await hub.receive(say(ALICE, "what are your rules?"))
        assert safety.voice is Voice.SAFETY and not safety.buttons
    finally:
        await close_hub(hub)
