"""Native tool calling, end to end: the engine offers the backstage as tools through the real
client libraries, the fake servers answer with tool calls in their own wire form, and the same
backstage runs programs and escalations."""
import json

import pytest

from bots.wiring import build_hub, close_hub
from core.engine import EngineSettings
from core.messages import Address, Inbound, Voice
from core.models.ollama_backend import OllamaModel
from core.models.openai_backend import OpenAIModel
from core.turn.tool_protocol import calls_in_text
from tests.fakes.ollama_api import FakeOllama
from tests.fakes.openai_api import FakeOpenAI
from tests.support.recorder import Recorder

CUSTOMER = Address("terminal", "alice")
TOOL_NAMES = {"reply", "read_resource", "program_help", "run_program"}


def call(name, **arguments):
    return {"content": "", "tool_calls": [{"name": name, "arguments": arguments}]}


class OrderScript:
    """Looks the order up, then answers with what the program said; records what it was sent."""

    def __init__(self):
        self.seen = []

    def __call__(self, messages):
        self.seen.append(messages)
        results = [m for m in messages if m.get("role") == "tool"]
        if not results:
            return call("run_program", program="order_status.py", arguments={"order-id": "1042"})
        return call("reply", message=f"Update: {results[-1]['content'][:40]}", evaluation="safe")


async def backend(kind, fake):
    if kind == "ollama":
        return OllamaModel("llama3.1", host=fake.url, protocol="tools")
    return OpenAIModel(fake.url, "llama3.1", protocol="tools")


def fake_server(kind, script):
    return FakeOllama(script) if kind == "ollama" else FakeOpenAI(script)


async def one_turn(model, text):
    """The customer says `text` to a pastashop hub on `model`; the closed hub and both recorders."""
    hub = await build_hub("pastashop", model, ":memory:", settings=EngineSettings(seed=1))
    customer, desk = Recorder(), Recorder()
    hub.register("terminal", customer)
    hub.register("desk", desk)
    try:
        await hub.receive(Inbound(CUSTOMER, text))
    finally:
        await close_hub(hub)
    return hub, customer, desk


@pytest.mark.parametrize("kind", ["ollama", "openai"])
async def test_a_program_runs_through_a_tool_call_and_the_reply_tool_answers(kind):
    script = OrderScript()
    async with fake_server(kind, script) as fake:
        hub, customer, _ = await one_turn(await backend(kind, fake), "Where is order 1042?")
        chats = fake.chats
    assert [m.voice for m in customer.sent] == [Voice.BOT]
    assert customer.texts()[0].startswith("Update: ")
    assert "1042" in customer.texts()[0]
    first, second = chats[0].body, chats[1].body
    assert {t["function"]["name"] for t in first["tools"]} == TOOL_NAMES
    assistant = next(m for m in second["messages"] if m.get("tool_calls"))
    result = second["messages"][-1]
    assert result["role"] == "tool" and "1042" in result["content"]
    if kind == "openai":  # arguments travel as a JSON string; the result names the call's id
        sent = assistant["tool_calls"][0]
        assert sent["type"] == "function" and json.loads(sent["function"]["arguments"]) == {
            "program": "order_status.py",
            "arguments": {"order-id": "1042"},
        }
        assert result["tool_call_id"] == sent["id"] == chats[0].reply["choices"][0]["message"]["tool_calls"][0]["id"]
    else:  # Ollama: arguments as an object, the result names the tool
        assert assistant["tool_calls"][0]["function"]["arguments"]["program"] == "order_status.py"
        assert result["tool_name"] == "run_program"


@pytest.mark.parametrize("kind", ["ollama", "openai"])
async def test_a_handoff_through_a_tool_escalates_like_the_text_protocol(kind):
    script = lambda messages: call("run_program", program="handoff", arguments={"reason": "health"})  # noqa: E731
    async with fake_server(kind, script) as fake:
        hub, customer, desk = await one_turn(await backend(kind, fake), "Is the pesto fine for me?")
    assert [m.voice for m in customer.sent] == [Voice.HOLDING]
    assert [m.voice for m in desk.sent] == [Voice.CARD]


@pytest.mark.parametrize("kind", ["ollama", "openai"])
async def test_the_output_screen_holds_a_tool_reply_marked_unsafe(kind):
    script = lambda messages: call("reply", message="Here is something dubious.", evaluation="unsafe")  # noqa: E731
    async with fake_server(kind, script) as fake:
        hub, customer, _ = await one_turn(await backend(kind, fake), "Tell me something")
    assert customer.texts() == [hub.pack.replies.safety]


async def test_a_model_writing_the_tool_call_as_json_text_is_understood():
    text = 'Sure! {"name": "reply", "arguments": {"message": "Ciao!", "evaluation": "safe"}}'
    async with FakeOpenAI([text]) as fake:
        hub, customer, _ = await one_turn(OpenAIModel(fake.url, "llama3.1", protocol="tools"), "hello")
    assert customer.texts() == ["Ciao!"]


async def test_auto_protocol_follows_the_capabilities_ollama_reports():
    async with FakeOllama(capabilities=("completion", "tools")) as with_tools, FakeOllama(capabilities=("completion",)) as without:
        chosen = []
        for fake in (with_tools, without):
            model = OllamaModel("llama3.1", host=fake.url, protocol="auto")
            assert await model.probe() is None
            chosen.append(model.protocol)
            await model.aclose()
    assert chosen == ["tools", "text"]
    assert OpenAIModel("http://127.0.0.1:9/v1", "m", protocol="auto").protocol == "text"


def test_tool_calls_in_text_take_parameters_or_string_arguments_and_ignore_other_json():
    calls = calls_in_text('{"x": 1} {"name": "run_program", "parameters": "{\\"program\\": \\"handoff.py\\"}"}')
    assert [(c.name, c.arguments) for c in calls] == [("run_program", {"program": "handoff.py"})]
    assert calls_in_text("{" * 100_000) == []


async def test_the_tool_rules_are_protected_from_leaking_like_the_text_rules():
    leaked = (
        "Sure! I work backstage with tools; the customer sees only the messages I send with the reply tool. "
        "Always answer with a tool call. Without native tool calls, write one JSON object such as a reply."
    )
    script = lambda messages: call("reply", message=leaked, evaluation="safe")  # noqa: E731
    async with FakeOpenAI(script) as fake:
        hub, customer, _ = await one_turn(OpenAIModel(fake.url, "llama3.1", protocol="tools"), "What do you sell?")
    assert customer.texts() == [hub.pack.replies.safety]


async def test_choosing_an_auto_model_says_which_protocol_it_speaks():
    from bots.model_choice import choose_model
    from core.shop.pack import load_pack

    async with FakeOllama() as fake:
        model, note = await choose_model("ollama:llama3.1", load_pack("pastashop"), {"host": fake.url})
        await model.aclose()
    assert model.protocol == "tools" and note.endswith("tools protocol")
