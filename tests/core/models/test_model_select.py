"""`--model` specs and settings -> a backend, or None for offline mode, or a one-line error."""
from __future__ import annotations

import pytest

from core.models.ollama_backend import OllamaModel
from core.models.openai_backend import OpenAIModel
from core.models.select import model_from_spec
from tests.fakes.ollama_api import FakeOllama


def test_offline_is_no_model() -> None:
    assert model_from_spec("offline") is None
    assert model_from_spec("  OFFLINE ") is None


def test_bare_ollama_uses_the_default_model_or_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    model = model_from_spec("ollama")
    assert isinstance(model, OllamaModel)
    assert (model.name, model.host) == ("ollama:llama3.1", "http://127.0.0.1:11434")
    assert model_from_spec("ollama", {"model": "qwen2.5:7b"}).name == "ollama:qwen2.5:7b"


def test_ollama_model_name_may_carry_a_tag() -> None:
    model = model_from_spec("ollama:llama3.1:8b-instruct-q4_K_M")
    assert isinstance(model, OllamaModel)
    assert model.model == "llama3.1:8b-instruct-q4_K_M"


def test_the_spec_model_wins_over_the_settings_model() -> None:
    assert model_from_spec("ollama:mistral", {"model": "llama3.1"}).name == "ollama:mistral"


def test_ollama_settings_reach_the_backend() -> None:
    settings = {"host": "http://10.0.0.5:11434", "num_ctx": 16384, "keep_alive": -1, "temperature": 0.0, "seed": 42}
    model = model_from_spec("ollama:llama3.1", settings)
    assert isinstance(model, OllamaModel)
    assert model.host == "http://10.0.0.5:11434"
    assert model.keep_alive == -1
    assert model.options == {"num_ctx": 16384, "temperature": 0.0, "seed": 42, "num_predict": 512}


def test_openai_with_model_suffix() -> None:
    model = model_from_spec("openai:http://gpu-box:8000/v1#llama3.1", {"seed": 1})
    assert isinstance(model, OpenAIModel)
    assert (model.base_url, model.model, model.name, model.seed) == ("http://gpu-box:8000/v1", "llama3.1", "openai:llama3.1", 1)


def test_openai_with_model_in_settings() -> None:
    model = model_from_spec("openai:https://api.example.com/v1/", {"model": "gpt-4o", "host": "ignored"})
    assert isinstance(model, OpenAIModel)
    assert (model.base_url, model.model) == ("https://api.example.com/v1", "gpt-4o")


def test_openai_without_a_model_says_how_to_name_one() -> None:
    with pytest.raises(ValueError, match=r"names no model: use openai:URL#MODEL"):
        model_from_spec("openai:http://h/v1")


@pytest.mark.parametrize("spec", ["gpt4", "", "openai", "openai:", "offline:now", "llamacpp:http://h"])
def test_unknown_specs_name_the_accepted_forms(spec: str) -> None:
    with pytest.raises(ValueError) as caught:
        model_from_spec(spec)
    message = str(caught.value)
    assert "ollama:MODEL" in message and "openai:URL#MODEL" in message and "offline" in message
    assert "\n" not in message


def test_openai_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="must start with http"):
        model_from_spec("openai:gpu-box:8000/v1#llama3.1")


@pytest.mark.parametrize(("key", "value"), [("num_ctx", "8k"), ("num_ctx", True), ("temperature", "hot"), ("seed", 1.5)])
def test_wrong_setting_types_are_named(key: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"model setting {key} = .* must be"):
        model_from_spec("ollama", {key: value})


async def test_a_selected_ollama_model_answers() -> None:
    async with FakeOllama(["pronto"]) as server:
        model = model_from_spec("ollama:llama3.1", {"host": server.url, "num_ctx": 2048})
        assert model is not None
        try:
            assert (await model.complete([{"role": "user", "content": "ciao"}])).text == "pronto"
        finally:
            await model.aclose()
        assert server.chats[-1].body["options"]["num_ctx"] == 2048


def test_protocol_output_cap_and_window_reach_both_backends() -> None:
    ollama = model_from_spec("ollama:llama3.1", {"protocol": "tools", "max_tokens": 200, "num_ctx": 4096})
    assert (ollama.protocol, ollama.options["num_predict"], ollama.context_tokens) == ("tools", 200, 4096)
    openai = model_from_spec("openai:http://127.0.0.1:8080/v1#m", {"protocol": "tools", "max_tokens": 99, "num_ctx": 2048})
    assert (openai.protocol, openai.max_output_tokens, openai.context_tokens) == ("tools", 99, 2048)


@pytest.mark.parametrize("settings", [{"protocol": "json"}, {"max_tokens": 0}, {"num_ctx": -1}])
def test_bad_protocol_or_token_settings_are_one_line_errors(settings) -> None:
    with pytest.raises(ValueError, match="model setting"):
        model_from_spec("ollama:llama3.1", settings)
