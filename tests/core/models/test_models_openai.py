"""OpenAIModel against the fake OpenAI-compatible endpoint."""
from __future__ import annotations

import json
import logging
import socket

import aiohttp
import pytest

from core.models.base import ModelUnavailable
from core.models.openai_backend import OpenAIModel
from tests.fakes.openai_api import FakeOpenAI

CHAT = [{"role": "system", "content": "You are a shop assistant."}, {"role": "user", "content": "Hi"}]
KEY = "sk-test-0123456789abcdef"


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CSBOT_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
async def fake():
    async with FakeOpenAI(["Buongiorno! How can I help?"], api_key=KEY) as server:
        yield server


@pytest.fixture
async def model(fake: FakeOpenAI):
    backend = OpenAIModel(fake.url, "llama3.1", api_key=KEY, temperature=0.0, seed=3)
    yield backend
    await backend.aclose()


async def test_complete_returns_text_and_usage(fake: FakeOpenAI, model: OpenAIModel) -> None:
    completion = await model.complete(CHAT)

    assert completion.text == "Buongiorno! How can I help?"
    usage = fake.chats[-1].reply["usage"]
    assert completion.prompt_tokens == usage["prompt_tokens"] > 0
    assert completion.completion_tokens == usage["completion_tokens"] > 0
    assert model.name == "openai:llama3.1"


async def test_complete_sends_model_messages_temperature_seed_and_key(fake: FakeOpenAI, model: OpenAIModel) -> None:
    await model.complete(CHAT)

    request = fake.chats[-1]
    assert request.body == {"model": "llama3.1", "messages": CHAT, "temperature": 0.0, "stream": False, "seed": 3, "max_tokens": 512}
    assert request.headers["Authorization"] == f"Bearer {KEY}"


async def test_a_long_system_message_is_sent_as_written_each_call_and_an_edited_one_as_edited(
    fake: FakeOpenAI, model: OpenAIModel
) -> None:
    """The JSON of the long system message is kept between calls: the server must still read the
    very text of each call, non-ASCII included, and an edited document (a reload) as edited."""
    document = "Rules. Spaghetti cook in 11 minutes; Versand nach Österreich 7,90 € — \"quoted\".\n" * 40
    edited = document.replace("11 minutes", "12 minutes")
    history = [{"role": "user", "content": "Quanto costa?"}, {"role": "assistant", "content": "8,50 €"}]
    for system in (document, document, edited):
        await model.complete([{"role": "system", "content": system}, *history, {"role": "user", "content": "Und?"}])

    sent = [request.body["messages"] for request in fake.chats]
    assert [messages[0]["content"] for messages in sent] == [document, document, edited]
    assert all(messages[1:] == [*history, {"role": "user", "content": "Und?"}] for messages in sent)
    assert fake.chats[-1].body["model"] == "llama3.1" and fake.chats[-1].body["seed"] == 3
    assert fake.chats[-1].headers["Content-Type"] == "application/json"


async def test_one_connection_serves_call_after_call(fake: FakeOpenAI, model: OpenAIModel) -> None:
    for _ in range(3):
        await model.complete(CHAT)
    assert len({r.peer for r in fake.chats}) == 1  # keep-alive: no new connection per call
    await model.aclose()


async def test_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, fake: FakeOpenAI) -> None:
    monkeypatch.setenv("CSBOT_OPENAI_API_KEY", KEY)
    backend = OpenAIModel(fake.url, "llama3.1")
    try:
        assert (await backend.complete(CHAT)).text
    finally:
        await backend.aclose()
    assert fake.chats[-1].headers["Authorization"] == f"Bearer {KEY}"


async def test_no_key_sends_no_authorization_header() -> None:
    async with FakeOpenAI(["ok"]) as server:
        backend = OpenAIModel(server.url, "llama3.1")
        try:
            await backend.complete(CHAT)
        finally:
            await backend.aclose()
        assert "Authorization" not in server.chats[-1].headers


async def test_wrong_key_is_a_one_line_error_that_never_shows_the_key(fake: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    wrong = "sk-wrong-key-do-not-print"
    backend = OpenAIModel(fake.url, "llama3.1", api_key=wrong)
    caplog.set_level(logging.DEBUG)
    try:
        with pytest.raises(ModelUnavailable) as caught:
            await backend.complete(CHAT)
        reason = await backend.probe()
    finally:
        await backend.aclose()
    assert "refused the API key (HTTP 401)" in str(caught.value)
    assert reason == str(caught.value)
    for shown in (str(caught.value), reason, repr(backend), caplog.text):
        assert wrong not in shown


async def test_unknown_model_names_the_model(fake: FakeOpenAI) -> None:
    backend = OpenAIModel(fake.url, "gpt-99", api_key=KEY)
    try:
        with pytest.raises(ModelUnavailable, match=r"does not serve model 'gpt-99' \(HTTP 404\): The model `gpt-99` does not exist"):
            await backend.complete(CHAT)
    finally:
        await backend.aclose()


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("429", "is rate limiting csbot (HTTP 429): Rate limit reached"),
        ("500", "failed with HTTP 500: The server had an error"),
        ("401", "refused the API key (HTTP 401)"),
        ("drop", "dropped the connection"),
        ("broken", "sent a reply csbot cannot read"),
    ],
)
async def test_server_failures_become_model_unavailable(fake: FakeOpenAI, model: OpenAIModel, failure: str, expected: str) -> None:
    fake.fail(failure, times=1)  # type: ignore[arg-type]

    with pytest.raises(ModelUnavailable) as caught:
        await model.complete(CHAT)

    assert expected in str(caught.value)
    assert fake.url in str(caught.value)
    assert "\n" not in str(caught.value)
    assert (await model.complete(CHAT)).text  # the session survives one failure


async def test_a_stalled_server_times_out(fake: FakeOpenAI) -> None:
    backend = OpenAIModel(fake.url, "llama3.1", api_key=KEY, timeout=0.2)
    fake.fail("stall")
    try:
        with pytest.raises(ModelUnavailable, match="did not answer in time"):
            await backend.complete(CHAT)
    finally:
        await backend.aclose()


async def test_server_down() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    backend = OpenAIModel(url, "llama3.1")
    try:
        with pytest.raises(ModelUnavailable) as caught:
            await backend.complete(CHAT)
        reason = await backend.probe()
    finally:
        await backend.aclose()
    assert str(caught.value) == f"cannot reach the model server at {url} (is it running?)"
    assert reason == str(caught.value)


async def test_probe_lists_models(fake: FakeOpenAI, model: OpenAIModel) -> None:
    assert await model.probe() is None
    assert [(r.method, r.path) for r in fake.requests] == [("GET", "/v1/models")]


async def test_fake_streams_server_sent_events(fake: FakeOpenAI) -> None:
    """The fake's SSE stream, read as a streaming client would: deltas, then usage, then [DONE]."""
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {KEY}"}) as session:
        payload = {"model": "llama3.1", "messages": CHAT, "stream": True}
        async with session.post(f"{fake.url}/chat/completions", json=payload) as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            lines = [line.decode().strip() async for line in response.content if line.strip()]
    assert lines[-1] == "data: [DONE]"
    events = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    text = "".join(e["choices"][0]["delta"].get("content", "") for e in events)
    assert text == "Buongiorno! How can I help?"
    assert events[-1]["choices"][0]["finish_reason"] == "stop"
    assert events[-1]["usage"]["prompt_tokens"] > 0
