"""The official ollama client over AiohttpTransport, against the fake Ollama server: the same
bytes reach the server, streams arrive part by part, and failures are httpx's exceptions."""
from __future__ import annotations

import ollama
import pytest

from core.models.aiohttp_transport import AiohttpTransport
from core.models.ollama_backend import explain_failure
from tests.fakes.ollama_api import FakeOllama

CHAT = [{"role": "system", "content": "Sei l'assistente del negozio. Versand nach Österreich: 7,90 €."},
        {"role": "user", "content": "Ciao"}]
REPLY = 'echo $ "Ciao!"\necho $ "evaluation: safe"'


@pytest.fixture
async def fake():
    async with FakeOllama([REPLY]) as server:
        yield server


@pytest.fixture
async def client(fake: FakeOllama, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OLLAMA_API_KEY", "ok-secret-1")
    client = ollama.AsyncClient(host=fake.url, timeout=30, transport=AiohttpTransport())
    yield client
    await client.close()


async def test_the_request_reaches_the_server_as_the_client_built_it(fake: FakeOllama, client) -> None:
    response = await client.chat(model="llama3.1", messages=CHAT, options={"num_ctx": 4096}, keep_alive="1h")

    assert response.message.content == REPLY and response.done
    (request,) = fake.chats
    assert request.body["messages"] == CHAT  # non-ASCII text intact
    assert request.body["options"] == {"num_ctx": 4096} and request.body["keep_alive"] == "1h"
    assert request.headers["Authorization"] == "Bearer ok-secret-1"
    assert request.headers["User-Agent"].startswith("ollama-python/")  # the client's headers, not aiohttp's
    assert request.headers["Content-Type"] == "application/json"


async def test_calls_share_one_session_and_close_with_the_client(fake: FakeOllama) -> None:
    transport = AiohttpTransport()
    client = ollama.AsyncClient(host=fake.url, transport=transport)
    await client.chat(model="llama3.1", messages=CHAT)
    session = transport._session
    await client.chat(model="llama3.1", messages=CHAT)
    assert transport._session is session is not None
    await client.close()
    assert session.closed


async def test_a_stream_arrives_part_by_part(fake: FakeOllama, client) -> None:
    parts = [part async for part in await client.chat(model="llama3.1", messages=CHAT, stream=True)]

    assert len(parts) > 2 and [p.done for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "".join(p.message.content or "" for p in parts) == REPLY


async def test_a_missing_model_is_the_client_s_404(fake: FakeOllama, client) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        await client.chat(model="mistral-nemo", messages=CHAT)
    assert caught.value.status_code == 404
    assert explain_failure(caught.value, host=fake.url, model="mistral-nemo").startswith("model 'mistral-nemo' is not pulled")


@pytest.mark.parametrize(("failure", "expected"), [("broken", "broke off the reply"), ("drop", "dropped the connection")])
async def test_a_broken_stream_is_explained_in_one_line(fake: FakeOllama, client, failure: str, expected: str) -> None:
    fake.fail(failure, times=1)  # type: ignore[arg-type]
    with pytest.raises(Exception) as caught:
        async for _ in await client.chat(model="llama3.1", messages=CHAT, stream=True):
            pass
    message = explain_failure(caught.value, host=fake.url, model="llama3.1")
    assert expected in message and "\n" not in message
    assert (await client.chat(model="llama3.1", messages=CHAT)).message.content == REPLY  # the next call works


async def test_a_stalled_server_is_a_timeout(fake: FakeOllama) -> None:
    fake.fail("stall")
    client = ollama.AsyncClient(host=fake.url, timeout=0.2, transport=AiohttpTransport())
    try:
        with pytest.raises(Exception) as caught:
            await client.chat(model="llama3.1", messages=CHAT)
    finally:
        await client.close()
    assert "did not answer in time" in explain_failure(caught.value, host=fake.url, model="llama3.1")
