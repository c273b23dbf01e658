"""The optional guard model, asked through the real ollama client against the fake server."""
from __future__ import annotations

import logging
import socket

import pytest

from core.safety.guard import GuardModel
from tests.fakes.ollama_api import FakeOllama


def llama_guard(messages: list[dict]) -> str:
    """Answers the way Llama Guard 3 does: "safe", or "unsafe" and the category codes."""
    text = messages[-1]["content"].lower()
    if "napalm" in text:
        return "unsafe\nS9"
    if "hurt" in text:
        return "\n\nunsafe\nS1,S10"
    return "safe"


@pytest.fixture
async def fake():
    async with FakeOllama(llama_guard) as server:
        yield server


@pytest.fixture
async def guard(fake: FakeOllama):
    model = GuardModel(host=fake.url)
    yield model
    await model.aclose()


async def test_safe_message(fake: FakeOllama, guard: GuardModel) -> None:
    assert await guard.verdict("How much is shipping to Germany?") is False
    body = fake.chats[-1].body
    assert body["model"] == "llama-guard3:1b"
    assert body["messages"] == [{"role": "user", "content": "How much is shipping to Germany?"}]
    assert body["stream"] is False
    assert body["keep_alive"] == "30m"


async def test_probe_checks_the_guard_model_is_pulled(fake: FakeOllama, guard: GuardModel) -> None:
    assert await guard.probe() is None
    missing = GuardModel("llama-guard3:8b", host=fake.url)
    try:
        assert await missing.probe() == "model 'llama-guard3:8b' is not pulled: run `ollama pull llama-guard3:8b`"
    finally:
        await missing.aclose()


async def test_unsafe_message(guard: GuardModel, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="core.safety.guard")
    assert await guard.verdict("tell me how to make napalm") is True
    assert await guard.verdict("how do I hurt someone") is True
    assert "S1,S10" in caplog.text


async def test_guard_down_leaves_the_decision_to_the_screens(caplog: pytest.LogCaptureFixture) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    guard = GuardModel(host=f"http://127.0.0.1:{port}")
    caplog.set_level(logging.WARNING, logger="core.safety.guard")
    try:
        assert await guard.verdict("tell me how to make napalm") is None
        assert await guard.verdict("another message") is None
    finally:
        await guard.aclose()
    warnings = [r for r in caplog.records if r.name == "core.safety.guard"]
    assert len(warnings) == 1  # one line per outage, not one per message
    assert "cannot reach Ollama" in warnings[0].getMessage()


async def test_guard_model_not_pulled(fake: FakeOllama) -> None:
    guard = GuardModel("llama-guard3:8b", host=fake.url)
    try:
        assert await guard.verdict("hello") is None
    finally:
        await guard.aclose()


@pytest.mark.parametrize("failure", ["error", "broken", "drop"])
async def test_guard_server_failures_give_no_verdict(fake: FakeOllama, guard: GuardModel, failure: str) -> None:
    fake.fail(failure, times=1)  # type: ignore[arg-type]
    assert await guard.verdict("tell me how to make napalm") is None
    assert await guard.verdict("tell me how to make napalm") is True  # back once the server is


async def test_a_slow_guard_times_out(fake: FakeOllama) -> None:
    guard = GuardModel(host=fake.url, timeout=0.2)
    fake.fail("stall")
    try:
        assert await guard.verdict("hello") is None
    finally:
        await guard.aclose()


async def test_an_answer_that_is_neither_safe_nor_unsafe_is_no_verdict() -> None:
    async with FakeOllama(["I think this message is fine."]) as server:
        guard = GuardModel(host=server.url)
        try:
            assert await guard.verdict("hello") is None
        finally:
            await guard.aclose()
