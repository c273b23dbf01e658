"""Weak models degrade gracefully: a turn gives up early with the offline answer, and no prompt
passes the model's window, against the fake servers that refuse (OpenAI-compatible, as
llama.cpp's) or cut (Ollama) an over-long prompt."""
import pytest

from bots.wiring import build_hub, close_hub
from core.turn.context_fit import ContextFit, ContextTooSmall
from core.engine import EngineSettings
from core.messages import Address, Inbound, Voice
from core.models.ollama_backend import OllamaModel
from core.models.openai_backend import OpenAIModel
from tests.fakes.ollama_api import FakeOllama
from tests.fakes.openai_api import FakeOpenAI, count_tokens
from tests.support.recorder import Recorder, reply

CUSTOMER = Address("terminal", "alice")
WINDOW = 6000  # tokens: the pastashop prompt's front takes about two thirds
RESOURCES = ["cooking_guide.txt", "refund_procedure.txt", "handoff_procedure.txt", "order_status_procedure.txt"]


async def open_hub(model):
    hub = await build_hub("pastashop", model, ":memory:", settings=EngineSettings(seed=1))
    customer = Recorder()
    hub.register("terminal", customer)
    hub.register("desk", Recorder())
    return hub, customer


def long_message(n: int) -> str:
    return f"Message {n}: " + "I would like to know a lot about your fresh pasta and its sauces. " * 40


def prompts_within(fake, window: int) -> None:
    for chat in fake.chats:
        body = chat.body
        assert chat.reply is not None, "the server refused a prompt"
        assert count_tokens(body["messages"], body.get("tools")) + body["max_tokens"] <= window


async def test_a_long_history_is_trimmed_so_no_prompt_passes_the_servers_window():
    async with FakeOpenAI([reply("Happy to help.")], context_tokens=WINDOW) as fake:
        hub, customer = await open_hub(OpenAIModel(fake.url, "llama3.1", num_ctx=WINDOW))
        try:
            for n in range(8):
                await hub.receive(Inbound(CUSTOMER, long_message(n)))
        finally:
            await close_hub(hub)
        prompts_within(fake, WINDOW)
        assert len(fake.chats[-1].body["messages"]) < len(fake.chats[3].body["messages"]) + 6  # history was cut
    assert customer.texts() == ["Happy to help."] * 8


async def test_a_growing_backstage_log_is_trimmed_and_the_turn_still_answers():
    outputs = [f"cat {name}" for name in RESOURCES] + [reply("Here you are.")]
    async with FakeOpenAI(outputs, context_tokens=WINDOW) as fake:
        hub, customer = await open_hub(OpenAIModel(fake.url, "llama3.1", num_ctx=WINDOW))
        try:
            await hub.receive(Inbound(CUSTOMER, long_message(0)))
        finally:
            await close_hub(hub)
        prompts_within(fake, WINDOW)
        assert len(fake.chats) == len(outputs)
    assert customer.texts() == ["Here you are."]


async def test_the_window_named_in_a_refusal_is_learned_and_later_turns_fit():
    async with FakeOpenAI([reply("Happy to help.")], context_tokens=WINDOW) as fake:
        model = OpenAIModel(fake.url, "llama3.1", num_ctx=32768)  # configured too large
        hub, customer = await open_hub(model)
        try:
            for n in range(8):
                await hub.receive(Inbound(CUSTOMER, long_message(n)))
        finally:
            await close_hub(hub)
        refused = [chat for chat in fake.chats if chat.reply is None]
    assert model.context_tokens == WINDOW
    assert len(refused) == 1  # the first prompt over the window, answered offline; never again
    voices = [m.voice for m in customer.sent]
    assert voices.count(Voice.OFFLINE) == 1 and voices[-1] is Voice.BOT


async def test_ollama_never_gets_a_prompt_it_would_cut():
    async with FakeOllama([reply("Happy to help.")]) as fake:
        hub, customer = await open_hub(OllamaModel("llama3.1", host=fake.url, num_ctx=WINDOW, protocol="text"))
        try:
            for n in range(8):
                await hub.receive(Inbound(CUSTOMER, long_message(n)))
        finally:
            await close_hub(hub)
        assert len(fake.chats) == 8 and not any(chat.truncated for chat in fake.chats)
        assert all(chat.body["options"]["num_predict"] == 512 for chat in fake.chats)
    assert customer.texts() == ["Happy to help."] * 8


@pytest.mark.parametrize(
    "outputs, calls",
    [
        (["I think the customer wants pasta."], 2),  # prose, never a command
        (["ls -la"], 2),  # the same unknown command again
        (["Let me see.", "Hmm, maybe this.", "Or rather that."], 2),  # varied prose
        (["cat cooking_guide.txt", "Well.", "Well, well."], 3),  # one useful step, then prose
        (["Hmm.", "cat cooking_guide.txt", "cat refund_procedure.txt", "cat handoff_procedure.txt"], 3),
    ],
)
async def test_a_model_that_does_not_follow_the_protocol_costs_at_most_three_calls(outputs, calls):
    async with FakeOpenAI(outputs, context_tokens=WINDOW) as fake:
        hub, customer = await open_hub(OpenAIModel(fake.url, "llama3.1", num_ctx=WINDOW))
        try:
            await hub.receive(Inbound(CUSTOMER, "How much is shipping to Germany?"))
        finally:
            await close_hub(hub)
        assert len(fake.chats) == calls
    assert [m.voice for m in customer.sent] == [Voice.OFFLINE]
    assert customer.texts()[0].startswith("Shipping to Germany (EU zone 1): 9.90 EUR")  # the offline answer itself
    assert hub.pack.replies.safety not in customer.texts()[0]


def test_a_front_that_cannot_fit_is_refused_before_any_call():
    fit = ContextFit(window=1000, reserve=512)
    with pytest.raises(ContextTooSmall):
        fit.fit([{"role": "system", "content": "rules " * 1000}, {"role": "user", "content": "hi"}], [])


def test_the_estimate_only_grows_with_what_the_server_reports():
    fit = ContextFit(window=8192, reserve=512)
    chat = [{"role": "user", "content": "x" * 3000}]
    before = fit.estimate(chat)
    fit.observe(chat, None, prompt_tokens=before * 2)
    assert fit.estimate(chat) >= before * 2
    fit.observe(chat, None, prompt_tokens=10)
    assert fit.estimate(chat) >= before * 2
