"""Torn between a refund request and a policy question, the bot asks yes/no (core/safety/clarify.py)."""
from __future__ import annotations

import numpy as np
import pytest

from bots.wiring import build_hub, close_hub
from core.safety import clarify
from core.safety.classifier.features import BUCKETS
from core.safety.classifier.model import LABELS, MessageModel
from core.engine import EngineSettings
from core.desk.escalation import Reason
from core.messages import Address, Inbound, Voice
from core.models.scripted import ScriptedModel
from core.safety.triage import Triage
from tests.support.recorder import Recorder, reply

CUSTOMER = Address("terminal", "bob")
TORN = "Could I get my money back if order 1042 arrived with a dented tin?"


def torn_model() -> MessageModel:
    """A classifier that reads every message as half refund request, half policy question."""
    intercept = np.full(len(LABELS), -6.0, dtype=np.float32)
    intercept[LABELS.index("refund")] = intercept[LABELS.index("refund_policy")] = 0.0
    intercept[LABELS.index("human")] = -0.3  # enough for the word lists' "speak to a human"
    return MessageModel(np.zeros((BUCKETS, len(LABELS)), np.float32), intercept, LABELS, {})


@pytest.fixture
async def hub():
    model = ScriptedModel([reply("Refunds are possible within 14 days for damaged goods.")])
    hub = await build_hub("pastashop", model, ":memory:", settings=EngineSettings(seed=1))
    hub.engine.triage = Triage(hub.pack.triage_terms, model=torn_model())
    customer, desk = Recorder(), Recorder()
    hub.register("terminal", customer)
    hub.register("desk", desk)
    yield hub, model, customer, desk
    await close_hub(hub)


def say(text: str) -> Inbound:
    return Inbound(CUSTOMER, text, user_name="Bob")


async def test_unsure_triage_asks_and_yes_escalates_the_original_message(hub) -> None:
    hub, model, customer, desk = hub
    await hub.receive(say(TORN))
    assert customer.texts() == ["Shall I pass your refund request for order 1042 to a colleague? (yes/no)"]
    assert model.calls == []
    await hub.receive(say("Yes please"))
    assert customer.sent[-1].voice is Voice.HOLDING
    escalation = await hub.store.get_escalation(desk.sent[0].escalation_id)
    assert escalation.reason is Reason.REFUND and escalation.summary == TORN


async def test_no_answers_the_question_normally(hub) -> None:
    hub, model, customer, desk = hub
    await hub.receive(say(TORN))
    await hub.receive(say("no, just asking"))
    assert customer.texts()[-1] == "Refunds are possible within 14 days for damaged goods."
    assert desk.sent == []
    assert TORN in model.calls[0][-1]["content"]


async def test_something_else_is_read_as_a_new_message(hub) -> None:
    hub, model, customer, desk = hub
    await hub.receive(say(TORN))
    await hub.receive(say("I want to speak to a human"))
    assert customer.sent[-1].voice is Voice.HOLDING
    escalation = await hub.store.get_escalation(desk.sent[0].escalation_id)
    assert escalation.reason is Reason.HUMAN


def test_question_follows_the_pack_language_and_finds_no_order_when_none() -> None:
    assert clarify.question("Posso avere un rimborso?", "en") == "Vuoi che passi la tua richiesta di rimborso a un collega? (sì/no)"
    assert "Bestellung 2087" in clarify.question("Geld zurück für 2087?", "de")
    assert clarify.question("ok?", "it").startswith("Vuoi")  # unclear: the pack's language
    assert (clarify.answer("Sì"), clarify.answer("nein danke"), clarify.answer("where is my parcel?")) == ("yes", "no", None)
