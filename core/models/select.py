"""Turn a `--model` spec and the model settings into a backend (None: the engine's offline mode)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.models.base import ModelBackend
from core.models.ollama_backend import OllamaModel
from core.models.openai_backend import OpenAIModel

ACCEPTED = "ollama, ollama:MODEL, openai:URL#MODEL (or openai:URL with model in the settings), offline"

# setting -> accepted types; bool is refused for numbers because TOML `true` is not a size
_TYPES: dict[str, tuple[type, ...]] = {
    "model": (str,),
    "host": (str,),
    "num_ctx": (int,),
    "keep_alive": (str, int, float),
    "temperature": (int, float),
    "seed": (int,),
    "timeout": (int, float),
    "max_tokens": (int,),  # cap on an answer: num_predict for Ollama, max_tokens for OpenAI
    "protocol": (str,),  # "text" | "tools" | "auto"
}
PROTOCOLS = ("text", "tools", "auto")


def model_from_spec(spec: str, settings: Mapping[str, Any] | None = None) -> ModelBackend | None:
    """Raises ValueError with one line naming the accepted forms or the wrong setting."""
    options = _checked(settings or {})
    kind, _, rest = spec.strip().partition(":")
    kind = kind.lower()
    if kind == "offline" and not rest:
        return None
    if kind == "ollama":
        model = rest or options.get("model") or "llama3.1"
        keys = ("host", "num_ctx", "keep_alive", "temperature", "seed", "timeout", "max_tokens", "protocol")
        return OllamaModel(model, **{k: options[k] for k in keys if k in options})
    if kind == "openai" and rest:
        url, _, model = rest.partition("#")
        model = model or options.get("model")
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"model spec {spec!r}: the openai URL must start with http:// or https://")
        if not model:
            raise ValueError(f"model spec {spec!r} names no model: use openai:URL#MODEL or set model in the settings")
        keys = ("temperature", "seed", "timeout", "max_tokens", "num_ctx", "protocol")
        return OpenAIModel(url, model, **{k: options[k] for k in keys if k in options})
    raise ValueError(f"unknown model spec {spec!r}: use one of {ACCEPTED}")


def _checked(settings: Mapping[str, Any]) -> dict[str, Any]:
    options = {}
    for key, value in settings.items():
        if key not in _TYPES or value is None:
            continue  # other model settings (e.g. the guard's) are not for the backend
        if isinstance(value, bool) or not isinstance(value, _TYPES[key]):
            wanted = " or ".join(t.__name__ for t in _TYPES[key])
            raise ValueError(f"model setting {key} = {value!r} must be a {wanted}")
        if key == "protocol" and value not in PROTOCOLS:
            raise ValueError(f"model setting protocol = {value!r} must be one of {', '.join(PROTOCOLS)}")
        if key in ("max_tokens", "num_ctx") and value < 1:
            raise ValueError(f"model setting {key} = {value!r} must be a positive number of tokens")
        options[key] = value
    return options
