"""A model that states what the shop never said, on both backends and both protocols: its reply
is not sent, the model is told which figure was not found and writes again once, then the
shop's own words go out. Plus the routing cases the offline answers exposed."""
import logging

import pytest

from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Voice
from core.models.ollama_backend import OllamaModel
from core.models.openai_backend import OpenAIModel
from tests.fakes.ollama_api import FakeOllama
from tests.fakes.openai_api import FakeOpenAI
from tests.support.recorder import Recorder, reply

CUSTOMER = Address("terminal", "alice")
QUESTION = "How much is shipping to Germany and how long does it take?"
LIE = "Shipping to Germany costs 2.50 EUR and takes 1 working day."
TRUTH = "Shipping to Germany costs 9.90 EUR and takes 3-5 working days."
BACKENDS = [("ollama", "text"), ("ollama", "tools"), ("openai", "text"), ("openai", "tools")]


class Model:
    """Says `first`; once told its reply was not sent, says `then`."""

    def __init__(self, protocol: str, first: str, then: str) -> None:
        self.protocol, self.first, self.then = protocol, first, then
        self.corrections: list[str] = []

    def __call__(self, messages):
        told = messages[-1].get("content") or ""
        if told.startswith("Not sent"):
            self.corrections.append(told)
        return self._say(self.then if self.corrections else self.first)

    def _say(self, text: str):
        if self.protocol == "tools":
            return {"content": "", "tool_calls": [{"name": "reply", "arguments": {"message": text, "evaluation": "safe"}}]}
        return reply(text)


def served(kind: str, script):
    return FakeOllama(script) if kind == "ollama" else FakeOpenAI(script)


def client(kind: str, protocol: str, fake):
    if kind == "ollama":
        return OllamaModel("llama3.1", host=fake.url, protocol=protocol)
    return OpenAIModel(fake.url, "llama3.1", protocol=protocol)


async def one_turn(model, text: str, pack: str = "pastashop"):
    hub = await build_hub(pack, model, ":memory:", settings=EngineSettings(seed=1))
    customer, desk = Recorder(), Recorder()
    hub.register("terminal", customer)
    hub.register("desk", desk)
    try:
        await hub.receive(Inbound(CUSTOMER, text))
    finally:
        await close_hub(hub)
    return customer, desk


@pytest.mark.parametrize("kind, protocol", BACKENDS)
async def test_a_lie_is_corrected_once_and_the_corrected_reply_goes_out(kind, protocol) -> None:
    script = Model(protocol, LIE, TRUTH)
    async with served(kind, script) as fake:
        customer, _ = await one_turn(client(kind, protocol, fake), QUESTION)
        calls = len(fake.chats)
    assert customer.texts() == [TRUTH]
    assert calls == 2
    assert "2.50 EUR" in script.corrections[0] and "1 day" in script.corrections[0]


@pytest.mark.parametrize("kind, protocol", BACKENDS)
async def test_a_model_that_lies_twice_is_replaced_by_the_shop_s_own_words(kind, protocol, caplog) -> None:
    script = Model(protocol, LIE, "Sorry: shipping to Germany is 4 EUR and takes 2 days.")
    caplog.set_level(logging.INFO, logger="csbot.engine")
    async with served(kind, script) as fake:
        customer, _ = await one_turn(client(kind, protocol, fake), QUESTION)
        calls = len(fake.chats)
    assert calls == 2  # one correction, no more
    [answer] = customer.sent
    assert answer.voice is Voice.OFFLINE and "9.90 EUR" in answer.text
    assert not any(lie in answer.text for lie in ("2.50", "4 EUR"))
    assert any("grounding" in r.getMessage() and "2.50 EUR" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("kind, protocol", [("ollama", "text"), ("openai", "tools")])
async def test_a_template_placeholder_never_reaches_the_customer(kind, protocol) -> None:
    script = Model(protocol, "<message>", "<message>")
    async with served(kind, script) as fake:
        customer, _ = await one_turn(client(kind, protocol, fake), QUESTION)
    assert all("<message>" not in text for text in customer.texts())
    assert [o.voice for o in customer.sent] == [Voice.OFFLINE]


async def test_a_true_reply_is_sent_unchanged_on_the_first_call() -> None:
    script = Model("text", "Der Versand nach Deutschland kostet 9,90 € und dauert 3-5 Werktage.", LIE)
    async with FakeOpenAI(script) as fake:
        customer, _ = await one_turn(client("openai", "text", fake), "Was kostet der Versand nach Deutschland?")
        calls = len(fake.chats)
    assert customer.texts() == ["Der Versand nach Deutschland kostet 9,90 € und dauert 3-5 Werktage."] and calls == 1


# -- routing: what the triage used to hand to staff ------------------------------------------


@pytest.mark.parametrize("text", ["Vorrei annullare l'ordine 3051", "Bitte stornieren Sie meine Bestellung 5520"])
async def test_italian_and_german_cancellations_run_the_cancellation(text) -> None:
    customer, desk = await one_turn(None, text)
    assert desk.sent == []  # no refund escalation
    assert [o.voice for o in customer.sent] == [Voice.BOT]


@pytest.mark.parametrize(
    "text",
    ["Wie viel Gramm hat eine Packung von den glutenfreien Fusilli?", "what are ur customer service hours?"],
)
async def test_a_product_question_and_the_service_hours_are_answered_not_escalated(text) -> None:
    customer, desk = await one_turn(None, text)
    assert desk.sent == [] and customer.sent and customer.sent[0].voice is not Voice.HOLDING


@pytest.mark.parametrize(
    "text, says",
    [("Are you a real person or a bot?", "automated assistant"), ("Sei un bot o una persona vera?", "assistente automatico")],
)
async def test_are_you_a_bot_is_answered_with_the_truth_and_a_person_on_offer(text, says) -> None:
    customer, desk = await one_turn(None, text)
    assert desk.sent == []
    [answer] = customer.texts()
    assert says in answer and ("person" in answer or "persona" in answer)


@pytest.mark.parametrize(
    "text, english",
    [
        ("Sono celiaca, posso mangiare il pesto?", ("shortly", "Monday", "from 09:00", "Ingredients", "Allergens")),
        ("Ich habe Zöliakie, darf ich den Pesto essen?", ("shortly", "Monday", "from 09:00", "Ingredients", "Allergens")),
    ],
)
async def test_the_health_holding_message_is_one_sentence_in_the_customer_s_language(text, english) -> None:
    customer, desk = await one_turn(None, text)
    [holding] = customer.sent
    assert holding.voice is Voice.HOLDING and [o.voice for o in desk.sent] == [Voice.CARD]
    assert not any(word in holding.text for word in english), holding.text
    assert "\n" not in holding.text  # no label glued on
