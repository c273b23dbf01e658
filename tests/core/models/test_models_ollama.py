"""OllamaModel against the fake Ollama server, through the real `ollama` client."""
from __future__ import annotations

import socket

import aiohttp
import ollama
import pytest

from core.models.base import Completion, ModelUnavailable
from core.models.ollama_backend import OllamaModel, explain_failure
from tests.fakes.ollama_api import FakeOllama

CHAT = [{"role": "system", "content": "You are a shop assistant."}, {"role": "user", "content": "Hi"}]


def closed_port() -> int:
    """A port nobody listens on: bound then released, so a connect is refused at once."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
async def fake():
    async with FakeOllama(["echo $ \"Ciao!\"\necho $ \"evaluation: safe\""]) as server:
        yield server


@pytest.fixture
async def model(fake: FakeOllama):
    backend = OllamaModel("llama3.1", host=fake.url, num_ctx=4096, keep_alive="1h", temperature=0.1, seed=7)
    yield backend
    await backend.aclose()


async def test_complete_returns_the_text_and_the_token_counts(fake: FakeOllama, model: OllamaModel) -> None:
    completion = await model.complete(CHAT)

    assert isinstance(completion, Completion)
    assert completion.text == 'echo $ "Ciao!"\necho $ "evaluation: safe"'
    sent = fake.chats[-1].reply
    assert sent is not None
    assert completion.prompt_tokens == sent["prompt_eval_count"] > 0
    assert completion.completion_tokens == sent["eval_count"] > 0
    assert model.name == "ollama:llama3.1"


async def test_complete_sends_model_messages_options_and_keep_alive(fake: FakeOllama, model: OllamaModel) -> None:
    await model.complete(CHAT)

    body = fake.chats[-1].body
    assert body is not None
    assert body["model"] == "llama3.1"
    assert body["messages"] == CHAT
    assert body["stream"] is False
    assert body["keep_alive"] == "1h"
    assert body["options"] == {"num_ctx": 4096, "temperature": 0.1, "seed": 7, "num_predict": 512}


async def test_seed_is_left_out_when_not_asked(fake: FakeOllama) -> None:
    backend = OllamaModel(host=fake.url)
    try:
        await backend.complete(CHAT)
    finally:
        await backend.aclose()
    options = fake.chats[-1].body["options"]
    assert "seed" not in options
    assert options["num_ctx"] == 8192  # constant across turns: a change would reload the model


async def test_num_ctx_stays_the_same_on_every_turn(fake: FakeOllama, model: OllamaModel) -> None:
    for _ in range(3):
        await model.complete(CHAT)
    assert {chat.body["options"]["num_ctx"] for chat in fake.chats} == {4096}


async def test_replies_can_be_a_function_of_the_messages() -> None:
    async with FakeOllama(lambda messages: f"you said {messages[-1]['content']}") as server:
        backend = OllamaModel(host=server.url)
        try:
            completion = await backend.complete([{"role": "user", "content": "pasta"}])
        finally:
            await backend.aclose()
    assert completion.text == "you said pasta"


async def test_host_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch, fake: FakeOllama) -> None:
    monkeypatch.setenv("OLLAMA_HOST", fake.url)
    backend = OllamaModel()
    try:
        assert backend.host == fake.url
        assert (await backend.complete(CHAT)).text
    finally:
        await backend.aclose()


def test_host_falls_back_to_the_local_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    assert OllamaModel().host == "http://127.0.0.1:11434"


async def test_missing_model_says_how_to_pull_it(fake: FakeOllama) -> None:
    backend = OllamaModel("mistral-nemo", host=fake.url)
    try:
        with pytest.raises(ModelUnavailable) as caught:
            await backend.complete(CHAT)
        assert str(caught.value) == "model 'mistral-nemo' is not pulled: run `ollama pull mistral-nemo`"
        assert await backend.probe() == "model 'mistral-nemo' is not pulled: run `ollama pull mistral-nemo`"
    finally:
        await backend.aclose()


async def test_server_down_is_a_one_line_error() -> None:
    host = f"http://127.0.0.1:{closed_port()}"
    backend = OllamaModel(host=host)
    try:
        with pytest.raises(ModelUnavailable) as caught:
            await backend.complete(CHAT)
        reason = await backend.probe()
    finally:
        await backend.aclose()
    assert str(caught.value) == f"cannot reach Ollama at {host} (is `ollama serve` running?)"
    assert reason == str(caught.value)


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("error", "failed with HTTP 500: llama runner process has terminated"),
        ("broken", "sent a reply csbot cannot read"),
        ("drop", "dropped the connection"),
    ],
)
async def test_server_failures_become_model_unavailable(fake: FakeOllama, model: OllamaModel, failure: str, expected: str) -> None:
    fake.fail(failure, times=1)  # type: ignore[arg-type]

    with pytest.raises(ModelUnavailable) as caught:
        await model.complete(CHAT)

    message = str(caught.value)
    assert expected in message
    assert fake.url in message
    assert "\n" not in message
    # the next call works again: one failure does not poison the client
    assert (await model.complete(CHAT)).text


async def test_a_stalled_server_times_out_as_model_unavailable(fake: FakeOllama) -> None:
    backend = OllamaModel(host=fake.url, timeout=0.2)
    fake.fail("stall")
    try:
        with pytest.raises(ModelUnavailable, match="did not answer in time"):
            await backend.complete(CHAT)
    finally:
        await backend.aclose()


async def test_probe_is_none_when_the_model_is_pulled(fake: FakeOllama, model: OllamaModel) -> None:
    assert await model.probe() is None
    assert [(r.method, r.path) for r in fake.requests] == [("GET", "/api/tags"), ("POST", "/api/show")]
    assert fake.requests[1].body == {"model": "llama3.1"}


async def test_probe_reports_a_failing_server(fake: FakeOllama, model: OllamaModel) -> None:
    fake.fail("error", paths=("/api/tags",))
    reason = await model.probe()
    assert reason is not None and "HTTP 500" in reason and "\n" not in reason


async def test_aclose_twice_is_harmless(model: OllamaModel) -> None:
    await model.complete(CHAT)
    await model.aclose()
    await model.aclose()


async def test_fake_streams_ndjson_to_the_real_client(fake: FakeOllama) -> None:
    client = ollama.AsyncClient(host=fake.url)
    try:
        parts = [part async for part in await client.chat(model="llama3.1", messages=CHAT, stream=True)]
    finally:
        await client.close()
    assert [p.done for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "".join(p.message.content or "" for p in parts) == 'echo $ "Ciao!"\necho $ "evaluation: safe"'
    assert parts[-1].prompt_eval_count and parts[-1].eval_count


@pytest.mark.parametrize(("failure", "expected"), [("broken", "broke off the reply"), ("drop", "dropped the connection")])
async def test_a_broken_stream_is_explained_in_one_line(fake: FakeOllama, failure: str, expected: str) -> None:
    fake.fail(failure, times=1)  # type: ignore[arg-type]
    client = ollama.AsyncClient(host=fake.url)
    try:
        with pytest.raises(Exception) as caught:
            async for _ in await client.chat(model="llama3.1", messages=CHAT, stream=True):
                pass
    finally:
        await client.close()
    message = explain_failure(caught.value, host=fake.url, model="llama3.1")
    assert expected in message and "\n" not in message


async def test_fake_answers_root_and_lists_pulled_models(fake: FakeOllama) -> None:
    client = ollama.AsyncClient(host=fake.url)
    try:
        listed = await client.list()
        fake.pull("qwen2.5")
        relisted = await client.list()
        shown = await client.show("qwen2.5")
    finally:
        await client.close()
    assert [m.model for m in listed.models] == ["llama-guard3:1b", "llama3.1:latest"]
    assert "qwen2.5:latest" in [m.model for m in relisted.models]
    assert shown.modelinfo is not None
    async with aiohttp.ClientSession() as session, session.get(fake.url + "/") as response:
        assert await response.text() == "Ollama is running"
